#include "models/grid/flexible_run.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

using namespace wattsim::models;

namespace {
constexpr double kHour = 3600.0;

StepSeries hourly(const std::vector<double>& values) {
  StepSeries s;
  for (std::size_t h = 0; h < values.size(); ++h)
    s.set(kHour * static_cast<double>(h), values[h]);
  return s;
}

/// A clear daily cycle: 100 g/kWh at night (00-08), 300 in the evening peak (16-22), 200 otherwise.
StepSeries daily_cycle(int days) {
  std::vector<double> v;
  for (int d = 0; d < days; ++d)
    for (int h = 0; h < 24; ++h)
      v.push_back(h < 8 ? 100 : (h >= 16 && h < 22 ? 300 : 200));
  return hourly(v);
}

FlexibleRun pausing_job(double now, double work, double deadline) {
  FlexibleRun j;
  j.now_s = now;
  j.work_s = work;
  j.deadline_s = deadline;
  j.levels = {{1.0, 100e3}};
  j.may_pause = true;
  j.checkpoint_s = 60;
  j.restart_s = 600;
  return j;
}

/// The work a plan does: each running piece at its speed, less the restart after each pause.
double work_of(const FlexibleRun& job, const FlexPlan& plan) {
  double w = 0, due = 0;
  for (const auto& p : plan.pieces) {
    if (p.level == FlexPiece::kPaused) {
      due += job.restart_s;
      continue;
    }
    const double idle = std::min(due, p.end_s - p.start_s);
    due -= idle;
    w += job.levels[static_cast<std::size_t>(p.level)].speed * (p.end_s - p.start_s - idle);
  }
  return w;
}

FlexPlan fifo(const FlexibleRun& job) { return {{{job.now_s, job.now_s + job.work_s, 0}}, job.now_s + job.work_s, 0}; }
} // namespace

TEST(FlexibleRun, PausesFallOnTheHighHoursAndTheWorkEndsByTheDeadline) {
  // Running at 14:00 with 6 h of work left and 12 h of slack (deadline 08:00 next day): the plan
  // pauses through the afternoon and the 300 g evening peak and runs in the clean night.
  const auto s = daily_cycle(3);
  const auto job = pausing_job(14 * kHour, 6 * kHour, 14 * kHour + 6 * kHour + 12 * kHour);
  const auto plan = plan_flexible_run(s, job);
  ASSERT_FALSE(plan.pieces.empty());
  EXPECT_LE(plan.end_s, job.deadline_s);
  EXPECT_NEAR(work_of(job, plan), job.work_s, 1e-6);
  double min_paused = 1e300, max_running = 0;
  bool paused = false;
  for (const auto& p : plan.pieces) {
    if (p.level == FlexPiece::kPaused) {
      paused = true;
      for (double t = p.start_s; t < p.end_s; t += 900)
        min_paused = std::min(min_paused, s.value_at(t));
    } else {
      max_running = std::max(max_running, s.max(p.start_s, p.end_s));
    }
  }
  ASSERT_TRUE(paused);
  EXPECT_GE(min_paused, max_running);
  EXPECT_DOUBLE_EQ(max_running, 100);
  // Less carbon than running straight through.
  EXPECT_LT(plan_weight(s, job, plan), plan_weight(s, job, fifo(job)));
}

TEST(FlexibleRun, NoRoomMeansFullSpeedFromNow) {
  const auto s = daily_cycle(2);
  auto job = pausing_job(16 * kHour, 4 * kHour, 20 * kHour);
  const auto plan = plan_flexible_run(s, job);
  ASSERT_EQ(plan.pieces.size(), 1u);
  EXPECT_EQ(plan.pieces[0].level, 0);
  EXPECT_DOUBLE_EQ(plan.end_s, 20 * kHour);
}

