#pragma once
// Dry cooler (closed-circuit air-cooled fluid cooler) with optional adiabatic pre-cooling
// (docs/models/cooling.md, "Dry cooler").
//   ε-NTU, cross flow with both streams unmixed (EnergyPlus FluidCooler):
//     ε = 1 − exp( (exp(−NTU Cr η) − 1) / (Cr η) ),  η = NTU^−0.22,  NTU = UA / C_min
//     Q = ε C_min (T_fluid,in − T_air,in)
//   fan airflow ratio f scales the air capacity rate, C_air = f C_air,d, and the conductance,
//   UA = UA_d f^0.8 (air-side film dominated [M]); the fan power follows the cube law P_d f³ and
//   the airflow f is solved so that Q meets the heat asked (the loop setpoint). Below the minimum
//   airflow the fans cycle at minimum speed.
//   Design from range R and approach a (leaving fluid − entering air): ε_d = R / (R + a).
//   Adiabatic mode: when the dry-bulb exceeds a switch point, wetted pads cool the entering air
//   toward the wet-bulb, T_air,in = T_db − ε_sat (T_db − T_wb), evaporating
//   m = ṁ_air c_p,air (T_db − T_air,in) / h_fg.

namespace wattsim::models {

struct DryCoolerConfig {
  double design_heat_w = 1.0e6;
  double design_range_k = 10.0;            ///< fluid in − out at design [D]
  double design_approach_k = 8.0;          ///< leaving fluid − entering air, mid of 6-12 K [S]
  double design_air_rise_k = 10.0;         ///< air out − in at design, sets C_air,d [M]
  double design_fan_power_fraction = 0.025; ///< of design heat, mid of 1-4 % [S]
  double min_airflow_ratio = 0.2;          ///< [M], as the tower default
  double ua_airflow_exponent = 0.8;        ///< [M]
  // Adiabatic (hybrid) assist
  bool adiabatic = false;
  /// Pad saturation effectiveness. 0.8 is the "well maintained" value of Buzan et al. (2015) [S];
  /// the EnergyPlus CelDek correlation gives ≈ 0.77 for a 0.2 m pad at 2.5 m/s [V] (see
  /// celdek_saturation_effectiveness).
  double saturation_effectiveness = 0.8;
  /// Dry-bulb above which the pads are wetted.
  double adiabatic_switch_dry_bulb_c = 26.0;
};

/// EnergyPlus EvaporativeCooler:Direct:CelDekPad saturation efficiency as a function of pad depth
/// (m) and face velocity (m/s), the 11-term polynomial also used by Modelica Buildings.
double celdek_saturation_effectiveness(double pad_depth_m, double face_velocity_m_s);

struct DryCoolerResult {
  double heat_w = 0;           ///< heat rejected (≤ asked)
  double capacity_w = 0;       ///< at full fan for these temperatures
  double leaving_c = 0;        ///< fluid out
  double air_inlet_c = 0;      ///< after the pads when wetted
  double airflow_ratio = 0;
  double fan_plr = 0;          ///< on-time fraction when cycling at minimum airflow
  double fan_power_w = 0;
  bool adiabatic_on = false;
  double water_evaporated_kg_s = 0; ///< pad evaporation (adiabatic mode only)
};

class DryCooler {
 public:
  explicit DryCooler(DryCoolerConfig config);

  /// Rejects up to `heat_w` from fluid entering at `fluid_in_c` with mass flow `fluid_flow_kg_s`
  /// (0: design flow). `fans_ok = false` models a fan failure (no airflow, nothing rejected).
  [[nodiscard]] DryCoolerResult run(double heat_w, double fluid_in_c, double fluid_flow_kg_s, double dry_bulb_c,
                                    double wet_bulb_c, bool fans_ok = true) const;

  /// Heat rejected at a given airflow ratio (no cycling), the ε-NTU core.
  [[nodiscard]] double heat_at_airflow_w(double airflow_ratio, double fluid_in_c, double fluid_flow_kg_s,
                                         double air_in_c) const;

  [[nodiscard]] double design_fluid_flow_kg_s() const { return m_fluid_d_; }
  [[nodiscard]] double design_air_flow_kg_s() const { return m_air_d_; }
  [[nodiscard]] double design_fan_power_w() const { return p_fan_d_; }
  [[nodiscard]] double design_ua_w_per_k() const { return ua_d_; }
  [[nodiscard]] const DryCoolerConfig& config() const { return config_; }

 private:
  DryCoolerConfig config_;
  double m_fluid_d_ = 0, m_air_d_ = 0, p_fan_d_ = 0, ua_d_ = 0;
};

/// Cross-flow (both unmixed) effectiveness used by EnergyPlus FluidCooler.
double crossflow_unmixed_effectiveness(double ntu, double cr);

} // namespace wattsim::models
