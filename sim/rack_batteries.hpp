#pragma once
// Batteries in racks (`cluster.partitions[].rack_battery`): after the run, each rack's exact IT power
// series goes through the battery model (models/grid/battery.hpp); the rack then draws the battery's
// grid side from its feed, and the facility sees the sum of those draws (docs/models/grid.md, "Rack
// batteries"). The ledger keeps power series for the racks of these partitions only, so the cost is
// O(their nodes' changes) and nothing for partitions without one.

#include "sim/power_ledger.hpp"
#include "sim/result.hpp"
#include "sim/scenario.hpp"

#include <vector>

namespace wattsim::sim {

class Cluster;

/// Per partition, 1 when its racks carry a battery: the racks whose series the ledger must keep.
std::vector<char> partitions_with_rack_batteries(const Scenario& scenario);

/// Runs every rack battery over [0, t_end_s]: fills `rack_batteries` and `rack_battery_w`.
void run_rack_batteries(const Scenario& scenario, const Cluster& cluster, const PowerLedger& ledger, double t_end_s,
                        RunResult& result);

} // namespace wattsim::sim
