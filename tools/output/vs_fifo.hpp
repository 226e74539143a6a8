#pragma once
// A carbon- or price-aware run against the same scenario run first come, first served: the carbon
// and cost saved and the delay paid, per flexible job and in total (summary.json `vs_fifo`,
// docs/outputs/summary.md). Both figures come from full simulations; nothing is estimated.

#include "sim/result.hpp"
#include "sim/scenario.hpp"

#include <nlohmann/json.hpp>

namespace wattsim::output {

/// Whether a run is compared with first come, first served: a carbon- or price-aware scheduler
/// (`scheduler.defer`) and `outputs.compare_fifo` (on by default).
bool compares_with_fifo(const sim::Scenario& scenario);

/// The same scenario first come, first served: no deferral, no pausing or slowing; all else equal.
sim::Scenario fifo_baseline(const sim::Scenario& scenario);

/// What the comparison needs of one run (SimGrid runs one engine per process, so the baseline runs in a
/// child and sends these back as JSON; doubles round-trip exactly): the site's carbon, cost, facility
/// energy and simulated time, and each flexible job's carbon, cost and end.
nlohmann::json run_figures(const sim::Scenario& scenario, const sim::RunResult& result);

/// The comparison block from the figures of the aware run of `scenario` and of its FIFO baseline.
nlohmann::json vs_fifo_json(const sim::Scenario& scenario, const nlohmann::json& aware, const nlohmann::json& fifo);

} // namespace wattsim::output
