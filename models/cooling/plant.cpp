#include "models/cooling/plant.hpp"

#include "models/cooling/plant_impl.hpp"
#include "models/cooling/properties.hpp"

#include <algorithm>
#include <cmath>

namespace wattsim::models {

namespace detail {

double extract_for_target(RcNetwork& net, int node, double target_c, const double* q, double h) {
  return (net.predict_end_c(node, q, h) - target_c) / net.gain(node, node, h);
}

RoomAir room_air(const Crah& crah, RcNetwork& net, int room, double q_air, double rho, double t_room0, double t_sa_min,
                 double* q, double h) {
  const double cp_a = props::kAirCp;
  const double m_design = crah.design_mass_flow_kg_s();
  RoomAir r;
  r.mass_flow_kg_s = crah.mass_flow_for_heat_kg_s(q_air, rho);
  r.fan_w = crah.fan_power_w(r.mass_flow_kg_s, rho);
  q[room] = q_air + r.fan_w;
  const double target_room = crah.config().supply_air_setpoint_c + (q_air + r.fan_w) / (r.mass_flow_kg_s * cp_a);
  r.coil_request_w = std::max(0.0, extract_for_target(net, room, target_room, q, h));
  auto capacity = [&](double m) { return std::max(0.0, m * cp_a * (t_room0 - t_sa_min)); };
  // Short of coil capacity at this airflow: the fans speed up just enough (up to design flow), a few
  // fixed-point passes for their own heat. A relative tolerance keeps a load carried exactly at the
  // design ΔT from tipping the fans to full speed on rounding (it made them alternate step to step).
  for (int pass = 0; pass < 3 && !crah.config().constant_speed && r.coil_request_w > capacity(r.mass_flow_kg_s) * (1 + 1e-9) &&
                     r.mass_flow_kg_s < m_design;
       ++pass) {
    const double dt_air = t_room0 - t_sa_min;
    const double m_need = dt_air > 0 ? r.coil_request_w / (cp_a * dt_air) : m_design;
    r.mass_flow_kg_s = std::clamp(m_need, r.mass_flow_kg_s, m_design);
    r.fan_w = crah.fan_power_w(r.mass_flow_kg_s, rho);
    q[room] = q_air + r.fan_w;
    r.coil_request_w = std::max(0.0, extract_for_target(net, room, target_room, q, h));
  }
  return r;
}

void accumulate(PlantStep& s, const PlantStep& p, double w) {
  auto avg = [w](double& acc, double v) { acc = std::isnan(acc) ? v * w : acc + v * w; };
  for (auto field : PlantStep::kComponents)
    s.*field += p.*field * w;
  s.heat_rejected_w += p.heat_rejected_w * w;
  s.water_evaporated_kg += p.water_evaporated_kg;
  s.water_blowdown_kg += p.water_blowdown_kg;
  s.water_drift_kg += p.water_drift_kg;
  s.water_makeup_kg += p.water_makeup_kg;
  if (!std::isnan(p.server_inlet_c))
    avg(s.server_inlet_c, p.server_inlet_c);
  if (!std::isnan(p.coolant_supply_c))
    avg(s.coolant_supply_c, p.coolant_supply_c);
  if (!std::isnan(p.chilled_water_supply_c))
    avg(s.chilled_water_supply_c, p.chilled_water_supply_c);
  if (!std::isnan(p.facility_water_supply_c))
    avg(s.facility_water_supply_c, p.facility_water_supply_c);
  s.free_cooled_w += p.free_cooled_w * w;
  s.heat_removed_w += p.heat_removed_w * w;
  s.heat_produced_w += p.heat_produced_w * w;
  s.stored_heat_j += p.stored_heat_j;
  s.capacity_shortfall_w += p.capacity_shortfall_w * w;
  s.economizer_mode = p.economizer_mode;
}

void add_plant(PlantStep& s, const PlantStep& o) {
  for (auto field : PlantStep::kComponents)
    s.*field += o.*field;
  s.heat_rejected_w += o.heat_rejected_w;
  s.water_evaporated_kg += o.water_evaporated_kg;
  s.water_blowdown_kg += o.water_blowdown_kg;
  s.water_drift_kg += o.water_drift_kg;
  s.water_makeup_kg += o.water_makeup_kg;
  if (std::isnan(s.server_inlet_c))
    s.server_inlet_c = o.server_inlet_c;
  if (std::isnan(s.coolant_supply_c))
    s.coolant_supply_c = o.coolant_supply_c;
  if (std::isnan(s.chilled_water_supply_c))
    s.chilled_water_supply_c = o.chilled_water_supply_c;
  if (std::isnan(s.facility_water_supply_c))
    s.facility_water_supply_c = o.facility_water_supply_c;
  s.free_cooled_w += o.free_cooled_w;
  s.heat_removed_w += o.heat_removed_w;
  s.heat_produced_w += o.heat_produced_w;
  s.stored_heat_j += o.stored_heat_j;
  s.capacity_shortfall_w += o.capacity_shortfall_w;
}

void finish(PlantStep& s) {
  s.free_cooling_fraction = s.heat_removed_w > 0 ? std::clamp(s.free_cooled_w / s.heat_removed_w, 0.0, 1.0) : 0.0;
}

} // namespace detail

std::unique_ptr<CoolingPlant> make_plant(const AirPlantConfig& config) {
  return std::make_unique<detail::AirPlant>(config);
}

std::unique_ptr<CoolingPlant> make_plant(const LiquidPlantConfig& config) {
  return std::make_unique<detail::LiquidPlant>(config);
}

std::unique_ptr<CoolingPlant> make_plant(const DxPlantConfig& config) {
  return std::make_unique<detail::DxPlant>(config);
}

} // namespace wattsim::models
