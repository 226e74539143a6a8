#include "tools/scenario/output_estimate.hpp"

#include <algorithm>
#include <cmath>

namespace wattsim::scenario {

OutputEstimate estimate_outputs(const sim::Scenario& sc) {
  OutputEstimate e;
  e.horizon_s = sc.duration_s;
  if (!std::isfinite(e.horizon_s)) {
    // Until done: the last submission, then the workload's node-time spread over the whole cluster,
    // plus the longest job (it may start last).
    double last_submit = 0, node_seconds = 0, longest = 0;
    int nodes = 0;
    for (const auto& p : sc.cluster.partitions)
      nodes += p.nodes;
    for (const auto& j : sc.jobs) {
      last_submit = std::max(last_submit, j.submit_s);
      // A training job's failure-free length; a service runs until the horizon; a batch-inference job's
      // length depends on its served model's speed and is left out of this estimate.
      const double work_s = j.training() ? j.training()->work_s : j.service() ? sim::kSafetyLimit_s : 0.0;
      node_seconds += work_s * j.nodes;
      longest = std::max(longest, work_s);
    }
    e.horizon_s = std::min(sim::kSafetyLimit_s, last_submit + node_seconds / std::max(nodes, 1) + longest);
  }
  const double steps = std::ceil(e.horizon_s / sc.outputs.resolution_s);
  int racks = 0;
  for (const auto& p : sc.cluster.partitions)
    racks += p.racks();
  const double rack_rows = sc.outputs.rack_traces ? steps * racks : 0;
  const double job_rows = sc.outputs.job_traces ? steps * static_cast<double>(sc.jobs.size()) : 0;
  e.rows = steps + rack_rows + job_rows;
  // Row sizes: ~150 B for a timeseries.csv row (the quickstart's), ~40 B for a trace row (time, name, values).
  e.bytes = steps * 150 + (rack_rows + job_rows) * 40;
  // The engine's jobs (~7 kB each, see generate) and, while writing, one trace of doubles per column.
  e.memory_bytes = static_cast<double>(sc.jobs.size()) * 7e3 + steps * 16 * 8;
  return e;
}

} // namespace wattsim::scenario
