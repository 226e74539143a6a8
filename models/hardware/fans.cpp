#include "models/hardware/fans.hpp"

#include <algorithm>

namespace wattsim::models {

double fan_speed(const FanSpec& fans, double air_heat_fraction, double inlet_c) {
  const double exhaust_limit_c = fans.design_inlet_c + fans.design_rise_k;
  const double rise_k = std::max(exhaust_limit_c - inlet_c, 1e-3);
  const double speed = std::max(air_heat_fraction, 0.0) * fans.design_rise_k / rise_k;
  return std::clamp(speed, fans.min_speed, 1.0);
}

double fan_power_w(const FanSpec& fans, double speed) {
  const double s = std::clamp(speed, 0.0, 1.0);
  return fans.max_power_w * s * s * s;
}

} // namespace wattsim::models
