#include "sim/flexible_runs.hpp"

#include "sim/job_kinds.hpp"
#include "sim/training_run.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace wattsim::sim {

namespace {
constexpr double kInf = std::numeric_limits<double>::infinity();
}

FlexibleRuns::FlexibleRuns(Context& ctx, const models::StepSeries& signal)
    : ctx_(ctx), signal_(signal), active_(ctx.scenario.scheduler.flex != FlexRun::start &&
                                          ctx.scenario.scheduler.defer != DeferTo::none) {
  if (!active_)
    return; // nothing per job: a 100,000-job trace without flexible runs pays nothing
  const auto& sc = ctx.scenario;
  const std::size_t jobs = sc.jobs.size();
  levels_.resize(jobs);
  deadline_s_.assign(jobs, kInf);
  paused_until_s_.assign(jobs, -1.0);
  level_.assign(jobs, 0);
  level_since_s_.assign(jobs, 0.0);
  due_at_.assign(jobs, -1.0);
  cause_ = sc.scheduler.defer == DeferTo::price ? "price" : "carbon";
  for (std::size_t j = 0; j < jobs; ++j) {
    const auto& spec = sc.jobs[j];
    const auto* train = spec.training();
    if (!train || !(spec.slack_s > 0))
      continue;
    // Each cap level's speed and power above idle, from the node model's capping curve: the planner
    // weighs the power a job adds to its idle nodes (idle is drawn whether it runs or pauses).
    const auto& states = ctx.cluster.states(spec.partition);
    const double idle_w = states.watts(states.idle);
    const int deepest = sc.scheduler.flex_slows() ? states.throttle_levels() : 0;
    const double full = states.power(states.find(states.training_op(train->activity, 0))).throughput;
    for (int l = 0; l <= deepest; ++l) {
      const PState p = states.find(states.training_op(train->activity, l));
      levels_[j].push_back({states.power(p).throughput / full, spec.nodes * std::max(0.0, states.watts(p) - idle_w)});
    }
  }
}

void FlexibleRuns::started(std::size_t job, double deadline_s, double now) {
  if (!active_ || levels_[job].empty())
    return;
  deadline_s_[job] = deadline_s;
  level_since_s_[job] = now;
  replan(job, now);
}

void FlexibleRuns::released(std::size_t job, double now) {
  if (!active_ || levels_[job].empty())
    return;
  if (level_[job] > 0)
    ctx_.result.jobs[job].flex_slowed_s += now - level_since_s_[job];
  level_[job] = 0;
  if (due_at_[job] >= 0)
    due_.erase({due_at_[job], job});
  due_at_[job] = -1;
}

void FlexibleRuns::update(double now) {
  while (!due_.empty() && due_.begin()->first <= now) {
    const std::size_t job = due_.begin()->second;
    due_.erase(due_.begin());
    due_at_[job] = -1;
    replan(job, now);
  }
}

double FlexibleRuns::next_event_s() const { return due_.empty() ? kInf : due_.begin()->first; }

double FlexibleRuns::next_step_s(double now) const {
  const auto& t = signal_.times();
  const auto it = std::upper_bound(t.begin(), t.end(), now);
  return it == t.end() ? kInf : *it;
}

void FlexibleRuns::set_level(std::size_t job, int level, double now) {
  if (level == level_[job])
    return;
  if (level_[job] > 0)
    ctx_.result.jobs[job].flex_slowed_s += now - level_since_s_[job];
  level_[job] = level;
  level_since_s_[job] = now;
  ctx_.runs[job]->set_budget_level(level);
}

void FlexibleRuns::replan(std::size_t job, double now) {
  auto* run = dynamic_cast<TrainingRun*>(ctx_.runs[job].get());
  if (!run)
    return;
  double next = next_step_s(now);
  if (paused_until_s_[job] > now && !run->training()) {
    // The pause in progress runs its course; a failure during it ends it (the job restarts at once,
    // TrainingRun::on_interruption), which the next step finds with the job training again.
    next = std::min(next, paused_until_s_[job]);
  } else {
    paused_until_s_[job] = -1;
    const auto& spec = ctx_.scenario.jobs[job];
    models::FlexibleRun fr;
    fr.now_s = now;
    // Work left in wall seconds at full speed: the failure-free duration includes checkpoint stalls.
    fr.work_s = run->work_left_s(now) * planned_duration_s(ctx_, job) / spec.training()->work_s;
    fr.checkpoint_s = run->pause_checkpoint_s();
    fr.restart_s = run->pause_restart_s();
    // A job restarting now (after a pause or a failure) makes no progress until its restart is over.
    fr.deadline_s = deadline_s_[job] - (run->training() ? 0.0 : fr.restart_s);
    fr.levels = levels_[job];
    fr.may_pause = ctx_.scenario.scheduler.flex_pauses() && spec.training()->checkpoint.enabled();
    const auto plan = models::plan_flexible_run(signal_, fr);
    if (!plan.pieces.empty()) {
      const auto& first = plan.pieces.front();
      if (first.level == models::FlexPiece::kPaused) {
        // Only a job training with no checkpoint under way can stop; otherwise it tries again at the
        // next step of the signal.
        if (run->pause_until(first.end_s, cause_)) {
          set_level(job, 0, now); // paused time is not slowed time; the re-plan at its end sets the level
          paused_until_s_[job] = first.end_s;
          ++ctx_.result.jobs[job].flex_pauses;
          ctx_.result.jobs[job].flex_paused_s += first.end_s - now;
          next = first.end_s;
        }
      } else {
        set_level(job, first.level, now);
        next = std::min(next, first.end_s);
      }
    }
  }
  if (next > now && std::isfinite(next)) {
    due_.insert({next, job});
    due_at_[job] = next;
  }
}

} // namespace wattsim::sim
