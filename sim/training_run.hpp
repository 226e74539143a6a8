#pragma once
// The actor of one training job, as a state machine over phases: train, checkpoint (synchronous
// stall, or asynchronous copy then background write), and after an interruption detection, hold,
// waiting for a spare, re-allocation, initialisation and checkpoint load, then recomputation of the
// work lost. Every phase is one power state of all the job's nodes, applied in one batched call:
// the cost is one event per phase, never one per iteration (docs/engine.md, "Event economy").
//
// The actor sleeps on a condition variable until the earliest of: the end of a timed phase, the next
// interruption (pre-drawn by the failure sampler), the next checkpoint or the end of the work; its I/O
// watcher, the scheduler (a spare arrives) and the facility (throttling changes the speed) wake it.

#include "models/reliability/failure_model.hpp"
#include "sim/job_base.hpp"

#include <limits>
#include <memory>
#include <optional>
#include <simgrid/s4u/Comm.hpp>
#include <simgrid/s4u/ConditionVariable.hpp>
#include <simgrid/s4u/Mutex.hpp>
#include <vector>

namespace wattsim::sim {

class TrainingRun final : public JobBase {
  static constexpr double kInfinity = std::numeric_limits<double>::infinity();

public:
  TrainingRun(Context& ctx, std::size_t job, std::vector<NodeId> nodes);
  void run() override;

  // The kind's entries in the table of job kinds (sim/job_kinds.hpp).
  /// Failure-free wall time of the job on its nodes in the training state.
  static double planned_duration_s(const Context& ctx, std::size_t job);
  /// The training state at each thermal throttling level.
  static void register_operating_points(const JobSpec& job, PowerStates& states);
  static void describe(const JobSpec& job, JobRecord& record);
  /// Checkpoints are written to and read from shared storage.
  static bool uses_storage(const JobSpec& job);

  /// The scheduler hands over a node (a spare, or one back from repair).
  void give_node(NodeId n) override;
  /// Something the job depends on changed (speed of its nodes); it re-plans its next event.
  void wake();
  /// The facility's thermal throttling level changed: training continues under the new cap.
  void set_throttle(int level) override;
  /// The power budget's cap level; the deeper of it and the thermal level applies.
  void set_budget_level(int level) override;
  /// Checkpoint now, hold the nodes idle until `until_s`, then restart from the checkpoint.
  bool pause_until(double until_s, const char* cause) override;
  /// Work left at `now`, in seconds at full throughput (a carbon-aware plan re-plans on it).
  [[nodiscard]] double work_left_s(double now) const;
  /// Whether the job is training now (not booting, checkpointing with a stall, or restarting).
  [[nodiscard]] bool training() const { return phase_ == Phase::train; }
  /// What a pause costs on the job's nodes now: the checkpoint write before it, the restart after it
  /// (re-allocation, initialization, checkpoint load).
  [[nodiscard]] double pause_checkpoint_s() const;
  [[nodiscard]] double pause_restart_s() const;
  /// An inference service needs the nodes: checkpoint, give them back, wait for resume().
  int preempt(const std::string& by) override;
  /// The nodes again after a preemption: restart from the checkpoint on them.
  void resume(std::vector<NodeId> nodes) override;

  [[nodiscard]] std::size_t job() const { return job_; }
  /// Called once the simulation has stopped: settles the timeline at `t_end`.
  void finish_at(double t_end) override;

private:
  enum class Phase { boot, train, checkpoint_stall, checkpoint_copy, detect, hold, wait_spare, reallocate, initialize,
                     load, preempted, done };
  enum class Io { none, write_sync, write_async, read };

  // Phase changes.
  void enter(Phase phase, double duration_s = -1);
  PState state_for(Phase phase) const;
  GpuUse use_for(Phase phase) const;
  void apply_state(Phase phase);

