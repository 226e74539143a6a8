#include "models/inference/latency.hpp"

#include "models/common/random.hpp"

#include <algorithm>
#include <cmath>
#include <gtest/gtest.h>
#include <iostream>
#include <vector>

namespace wattsim::models::inference {
namespace {

TEST(Latency, ErlangCClosedForms) {
  for (double a : {0.1, 0.5, 0.9})
    EXPECT_NEAR(erlang_c(1, a), a, 1e-12); // M/M/1: P(wait) = rho
  for (double a : {0.5, 1.0, 1.8})
    EXPECT_NEAR(erlang_c(2, a), a * a / (2 + a), 1e-12); // M/M/2
  EXPECT_EQ(erlang_c(4, 0), 0);
  EXPECT_EQ(erlang_c(4, 4), 1);
  // More servers at the same utilisation wait less often (economy of scale).
  EXPECT_LT(erlang_c(256, 0.8 * 256), erlang_c(8, 0.8 * 8));
}

TEST(Latency, AllenCunneenReducesToExactCases) {
  const double s = 2.0, lambda = 0.3; // rho = 0.6
  const WaitEstimate mm1 = mgc_wait(1, lambda, s, 1.0);
  EXPECT_NEAR(mm1.mean_wait_s, 0.6 * s / 0.4, 1e-12);
  // M/D/1: Pollaczek-Khinchine gives exactly half the M/M/1 wait.
  EXPECT_NEAR(mgc_wait(1, lambda, s, 0.0).mean_wait_s, 0.5 * mm1.mean_wait_s, 1e-12);
  EXPECT_FALSE(mgc_wait(1, 0.6, s, 1.0).stable);
  EXPECT_TRUE(std::isinf(wait_quantile_s(mgc_wait(1, 0.6, s, 1.0), 0.5)));
}

TEST(Latency, QuantileInvertsTheCdf) {
  const WaitEstimate w = mgc_wait(8, 3.5, 2.0, 1.5);
  ASSERT_GT(w.p_wait, 0.01);
  for (double p : {0.95, 0.99, 0.999}) {
    const double t = wait_quantile_s(w, p);
    if (1 - p < w.p_wait) {
      EXPECT_NEAR(wait_cdf(w, t), p, 1e-12);
    }
  }
  EXPECT_EQ(wait_quantile_s(w, 1 - w.p_wait - 1e-3), 0);
}

TEST(Latency, MmcMeanWaitMatchesASimulation) {
  // Event-by-event M/M/4 simulation (test only): the Erlang C mean wait within 5 %.
  const double lambda = 3.2, mean_service = 1.0; // rho = 0.8
  RandomStream rng(7, "latency-test");
  std::vector<double> free_at(4, 0.0);
  double t = 0, total_wait = 0;
  const int n = 200000;
  for (int i = 0; i < n; ++i) {
    t += rng.exponential(1 / lambda);
    auto it = std::min_element(free_at.begin(), free_at.end());
    const double start = std::max(t, *it);
    total_wait += start - t;
    *it = start + rng.exponential(mean_service);
  }
  EXPECT_NEAR(total_wait / n, mgc_wait(4, lambda, mean_service, 1.0).mean_wait_s,
              0.05 * mgc_wait(4, lambda, mean_service, 1.0).mean_wait_s);
}

TEST(Latency, AllenCunneenAgainstAnMgcSimulation) {
  // The approximation itself, checked (test only, event by event) on the case the service uses: c slots,
  // log-normal service times (output lengths) with CV 1.5, high utilisation. Allen-Cunneen is within
  // 15 % of the simulated mean wait and the P(wait) within 0.05.
  const int c = 16;
  const double mean_service = 1.0, cv = 1.5, rho = 0.85;
  const double lambda = rho * c / mean_service;
  const double s2 = std::log1p(cv * cv);
  RandomStream rng(11, "mgc-test");
  std::vector<double> free_at(c, 0.0);
  double t = 0, total_wait = 0;
  int waited = 0;
  const int n = 400000;
  for (int i = 0; i < n; ++i) {
    t += rng.exponential(1 / lambda);
    auto it = std::min_element(free_at.begin(), free_at.end());
    const double start = std::max(t, *it);
    total_wait += start - t;
    waited += start > t ? 1 : 0;
    *it = start + mean_service * std::exp(std::sqrt(s2) * rng.normal() - 0.5 * s2);
  }
  const WaitEstimate w = mgc_wait(c, lambda, mean_service, cv * cv);
  std::cout << "M/G/" << c << " rho " << rho << ": simulated E[W] " << total_wait / n << ", Allen-Cunneen "
            << w.mean_wait_s << "; P(wait) " << static_cast<double>(waited) / n << " vs " << w.p_wait << "\n";
  EXPECT_NEAR(w.mean_wait_s, total_wait / n, 0.15 * total_wait / n);
  EXPECT_NEAR(w.p_wait, static_cast<double>(waited) / n, 0.05);
}

} // namespace
} // namespace wattsim::models::inference
