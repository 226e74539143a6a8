#include "sim/training_run.hpp"

#include "sim/scheduler.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <limits>
#include <simgrid/Exception.hpp>
#include <simgrid/s4u/Actor.hpp>
#include <simgrid/s4u/Engine.hpp>
#include <simgrid/s4u/Host.hpp>

namespace wattsim::sim {

namespace sg4 = simgrid::s4u;

namespace {
constexpr double kInf = std::numeric_limits<double>::infinity();
// Progress that falls short of a target by less than this (seconds of work) has reached it: the
// wake-up time was computed from the same rate, so only rounding separates them.
constexpr double kWorkTolerance_s = 1e-6;

models::CheckpointStorage storage_of(const Scenario& sc, const CheckpointSpec& ck) {
  models::CheckpointStorage st;
  st.write_bandwidth_bytes_s = sc.cluster.storage.write_bandwidth_bytes_s;
  st.read_bandwidth_bytes_s = sc.cluster.storage.read_bandwidth_bytes_s;
  st.node_bandwidth_bytes_s = sc.cluster.storage.node_bandwidth_bytes_s > 0 ? sc.cluster.storage.node_bandwidth_bytes_s : kInf;
  st.host_copy_bandwidth_bytes_s = ck.host_copy_bandwidth_bytes_s;
  st.fixed_overhead_s = ck.fixed_overhead_s;
  return st;
}
} // namespace

TrainingRun::TrainingRun(Context& ctx, std::size_t job, std::vector<NodeId> nodes)
    : JobBase(ctx, job, std::move(nodes)), train_(*spec_.training()), throttle_(ctx.throttle_level), thermal_level_(ctx.throttle_level),
      mutex_(sg4::Mutex::create()), cv_(sg4::ConditionVariable::create()) {
  const auto& states = ctx_.cluster.states(spec_.partition);
  for (int level = 0; level <= states.throttle_levels(); ++level)
    train_states_.push_back(states.find(states.training_op(train_.activity, level)));
  joining_ = nodes_;
}

double TrainingRun::planned_duration_s(const Context& ctx, std::size_t job) {
  const auto& spec = ctx.scenario.jobs[job];
  const auto& states = ctx.cluster.states(spec.partition);
  const PState train = states.find(states.training_op(spec.training()->activity));
  return spec.training()->work_s / states.power(train).throughput;
}

void TrainingRun::register_operating_points(const JobSpec& job, PowerStates& states) {
  for (int level = 0; level <= states.throttle_levels(); ++level)
    states.add(states.training_op(job.training()->activity, level));
}

void TrainingRun::describe(const JobSpec& job, JobRecord& record) { record.work_s = job.training()->work_s; }

bool TrainingRun::uses_storage(const JobSpec& job) { return job.training()->checkpoint.enabled(); }

int TrainingRun::gpus() const {
  return static_cast<int>(nodes_.size()) * ctx_.scenario.cluster.partitions[spec_.partition].system.accelerators_per_node;
}

models::JobFootprint TrainingRun::footprint() const {
  // A job holding no node draws from a one-node footprint and discards those draws (run()): the
  // sampler needs a non-empty job, and a job without hardware cannot be interrupted by it.
  const int per_node = ctx_.scenario.cluster.partitions[spec_.partition].system.accelerators_per_node;
  return models::JobFootprint::of_nodes(std::max<std::int64_t>(1, static_cast<std::int64_t>(nodes_.size())), per_node);
}

models::JobFootprint TrainingRun::full_footprint() const {
  const int per_node = ctx_.scenario.cluster.partitions[spec_.partition].system.accelerators_per_node;
  return models::JobFootprint::of_nodes(spec_.nodes, per_node);
}

void TrainingRun::sync_footprint(double now) {
  // Only the hardware a job holds can interrupt it: the failure rate follows its node count.
  if (!sampler_ || sampler_->footprint().nodes == footprint().nodes)
    return;
  const double t = now - failure_origin_t_;
  if (t >= sampler_->now_s() && t <= sampler_->peek_time_s()) {
    sampler_->set_footprint(footprint(), t);
  }
}

double TrainingRun::train_speed() const {
  const auto& states = ctx_.cluster.states(spec_.partition);
  // A shrunk job runs with fewer data-parallel replicas: proportionally slower.
  return states.power(state_for(Phase::train)).throughput * static_cast<double>(nodes_.size()) / spec_.nodes;
}

double TrainingRun::rate() const { return phase_ == Phase::train ? train_speed() : 0.0; }

void TrainingRun::advance_progress(double now) {
  progress_s_ = std::min(train_.work_s, progress_s_ + rate() * (now - progress_t_));
  progress_t_ = now;
}

PState TrainingRun::state_for(Phase phase) const {
  const auto& states = ctx_.cluster.states(spec_.partition);
  switch (phase) {
  case Phase::checkpoint_copy:
    // A copy shorter than one iteration is below the training phase's own time resolution (the
    // phase already averages compute and communication over iterations): the nodes keep the training
    // power state; the time still counts as checkpoint stall.
    return short_stall_ ? train_states_[static_cast<std::size_t>(throttle_)] : states.waiting;
  case Phase::train:
    return train_states_[static_cast<std::size_t>(throttle_)];
  case Phase::boot:
    return states.booting;
  case Phase::hold:
  case Phase::wait_spare:
  case Phase::reallocate:
  case Phase::preempted:
  case Phase::done:
    return states.idle; // processes torn down: the job holds the nodes, they idle
  default:
    return states.waiting; // context resident: checkpoint stall, hung collectives, start-up, loading
  }
}

GpuUse TrainingRun::use_for(Phase phase) const {
  switch (phase) {
  case Phase::train:
    return GpuUse::productive;
  case Phase::checkpoint_stall:
  case Phase::checkpoint_copy:
    return GpuUse::checkpoint;
  default:
    return GpuUse::restart;
  }
}

void TrainingRun::apply_state(Phase phase) {
  if (nodes_.empty())
    return;
  // One change of the job's group, whatever its size; newcomers join it on the way.
  ctx_.cluster.apply_job(static_cast<int>(job_), state_for(phase), joining_);
  joining_.clear();
}

void TrainingRun::enter(Phase phase, double duration_s) {
  const double now = sg4::Engine::get_clock();
  advance_progress(now);
  timeline_.begin(now, use_for(phase), gpus(), ctx_.ledger.job_energy_at(job_, now));
  const bool same_state = phase_ != Phase::done && state_for(phase_) == state_for(phase);
  phase_ = phase;
  phase_started_t_ = now;
  phase_end_s_ = duration_s >= 0 ? now + duration_s : -1.0;
  if (!same_state)
    apply_state(phase);
  // The timeline's energy at `now` was read before the new state applied: both sides of the boundary
  // are consistent because the ledger integrates up to `now` before any change.
}

void TrainingRun::event(EventRecord e) {
  e.job = spec_.name;
  if (ctx_.scenario.outputs.events)
    ctx_.result.events.push_back(std::move(e));
}

void TrainingRun::plan_checkpoint_interval() {
  auto& stats = ctx_.result.jobs[job_].training;
  const double mtti = sampler_ ? sampler_->model().job_mtti_s(nodes_.empty() ? full_footprint() : footprint()) : kInf;
  stats.mtti_s = mtti;
  if (!train_.checkpoint.enabled()) {
    interval_s_ = kInf;
    stats.checkpoint_interval_s = kInf;
    return;
  }
  const auto cost = models::checkpoint_cost(train_.checkpoint.mode, train_.checkpoint.size_bytes,
                                            static_cast<std::int64_t>(nodes_.size()), storage_of(ctx_.scenario, train_.checkpoint));
  interval_s_ = train_.checkpoint.policy.interval_s(cost.stall_s, mtti);
  stats.checkpoint_interval_s = interval_s_;
  if (std::isfinite(mtti)) {
    stats.young_interval_s = models::young_interval_s(cost.stall_s, mtti);
    stats.daly_interval_s = models::daly_interval_s(cost.stall_s, mtti);
    // Daly's expected useful fraction for the interval in use, with R the restart phases that do not
    // depend on repairs (detection, reallocation, initialization, checkpoint load at full bandwidth).
    if (std::isfinite(interval_s_)) {
      const auto& r = train_.restart;
      const double load_s = models::checkpoint_load_time_s(train_.checkpoint.restart_read_bytes,
                                                           static_cast<std::int64_t>(nodes_.size()),
                                                           storage_of(ctx_.scenario, train_.checkpoint));
      const double restart_s = r.detection_s + r.reallocation_s + r.initialization_s + load_s;
      stats.daly_expected_ettr = models::daly_useful_fraction(interval_s_, cost.stall_s, restart_s, mtti);
    }
  }
}

double TrainingRun::next_wake(double now) const {
  double t = walltime_end_s_;
  if (sampler_)
    t = std::min(t, failure_origin_t_ + sampler_->peek_time_s());
  if (phase_end_s_ >= 0)
    t = std::min(t, phase_end_s_);
  if (phase_ == Phase::train) {
    const double r = rate();
    if (r > 0) {
      t = std::min(t, now + (train_.work_s - progress_s_) / r);
      // A new checkpoint waits for the previous asynchronous write to drain.
      if (std::isfinite(interval_s_) && io_ == Io::none)
        t = std::min(t, now + std::max(0.0, next_checkpoint_s_ - progress_s_) / r);
    }
  }
  return t;
}

void TrainingRun::run() {
  std::unique_lock lock(*mutex_);
  auto& record = ctx_.result.jobs[job_];
  const double start = sg4::Engine::get_clock();
  progress_t_ = start;
  // The requested walltime counts from the allocation (boot included), as batch schedulers count it.
  if (ctx_.scenario.scheduler.kill_at_walltime && spec_.walltime_s > 0)
    walltime_end_s_ = start + spec_.walltime_s;

  // Powered-off nodes boot first; the others hold the job's context and wait for them.
  std::vector<NodeId> cold, warm;
  for (NodeId n : nodes_)
    (ctx_.cluster.pstate(n) == kOff ? cold : warm).push_back(n);
  if (!cold.empty()) {
    const auto& states = ctx_.cluster.states(spec_.partition);
    timeline_.begin(start, GpuUse::restart, gpus(), ctx_.ledger.job_energy_at(job_, start));
    ctx_.cluster.apply({{cold, states.booting, static_cast<int>(job_)}, {warm, states.waiting, static_cast<int>(job_)}});
    joining_.clear();
    phase_ = Phase::boot;
    phase_end_s_ = start + ctx_.scenario.scheduler.boot_s;
  }
  auto begin_training = [&](double now) {
    record.start_s = now;
    record.throughput = ctx_.cluster.states(spec_.partition).power(state_for(Phase::train)).throughput;
    record.failure_free_s = planned_duration_s(ctx_, job_);
    if (ctx_.scenario.cluster.reliability.enabled && spec_.failures) {
      sampler_.emplace(ctx_.scenario.cluster.reliability.failures, footprint(),
                       models::RandomStream(ctx_.scenario.seed, "failures/" + spec_.name));
      repair_rng_.emplace(ctx_.scenario.seed, "repairs/" + spec_.name);
      failure_origin_t_ = now;
    }
    record.training.checkpoint_bytes = train_.checkpoint.size_bytes;
    resume_training(now);
  };
  if (cold.empty())
    begin_training(start);

  while (phase_ != Phase::done) {
    double now = sg4::Engine::get_clock();
    const double wake = next_wake(now);
    if (!io_done_ && !kill_pending_ && wake > now) {
      if (std::isinf(wake))
        cv_->wait(lock);
      else
        cv_->wait_until(lock, wake);
    }
    now = sg4::Engine::get_clock();
    advance_progress(now);
    // A job whose work ends exactly at its limit completes.
    const bool work_done = phase_ == Phase::train && train_.work_s - progress_s_ <= kWorkTolerance_s * std::max(1.0, rate());
    if (kill_pending_) {
      kill_pending_ = false;
      give_up_nodes(now);
    } else if (now >= walltime_end_s_ && !work_done) {
      kill_at_walltime(now);
    } else if (io_done_) {
      io_done_ = false;
      on_io_done(now);
    } else if (sampler_ && now >= failure_origin_t_ + sampler_->peek_time_s()) {
      if (nodes_.empty())
        sampler_->next(); // nothing held, nothing to fail
      else
        on_interruption(now);
    } else if (phase_end_s_ >= 0 && now >= phase_end_s_) {
      if (phase_ == Phase::boot)
        begin_training(now);
      else
        on_phase_end(now);
    } else if (phase_ == Phase::wait_spare && lost_nodes_ == 0) {
      restart_.wait_for_spare_s += now - phase_started_t_;
      after_restart_phase(now);
    } else if (phase_ == Phase::train) {
      const double r = rate();
      if (train_.work_s - progress_s_ <= kWorkTolerance_s * std::max(1.0, r))
        finish_job(now);
      else if (std::isfinite(interval_s_) && io_ == Io::none && next_checkpoint_s_ - progress_s_ <= kWorkTolerance_s * std::max(1.0, r))
        start_checkpoint(now, false);
    }
    sync_footprint(now);
  }
}

void TrainingRun::resume_training(double now) {
  if (preempt_restart_) {
    preempt_restart_ = false;
    close_preemption_mark(now, ctx_.result.jobs[job_].training.preemption_restart_gpu_s);
  }
  if (restart_started_t_ >= 0) {
    restart_.time_s = now;
    restart_.kind = "restart";
    restart_.duration_s = now - restart_started_t_;
    event(restart_);
    restart_started_t_ = -1;
    restart_ = {};
  }
  plan_checkpoint_interval();
  // The interval is compute time; in work units it is scaled by the speed.
  next_checkpoint_s_ = std::isfinite(interval_s_) ? progress_s_ + interval_s_ * train_speed() : kInf;
  enter(Phase::train);
}

void TrainingRun::start_checkpoint(double now, bool then_stop) {
  checkpoint_started_t_ = now;
  stop_after_checkpoint_ = then_stop;
  const auto& ck = train_.checkpoint;
  if (ck.mode == models::CheckpointMode::synchronous || then_stop) {
    enter(Phase::checkpoint_stall);
    start_io(Io::write_sync, ck.size_bytes);
  } else {
    // Asynchronous: the job stops only to copy its shards to host memory (models/training/checkpoint).
    const auto cost = models::checkpoint_cost(ck.mode, ck.size_bytes, static_cast<std::int64_t>(nodes_.size()),
                                              storage_of(ctx_.scenario, ck));
    short_stall_ = cost.stall_s < (train_.iteration_s > 0 ? train_.iteration_s : 1.0);
    enter(Phase::checkpoint_copy, cost.stall_s);
  }
}

void TrainingRun::on_io_done(double now) {
  auto& stats = ctx_.result.jobs[job_].training;
  const Io done = io_;
  io_ = Io::none;
  io_comm_ = nullptr;
  switch (done) {
  case Io::write_sync: {
    durable_s_ = progress_s_;
    timeline_.mark_durable(now);
    ++stats.checkpoints;
    stats.checkpoint_stall_s += now - checkpoint_started_t_;
    EventRecord e;
    e.time_s = checkpoint_started_t_;
    e.kind = "checkpoint";
    e.duration_s = now - checkpoint_started_t_;
    e.bytes = train_.checkpoint.size_bytes;
    event(e);
    if (stop_after_checkpoint_) {
      // A planned interruption: the state is saved, the job stops for the maintenance window (or, for
      // a demand response pause, until the event ends; for a preemption, until it has nodes again).
      stop_after_checkpoint_ = false;
      if (preempting_) {
        give_up_nodes(now);
        break;
      }
      if (pause_until_s_ >= 0) {
        hold_s_ = std::max(0.0, pause_until_s_ - now);
        pause_until_s_ = -1;
      } else {
        restart_started_t_ = now;
        restart_ = {};
      }
      after_hold_or_hold(now);
    } else {
      resume_training(now);
    }
    break;
  }
  case Io::write_async: {
    durable_s_ = pending_durable_s_;
    timeline_.mark_durable(pending_durable_t_);
    ++stats.checkpoints;
    break;
  }
  case Io::read:
    restart_.load_s += now - phase_started_t_;
    resume_training(now);
    break;
  case Io::none:
    break;
  }
}

void TrainingRun::on_phase_end(double now) {
  const double spent = now - phase_started_t_;
  switch (phase_) {
  case Phase::checkpoint_copy: {
    // The copy is in host memory: training resumes while the write drains to storage.
    auto& stats = ctx_.result.jobs[job_].training;
    stats.checkpoint_stall_s += spent;
    pending_durable_s_ = progress_s_;
    pending_durable_t_ = checkpoint_started_t_;
    EventRecord e;
    e.time_s = checkpoint_started_t_;
    e.kind = "checkpoint";
    e.duration_s = spent;
    e.bytes = train_.checkpoint.size_bytes;
    event(e);
    start_io(Io::write_async, train_.checkpoint.size_bytes);
    next_checkpoint_s_ = progress_s_ + interval_s_ * train_speed();
    enter(Phase::train);
    break;
  }
  case Phase::detect:
    restart_.detection_s += spent;
    after_hold_or_hold(now);
    break;
  case Phase::hold:
    restart_.hold_s += spent;
    after_hold(now);
    break;
  case Phase::reallocate:
    restart_.reallocation_s += spent;
    enter(Phase::initialize, train_.restart.initialization_s);
    break;
  case Phase::initialize: {
    restart_.initialization_s += spent;
    const double bytes = durable_s_ > 0 ? train_.checkpoint.restart_read_bytes : 0.0;
    if (bytes > 0 && ctx_.platform.job_io[job_]) {
      enter(Phase::load);
      start_io(Io::read, bytes);
    } else {
      resume_training(now);
    }
    break;
  }
  default:
    break;
  }
}

void TrainingRun::after_hold_or_hold(double now) {
  if (hold_s_ > 0) {
    const double h = hold_s_;
    hold_s_ = 0;
    enter(Phase::hold, h);
  } else {
    after_hold(now);
  }
}

void TrainingRun::after_hold(double now) {
  // Replace nodes taken out: spares first; without one, wait for a repair (or shrink, if allowed).
  while (lost_nodes_ > 0) {
    auto spare = ctx_.scheduler->take_spare(spec_.partition);
    if (!spare)
      break;
    nodes_.push_back(*spare);
    joining_.push_back(*spare);
    --lost_nodes_;
  }
  if (lost_nodes_ > 0) {
    if (train_.restart.shrink_when_no_spare && !nodes_.empty()) {
      lost_nodes_ = 0; // carry on with fewer data-parallel replicas
    } else {
      ctx_.scheduler->wait_for_node(spec_.partition, this);
      enter(Phase::wait_spare);
      return;
    }
  }
  after_restart_phase(now);
}

void TrainingRun::after_restart_phase(double /*now*/) {
  // Re-allocation; a node that was powered off (a cold spare) needs its boot time too.
  // Only a newcomer can be off: the job's own nodes never are.
  bool cold = false;
  for (NodeId n : joining_)
    cold |= ctx_.cluster.pstate(n) == kOff;
  const double t = cold ? std::max(train_.restart.reallocation_s, ctx_.scenario.scheduler.boot_s) : train_.restart.reallocation_s;
  enter(Phase::reallocate, t);
}

void TrainingRun::give_node(NodeId n) {
  nodes_.push_back(n);
  joining_.push_back(n);
  --lost_nodes_;
  cv_->notify_all();
}

void TrainingRun::wake() { cv_->notify_all(); }

void TrainingRun::set_throttle(int level) {
  thermal_level_ = level;
  apply_level();
}

void TrainingRun::set_budget_level(int level) {
  budget_level_ = level;
  apply_level();
}

void TrainingRun::apply_level() {
  const int level = std::max(thermal_level_, budget_level_);
  if (level == throttle_)
    return;
  advance_progress(sg4::Engine::get_clock()); // the work so far at the old speed
  throttle_ = level;
  if (phase_ == Phase::train)
    apply_state(Phase::train);
  cv_->notify_all(); // the end of the work moved: re-plan
}

double TrainingRun::work_left_s(double now) const {
  return std::max(0.0, train_.work_s - (progress_s_ + rate() * (now - progress_t_)));
}

double TrainingRun::pause_checkpoint_s() const {
  return models::checkpoint_write_time_s(train_.checkpoint.size_bytes, static_cast<std::int64_t>(std::max<std::size_t>(1, nodes_.size())),
                                         storage_of(ctx_.scenario, train_.checkpoint));
}

double TrainingRun::pause_restart_s() const {
  const auto& r = train_.restart;
  return r.reallocation_s + r.initialization_s +
         models::checkpoint_load_time_s(train_.checkpoint.restart_read_bytes,
                                        static_cast<std::int64_t>(std::max<std::size_t>(1, nodes_.size())),
                                        storage_of(ctx_.scenario, train_.checkpoint));
}

bool TrainingRun::pause_until(double until_s, const char* cause) {
  const double now = sg4::Engine::get_clock();
  // Only a job training now can stop at a checkpoint; one already checkpointing or restarting is left
  // alone (it draws less than training anyway).
  if (phase_ != Phase::train || !train_.checkpoint.enabled() || !ctx_.platform.job_io[job_] || io_ != Io::none ||
      until_s <= now)
    return false;
  advance_progress(now);
  EventRecord e;
  e.time_s = now;
  e.kind = "pause";
  e.cause = cause;
  e.duration_s = until_s - now;
  event(e);
  pause_until_s_ = until_s;
  hold_s_ = 0;
  restart_started_t_ = now;
  restart_ = {};
  start_checkpoint(now, true);
  cv_->notify_all();
  return true;
}

int TrainingRun::preempt(const std::string& by) {
  const double now = sg4::Engine::get_clock();
  // As a demand response pause: only a job training now, with no checkpoint in flight, stops at one; a
  // job killed on preemption need only be training.
  const bool kill = train_.preempt_kill;
  if (!train_.preemptible || phase_ != Phase::train || nodes_.empty() ||
      (!kill && (!ctx_.platform.job_io[job_] || io_ != Io::none)))
    return 0;
  advance_progress(now);
  auto& stats = ctx_.result.jobs[job_].training;
  ++stats.preemptions;
  EventRecord e;
  e.time_s = now;
  e.kind = "preemption";
  e.cause = by;
  if (kill) {
    // The work since the last durable checkpoint is lost, as in an interruption; an asynchronous
    // checkpoint still being written is abandoned.
    e.lost_gpu_hours = (progress_s_ - durable_s_) * spec_.accelerators / 3600.0;
    stats.lost_work_gpu_hours += e.lost_gpu_hours;
    cancel_io();
    progress_s_ = durable_s_;
    timeline_.begin(now, GpuUse::restart, gpus(), ctx_.ledger.job_energy_at(job_, now));
    timeline_.mark_lost();
  }
  event(e);
  preempting_ = true;
  pause_until_s_ = -1;
  hold_s_ = 0;
  // The walltime counts the time the job holds nodes: it stops until the job resumes.
  walltime_left_ = walltime_end_s_ - now;
  walltime_end_s_ = kInfinity;
  mark_t_ = now;
  mark_energy_j_ = ctx_.ledger.job_energy_at(job_, now);
  mark_gpus_ = gpus();
  // Counted now: the job's actor may give the nodes up before this returns (it runs at this actor's next
  // simcall; the scheduler holds the hand-over until it has booked the loan).
  const auto freed = static_cast<int>(nodes_.size());
  if (kill)
    kill_pending_ = true;
  else
    start_checkpoint(now, true);
  cv_->notify_all();
  return freed;
}

void TrainingRun::close_preemption_mark(double now, double& gpu_s) {
  gpu_s += (now - mark_t_) * mark_gpus_;
  ctx_.result.jobs[job_].training.preemption_energy_j += ctx_.ledger.job_energy_at(job_, now) - mark_energy_j_;
  mark_t_ = now;
  mark_energy_j_ = ctx_.ledger.job_energy_at(job_, now);
}

void TrainingRun::give_up_nodes(double now) {
  auto& stats = ctx_.result.jobs[job_].training;
  preempting_ = false;
  close_preemption_mark(now, stats.preemption_checkpoint_gpu_s);
  // The restart event, when the job trains again, covers the wait and the restart phases.
  restart_started_t_ = now;
  restart_ = {};
  restart_.cause = "preemption";
  preempted_t_ = now;
  const std::vector<NodeId> nodes = std::move(nodes_);
  nodes_.clear();
  joining_.clear();
  lost_nodes_ = 0; // a node a failure took is the scheduler's when repaired
  ctx_.cluster.apply(nodes, ctx_.cluster.states(spec_.partition).idle, -1);
  enter(Phase::preempted); // holding no GPU: the timeline counts wall time, no GPU time
  ctx_.scheduler->preempted(job_, nodes);
}

void TrainingRun::resume(std::vector<NodeId> nodes) {
  const double now = sg4::Engine::get_clock();
  ctx_.result.jobs[job_].training.preempted_s += now - preempted_t_;
  restart_.hold_s += now - preempted_t_;
  preempted_t_ = -1;
  nodes_ = std::move(nodes);
  joining_ = nodes_;
  walltime_end_s_ = now + walltime_left_;
  // The restart as after a failure: re-allocation (a boot on powered-off nodes), initialization and
  // the checkpoint load, then training from the checkpoint.
  preempt_restart_ = true;
  mark_t_ = now;
  mark_energy_j_ = ctx_.ledger.job_energy_at(job_, now);
  mark_gpus_ = gpus();
  after_restart_phase(now);
  cv_->notify_all();
}

void TrainingRun::on_interruption(double now) {
  auto& stats = ctx_.result.jobs[job_].training;
  if (preempt_restart_) {
    // The restart after a preemption ends here; the one after this failure is the failure's.
    preempt_restart_ = false;
    close_preemption_mark(now, stats.preemption_restart_gpu_s);
  }
  const auto intr = sampler_->next();
  const auto& process = sampler_->process(intr.process);
  const bool planned = process.category == models::FailureCategory::planned;
  ++stats.interruptions;
  ++(planned ? stats.planned : stats.unexpected);
  ++stats.by_cause[process.name];
  ++stats.by_category[std::string(models::to_string(process.category))];

  EventRecord e;
  e.time_s = now;
  e.kind = "interruption";
  e.cause = process.name;
  e.category = std::string(models::to_string(process.category));

  // Planned work during training first saves the state: nothing is lost.
  if (planned && phase_ == Phase::train && train_.checkpoint.enabled() && ctx_.platform.job_io[job_] && io_ == Io::none) {
    event(e);
    hold_s_ = ctx_.scenario.cluster.reliability.repairs.sample_s(process, *repair_rng_);
    start_checkpoint(now, true);
    return;
  }

  const double lost_s = progress_s_ - durable_s_;
  e.lost_gpu_hours = lost_s * spec_.accelerators / 3600.0;
  stats.lost_work_gpu_hours += e.lost_gpu_hours;
  cancel_io();
  progress_s_ = durable_s_;
  stop_after_checkpoint_ = false;
  pause_until_s_ = -1; // a failure ends a demand response pause: the job restarts as after any failure
  if (restart_started_t_ < 0) {
    restart_started_t_ = now;
    restart_ = {};
  }
  // Close the interrupted phase at `now`, then discard the tentative work.
  timeline_.begin(now, GpuUse::restart, gpus(), ctx_.ledger.job_energy_at(job_, now));
  timeline_.mark_lost();
  if (process.takes_node_down && !nodes_.empty()) {
    const auto index = static_cast<std::size_t>(intr.node_index) % nodes_.size();
    e.node = ctx_.cluster.host_name(nodes_[index]);
    take_node_down(static_cast<std::int64_t>(index), process, now);
    ++stats.node_failures;
    hold_s_ = 0;
  } else {
    hold_s_ = ctx_.scenario.cluster.reliability.repairs.sample_s(process, *repair_rng_);
  }
  event(e);
  if (preempting_) {
    // The failure ended the preemption checkpoint: the state is the last durable checkpoint's, and the
    // nodes go to the service at once.
    give_up_nodes(now);
    return;
  }
  if (phase_ == Phase::wait_spare)
    ctx_.scheduler->stop_waiting(this);
  enter(Phase::detect, train_.restart.detection_s);
}

void TrainingRun::take_node_down(std::int64_t index, const models::FailureProcess& process, double now) {
  const NodeId node = nodes_[static_cast<std::size_t>(index)];
  // The last node takes its place: O(1), and the order of the others does not matter.
  nodes_[static_cast<std::size_t>(index)] = nodes_.back();
  nodes_.pop_back();
  std::erase(joining_, node);
  ++lost_nodes_;
  ctx_.cluster.apply(std::span<const NodeId>(&node, 1), kOff, -1);
  ctx_.scheduler->node_failed(node);
  const double repair_s = ctx_.scenario.cluster.reliability.repairs.sample_s(process, *repair_rng_);
  Context* ctx = &ctx_;
  ++ctx_.result.counters.actors;
  // The repair: the node stays off, then comes back as a spare (or straight to a job waiting for one).
  sg4::Actor::create("repair", ctx_.platform.controller, [ctx, node, repair_s, now] {
    guarded(*ctx, [&] {
      sg4::this_actor::sleep_for(repair_s);
      ctx->cluster.apply(std::span<const NodeId>(&node, 1), ctx->cluster.states(ctx->cluster.node(node).partition).idle, -1);
      if (ctx->scenario.outputs.events) {
        EventRecord e;
        e.time_s = sg4::Engine::get_clock();
        e.kind = "repair";
        e.node = ctx->cluster.host_name(node);
        e.duration_s = e.time_s - now;
        ctx->result.events.push_back(std::move(e));
      }
      ctx->scheduler->node_repaired(node);
    });
  })->daemonize();
}

void TrainingRun::start_io(Io kind, double bytes) {
  io_ = kind;
  io_done_ = false;
  if (bytes <= 0 || !ctx_.platform.job_io[job_]) {
    io_done_ = true; // nothing to move
    return;
  }
  auto* from = kind == Io::read ? ctx_.platform.storage : ctx_.platform.job_io[job_];
  auto* to = kind == Io::read ? ctx_.platform.job_io[job_] : ctx_.platform.storage;
  io_comm_ = sg4::Comm::sendto_init(from, to)->set_payload_size(static_cast<std::uint64_t>(bytes));
  const unsigned generation = ++io_generation_;
  auto comm = io_comm_;
  ++ctx_.result.counters.actors;
  // A watcher per transfer wakes the job when it completes; a cancelled transfer wakes nobody.
  sg4::Actor::create(spec_.name + "-io", ctx_.platform.controller, [this, comm, generation] {
    try {
      comm->start();
      comm->wait();
    } catch (const simgrid::Exception&) {
      return;
    }
    if (generation == io_generation_) {
      io_done_ = true;
      cv_->notify_all();
    }
  })->daemonize();
}

void TrainingRun::cancel_io() {
  if (io_ == Io::none)
    return;
  ++io_generation_;
  if (io_comm_ && !io_comm_->test())
    io_comm_->cancel();
  io_comm_ = nullptr;
  io_ = Io::none;
  io_done_ = false;
}

void TrainingRun::finish_job(double now) {
  cancel_io();
  auto& record = ctx_.result.jobs[job_];
  record.end_s = now;
  record.progress = 1.0;
  phase_ = Phase::done;
  ctx_.cluster.apply(nodes_, ctx_.cluster.states(spec_.partition).idle, -1);
  finish_at(now);
  ctx_.scheduler->release(job_, nodes_);
}

void TrainingRun::kill_at_walltime(double now) {
  // Killed at its limit: work since the last durable checkpoint is lost, the nodes go back idle.
  cancel_io();
  auto& record = ctx_.result.jobs[job_];
  record.killed_s = now;
  timeline_.begin(now, GpuUse::restart, gpus(), ctx_.ledger.job_energy_at(job_, now));
  timeline_.mark_lost();
  if (phase_ == Phase::wait_spare)
    ctx_.scheduler->stop_waiting(this);
  finish_at(now);
  record.progress = std::min(1.0, durable_s_ / train_.work_s);
  phase_ = Phase::done;
  ctx_.cluster.apply(nodes_, ctx_.cluster.states(spec_.partition).idle, -1);
  ctx_.scheduler->release(job_, nodes_);
}

void TrainingRun::finish_at(double t_end) {
  advance_progress(t_end);
  auto& stats = ctx_.result.jobs[job_].training;
  if (preempted_t_ >= 0)
    stats.preempted_s += t_end - preempted_t_; // still waiting for its nodes at the horizon
  if (preempting_)
    close_preemption_mark(t_end, stats.preemption_checkpoint_gpu_s);
  if (preempt_restart_)
    close_preemption_mark(t_end, stats.preemption_restart_gpu_s);
  timeline_.finish(t_end, ctx_.ledger.job_energy_at(job_, t_end));
  if (phase_ != Phase::done)
    ctx_.result.jobs[job_].progress = std::min(1.0, progress_s_ / train_.work_s);
}

} // namespace wattsim::sim
