#pragma once
// Rack batteries (cluster.partitions[].rack_battery): per rack, its swings and time above its limit
// before (IT) and after (feed side) the battery, and what the smoothing cost. rack_batteries.csv has
// one row per rack; summary.json `rack_batteries` the totals (docs/outputs/rack-batteries.md).

#include "tools/output/run_output.hpp"

#include <vector>

namespace wattsim::output {

struct RackBatteryStats {
  double largest_step_before_w = 0, largest_step_after_w = 0;
  double max_ramp_1min_before_w_per_s = 0, max_ramp_1min_after_w_per_s = 0;
  double above_limit_before_s = 0, above_limit_after_s = 0; ///< 0 without a limit
  double it_j = 0, feed_j = 0;
};

/// One entry per RunResult::rack_batteries entry, in the same order.
std::vector<RackBatteryStats> rack_battery_stats(const sim::RunResult& r);

class RackBatteriesCsv final : public RunOutput {
public:
  void write(const RunView& run, std::ostream& out) const override;
};

} // namespace wattsim::output
