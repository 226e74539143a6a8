#pragma once
// Batteries in racks (`cluster.partitions[].rack_battery`): each rack's exact IT power series goes
// through the battery model (models/grid/battery.hpp); the rack then draws the battery's grid side from
// its feed, and the facility sees the sum of those draws (docs/models/grid.md, "Rack batteries"). The
// ledger keeps power series for the racks of these partitions only, so the cost is O(their nodes'
// changes) and nothing for partitions without one. A fixed PUE needs the batteries only after the
// run; a cooling plant needs them step by step during it (RackBatteryBank).

#include "sim/power_ledger.hpp"
#include "sim/result.hpp"
#include "sim/scenario.hpp"

#include <cstdint>
#include <functional>
#include <tuple>
#include <queue>
#include <vector>

namespace wattsim::sim {

class Cluster;

/// Per partition, 1 when its racks carry a battery: the racks whose series the ledger must keep.
std::vector<char> partitions_with_rack_batteries(const Scenario& scenario);

/// Runs every rack battery over [0, t_end_s]: fills `rack_batteries` and `rack_battery_w`. Takes the
/// ledger's series of those racks (call it after copying them for rack traces).
void run_rack_batteries(const Scenario& scenario, const Cluster& cluster, PowerLedger& ledger, double t_end_s,
                        RunResult& result);

/// The rack batteries fed while the run goes on, for a cooling plant that computes its overhead step by
/// step from what the racks draw. A step advances only the racks whose power changed and those whose
/// battery has an event of its own before the step's end (a charge limit, a ramp step); the others
/// hold their power, summed in a running total. The segments are those of run_rack_batteries exactly
/// (models::BatteryRun), so the plant's energy agrees with the final series.
class RackBatteryBank {
public:
  RackBatteryBank(const Scenario& scenario, const Cluster& cluster, PowerLedger& ledger, double horizon_s);
  struct Step {
    double battery_j = 0; ///< the batteries' energy out over the step, feed side (< 0: they took in)
    double loss_j = 0;    ///< their conversion losses over the step: heat in the racks
  };
  /// Over [t0_s, t1_s]: the racks' series are final before t1_s.
  Step step(double t0_s, double t1_s);

private:
  struct Rack {
    std::uint32_t rack;
    models::BatteryRun run;
    std::uint64_t version = 0; ///< of its entry in the queue of segment ends
  };
  PowerLedger& ledger_;
  std::vector<Rack> racks_;
  std::vector<std::int32_t> slot_of_rack_; ///< index into racks_, -1 without a battery
  using End = std::tuple<double, std::size_t, std::uint64_t>; ///< (segment end, slot, version)
  std::priority_queue<End, std::vector<End>, std::greater<>> ends_;
  std::vector<std::size_t> pending_;   ///< racks with a point at or after the last step's end
  std::vector<char> touched_;
  double power_w_ = 0, loss_w_ = 0;     ///< running totals over the racks' segments in progress
};

} // namespace wattsim::sim
