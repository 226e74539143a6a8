#pragma once
// A running job of any kind, as the scheduler, the facility and the results see it. Each kind of
// JobSpec::kind (training, inference service, ...) is one class implementing this interface; the table
// in sim/job_kinds.hpp maps a specification to its class. Nothing outside the kind's own files names
// the class (docs/developing.md, "Adding a job kind").

#include "sim/cluster.hpp"
#include "sim/job_timeline.hpp"

#include <string>
#include <vector>

namespace wattsim::sim {

class Job {
public:
  virtual ~Job() = default;

  /// The actor body: from the job's start on its nodes until it ends (or the horizon stops it).
  virtual void run() = 0;
  /// The scheduler hands over a node the job waited for (a spare, or one back from repair).
  virtual void give_node(NodeId n) = 0;
  /// The facility's thermal throttling level changed: the job continues under the new cap.
  virtual void set_throttle(int level) = 0;
  /// The site's power budget caps the job's GPUs at this throttle level (0: none); the deeper of this
  /// and the thermal level applies. Kinds without cap levels keep their power (the budget books them
  /// at their peak and never asks).
  virtual void set_budget_level(int /*level*/) {}
  /// Demand response (or a carbon- or price-aware plan) asks the job to stop at a checkpoint and hold
  /// its nodes idle until `until_s`; `cause` names who asked, for the event. Returns whether it does
  /// (only a training job in training with checkpoints can).
  virtual bool pause_until(double /*until_s*/, const char* /*cause*/) { return false; }
  /// An inference service of the partition needs the job's nodes (docs/engine.md, "Preemption"): the job
  /// writes a checkpoint, then gives its nodes back (Scheduler::preempted) and waits for resume().
  /// Returns the number of nodes it will give back; 0: it cannot now (only a preemptible training job
  /// in training, not in the middle of a checkpoint, can).
  virtual int preempt(const std::string& /*by*/) { return 0; }
  /// A preempted job gets its nodes again: it restarts from its checkpoint on them.
  virtual void resume(std::vector<NodeId> /*nodes*/) {}
  /// A service that borrowed nodes gets `nodes` of them now; `withdrawn` nodes it was promised will not
  /// come (the job that was to free them lost some to a failure).
  virtual void lend(std::vector<NodeId> /*nodes*/, int /*withdrawn*/) {}
  /// Called once the simulation has stopped: settles what the job reports at `t_end`.
  virtual void finish_at(double t_end) = 0;
  /// Where the job's GPU time went (productive, checkpoint, restart, lost), up to now.
  [[nodiscard]] virtual const JobTimeline& timeline() const = 0;
};

} // namespace wattsim::sim
