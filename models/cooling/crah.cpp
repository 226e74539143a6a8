#include "models/cooling/crah.hpp"

#include "models/cooling/properties.hpp"

#include <algorithm>
#include <stdexcept>

namespace wattsim::models {

Crah::Crah(CrahConfig config) : config_(config) {
  if (!(config_.design_heat_w > 0) || !(config_.design_delta_t_k > 0) || !(config_.fan_efficiency > 0) ||
      !(config_.design_air_density_kg_m3 > 0))
    throw std::invalid_argument("Crah: bad design values");
  // Fan heat per kg of air, Δp / (ρ η), enlarges the flow needed to hold the design ΔT.
  const double fan_heat_per_kg = config_.static_pressure_pa / (config_.design_air_density_kg_m3 * config_.fan_efficiency);
  const double usable = props::kAirCp * config_.design_delta_t_k - fan_heat_per_kg;
  if (!(usable > 0))
    throw std::invalid_argument("Crah: fan heat exceeds the air's heat capacity at this ΔT");
  m_design_ = config_.design_heat_w / usable;
  p_design_ = m_design_ * fan_heat_per_kg;
}

double Crah::fan_power_w(double mass_flow_kg_s, double rho) const {
  const double f = mass_flow_kg_s / m_design_;
  const double dr = config_.design_air_density_kg_m3 / rho;
  return p_design_ * f * f * f * dr * dr;
}

double Crah::mass_flow_for_heat_kg_s(double heat_w, double rho) const {
  // A constant-speed fan moves its design volume: in thinner air (altitude, heat) less mass, and its
  // power, P_d (ṁ/ṁ_d)³ (ρ_d/ρ)², falls with the density as well.
  if (config_.constant_speed)
    return m_design_ * rho / config_.design_air_density_kg_m3;
  const double lo = config_.min_flow_fraction * m_design_;
  const double cp_dt = props::kAirCp * config_.design_delta_t_k;
  // Solve ṁ c_p ΔT = Q + k ṁ³ (the fan heat) by Newton from the no-fan-heat guess; the cubic
  // term is a few percent of the total so three steps reach rounding error.
  const double k = fan_power_w(m_design_, rho) / (m_design_ * m_design_ * m_design_);
  double m = std::max(heat_w, 0.0) / cp_dt;
  for (int i = 0; i < 3; ++i)
    m -= (m * cp_dt - heat_w - k * m * m * m) / (cp_dt - 3 * k * m * m);
  return std::clamp(m, lo, m_design_);
}

double Crah::min_supply_air_c(double chw_supply_c) const {
  return std::max(config_.supply_air_setpoint_c, chw_supply_c + config_.coil_approach_k);
}

double Crah::coil_capacity_w(double return_air_c, double chw_supply_c, double mass_flow_kg_s) const {
  return std::max(0.0, mass_flow_kg_s * props::kAirCp * (return_air_c - min_supply_air_c(chw_supply_c)));
}

} // namespace wattsim::models
