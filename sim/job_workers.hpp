#pragma once
// The actors that run jobs. Each job used to get a SimGrid actor of its own, created when it started and
// destroyed when it ended; at 100,000 jobs that churn (a stack mapped, guarded and freed, a context,
// SimGrid's bookkeeping) was about a fifth of a run's time (docs/performance.md, case (k)). Here an actor
// whose job has ended waits for the next one, so a run creates as many job actors as jobs ever ran at once.

#include <functional>
#include <memory>
#include <simgrid/s4u/Actor.hpp>
#include <simgrid/s4u/ConditionVariable.hpp>
#include <simgrid/s4u/Host.hpp>
#include <simgrid/s4u/Mutex.hpp>
#include <string>
#include <vector>

namespace wattsim::sim {

class JobWorkers {
public:
  explicit JobWorkers(simgrid::s4u::Host* host) : host_(host) {}
  JobWorkers(const JobWorkers&) = delete;
  JobWorkers& operator=(const JobWorkers&) = delete;

  /// Runs `body` on an idle worker, or on a new one (named `name`) when all are busy; true if it created
  /// one. Call it from an actor: the worker starts in the same scheduling round, after the caller
  /// yields, as a new actor would.
  bool run(const std::string& name, std::function<void()> body);
  /// No more jobs will come: idle workers end now, busy ones when their job ends.
  void close();

private:
  struct Worker {
    simgrid::s4u::MutexPtr mutex = simgrid::s4u::Mutex::create();
    simgrid::s4u::ConditionVariablePtr wake = simgrid::s4u::ConditionVariable::create();
    std::function<void()> body; ///< the job to run; empty while idle
  };
  void serve(Worker& w);

  simgrid::s4u::Host* host_;
  std::vector<std::unique_ptr<Worker>> workers_;
  std::vector<Worker*> idle_;
  bool closed_ = false;
};

} // namespace wattsim::sim
