#pragma once
// One run: builds the SimGrid engine and platform for a scenario, starts the actors, advances
// simulated time to the end of the workload (or the horizon) and collects the exact results.
// SimGrid allows one engine per process, so a process runs one simulation.

#include "sim/result.hpp"
#include "sim/scenario.hpp"

#include <functional>
#include <string>
#include <vector>

namespace wattsim::sim {

struct RunOptions {
  /// Called now and then with the simulated time and the estimated share done (0..1).
  std::function<void(double simulated_s, double fraction)> progress;
  bool simgrid_verbose = false;
};

RunResult run_simulation(const Scenario& scenario, const RunOptions& options = {});

} // namespace wattsim::sim
