#include "sim/facility_controller.hpp"

#include "sim/facility_kinds.hpp"
#include "sim/job.hpp"
#include "sim/rack_batteries.hpp"

#include <algorithm>
#include <cmath>
#include <simgrid/s4u/Actor.hpp>
#include <simgrid/s4u/Engine.hpp>

namespace wattsim::sim {

namespace sg4 = simgrid::s4u;

namespace {

// Columns the controller bins at the output resolution, in output units (docs/outputs/timeseries.md):
// the cooling total, each plant component, then these.
constexpr const char* kOtherColumns[] = {
    "distribution_loss_kw", "other_kw", "server_fan_adjust_kw", "dry_bulb_c", "wet_bulb_c", "server_inlet_c",
    "chilled_water_supply_c", "coolant_supply_c", "facility_water_supply_c", "free_cooling_fraction",
    "water_evaporation_l_per_h", "water_makeup_l_per_h"};
constexpr std::size_t kColumns = 1 + models::kPlantComponentCount + std::size(kOtherColumns);

std::vector<std::string> column_names() {
  std::vector<std::string> names = {"cooling_kw"};
  for (const char* c : models::kPlantComponentNames)
    names.push_back(std::string(c) + "_kw");
  names.insert(names.end(), std::begin(kOtherColumns), std::end(kOtherColumns));
  return names;
}

models::PlantFault plant_fault(FacilityFault::Kind k) {
  switch (k) {
  case FacilityFault::Kind::cdu_pump_failure:
    return models::PlantFault::cdu_pump_failure;
  case FacilityFault::Kind::tower_fan_failure:
    return models::PlantFault::tower_fan_failure;
  default:
    return models::PlantFault::chiller_trip;
  }
}

} // namespace

FacilityController::FacilityController(Context& ctx) : ctx_(ctx), spec_(ctx.scenario.facility) {
  plant_ = make_plant(spec_.design);
  distribution_ = std::make_unique<models::PowerDistribution>(spec_.distribution);
  auto& fr = ctx_.result.facility;
  fr.plant = true;
  fr.columns = BinnedTable(ctx_.scenario.outputs.resolution_s, column_names());
  const auto& parts = ctx_.scenario.cluster.partitions;
  node_seconds_last_.resize(parts.size());
  fan_delta_w_.resize(parts.size());
  for (std::size_t p = 0; p < parts.size(); ++p) {
    node_seconds_last_[p].assign(ctx_.cluster.states(p).size() + 1, 0.0);
    fan_delta_w_[p].assign(ctx_.cluster.states(p).size() + 1, 0.0);
  }
  server_inlet_c_ = parts.front().system.fans.design_inlet_c;
  fr.throttle_level.set(0.0, 0.0);
  if (std::any_of(parts.begin(), parts.end(), [](const Partition& p) { return p.rack_battery.has_value(); })) {
    const double horizon = std::isfinite(ctx_.scenario.duration_s) ? ctx_.scenario.duration_s : kSafetyLimit_s;
    rack_batteries_ = std::make_unique<RackBatteryBank>(ctx_.scenario, ctx_.cluster, ctx_.ledger, horizon);
  }
}

FacilityController::~FacilityController() = default;

void FacilityController::run() {
  for (;;) {
    sg4::this_actor::sleep_until(t_last_ + spec_.step_s);
    step(t_last_, sg4::Engine::get_clock(), true);
  }
}

void FacilityController::finish(double t_end) {
  if (t_end > t_last_)
    step(t_last_, t_end, false);
  for (std::size_t i = 0; i < cooling_j_.size(); ++i)
    ctx_.result.facility.cooling_j_by_component[models::kPlantComponentNames[i]] = cooling_j_[i];
  const auto& elements = distribution_->compute().elements;
  for (std::size_t i = 0; i < element_loss_j_.size() && i < elements.size(); ++i)
    ctx_.result.facility.distribution_loss_j_by_element[elements[i].name] += element_loss_j_[i];
}

void FacilityController::update_fan_response(double inlet_c) {
  // Node power tables are at the fans' design inlet; a warmer inlet spins the fans faster (cube law).
  // The inlet is taken on a 0.1 K grid, re-evaluated only when it crosses to another grid point.
  inlet_c = std::round(inlet_c * 10.0) / 10.0;
  if (inlet_c == fan_inlet_c_)
    return;
  fan_inlet_c_ = inlet_c;
  for (std::size_t p = 0; p < fan_delta_w_.size(); ++p) {
    const auto& states = ctx_.cluster.states(p);
    for (std::size_t s = 0; s < states.size(); ++s) {
      const auto state = static_cast<PState>(s);
      fan_delta_w_[p][s] = states.power_at_inlet(state, inlet_c).input_w - states.watts(state);
    }
  }
}

void FacilityController::step(double t0, double t1, bool may_throttle) {
  const double dt = t1 - t0;
  if (dt <= 0)
    return;
  auto& fr = ctx_.result.facility;
  // IT of the step: the hosts' exact energy, and how many nodes sat in each operating point.
  ctx_.ledger.advance(t1);
  const double host_j = ctx_.ledger.total_energy_j();
  const double host_w = (host_j - host_energy_last_j_) / dt;
  host_energy_last_j_ = host_j;
  update_fan_response(server_inlet_c_);
  double liquid_w = 0, fan_adjust_w = 0;
  for (std::size_t p = 0; p < node_seconds_last_.size(); ++p) {
    const auto& states = ctx_.cluster.states(p);
    for (std::size_t s = 0; s <= states.size(); ++s) {
      const PState state = s == states.size() ? kOff : static_cast<PState>(s);
      const double ns = ctx_.cluster.node_seconds(p, state, t1);
      const double nodes = (ns - node_seconds_last_[p][s]) / dt;
      node_seconds_last_[p][s] = ns;
      if (nodes <= 0 || state == kOff)
        continue;
      liquid_w += nodes * states.liquid_heat_w(state);
      fan_adjust_w += nodes * fan_delta_w_[p][s];
    }
  }
  const double it_w = host_w + fan_adjust_w;
  // Rack batteries sit after the racks' PDUs: the distribution carries what the racks draw from their
  // feeds, and the batteries' conversion losses are heat in the racks (docs/models/grid.md).
  double rack_battery_w = 0, rack_battery_loss_w = 0;
  if (rack_batteries_) {
    const auto rb = rack_batteries_->step(t0, t1);
    rack_battery_w = rb.battery_j / dt;
    rack_battery_loss_w = rb.loss_j / dt;
    fr.rack_battery_j += rb.battery_j;
  }

  // Weather and faults of this step.
  const double t_mid = 0.5 * (t0 + t1);
  double offset_k = 0;
  for (const auto& f : spec_.faults) {
    const bool active = t0 < f.start_s + f.duration_s && t1 > f.start_s;
    if (f.kind == FacilityFault::Kind::heat_wave)
      offset_k += active ? f.offset_k : 0.0;
    else
      plant_->set_fault(plant_fault(f.kind), active);
  }
  const auto w = ctx_.scenario.site.weather->at(t_mid, offset_k);
  const models::Ambient ambient{w.dry_bulb_c, w.wet_bulb_c, w.relative_humidity, w.pressure_pa};
  // Distribution losses inside the cooled space are air heat for the plant. They depend on the cooling
  // power this step computes, so the previous step's are used (one step, 10-60 s, behind).
  const models::PlantLoad load{std::max(0.0, it_w - liquid_w) + rack_battery_loss_w + loss_heat_inside_w_, liquid_w};
  const auto ps = plant_->step(load, ambient, dt);
  // Balances of this step: heat (IT plus the plant's own fan and pump heat) is removed or stored;
  // make-up water is evaporation, blowdown and drift.
  if (ps.heat_produced_w > 0)
    fr.max_heat_balance_error = std::max(
        fr.max_heat_balance_error,
        std::abs(ps.heat_produced_w * dt - ps.heat_removed_w * dt - ps.stored_heat_j) / (ps.heat_produced_w * dt));
  if (ps.water_makeup_kg > 0)
    fr.max_water_balance_error =
        std::max(fr.max_water_balance_error, std::abs(ps.water_makeup_kg - ps.water_evaporated_kg - ps.water_blowdown_kg -
                                                      ps.water_drift_kg) / ps.water_makeup_kg);
  if (load.heat_to_air_w + load.heat_to_liquid_w > 0)
    fr.max_load_error = std::max(fr.max_load_error, std::max(0.0, load.heat_to_air_w + load.heat_to_liquid_w -
                                                                      ps.heat_produced_w) /
                                                        (load.heat_to_air_w + load.heat_to_liquid_w));
  const double cooling_w = ps.total_w();
  auto& above = fr.above_design;
  if (w.wet_bulb_c > spec_.design_conditions.wet_bulb_c)
    above.wet_bulb_s += dt;
  if (w.dry_bulb_c > spec_.design_conditions.dry_bulb_c) {
    above.dry_bulb_s += dt;
    above.it_j += it_w * dt;
    above.cooling_j += cooling_w * dt;
    above.compressor_j += (ps.chiller_w + ps.trim_chiller_w) * dt;
    above.shortfall_s += ps.capacity_shortfall_w > 0 ? dt : 0.0;
    above.throttled_s += level_ > 0 ? dt : 0.0;
    above.max_server_inlet_c = std::max(above.max_server_inlet_c, ps.server_inlet_c);
  }
  distribution_->set_loads(it_w - rack_battery_w, cooling_w, spec_.other_load_w);
  const auto& losses = distribution_->compute(); // one walk of the graph: total and per element
  const double loss_w = losses.total_loss_w;
  element_loss_j_.resize(losses.elements.size(), 0.0);
  loss_heat_inside_w_ = 0;
  for (std::size_t i = 0; i < losses.elements.size(); ++i) {
    const auto& e = losses.elements[i];
    element_loss_j_[i] += e.loss_w * dt;
    const auto where = spec_.loss_heat.of(e.kind);
    fr.loss_heat_j[static_cast<std::size_t>(where)] += e.loss_w * dt;
    if (where != HeatLocation::outdoors)
      loss_heat_inside_w_ += e.loss_w;
  }

  // Facility power over the step: IT (hosts + fan response) + cooling + losses + other loads.
  fr.it_adjust_w.set(t0, fan_adjust_w);
  fr.overhead_w.set(t0, cooling_w + loss_w + spec_.other_load_w);
  fr.cooling_j += cooling_w * dt;
  fr.distribution_loss_j += loss_w * dt;
  fr.other_j += spec_.other_load_w * dt;
  fr.heat_rejected_j += ps.heat_rejected_w * dt;
  fr.water_evaporated_kg += ps.water_evaporated_kg;
  fr.water_blowdown_kg += ps.water_blowdown_kg;
  fr.water_drift_kg += ps.water_drift_kg;
  fr.water_makeup_kg += ps.water_makeup_kg;
  fr.free_cooling_s += ps.free_cooling_fraction * dt;
  fr.max_server_inlet_c = std::max(fr.max_server_inlet_c, ps.server_inlet_c);
  if (std::isfinite(ps.coolant_supply_c))
    fr.max_coolant_supply_c = std::max(fr.max_coolant_supply_c, ps.coolant_supply_c);
  double values[kColumns];
  std::size_t col = 0;
  values[col++] = cooling_w / 1e3;
  for (std::size_t i = 0; i < cooling_j_.size(); ++i) {
    const double w_component = ps.*models::PlantStep::kComponents[i];
    cooling_j_[i] += w_component * dt;
    values[col++] = w_component / 1e3;
  }
  for (double v : {loss_w / 1e3, spec_.other_load_w / 1e3, fan_adjust_w / 1e3, w.dry_bulb_c, ambient.wet_bulb_c,
                   ps.server_inlet_c, ps.chilled_water_supply_c, ps.coolant_supply_c, ps.facility_water_supply_c,
                   ps.free_cooling_fraction, ps.water_evaporated_kg / dt * 3600.0, ps.water_makeup_kg / dt * 3600.0})
    values[col++] = v;
  fr.columns.add(t0, t1, values);
  server_inlet_c_ = ps.server_inlet_c;
  t_last_ = t1;

  // Thermal throttling: a level up each step a limit is exceeded, a level down after the hall has
  // stayed below both limits by the hysteresis for a few minutes.
  if (!may_throttle || ctx_.scenario.cluster.partitions.empty())
    return;
  const bool coolant_known = std::isfinite(ps.coolant_supply_c);
  // Limits compare to a rounding tolerance; release is inclusive ("at least the hysteresis below"),
  // so a loop its controller holds at exactly limit - hysteresis is calm.
  constexpr double kTolK = 1e-6;
  const bool hot = ps.server_inlet_c > spec_.inlet_limit_c + kTolK ||
                   (coolant_known && ps.coolant_supply_c > spec_.coolant_limit_c + kTolK);
  const bool cool = ps.server_inlet_c <= spec_.inlet_limit_c - spec_.hysteresis_k + kTolK &&
                    (!coolant_known || ps.coolant_supply_c <= spec_.coolant_limit_c - spec_.hysteresis_k + kTolK);
  const int max_level = static_cast<int>(spec_.throttle_caps.size());
  calm_steps_ = cool ? calm_steps_ + 1 : 0;
  if (hot && level_ < max_level)
    set_throttle(level_ + 1, t1);
  else if (cool && level_ > 0 && calm_steps_ * spec_.step_s >= 300)
    set_throttle(level_ - 1, t1);
}

void FacilityController::set_throttle(int level, double now) {
  level_ = level;
  calm_steps_ = 0;
  ctx_.throttle_level = level;
  auto& fr = ctx_.result.facility;
  fr.throttle_level.set(now, level);
  ++fr.throttle_changes;
  for (auto& run : ctx_.runs)
    if (run)
      run->set_throttle(level);
}

} // namespace wattsim::sim
