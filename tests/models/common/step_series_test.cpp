#include "models/common/step_series.hpp"

#include <cmath>
#include <gtest/gtest.h>

using wattsim::models::StepSeries;

TEST(StepSeries, IntegralOfStepsIsExact) {
  StepSeries s;
  s.set(0, 100);
  s.set(10, 200);
  s.set(25, 50);
  EXPECT_DOUBLE_EQ(s.integral(0, 10), 1000);
  EXPECT_DOUBLE_EQ(s.integral(0, 30), 100 * 10 + 200 * 15 + 50 * 5);
  EXPECT_DOUBLE_EQ(s.integral(5, 12), 100 * 5 + 200 * 2);
  EXPECT_DOUBLE_EQ(s.value_at(24.999), 200);
  EXPECT_DOUBLE_EQ(s.value_at(-1), 0);
}

TEST(StepSeries, SameTimeReplacesAndEqualValueAddsNoBreakpoint) {
  StepSeries s;
  s.set(0, 1);
  s.set(5, 2);
  s.set(5, 3);
  s.set(7, 3);
  EXPECT_EQ(s.size(), 2u);
  EXPECT_DOUBLE_EQ(s.value_at(6), 3);
  s.set(9, 1);
  s.set(9, 3); // back to the previous value: the breakpoint disappears
  EXPECT_EQ(s.size(), 2u);
  EXPECT_THROW(s.set(1, 4), std::logic_error);
}

TEST(StepSeries, IntervalMeansIntegrateBackToTheTotal) {
  StepSeries s;
  s.set(0, 7);
  for (int i = 1; i < 1000; ++i)
    s.set(i * 13.7, (i * 7919) % 101 + 0.25);
  const double end = 13.7 * 1000 + 3.3;
  const double dt = 60;
  auto means = s.interval_means(0, dt, end);
  ASSERT_EQ(means.size(), static_cast<std::size_t>(std::ceil(end / dt)));
  double sum = 0;
  for (std::size_t k = 0; k < means.size(); ++k)
    sum += means[k] * (std::min((k + 1) * dt, end) - k * dt);
  EXPECT_NEAR(sum / s.integral(0, end), 1.0, 1e-12);
}

TEST(StepSeries, ProductMergesBreakpoints) {
  StepSeries p, c;
  p.set(0, 10);
  p.set(5, 20);
  c.set(0, 1);
  c.set(3, 2);
  auto prod = StepSeries::product(p, c);
  EXPECT_DOUBLE_EQ(prod.integral(0, 10), 10 * 3 + 20 * 2 + 40 * 5);
  auto lin = StepSeries::linear(p, 2.0, c, 1.0);
  EXPECT_DOUBLE_EQ(lin.value_at(4), 22);
}

TEST(StepSeries, MaxOverAWindow) {
  StepSeries s;
  s.set(0, 1);
  s.set(2, 9);
  s.set(4, 3);
  EXPECT_DOUBLE_EQ(s.max(0, 10), 9);
  EXPECT_DOUBLE_EQ(s.max(4, 10), 3);
  EXPECT_DOUBLE_EQ(s.max(0, 2), 1);
}
