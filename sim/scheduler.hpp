#pragma once
// The scheduler actor: a queue of submitted jobs placed on free nodes; which waiting jobs start is the
// queue policy's choice (sim/queue_policy.hpp), which nodes they get the placement's
// (sim/placement.hpp). Idle nodes stay idle, or power off after a
// while when the scenario says so.

#include "sim/context.hpp"
#include "sim/flexible_runs.hpp"
#include "sim/job.hpp"
#include "sim/job_workers.hpp"
#include "sim/node_pool.hpp"
#include "sim/queue_policy.hpp"
#include "sim/site_power.hpp"

#include "models/common/step_series.hpp"

#include <deque>
#include <map>
#include <optional>
#include <set>
#include <tuple>
#include <utility>
#include <memory>
#include <simgrid/s4u/ConditionVariable.hpp>
#include <simgrid/s4u/Mutex.hpp>
#include <vector>

namespace wattsim::sim {

class Scheduler : private QueueView {
public:
  explicit Scheduler(Context& ctx);

  /// The actor body.
  void run();
  /// A job's nodes come back (called from the job's actor).
  void release(std::size_t job, const std::vector<NodeId>& nodes);

  /// A replacement node for a job that lost one: a spare, else any free node of the partition.
  std::optional<NodeId> take_spare(std::size_t partition);
  /// The job is called back (Job::give_node) when a node of the partition is back from repair.
  void wait_for_node(std::size_t partition, Job* run);
  void stop_waiting(Job* run);
  /// A node went to repair (it comes back through node_repaired).
  void node_failed(NodeId node);
  /// A node is back from repair: to the first job waiting for one, else to the spare pool.
  void node_repaired(NodeId node);

  // Preemption (docs/engine.md, "Preemption"): an inference service with `preempt` borrows nodes of its
  // partition beyond those it holds; without free ones, preemptible training jobs give theirs up.
  struct Loan {
    std::vector<NodeId> now; ///< free nodes, the borrower's at once
    int coming = 0;          ///< nodes it gets later (Job::lend), once preempted jobs' checkpoints are written
    int preempted = 0;       ///< training jobs preempted for it
  };
  /// Service `job` (its object `borrower`) asks for `nodes` more nodes of `partition`.
  Loan borrow(std::size_t job, Job* borrower, std::size_t partition, int nodes);
  /// The borrower no longer wants `nodes` of the nodes still coming to it.
  void cancel_borrow(Job* borrower, std::size_t partition, int nodes);
  /// Borrowed nodes come back (the service scaled down): a preempted job may resume on them.
  void return_borrowed(std::size_t partition, const std::vector<NodeId>& nodes);
  /// A preempted job's checkpoint is written: its nodes go to the services promised them, the rest to
  /// the pool; the job waits at the head of its partition until it fits again (Job::resume).
  void preempted(std::size_t job, const std::vector<NodeId>& nodes);

  [[nodiscard]] std::size_t queued() const { return queue_.size(); }
  [[nodiscard]] std::size_t running() const { return running_; }

private:
  void admit_submissions(double now);
  void schedule(double now);
  // What the queue policy sees (QueueView).
  [[nodiscard]] double now() const override { return now_; }
  [[nodiscard]] const JobSpec& spec(std::size_t job) const override { return ctx_.scenario.jobs[job]; }
  [[nodiscard]] double walltime_s(std::size_t job) const override;
  [[nodiscard]] std::size_t free_nodes(std::size_t partition) const override { return pools_[partition].free_count(); }
  [[nodiscard]] const std::multimap<double, std::size_t>& releases(std::size_t partition) const override {
    return releases_[partition];
  }
  [[nodiscard]] std::size_t partitions() const override { return pools_.size(); }
  bool try_start(std::size_t job) override;
  /// The requested run time: the job's walltime, or its failure-free duration when none was given.
  [[nodiscard]] double requested_s(std::size_t job) const;
  void power_off_idle(double now);
  /// Free nodes back to the pool (spares to the spares), idle from `now`.
  void give_to_pool(std::size_t partition, const std::vector<NodeId>& nodes, double now);
  /// Preempted jobs resume, in the order they were preempted, as soon as their partition has their nodes free.
  void resume_preempted();
  [[nodiscard]] bool preemptible(std::size_t job) const;
  /// Whether `node` is one of the partition's spares (by id; spares never join the pool).
  [[nodiscard]] bool is_spare(std::size_t partition, NodeId node) const;
  double next_wakeup() const;
  /// A flexible job's start within its slack at the lowest-carbon or cheapest window (scheduler.defer).
  [[nodiscard]] double deferred_start(std::size_t job, double now) const;
  /// When a running flexible job must be done: its submission + slack + requested time.
  [[nodiscard]] double flexible_deadline_s(std::size_t job, double planned_end_s) const;
  void record_queue(double now);

  Context& ctx_;
  std::vector<NodePool> pools_;
  std::vector<std::size_t> submit_order_;
  std::size_t next_submit_ = 0;
  std::deque<std::size_t> queue_;
  std::multimap<double, std::size_t> deferred_; ///< flexible jobs waiting for their chosen start
  models::StepSeries defer_signal_;             ///< the grid signal deferral plans on, over its horizon
  SitePower site_power_;
  FlexibleRuns flexible_runs_; ///< running flexible jobs paused or slowed through high-signal hours
  std::size_t running_ = 0;
  std::size_t done_ = 0;
  double now_ = 0;
  std::vector<std::multimap<double, std::size_t>> releases_; ///< per partition: planned end -> nodes
  std::vector<std::multimap<double, std::size_t>::iterator> release_of_; ///< per job, while running
  struct PowerOff {
    double at;
    std::vector<NodeId> nodes;
  };
  std::deque<PowerOff> power_offs_;
  std::vector<double> idle_since_;
  std::vector<std::set<NodeId>> spares_;              ///< per partition, free spare nodes
  std::vector<std::deque<Job*>> waiting_;             ///< per partition, jobs waiting for a node
  std::vector<std::size_t> in_repair_;                ///< per partition, nodes out for repair
  // Preemption, per partition.
  struct LoanRequest {
    Job* borrower;
    int nodes;
  };
  using PreemptKey = std::tuple<int, double, std::size_t>; ///< priority, -start, job: the first goes first
  std::vector<std::deque<LoanRequest>> loans_;  ///< nodes promised to services, in the order asked
  std::vector<int> promised_;                   ///< their sum
  std::vector<int> incoming_;                   ///< nodes of preempted jobs still writing their checkpoint
  std::vector<std::set<PreemptKey>> preemptible_; ///< running preemptible jobs
  std::vector<std::deque<std::size_t>> preempted_; ///< jobs waiting to resume, at the head of the partition
  std::vector<int> freeing_;                    ///< per job: the nodes its preemption is to give back
  std::vector<double> preempt_start_;           ///< per job: the start its PreemptKey holds
  int borrowing_ = 0;                           ///< borrow() calls in progress: hand-overs wait for their loans
  std::vector<std::pair<std::size_t, std::vector<NodeId>>> handovers_;
  simgrid::s4u::MutexPtr mutex_;
  simgrid::s4u::ConditionVariablePtr wake_;
  JobWorkers workers_; ///< the actors that run the jobs
};

} // namespace wattsim::sim
