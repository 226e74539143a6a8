#pragma once
// Variable-speed open cooling tower, EnergyPlus CoolingTower:VariableSpeed with the YorkCalc
// approach correlation (docs/models/cooling.md, "Cooling tower"):
//   approach = f(T_wb, range, LG),  LG = FR_water / FR_air  (27 coefficients, York International
//   2002, as tabulated in the EnergyPlus engineering reference and Modelica Buildings yorkCalc),
//   leaving = T_wb + approach,  fan power = P_design · FR_air³ (· fan PLR when cycling).
// The reference water-flow ratio is calibrated from the design point (wet-bulb, approach, range at
// FR_air = 1) exactly as EnergyPlus does. Defaults are the Modelica YorkCalc nominal point:
// 25.55 °C wet-bulb, 3.89 K approach, 5.56 K range.
//
// The tower is quasi-steady (no water inventory): it is given the heat to reject, so the range is
// Q / (ṁ c_p) and the correlation yields the leaving temperature directly, without the iteration
// EnergyPlus needs when it starts from the inlet temperature.

namespace wattsim::models {

struct CoolingTowerConfig {
  double design_heat_w = 1.0e6;        ///< heat rejected at the design point
  double design_wet_bulb_c = 25.55;    ///< Modelica YorkCalc TAirInWB_nominal [V]
  double design_approach_k = 3.89;     ///< Modelica YorkCalc TApp_nominal [V]
  double design_range_k = 5.56;        ///< Modelica YorkCalc TRan_nominal [V]
  /// Fan power at FR_air = 1 as a fraction of design heat. 1-1.7 % from the two Modelica data-centre
  /// examples (Modelica Buildings Library, data-center examples); the midpoint 1.35 % is the default [D].
  double design_fan_power_fraction = 0.0135;
  double min_airflow_ratio = 0.2;      ///< EnergyPlus default minimum air flow rate ratio [V]
  /// Capacity fraction with the fan off ("free convection"); 0.125 in the EnergyPlus example
  /// object quoted in Modelica's YorkCalc [V].
  double free_convection_fraction = 0.125;
};

enum class TowerRegime { idle, free_convection, fan_cycling, variable_speed, full_speed };

struct TowerResult {
  TowerRegime regime = TowerRegime::idle;
  double leaving_c = 0;     ///< water back to the condensers (step average)
  double entering_c = 0;    ///< water into the tower
  double range_k = 0;
  double approach_k = 0;
  double airflow_ratio = 0; ///< FR_air (free-convection fraction when the fan is off)
  double fan_plr = 0;       ///< fan on-time fraction when cycling at minimum speed
  double fan_power_w = 0;
  double heat_w = 0;        ///< heat rejected
  double water_flow_kg_s = 0;
};

class CoolingTower {
 public:
  explicit CoolingTower(CoolingTowerConfig config);

  /// YorkCalc approach (K). Wet-bulb and water-flow ratio are clamped to the correlation's range
  /// (−34.4…26.7 °C, 0.75…1.25) as EnergyPlus does; range and LG are used as given.
  [[nodiscard]] double approach_k(double wet_bulb_c, double range_k, double water_flow_ratio,
                                  double airflow_ratio) const;

  /// Rejects `heat_w` carried by `water_flow_kg_s` (0: design flow). The fan follows the
  /// EnergyPlus sequence: full speed if even that cannot reach `setpoint_c`; else off (free
  /// convection) if that suffices; else cycling at minimum speed; else the variable speed that
  /// meets the setpoint exactly. `fan_available = false` models a fan failure (free convection).
  [[nodiscard]] TowerResult run(double heat_w, double wet_bulb_c, double setpoint_c, double water_flow_kg_s = 0,
                                bool fan_available = true) const;

  /// Largest heat the tower can reject at full fan while its leaving water stays at or below
  /// `leaving_c` (0 if even no heat cannot: leaving below wet-bulb + zero-range approach).
  [[nodiscard]] double capacity_w(double wet_bulb_c, double leaving_c, double water_flow_kg_s = 0,
                                  bool fan_available = true) const;

  [[nodiscard]] double design_water_flow_kg_s() const { return m_design_; }
  [[nodiscard]] double design_fan_power_w() const { return p_fan_design_; }
  /// FR_water at design flow that reproduces the design approach (EnergyPlus calibration).
  [[nodiscard]] double reference_water_flow_ratio() const { return fr_water_design_; }
  [[nodiscard]] const CoolingTowerConfig& config() const { return config_; }

 private:
  // approach = b0 + b1 LG + b2 LG² with b_k(T_wb, range); and the same in range for given LG.
  void lg_polynomial(double wet_bulb_c, double range_k, double (&b)[3]) const;
  double fr_water(double water_flow_kg_s) const;
  CoolingTowerConfig config_;
  double m_design_ = 0, p_fan_design_ = 0, fr_water_design_ = 1;
};

} // namespace wattsim::models
