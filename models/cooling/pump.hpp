#pragma once
// Variable-speed pump (docs/models/cooling.md, "Pumps"): P = V̇ Δp / η at design, and off design
// the affinity laws on a system curve Δp(f) = Δp_d (s + (1 − s) f²) where f = V̇ / V̇_d and s is the
// static (flow-independent) share of the head:
//     P(f) = P_d · f · (s + (1 − s) f²)     → the pure cube law P_d f³ for s = 0 (the default),
// assuming a constant efficiency. Below the minimum flow fraction the pump holds that minimum
// (chillers and heat exchangers need a floor of flow [M]). Used for the chilled-water, condenser
// water, CDU (technology cooling system) and facility water loops.

namespace wattsim::models {

struct PumpConfig {
  double design_flow_m3_s = 0.01;
  double design_head_pa = 200e3;   ///< P = V̇ Δp / η with 200 kPa [D]; the Modelica Buildings data-center example uses 130 kPa
  double efficiency = 0.7;         ///< wire-to-water [D]
  double min_flow_fraction = 0.3;  ///< [M]
  double static_head_fraction = 0; ///< share of design head that does not scale with flow
};

/// Hydraulic power over efficiency, W.
double pump_power_w(double flow_m3_s, double head_pa, double efficiency);

class Pump {
 public:
  explicit Pump(PumpConfig config);
  [[nodiscard]] double design_power_w() const { return p_design_; }
  /// Flow fraction the pump runs at for a requested flow: 0 when nothing is asked, else the request
  /// over design flow clamped to [min_flow_fraction, 1].
  [[nodiscard]] double flow_fraction(double requested_flow_m3_s) const;
  /// Electric power at a flow fraction (as returned by flow_fraction).
  [[nodiscard]] double power_at_fraction_w(double fraction) const;
  /// Electric power for a requested flow.
  [[nodiscard]] double power_w(double requested_flow_m3_s) const {
    return power_at_fraction_w(flow_fraction(requested_flow_m3_s));
  }
  [[nodiscard]] const PumpConfig& config() const { return config_; }

 private:
  PumpConfig config_;
  double p_design_;
};

} // namespace wattsim::models