  // Events.
  void on_interruption(double now);
  void on_phase_end(double now);
  void on_io_done(double now);
  void start_checkpoint(double now, bool then_stop);
  void after_hold_or_hold(double now);
  void after_hold(double now);
  void after_restart_phase(double now);
  void resume_training(double now);
  void finish_job(double now);
  void kill_at_walltime(double now);
  void start_io(Io kind, double bytes);
  void cancel_io();
  void take_node_down(std::int64_t node_index, const models::FailureProcess& process, double now);
  /// The preemption checkpoint is written (or a failure ended it): the nodes go back to the scheduler.
  void give_up_nodes(double now);
  /// Adds the GPU time and energy since the preemption mark to `gpu_s` (the checkpoint or the restart).
  void close_preemption_mark(double now, double& gpu_s);

  // Progress bookkeeping.
  void advance_progress(double now);
  double rate() const;        ///< work per second now (0 outside training)
  double train_speed() const; ///< work per second while training
  double next_wake(double now) const;
  void plan_checkpoint_interval();
  int gpus() const;
  [[nodiscard]] models::JobFootprint footprint() const;      ///< the nodes it holds now
  [[nodiscard]] models::JobFootprint full_footprint() const; ///< the nodes it asked for
  void sync_footprint(double now);
  void event(EventRecord e);

  const TrainingSpec& train_;
  /// Nodes given to the job that the cluster does not count as its own yet: they join its group at the
  /// next change of power state (until then they stay as they were, as a spare waits in its pool).
  std::vector<NodeId> joining_;
  std::vector<PState> train_states_; ///< the training state at each throttling level
  int throttle_ = 0;             ///< the level applied: the deeper of the thermal and the budget level
  int thermal_level_ = 0;
  int budget_level_ = 0;
  double pause_until_s_ = -1;    ///< a demand response pause: hold until then once the checkpoint is durable
  void apply_level();
  int lost_nodes_ = 0;          ///< nodes taken out and not yet replaced
  Phase phase_ = Phase::boot;
  double phase_end_s_ = -1;     ///< end of a timed phase; < 0 for phases that end on an event
  double phase_started_t_ = 0;
  bool stop_after_checkpoint_ = false;
  bool short_stall_ = false;    ///< the current checkpoint copy is shorter than an iteration

  double progress_s_ = 0;         ///< work done, in seconds at full throughput
  double durable_s_ = 0;          ///< progress covered by the last checkpoint on storage
  double pending_durable_s_ = 0;  ///< progress of an asynchronous checkpoint still being written
  double pending_durable_t_ = 0;
  double progress_t_ = 0;         ///< time progress was last brought up to date
  double next_checkpoint_s_ = 0;  ///< progress at which the next checkpoint starts
  double interval_s_ = 0;         ///< compute time between checkpoints
  double checkpoint_started_t_ = 0;

  std::optional<models::FailureSampler> sampler_;
  std::optional<models::RandomStream> repair_rng_;
  double failure_origin_t_ = 0;
  double hold_s_ = 0;
  double walltime_end_s_ = kInfinity; ///< the scheduler kills the job here (scheduler.on_walltime: kill)

  // Preemption: the walltime stops while the job has given its nodes up; the GPU time and energy of the
  // checkpoint a preemption asks for, and of the restart after it, are measured from a mark.
  bool preempting_ = false;      ///< writing the checkpoint a preemption asked for
  bool preempt_restart_ = false; ///< restarting after a preemption
  bool kill_pending_ = false;    ///< preempted with on_preemption: kill: give the nodes up now
  double preempted_t_ = -1;      ///< when the nodes went back (-1: not preempted)
  double walltime_left_ = kInfinity;
  double mark_t_ = 0, mark_energy_j_ = 0;
  int mark_gpus_ = 0;

  Io io_ = Io::none;
  bool io_done_ = false;
  unsigned io_generation_ = 0;
  simgrid::s4u::CommPtr io_comm_;

  // The restart in progress: when its phases began, for the restart event.
  double restart_started_t_ = -1;
  EventRecord restart_;

  simgrid::s4u::MutexPtr mutex_;
  simgrid::s4u::ConditionVariablePtr cv_;
};

} // namespace wattsim::sim