TEST(FlexibleRun, NoPauseShorterThanItPaysFor) {
  // One dirty half hour between clean ones, plenty of slack.
  StepSeries s;
  s.set(0, 100);
  s.set(2 * kHour, 400);
  s.set(2.5 * kHour, 100);
  auto job = pausing_job(0, 4 * kHour, 12 * kHour);
  // A cheap pause (1 min checkpoint, 10 min restart) pays for itself over the dirty half hour...
  auto plan = plan_flexible_run(s, job);
  ASSERT_EQ(plan.pieces.size(), 3u);
  EXPECT_EQ(plan.pieces[1].level, FlexPiece::kPaused);
  EXPECT_DOUBLE_EQ(plan.pieces[1].start_s, 2 * kHour);
  EXPECT_DOUBLE_EQ(plan.pieces[1].end_s, 2.5 * kHour);
  // ... an expensive one does not: a 50-min restart (no work, and 50 min more running at 100) costs
  // more than the half hour at 400 saves.
  job.restart_s = 50 * 60;
  plan = plan_flexible_run(s, job);
  ASSERT_EQ(plan.pieces.size(), 1u);
  EXPECT_EQ(plan.pieces[0].level, 0);
  // A checkpoint longer than the dirty spell: no pause either.
  job.restart_s = 60;
  job.checkpoint_s = 40 * 60;
  plan = plan_flexible_run(s, job);
  for (const auto& p : plan.pieces)
    EXPECT_NE(p.level, FlexPiece::kPaused);
}

TEST(FlexibleRun, SlowingCapsTheHighHoursByTheCappingCurve) {
  // Levels as a capping curve gives them: a cap at 70 % of TDP keeps 90 % of the speed at 75 % of the
  // power above idle, so each unit of work costs less energy.
  const auto s = daily_cycle(2);
  FlexibleRun job;
  job.now_s = 12 * kHour;
  job.work_s = 8 * kHour;
  job.deadline_s = job.now_s + 9 * kHour; // slack for a 0.9 speed over 9 h of the 10
  job.levels = {{1.0, 100e3}, {0.9, 75e3}};
  const auto plan = plan_flexible_run(s, job);
  EXPECT_LE(plan.end_s, job.deadline_s + 1e-6);
  EXPECT_NEAR(work_of(job, plan), job.work_s, 1e-6);
  bool slowed = false;
  for (const auto& p : plan.pieces) {
    EXPECT_NE(p.level, FlexPiece::kPaused);
    if (p.level == 1) {
      slowed = true;
      EXPECT_GE(s.value_at(p.start_s), 200) << "slowed where the signal is high";
    }
  }
  EXPECT_TRUE(slowed);
  EXPECT_LT(plan_weight(s, job, plan), plan_weight(s, job, fifo(job)));
}

TEST(FlexibleRun, TheDeadlineHoldsOnRandomSignals) {
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> u(0, 1);
  int pauses = 0, slowed = 0;
  for (int trial = 0; trial < 300; ++trial) {
    StepSeries s;
    for (int k = 0; k < 96; ++k)
      s.set(1800.0 * k, 50 + 300 * u(rng));
    FlexibleRun job;
    job.now_s = 3600 * 10 * u(rng);
    job.work_s = 3600 * (0.5 + 10 * u(rng));
    job.deadline_s = job.now_s + job.work_s + 3600 * 12 * u(rng);
    job.levels = {{1.0, 80e3}};
    if (trial % 2 != 0) {
      job.levels.push_back({0.8, 50e3});
    }
    job.may_pause = trial % 3 != 0;
    job.checkpoint_s = 600 * u(rng);
    job.restart_s = 1800 * u(rng);
    const auto plan = plan_flexible_run(s, job);
    ASSERT_LE(plan.end_s, job.deadline_s + 1e-6) << trial;
    ASSERT_NEAR(work_of(job, plan), job.work_s, 1e-6 * job.work_s) << trial;
    for (std::size_t i = 0; i < plan.pieces.size(); ++i) {
      const auto& p = plan.pieces[i];
      ASSERT_GT(p.end_s, p.start_s);
      if (i > 0) {
        ASSERT_DOUBLE_EQ(p.start_s, plan.pieces[i - 1].end_s);
      }
      if (p.level == FlexPiece::kPaused) {
        ASSERT_GT(p.end_s - p.start_s, job.checkpoint_s) << trial;
        ++pauses;
      }
      slowed += p.level > 0;
    }
  }
  // The draws exercise both ways of bending a run.
  EXPECT_GT(pauses, 50);
  EXPECT_GT(slowed, 50);
}

TEST(FlexibleRun, BadInputIsRefused) {
  const auto s = daily_cycle(1);
  FlexibleRun job;
  EXPECT_THROW(plan_flexible_run(s, job), std::invalid_argument);
  job.levels = {{1.0, 1.0}, {1.2, 1.0}};
  job.work_s = 10;
  EXPECT_THROW(plan_flexible_run(s, job), std::invalid_argument);
}
