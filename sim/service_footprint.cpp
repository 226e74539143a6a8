#include "sim/service_footprint.hpp"

#include <algorithm>

namespace wattsim::sim {

namespace {

/// facility(t) / it(t) as a step series on the union of both series' breakpoints (0 where IT is 0).
models::StepSeries facility_ratio(const models::StepSeries& facility, const models::StepSeries& it) {
  std::vector<double> times = facility.times();
  times.insert(times.end(), it.times().begin(), it.times().end());
  std::sort(times.begin(), times.end());
  times.erase(std::unique(times.begin(), times.end()), times.end());
  models::StepSeries ratio;
  for (double t : times) {
    const double p_it = it.value_at(t);
    ratio.set(t, p_it > 0 ? facility.value_at(t) / p_it : 0.0);
  }
  return ratio;
}

} // namespace

models::StepSeries facility_share_w(const RunResult& result, const models::StepSeries& node_power_w) {
  return models::StepSeries::product(node_power_w, facility_ratio(result.facility_power_w, result.it_power_w));
}

ServiceFootprint service_footprint(const Scenario& scenario, const RunResult& result, const ServiceRecord& service) {
  ServiceFootprint f;
  const double end = result.simulated_s;
  f.node_energy_j = result.jobs.at(service.job).energy_j;
  const auto facility_w = facility_share_w(result, service.node_power_w);
  f.facility_energy_j = facility_w.integral(0.0, end);
  f.carbon_kg = models::StepSeries::product(facility_w, scenario.site.carbon_kg_per_j.over(end)).integral(0.0, end);
  const double onsite_total_kg =
      result.facility.plant ? result.facility.water_makeup_kg : scenario.facility.wue_kg_per_j() * result.it_energy_j;
  f.water_onsite_kg = result.host_energy_j > 0 ? onsite_total_kg * f.node_energy_j / result.host_energy_j : 0.0;
  f.water_offsite_kg = scenario.site.ewif_kg_per_j * f.facility_energy_j;
  return f;
}

} // namespace wattsim::sim
