#include "models/grid/flexible_start.hpp"

#include <gtest/gtest.h>

#include <algorithm>

using namespace wattsim::models;

namespace {
/// Hourly values from t = 0.
StepSeries hourly(const std::vector<double>& values) {
  StepSeries s;
  for (std::size_t h = 0; h < values.size(); ++h)
    s.set(3600.0 * static_cast<double>(h), values[h]);
  return s;
}
} // namespace

TEST(FlexibleStart, PicksTheCleanestWindowOfTheSlack) {
  // A 2-hour job, slack 0..5 h: the cleanest 2 hours are hours 3-4 (1 + 1).
  const auto s = hourly({5, 4, 3, 1, 1, 6, 6, 6, 6});
  EXPECT_DOUBLE_EQ(best_start(s, 0, 5 * 3600.0, 2 * 3600.0), 3 * 3600.0);
  // Without slack the job starts when submitted.
  EXPECT_DOUBLE_EQ(best_start(s, 1800, 1800, 2 * 3600.0), 1800);
  // The slack ends before the clean hours: the latest start is the best it can do.
  EXPECT_DOUBLE_EQ(best_start(s, 0, 2 * 3600.0, 2 * 3600.0), 2 * 3600.0);
}

TEST(FlexibleStart, TheMinimumIsExactAtAKinkBetweenSteps) {
  // A 1.5-hour job over hours valued 4, 1, 4, 4: every start in [0.5 h, 1 h] covers the whole clean
  // hour and half an hour at 4, so the integral is flat there and the earliest of them wins.
  const auto s = hourly({4, 1, 4, 4});
  const double best = best_start(s, 0, 2 * 3600.0, 1.5 * 3600.0);
  EXPECT_DOUBLE_EQ(best, 0.5 * 3600.0);
  // Brute force on a fine grid never beats it.
  const double v = s.integral(best, best + 1.5 * 3600.0);
  for (double t = 0; t <= 2 * 3600.0; t += 60)
    EXPECT_GE(s.integral(t, t + 1.5 * 3600.0), v - 1e-9);
}

TEST(FlexibleStart, AFlatSignalDefersNothing) {
  const auto s = hourly({2, 2, 2, 2, 2});
  EXPECT_DOUBLE_EQ(best_start(s, 600, 3 * 3600.0, 3600.0), 600);
  EXPECT_THROW(best_start(s, 10, 5, 1), std::invalid_argument);
}
