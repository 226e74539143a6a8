#include "models/cooling/economizer.hpp"

#include "models/cooling/properties.hpp"

#include <stdexcept>

namespace wattsim::models {

const char* to_string(EconomizerMode m) {
  switch (m) {
  case EconomizerMode::free_cooling:
    return "free_cooling";
  case EconomizerMode::partial_mechanical:
    return "partial_mechanical";
  case EconomizerMode::full_mechanical:
    return "full_mechanical";
  }
  return "?";
}

double wse_leaving_c(double chw_entering_c, double tower_water_c, double effectiveness) {
  return chw_entering_c - effectiveness * (chw_entering_c - tower_water_c);
}

EconomizerMode free_cooling_availability(double wet_bulb_c, double tower_approach_k, double hx_approach_k,
                                         double chw_supply_setpoint_c, double chw_return_c) {
  const double coldest = wet_bulb_c + tower_approach_k + hx_approach_k;
  if (coldest <= chw_supply_setpoint_c)
    return EconomizerMode::free_cooling;
  if (coldest < chw_return_c)
    return EconomizerMode::partial_mechanical;
  return EconomizerMode::full_mechanical;
}

WaterSideEconomizer::WaterSideEconomizer(WaterSideEconomizerConfig config, EconomizerMode initial)
    : config_(config), mode_(initial) {
  if (!(config_.hx_effectiveness > 0 && config_.hx_effectiveness <= 1))
    throw std::invalid_argument("WaterSideEconomizer: effectiveness must be in (0, 1]");
  if (!(config_.wait_s >= 0))
    throw std::invalid_argument("WaterSideEconomizer: waiting time must be ≥ 0");
}

void WaterSideEconomizer::reset(EconomizerMode mode, double timer0_s, double timer1_s) {
  mode_ = mode;
  timer_[0] = timer0_s;
  timer_[1] = timer1_s;
}

EconomizerMode WaterSideEconomizer::update(const WseSensors& s, double dt_s) {
  // Each outgoing transition of the active mode keeps a timer of how long its condition has held
  // without interruption (Modelica StateGraph Transition with enableTimer).
  bool cond[2] = {false, false};
  EconomizerMode target[2] = {mode_, mode_};
  switch (mode_) {
  case EconomizerMode::free_cooling:
    cond[0] = s.wse_leaving_c > s.chw_supply_setpoint_c + config_.deadband_free_to_partial_k;
    target[0] = EconomizerMode::partial_mechanical;
    break;
  case EconomizerMode::partial_mechanical:
    cond[0] = s.chw_return_c < s.wse_leaving_c + config_.deadband_partial_to_full_k;
    target[0] = EconomizerMode::full_mechanical;
    cond[1] = s.wse_leaving_c <= s.chw_supply_setpoint_c + config_.deadband_partial_to_free_k;
    target[1] = EconomizerMode::free_cooling;
    break;
  case EconomizerMode::full_mechanical:
    cond[0] = s.chw_return_c > s.wet_bulb_c + s.tower_approach_k + config_.deadband_full_to_partial_k;
    target[0] = EconomizerMode::partial_mechanical;
    break;
  }
  for (int i = 0; i < 2; ++i) {
    timer_[i] = cond[i] ? timer_[i] + dt_s : 0.0;
    if (cond[i] && timer_[i] >= config_.wait_s) {
      mode_ = target[i];
      timer_[0] = timer_[1] = 0.0;
      break;
    }
  }
  return mode_;
}

AirEconomizerCheck air_economizer_check(const AirEconomizerConfig& c, double dry_bulb_c, double relative_humidity,
                                        double supply_air_c) {
  AirEconomizerCheck r;
  r.dew_point_c = props::dew_point_c(dry_bulb_c, relative_humidity);
  const double t_supply = supply_air_c > dry_bulb_c ? supply_air_c : dry_bulb_c;
  r.supply_relative_humidity = props::saturation_pressure_pa(r.dew_point_c) / props::saturation_pressure_pa(t_supply);
  r.usable = dry_bulb_c <= c.max_dry_bulb_c && r.dew_point_c >= c.min_dew_point_c &&
             r.dew_point_c <= c.max_dew_point_c && r.supply_relative_humidity <= c.max_relative_humidity;
  return r;
}

} // namespace wattsim::models
