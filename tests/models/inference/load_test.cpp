#include "models/inference/load.hpp"

#include <cmath>
#include <gtest/gtest.h>

namespace wattsim::models::inference {
namespace {

LoadProfile diurnal() {
  LoadProfile p;
  p.base_rate_rps = 100;
  p.diurnal_amplitude = 0.5;
  p.peak_hour = 14;
  return p;
}

TEST(Load, DiurnalPeakTroughAndDailyMean) {
  const LoadProfile p = diurnal();
  EXPECT_NEAR(rate_rps(p, 14 * 3600.0), 150, 1e-9);
  EXPECT_NEAR(rate_rps(p, 2 * 3600.0), 50, 1e-9);
  EXPECT_NEAR(mean_rate_rps(p, 0, 86400), 100, 1e-9);
  EXPECT_NEAR(mean_rate_rps(p, 5 * 86400, 7 * 86400), 100, 1e-9);
}

TEST(Load, WeeklyFactorsAndBurstsMultiply) {
  LoadProfile p = diurnal();
  p.weekly = {1, 1, 1, 1, 1, 0.5, 0.5};
  p.bursts.push_back({86400 + 3600, 1800, 3.0});
  EXPECT_NEAR(mean_rate_rps(p, 0, 7 * 86400), 100 * (5 + 0.5 + 0.5) / 7 + 100 * 2 * 1800 / (7 * 86400.0) *
                                                    mean_rate_rps(diurnal(), 86400 + 3600, 86400 + 5400) / 100,
              1e-9);
  EXPECT_NEAR(rate_rps(p, 5 * 86400 + 14 * 3600.0), 75, 1e-9);      // Saturday peak
  EXPECT_NEAR(rate_rps(p, 86400 + 3600 + 60), 3 * rate_rps(diurnal(), 86400 + 3600 + 60), 1e-9);
  EXPECT_NEAR(rate_rps(p, 8 * 86400 + 14 * 3600.0), 150, 1e-9);     // next Tuesday: the week repeats
}

TEST(Load, IntervalMeanMatchesNumericalIntegration) {
  LoadProfile p = diurnal();
  p.weekly = {1, 0.9, 1.1, 1, 1, 0.4, 0.3};
  p.bursts.push_back({86400 - 600, 1500, 2.0}); // across midnight
  for (double t0 : {0.0, 86400 - 900.0, 3 * 3600.0}) {
    const double t1 = t0 + 3600;
    double sum = 0;
    const int n = 36000;
    for (int i = 0; i < n; ++i)
      sum += rate_rps(p, t0 + (i + 0.5) * (t1 - t0) / n);
    EXPECT_NEAR(mean_rate_rps(p, t0, t1), sum / n, 1e-3) << t0;
  }
}

TEST(Load, PoissonCountsHaveTheRightMomentsAndRepeatUnderASeed) {
  for (double mean : {0.3, 4.0, 37.0, 5000.0}) {
    RandomStream rng(42, "poisson");
    const int n = 40000;
    double s = 0, s2 = 0;
    for (int i = 0; i < n; ++i) {
      const double k = static_cast<double>(poisson_count(rng, mean));
      s += k;
      s2 += k * k;
    }
    const double m = s / n, var = s2 / n - m * m;
    EXPECT_NEAR(m, mean, 4 * std::sqrt(mean / n)) << mean;  // 4 standard errors
    EXPECT_NEAR(var / mean, 1.0, 0.05) << mean;               // Poisson: variance = mean
  }
  RandomStream a(1, "x"), b(1, "x");
  for (int i = 0; i < 100; ++i)
    EXPECT_EQ(poisson_count(a, 250.0), poisson_count(b, 250.0));
  RandomStream c(1, "x");
  EXPECT_EQ(poisson_count(c, 0.0), 0u);
}

TEST(Load, ProblemsNameTheField) {
  LoadProfile p = diurnal();
  EXPECT_FALSE(load_profile_problem(p));
  p.diurnal_amplitude = 1.5;
  EXPECT_NE(load_profile_problem(p)->find("amplitude"), std::string::npos);
  p = diurnal();
  p.base_rate_rps = -1;
  EXPECT_NE(load_profile_problem(p)->find("base rate"), std::string::npos);
  p = diurnal();
  p.bursts.push_back({0, 10, 0});
  EXPECT_NE(load_profile_problem(p)->find("burst 1"), std::string::npos);
  p = diurnal();
  p.weekly[6] = -1;
  EXPECT_NE(load_profile_problem(p)->find("day 7"), std::string::npos);
}

} // namespace
} // namespace wattsim::models::inference
