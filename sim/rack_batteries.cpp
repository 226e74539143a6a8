#include "sim/rack_batteries.hpp"

#include "sim/cluster.hpp"

namespace wattsim::sim {

std::vector<char> partitions_with_rack_batteries(const Scenario& scenario) {
  std::vector<char> with;
  for (const auto& p : scenario.cluster.partitions)
    with.push_back(p.rack_battery ? 1 : 0);
  return with;
}

void run_rack_batteries(const Scenario& scenario, const Cluster& cluster, const PowerLedger& ledger, double t_end_s,
                        RunResult& result) {
  std::vector<models::StepSeries> batteries_w;
  for (std::size_t r = 0; r < cluster.racks(); ++r) {
    const auto& part = scenario.cluster.partitions[cluster.rack_partition(r)];
    if (!part.rack_battery)
      continue;
    RackBatteryRecord rec;
    rec.rack = r;
    rec.limit_w = part.rack_power_limit_w;
    rec.it_w = ledger.rack_series()[r];
    rec.battery = models::run_battery(*part.rack_battery, rec.it_w, t_end_s);
    batteries_w.push_back(rec.battery.battery_w);
    result.rack_batteries.push_back(std::move(rec));
  }
  if (!batteries_w.empty())
    result.rack_battery_w = models::StepSeries::sum(batteries_w);
}

} // namespace wattsim::sim
