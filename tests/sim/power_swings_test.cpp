// sim::power_swings takes its ramps from a running integral with forward-only window pointers; here it
// is checked against the direct definition (the window means from StepSeries::integral) on an
// irregular series with many points per window, as a ramp-limited battery leaves.

#include "sim/recorder.hpp"

#include <cmath>
#include <gtest/gtest.h>

using namespace wattsim;

TEST(PowerSwings, RampsEqualTheDirectWindowMeans) {
  models::StepSeries p;
  double t = 0;
  unsigned x = 2024;
  while (t < 3 * 3600.0) {
    x = x * 1664525u + 1013904223u;
    p.set(t, 1e7 + static_cast<double>(x % 5000000));
    t += 0.2 + static_cast<double>((x >> 12) % 90);
  }
  const double end = 3 * 3600.0;
  const auto s = sim::power_swings(p, end);
  auto direct = [&](double w) {
    double best = 0;
    const auto& ts = p.times();
    for (std::size_t i = 1; i < ts.size() && ts[i] < end; ++i) {
      const double a = std::max(0.0, ts[i] - w), b = std::min(end, ts[i] + w);
      if (ts[i] - a <= 0 || b - ts[i] <= 0)
        continue;
      best = std::max(best, std::abs(p.integral(ts[i], b) / (b - ts[i]) - p.integral(a, ts[i]) / (ts[i] - a)) / w);
    }
    return best;
  };
  const double one_s = direct(1.0), one_min = direct(60.0);
  ASSERT_GT(one_min, 0.0);
  EXPECT_NEAR(s.max_ramp_1s_w_per_s, one_s, 1e-12 * one_s);
  EXPECT_NEAR(s.max_ramp_1min_w_per_s, one_min, 1e-12 * one_min);
}
