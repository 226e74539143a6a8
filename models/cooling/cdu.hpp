#pragma once
// Coolant distribution unit for direct-to-chip liquid cooling (docs/models/cooling.md, "CDU").
// Two loops meet in the CDU plate heat exchanger: the technology cooling system (TCS, secondary:
// cold plates, rack manifolds) and the facility water system (FWS, primary).
//   TCS flow      V̇ = Q_liquid / (ρ c_p ΔT_TCS)   (1.44 L/min per kW at ΔT 10 K)
//   CDU pumps     P = V̇ Δp / η, affinity law off design (Pump)
//   HX            counterflow, effectiveness fixed from the design approach a (TCS supply − FWS):
//                 ε = ΔT_TCS / (ΔT_TCS + a) on the TCS side; Q_max = ε C_TCS (T_TCS,return − T_FWS)
// The ASHRAE liquid-cooling classes bound the facility water supply temperature.

namespace wattsim::models {

/// ASHRAE TC9.9 liquid-cooling (facility water) classes, named by their maximum supply.
enum class LiquidClass { w17, w27, w32, w40, w45 };

struct LiquidClassInfo {
  const char* name;
  double max_supply_c;     ///< upper facility-water supply limit (in the class name) [S]
  double min_supply_c;     ///< lower limit, ~2 °C (5 °C sometimes shown for W32) [M]
  const char* equipment;   ///< typical heat rejection [M]
};
const LiquidClassInfo& liquid_class_info(LiquidClass c);

struct CduConfig {
  double design_liquid_heat_w = 1.0e6;
  double tcs_delta_t_k = 10.0;     ///< Q = ṁ c_p ΔT: 1.44 L/min per kW at 10 K [D]
  double pump_head_pa = 200e3;     ///< loop + cold plates + HX [M]
  double pump_efficiency = 0.6;    ///< [M]; 200 kPa / 0.6 gives 0.8 % of liquid heat, inside the
                                   ///< 0.8-1 % from the Frontier figure (8,473 W per CDU for 3 racks, ExaDigiT RAPS config/frontier.yaml)
  double min_flow_fraction = 0.3;  ///< [M]
  double hx_approach_k = 3.0;      ///< TCS supply − facility supply at design [M]
};

struct CduResult {
  double tcs_flow_m3_s = 0;
  double flow_fraction = 0;
  double pump_w = 0;
  double tcs_return_c = 0;      ///< TCS supply + heat / (ṁ c_p)
  double max_transfer_w = 0;    ///< HX capacity against the facility water supply
};

class Cdu {
 public:
  explicit Cdu(CduConfig config);
  /// Design TCS flow, m³/s (pump heat included in the heat it carries).
  [[nodiscard]] double design_flow_m3_s() const { return flow_design_; }
  [[nodiscard]] double design_pump_power_w() const { return p_design_; }
  [[nodiscard]] double hx_effectiveness() const { return eff_; }
  /// Operates the CDU for `liquid_heat_w` from the cold plates with TCS supply at `tcs_supply_c` and
  /// facility water entering the HX at `facility_supply_c`. `pumps_ok = false` models a total CDU
  /// pump failure: no flow, no pump power, no transfer.
  [[nodiscard]] CduResult run(double liquid_heat_w, double tcs_supply_c, double facility_supply_c,
                              bool pumps_ok = true) const;
  [[nodiscard]] const CduConfig& config() const { return config_; }

 private:
  CduConfig config_;
  double flow_design_, p_design_, eff_;
};

} // namespace wattsim::models
