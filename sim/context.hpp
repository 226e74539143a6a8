#pragma once
// What the actors of one run share: the scenario, the cluster, the ledger, the platform and the
// records being written. Owned by Simulation; actors hold a reference.

#include "sim/cluster.hpp"
#include "sim/platform.hpp"
#include "sim/power_ledger.hpp"
#include "sim/result.hpp"
#include "sim/scenario.hpp"

#include <exception>
#include <memory>
#include <vector>
#include <simgrid/Exception.hpp>
#include <simgrid/s4u/Actor.hpp>

namespace wattsim::sim {

class Scheduler;
class Job;

struct Context {
  const Scenario& scenario;
  Cluster& cluster;
  PowerLedger& ledger;
  Platform& platform;
  RunResult& result;
  Scheduler* scheduler = nullptr;
  /// The running (and finished) jobs' actors' state, of any kind, by job index; owned here so it
  /// outlives the actors (the horizon kills them) until the results are collected.
  std::vector<std::unique_ptr<Job>> runs;
  /// The facility's thermal throttling level (0: none), applied to every job.
  int throttle_level = 0;
  /// An exception thrown inside an actor: SimGrid would abort the process, so actors catch it,
  /// store it here and stop the simulation; Simulation::run rethrows it.
  std::exception_ptr failure;
};

/// Runs an actor body, turning an escaping exception into a stopped simulation.
template <class F> void guarded(Context& ctx, F&& body) {
  try {
    body();
  } catch (const simgrid::ForcefulKillException&) {
    throw; // SimGrid unwinding a killed actor
  } catch (...) {
    if (!ctx.failure)
      ctx.failure = std::current_exception();
    simgrid::s4u::Actor::kill_all();
  }
}

} // namespace wattsim::sim
