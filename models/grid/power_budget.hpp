#pragma once
// The site's power budget: the rules by which a site under a contract power (facility side) admits,
// caps and pauses jobs. Pure decisions on power figures; the engine (sim/site_power.hpp) supplies the
// figures and applies the decisions (docs/models/grid.md, "Power budget").
//
// Every running job is booked at its peak power at its cap level (its training state under that
// level's GPU power cap, through the node model's capping curve), so a set of jobs whose bookings fit
// the budget cannot exceed it whatever phase each is in. Level 0 is uncapped; a higher level is a lower
// cap (the levels of facility.throttle.caps).

#include <cstddef>
#include <optional>
#include <vector>

namespace wattsim::models {

/// What the budget does with a job that does not fit at full power.
enum class BudgetAction { cap, hold };
inline constexpr const char* kBudgetActionNames[] = {"cap", "hold"};

/// The first (least capped) level whose booked power fits the headroom, at most `deepest`; none when
/// even that does not fit. `power_by_level_w[l]` is the job's booked power at level l (non-increasing).
std::optional<int> level_that_fits(double headroom_w, const std::vector<double>& power_by_level_w, int deepest);

/// A running job as the budget sees it.
struct BudgetedJob {
  std::vector<double> power_by_level_w; ///< booked power at each cap level (level 0 = uncapped)
  int level = 0;                        ///< its cap level now
  bool cappable = true;                 ///< has cap levels (training); other kinds keep level 0
  bool pausable = false;                ///< can stop at a checkpoint (a training job that checkpoints)
  double paused_w = 0;                  ///< its power while paused (its nodes idle)
  bool paused = false;

  [[nodiscard]] double booked_w() const {
    return paused ? paused_w : power_by_level_w[static_cast<std::size_t>(level)];
  }
};

/// What shedding decided: each job's new level and whether it pauses, and the power it frees.
struct ShedPlan {
  std::vector<int> level;
  std::vector<bool> pause;
  double shed_w = 0;
};

/// Frees at least `need_w` of booked power, cheapest first: every cappable job one level deeper at a
/// time (all jobs share the slowdown), down to the deepest level; then, if that is not enough, pausable
/// jobs in the given order (the caller orders them: training that checkpoints first). The plan may
/// fall short (shed_w < need_w) when everything is capped and paused.
ShedPlan plan_shed(const std::vector<BudgetedJob>& jobs, double need_w);

/// Lifts caps within `headroom_w`: jobs in the given order, each as far toward level 0 as the
/// remaining headroom allows. Returns the new levels.
std::vector<int> plan_uncap(const std::vector<BudgetedJob>& jobs, double headroom_w);

} // namespace wattsim::models
