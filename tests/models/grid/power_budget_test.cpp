#include "models/grid/power_budget.hpp"

#include <gtest/gtest.h>

using namespace wattsim::models;

namespace {
BudgetedJob job(std::vector<double> levels, int level = 0, bool pausable = false, double paused_w = 0) {
  BudgetedJob j;
  j.power_by_level_w = std::move(levels);
  j.level = level;
  j.pausable = pausable;
  j.paused_w = paused_w;
  return j;
}
} // namespace

TEST(PowerBudget, AJobStartsAtTheLeastCappedLevelThatFits) {
  const std::vector<double> p{100, 90, 80, 70};
  EXPECT_EQ(level_that_fits(100, p, 3), 0);
  EXPECT_EQ(level_that_fits(85, p, 3), 2);
  EXPECT_EQ(level_that_fits(70, p, 3), 3);
  EXPECT_FALSE(level_that_fits(69.9, p, 3));
  // `hold` allows level 0 only: a job that fits only capped waits.
  EXPECT_FALSE(level_that_fits(95, p, 0));
  EXPECT_EQ(level_that_fits(100, p, 0), 0);
  EXPECT_THROW(level_that_fits(1, {}, 0), std::invalid_argument);
}

TEST(PowerBudget, SheddingCapsEveryJobOneLevelAtATimeBeforePausingAny) {
  // Two jobs, 10 W per level each: 15 W needs one level on each (20 W), no pause.
  std::vector<BudgetedJob> jobs{job({100, 90, 80}, 0, true, 20), job({100, 90, 80}, 0, true, 20)};
  auto plan = plan_shed(jobs, 15);
  EXPECT_EQ(plan.level, (std::vector<int>{1, 1}));
  EXPECT_EQ(plan.pause, (std::vector<bool>{false, false}));
  EXPECT_DOUBLE_EQ(plan.shed_w, 20);
  // 45 W: both to the deepest level (40 W), then the first pausable job in the caller's order pauses,
  // freeing its capped booking down to its idle power (80 - 20 = 60 W).
  plan = plan_shed(jobs, 45);
  EXPECT_EQ(plan.level, (std::vector<int>{2, 2}));
  EXPECT_EQ(plan.pause, (std::vector<bool>{true, false}));
  EXPECT_DOUBLE_EQ(plan.shed_w, 100);
}

TEST(PowerBudget, SheddingSkipsJobsThatCannotCapOrPauseAndMayFallShort) {
  auto fixed = job({50});
  fixed.cappable = false;
  std::vector<BudgetedJob> jobs{fixed, job({100, 90}, 0, false)};
  const auto plan = plan_shed(jobs, 1000);
  EXPECT_EQ(plan.level, (std::vector<int>{0, 1}));
  EXPECT_EQ(plan.pause, (std::vector<bool>{false, false}));
  EXPECT_DOUBLE_EQ(plan.shed_w, 10); // short of the 1000 W asked: everything is at its limit
}

TEST(PowerBudget, UncappingLiftsJobsInOrderWithinTheHeadroom) {
  std::vector<BudgetedJob> jobs{job({100, 90, 80}, 2), job({100, 90, 80}, 2)};
  // 25 W: the first job back to level 0 (20 W), the second cannot rise one level (10 W > 5 W left).
  EXPECT_EQ(plan_uncap(jobs, 25), (std::vector<int>{0, 2}));
  EXPECT_EQ(plan_uncap(jobs, 30), (std::vector<int>{0, 1}));
  EXPECT_EQ(plan_uncap(jobs, -5), (std::vector<int>{2, 2}));
  jobs[0].paused = true; // a paused job keeps its level until it resumes
  EXPECT_EQ(plan_uncap(jobs, 100), (std::vector<int>{2, 0}));
}
