#include "models/grid/power_budget.hpp"

#include <algorithm>
#include <stdexcept>

namespace wattsim::models {

std::optional<int> level_that_fits(double headroom_w, const std::vector<double>& power_by_level_w, int deepest) {
  if (power_by_level_w.empty())
    throw std::invalid_argument("level_that_fits: a job needs its power at level 0");
  const int last = std::min(deepest, static_cast<int>(power_by_level_w.size()) - 1);
  for (int l = 0; l <= last; ++l)
    if (power_by_level_w[static_cast<std::size_t>(l)] <= headroom_w)
      return l;
  return std::nullopt;
}

ShedPlan plan_shed(const std::vector<BudgetedJob>& jobs, double need_w) {
  ShedPlan plan;
  plan.level.reserve(jobs.size());
  plan.pause.assign(jobs.size(), false);
  for (const auto& j : jobs)
    plan.level.push_back(j.level);
  // Caps first, one level at a time across all jobs: a shallow cap costs little work per watt (the
  // capping curve's energy per unit of work even falls at moderate caps), a deep one a lot.
  bool deepened = true;
  while (plan.shed_w < need_w && deepened) {
    deepened = false;
    for (std::size_t i = 0; i < jobs.size() && plan.shed_w < need_w; ++i) {
      const auto& j = jobs[i];
      const auto next = static_cast<std::size_t>(plan.level[i] + 1);
      if (!j.cappable || j.paused || next >= j.power_by_level_w.size())
        continue;
      plan.shed_w += j.power_by_level_w[next - 1] - j.power_by_level_w[next];
      plan.level[i] = static_cast<int>(next);
      deepened = true;
    }
  }
  // Then pauses, in the caller's order: a paused job frees its whole booking down to idle nodes.
  for (std::size_t i = 0; i < jobs.size() && plan.shed_w < need_w; ++i) {
    const auto& j = jobs[i];
    if (!j.pausable || j.paused)
      continue;
    plan.shed_w += j.power_by_level_w[static_cast<std::size_t>(plan.level[i])] - j.paused_w;
    plan.pause[i] = true;
  }
  return plan;
}

std::vector<int> plan_uncap(const std::vector<BudgetedJob>& jobs, double headroom_w) {
  std::vector<int> levels;
  levels.reserve(jobs.size());
  for (const auto& j : jobs) {
    int l = j.level;
    if (!j.paused) {
      while (l > 0) {
        const double more = j.power_by_level_w[static_cast<std::size_t>(l - 1)] - j.power_by_level_w[static_cast<std::size_t>(l)];
        if (more > headroom_w)
          break;
        headroom_w -= more;
        --l;
      }
    }
    levels.push_back(l);
  }
  return levels;
}

} // namespace wattsim::models
