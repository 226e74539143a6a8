#include "models/cooling/pump.hpp"

#include <algorithm>
#include <stdexcept>

namespace wattsim::models {

double pump_power_w(double flow_m3_s, double head_pa, double efficiency) {
  if (!(efficiency > 0))
    throw std::invalid_argument("pump_power_w: efficiency must be positive");
  return flow_m3_s * head_pa / efficiency;
}

Pump::Pump(PumpConfig config) : config_(config) {
  if (!(config_.design_flow_m3_s > 0) || !(config_.design_head_pa >= 0) || !(config_.efficiency > 0) ||
      config_.efficiency > 1)
    throw std::invalid_argument("Pump: bad design flow, head or efficiency");
  if (config_.min_flow_fraction < 0 || config_.min_flow_fraction > 1 || config_.static_head_fraction < 0 ||
      config_.static_head_fraction > 1)
    throw std::invalid_argument("Pump: fractions must be in [0, 1]");
  p_design_ = pump_power_w(config_.design_flow_m3_s, config_.design_head_pa, config_.efficiency);
}

double Pump::flow_fraction(double requested_flow_m3_s) const {
  if (!(requested_flow_m3_s > 0))
    return 0.0;
  return std::clamp(requested_flow_m3_s / config_.design_flow_m3_s, config_.min_flow_fraction, 1.0);
}

double Pump::power_at_fraction_w(double f) const {
  const double s = config_.static_head_fraction;
  return p_design_ * f * (s + (1.0 - s) * f * f);
}

} // namespace wattsim::models
