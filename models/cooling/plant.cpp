#include "models/cooling/plant.hpp"

#include "models/cooling/plant_impl.hpp"

#include <algorithm>
#include <cmath>

namespace wattsim::models {

namespace detail {

double extract_for_target(RcNetwork& net, int node, double target_c, const double* q, double h) {
  return (net.predict_end_c(node, q, h) - target_c) / net.gain(node, node, h);
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
