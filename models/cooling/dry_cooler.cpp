#include "models/cooling/dry_cooler.hpp"

#include "models/cooling/properties.hpp"
#include "models/cooling/solve.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace wattsim::models {

double crossflow_unmixed_effectiveness(double ntu, double cr) {
  if (ntu <= 0)
    return 0.0;
  if (cr < 1e-9)
    return -std::expm1(-ntu); // one stream with infinite capacity rate
  const double eta = std::pow(ntu, -0.22);
  return 1.0 - std::exp(std::expm1(-ntu * cr * eta) / (cr * eta));
}

double celdek_saturation_effectiveness(double d, double v) {
  // EnergyPlus engineering reference, EvaporativeCooler:Direct:CelDekPad (coefficients as used by
  // Modelica Buildings Fluid.Humidifiers.EvaporativeCoolers.Baseclasses.DirectCalculations).
  const double e = 0.792714 + 0.958569 * d - 0.25193 * v - 1.03215 * d * d + 0.0262659 * v * v + 0.914869 * d * v -
                   1.48241 * v * d * d - 0.018992 * d * v * v * v + 1.13137 * d * d * d * v +
                   0.0327622 * v * v * v * d * d - 0.145384 * d * d * d * v * v;
  return std::clamp(e, 0.0, 1.0);
}

DryCooler::DryCooler(DryCoolerConfig config) : config_(config) {
  if (!(config_.design_heat_w > 0) || !(config_.design_range_k > 0) || !(config_.design_approach_k > 0) ||
      !(config_.design_air_rise_k > 0))
    throw std::invalid_argument("DryCooler: design heat, range, approach and air rise must be positive");
  if (!(config_.min_airflow_ratio > 0 && config_.min_airflow_ratio <= 1))
    throw std::invalid_argument("DryCooler: minimum airflow ratio must be in (0, 1]");
  if (!(config_.saturation_effectiveness >= 0 && config_.saturation_effectiveness <= 1))
    throw std::invalid_argument("DryCooler: saturation effectiveness must be in [0, 1]");
  const double q = config_.design_heat_w;
  const double c_w = q / config_.design_range_k;
  const double c_a = q / config_.design_air_rise_k;
  m_fluid_d_ = c_w / props::kWaterCp;
  m_air_d_ = c_a / props::kAirCp;
  p_fan_d_ = config_.design_fan_power_fraction * q;
  const double c_min = std::min(c_w, c_a), cr = c_min / std::max(c_w, c_a);
  const double eps_d = q / (c_min * (config_.design_range_k + config_.design_approach_k));
  if (!(eps_d < 1))
    throw std::invalid_argument("DryCooler: design range/approach needs an effectiveness ≥ 1");
  // Invert ε(NTU) at the design capacity ratio (ε rises monotonically with NTU).
  auto f = [&](double ntu) { return crossflow_unmixed_effectiveness(ntu, cr) - eps_d; };
  double hi = 1.0;
  while (f(hi) < 0 && hi < 1e4)
    hi *= 2;
  if (f(hi) < 0)
    throw std::invalid_argument("DryCooler: design effectiveness not reachable");
  const double ntu = detail::illinois_root(f, 1e-9, hi, f(1e-9), f(hi), 1e-12, 1e-13, 200);
  ua_d_ = ntu * c_min;
}

double DryCooler::heat_at_airflow_w(double fr, double fluid_in_c, double fluid_flow_kg_s, double air_in_c) const {
  const double dt = fluid_in_c - air_in_c;
  if (fr <= 0 || dt <= 0)
    return 0.0;
  const double m_w = fluid_flow_kg_s > 0 ? fluid_flow_kg_s : m_fluid_d_;
  const double c_w = m_w * props::kWaterCp;
  const double c_a = fr * m_air_d_ * props::kAirCp;
  const double c_min = std::min(c_w, c_a), cr = c_min / std::max(c_w, c_a);
  const double ua = ua_d_ * std::pow(fr, config_.ua_airflow_exponent);
  return crossflow_unmixed_effectiveness(ua / c_min, cr) * c_min * dt;
}

DryCoolerResult DryCooler::run(double heat_w, double fluid_in_c, double fluid_flow_kg_s, double dry_bulb_c,
                               double wet_bulb_c, bool fans_ok) const {
  DryCoolerResult r;
  const double m_w = fluid_flow_kg_s > 0 ? fluid_flow_kg_s : m_fluid_d_;
  r.leaving_c = fluid_in_c;
  r.air_inlet_c = dry_bulb_c;
  const bool wet = config_.adiabatic && dry_bulb_c >= config_.adiabatic_switch_dry_bulb_c && wet_bulb_c < dry_bulb_c;
  if (wet)
    r.air_inlet_c = dry_bulb_c - config_.saturation_effectiveness * (dry_bulb_c - wet_bulb_c);
  if (!fans_ok || heat_w <= 0 || fluid_in_c <= r.air_inlet_c)
    return r;
  r.adiabatic_on = wet;
  r.capacity_w = heat_at_airflow_w(1.0, fluid_in_c, m_w, r.air_inlet_c);
  const double fr_min = config_.min_airflow_ratio;
  if (heat_w >= r.capacity_w) {
    r.airflow_ratio = 1.0;
    r.fan_plr = 1.0;
    r.heat_w = r.capacity_w;
    r.fan_power_w = p_fan_d_;
  } else {
    const double q_min = heat_at_airflow_w(fr_min, fluid_in_c, m_w, r.air_inlet_c);
    if (heat_w <= q_min) {
      r.airflow_ratio = fr_min;
      r.fan_plr = heat_w / q_min;
      r.heat_w = heat_w;
      r.fan_power_w = p_fan_d_ * r.fan_plr * fr_min * fr_min * fr_min;
    } else {
      auto g = [&](double fr) { return heat_at_airflow_w(fr, fluid_in_c, m_w, r.air_inlet_c) - heat_w; };
      r.airflow_ratio = detail::illinois_root(g, fr_min, 1.0, q_min - heat_w, r.capacity_w - heat_w, 1e-10,
                                              1e-9 * heat_w);
      r.fan_plr = 1.0;
      r.heat_w = heat_w;
      r.fan_power_w = p_fan_d_ * r.airflow_ratio * r.airflow_ratio * r.airflow_ratio;
    }
  }
  r.leaving_c = fluid_in_c - r.heat_w / (m_w * props::kWaterCp);
  if (r.adiabatic_on) {
    const double m_air = r.airflow_ratio * r.fan_plr * m_air_d_;
    r.water_evaporated_kg_s =
        m_air * props::kAirCp * (dry_bulb_c - r.air_inlet_c) / props::latent_heat_j_kg(r.air_inlet_c);
  }
  return r;
}

} // namespace wattsim::models
