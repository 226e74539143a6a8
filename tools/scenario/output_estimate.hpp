#pragma once
// What a run of a scenario would write and hold, estimated before running it: `wattsim check` prints
// it, the loader rejects a scenario past kMaxOutputRows (bounded output, issue 12 item 5).

#include "sim/scenario.hpp"

namespace wattsim::scenario {

/// Until-done runs are estimated to the end of their workload on a full cluster without failures.
struct OutputEstimate {
  double horizon_s = 0;    ///< the horizon, or the estimated end of the workload
  double rows = 0;         ///< trace rows of every file (timeseries, rack and job traces)
  double bytes = 0;        ///< their size on disk
  double memory_bytes = 0; ///< the engine's jobs and the traces held while writing
};
inline constexpr double kMaxOutputRows = 5e7;

OutputEstimate estimate_outputs(const sim::Scenario& scenario);

} // namespace wattsim::scenario
