#pragma once
// Computer-room air handler: a chilled-water coil and EC plug fans (docs/models/cooling.md, "CRAH").
//   airflow   ṁ = Q / (c_p ΔT_air)                       (the fan keeps the design air ΔT)
//   fan power P = V̇ Δp / η at design, P_d (ṁ/ṁ_d)³ (ρ_d/ρ)² off design (affinity law on a fixed
//             system curve Δp = k ρ V̇², so P = k ṁ³ / (ρ² η))
//   supply    T_sa ≥ max(setpoint, T_chw,supply + coil approach)
// Design static pressure 486 Pa and total efficiency 0.7 are the EnergyPlus data-centre test file's
// EC plug fan (EnergyPlus testfiles/1ZoneDataCenterCRAC_wApproachTemp.idf), giving ≈ 4.8 % of IT at ΔT 12 K. Fan heat ends in the air.

namespace wattsim::models {

struct CrahConfig {
  double design_heat_w = 1.0e6;         ///< IT heat to air at design (fan heat is added on top)
  double design_delta_t_k = 12.0;       ///< return − supply air [D], P = V̇ Δp / η with the EnergyPlus 1ZoneDataCenterCRAC_wApproachTemp.idf fan
  double supply_air_setpoint_c = 22.0;  ///< inside the ASHRAE recommended 18-27 °C [D]
  double static_pressure_pa = 486.0;    ///< EnergyPlus 1ZoneDataCenterCRAC test file [V, illustrative]
  double fan_efficiency = 0.7;          ///< same source
  double min_flow_fraction = 0.2;       ///< [M]
  double coil_approach_k = 5.0;         ///< supply air − entering chilled water, best case [M]
  double design_air_density_kg_m3 = 1.2;
  /// Constant-speed fans (legacy CRAH/CRAC units): design airflow whatever the load.
  bool constant_speed = false;
};

/// Air management of the room: the share of CRAH air that returns without passing through a server
/// (bypass) and the share of the servers' intake that is their own exhaust (recirculation).
struct AirManagement {
  double bypass_fraction = 0;
  double recirculation_fraction = 0;
};
/// Hot- or cold-aisle containment: the aisles are sealed, so neither happens [M: what containment is for].
inline constexpr AirManagement kContainedHall{0.0, 0.0};
/// An open room of the 2000s: 60 % of the cooling units' air bypassed the servers in the Uptime
/// Institute's survey of 19 computer rooms (Sullivan, Strong & Brill 2004, "Reducing bypass airflow is
/// essential for eliminating computer room hot spots") [S]; 10 % recirculation as EnergyPlus's ITE
/// example (`AdjustedSupply`, design recirculation fraction 0.1) [V, illustrative].
inline constexpr AirManagement kUncontainedHall{0.6, 0.1};

/// CRAH design air temperature rise that moves as much air as the servers need: the servers' fans
/// hold their exhaust at `server_exhaust_c` (design inlet + design rise), so the server airflow carries
/// its heat over (exhaust − supply); bypass air returns at the supply temperature and dilutes the
/// return, ΔT_CRAH = (1 − bypass) (T_exhaust − T_supply). Recirculated air never reaches the CRAHs, so it
/// does not change their ΔT. Floored at 3 K.
inline double crah_delta_t_for_servers_k(double server_exhaust_c, double supply_air_c, double bypass_fraction) {
  const double dt = (1.0 - bypass_fraction) * (server_exhaust_c - supply_air_c);
  return dt > 3.0 ? dt : 3.0;
}

class Crah {
 public:
  explicit Crah(CrahConfig config);

  /// Design mass flow: carries the design heat plus its own fan heat at the design ΔT, i.e.
  /// ṁ_d = Q_d / (c_p ΔT − Δp / (ρ η)).
  [[nodiscard]] double design_mass_flow_kg_s() const { return m_design_; }
  [[nodiscard]] double design_fan_power_w() const { return p_design_; }
  /// Mass flow the fans run at to carry `heat_w` (including their own heat) at the design ΔT,
  /// clamped to [min, 1] × design; a constant-speed fan moves its design volume (ṁ_d ρ / ρ_d).
  [[nodiscard]] double mass_flow_for_heat_kg_s(double heat_w, double air_density_kg_m3) const;
  /// Fan electric power at a mass flow and air density.
  [[nodiscard]] double fan_power_w(double mass_flow_kg_s, double air_density_kg_m3) const;
  /// Coldest supply air the coil can make from chilled water at `chw_supply_c`.
  [[nodiscard]] double min_supply_air_c(double chw_supply_c) const;
  /// Heat the coil can take from air returning at `return_air_c` at a mass flow.
  [[nodiscard]] double coil_capacity_w(double return_air_c, double chw_supply_c, double mass_flow_kg_s) const;
  [[nodiscard]] const CrahConfig& config() const { return config_; }

 private:
  CrahConfig config_;
  double m_design_, p_design_;
};

} // namespace wattsim::models
