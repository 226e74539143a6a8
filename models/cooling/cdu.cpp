#include "models/cooling/cdu.hpp"

#include "models/cooling/properties.hpp"
#include "models/cooling/pump.hpp"

#include <algorithm>
#include <stdexcept>

namespace wattsim::models {

const LiquidClassInfo& liquid_class_info(LiquidClass c) {
  // Names and upper limits: ASHRAE TC9.9 liquid-cooling white paper as quoted by a third-party repo
  // (W17 was W1, W27 W2, W32 W3, W45 W4, W40 new) [S]. Lower limits and equipment: [M].
  static const LiquidClassInfo kInfo[] = {
      {"W17", 17.0, 2.0, "chiller + tower, economizer"},
      {"W27", 27.0, 2.0, "chiller + tower/economizer"},
      {"W32", 32.0, 2.0, "tower, chiller optional"},
      {"W40", 40.0, 2.0, "tower or dry cooler, chiller rare"},
      {"W45", 45.0, 2.0, "dry cooler / tower, no chiller"},
  };
  return kInfo[static_cast<int>(c)];
}

Cdu::Cdu(CduConfig config) : config_(config) {
  if (!(config_.design_liquid_heat_w > 0) || !(config_.tcs_delta_t_k > 0) || !(config_.pump_efficiency > 0) ||
      !(config_.hx_approach_k >= 0))
    throw std::invalid_argument("Cdu: bad design values");
  // The pumps' heat ends in the coolant, so the design flow carries Q + P: per kg the pump adds
  // Δp / (ρ η), hence ṁ = Q / (c_p ΔT − Δp / (ρ η)).
  const double pump_heat_per_kg = config_.pump_head_pa / (props::kWaterDensity * config_.pump_efficiency);
  const double m = config_.design_liquid_heat_w / (props::kWaterCp * config_.tcs_delta_t_k - pump_heat_per_kg);
  flow_design_ = m / props::kWaterDensity;
  p_design_ = pump_power_w(flow_design_, config_.pump_head_pa, config_.pump_efficiency);
  eff_ = config_.tcs_delta_t_k / (config_.tcs_delta_t_k + config_.hx_approach_k);
}

CduResult Cdu::run(double liquid_heat_w, double tcs_supply_c, double facility_supply_c, bool pumps_ok) const {
  CduResult r;
  r.tcs_return_c = tcs_supply_c;
  if (!pumps_ok)
    return r;
  // Flow follows the heat (cold plates + the pumps' own heat, P_d f³) to keep the design ΔT, with
  // the pump floor; even at zero heat the loop keeps circulating at the minimum. Newton on
  // f C_d ΔT = Q + P_d f³ from the no-pump-heat guess.
  const double q = std::max(liquid_heat_w, 0.0);
  const double cdt = flow_design_ * props::kWaterDensity * props::kWaterCp * config_.tcs_delta_t_k;
  double f = q / cdt;
  for (int i = 0; i < 3; ++i)
    f -= (f * cdt - q - p_design_ * f * f * f) / (cdt - 3 * p_design_ * f * f);
  r.flow_fraction = std::clamp(f, config_.min_flow_fraction, 1.0);
  r.tcs_flow_m3_s = r.flow_fraction * flow_design_;
  // Affinity (cube) law on a fixed system curve, as Pump with no static head.
  r.pump_w = p_design_ * r.flow_fraction * r.flow_fraction * r.flow_fraction;
  const double c_tcs = r.tcs_flow_m3_s * props::kWaterDensity * props::kWaterCp;
  r.tcs_return_c = tcs_supply_c + (std::max(liquid_heat_w, 0.0) + r.pump_w) / c_tcs;
  // The HX can ramp the TCS pumps to design flow when it falls short, so its capacity is taken at
  // design flow (the facility side is sized to match).
  const double c_max = flow_design_ * props::kWaterDensity * props::kWaterCp;
  r.max_transfer_w = std::max(0.0, eff_ * c_max * (r.tcs_return_c - facility_supply_c));
  return r;
}

} // namespace wattsim::models
