#pragma once
// Running flexible jobs through high-carbon (or expensive) hours: paused at a checkpoint, or slowed
// under a GPU cap (scheduler.flex). The plan is pure (models/grid/flexible_run.hpp); this class
// gathers what it needs from the node model and the job (power and speed per cap level, the work
// left, the pause's checkpoint and restart), applies the plan's first piece, and re-plans at the end
// of that piece or at the signal's next step, whichever is first, so a failure (work rolled back, a
// restart) is taken into account at the next step. One re-plan per signal step per running flexible
// job: events, never seconds. docs/models/grid.md, "Pausing and slowing running jobs".

#include "sim/context.hpp"

#include "models/common/step_series.hpp"
#include "models/grid/flexible_run.hpp"

#include <set>
#include <utility>
#include <vector>

namespace wattsim::sim {

class FlexibleRuns {
public:
  /// `signal` is the scheduler's planning signal (carbon or price over the flexible jobs' horizon).
  FlexibleRuns(Context& ctx, const models::StepSeries& signal);

  [[nodiscard]] bool active() const { return active_; }
  /// A job started; a flexible training job is planned now, to be done by `deadline_s`.
  void started(std::size_t job, double deadline_s, double now);
  /// The job ended (or was killed).
  void released(std::size_t job, double now);
  /// Re-plans the jobs due at `now`.
  void update(double now);
  /// The next re-plan (infinity: none).
  [[nodiscard]] double next_event_s() const;

private:
  void replan(std::size_t job, double now);
  void set_level(std::size_t job, int level, double now);
  [[nodiscard]] double next_step_s(double now) const;

  Context& ctx_;
  const models::StepSeries& signal_;
  bool active_ = false;
  const char* cause_ = "carbon";
  std::vector<std::vector<models::RunOption>> levels_; ///< per job: speed and power above idle per cap level
  std::vector<double> deadline_s_;
  std::vector<double> paused_until_s_;                 ///< per job, the end of its pause in progress (-1: none)
  std::vector<int> level_;                             ///< per job, the cap level applied
  std::vector<double> level_since_s_;
  std::set<std::pair<double, std::size_t>> due_;       ///< (next re-plan, job)
  std::vector<double> due_at_;                         ///< per job, its entry in due_ (-1: none)
};

} // namespace wattsim::sim
