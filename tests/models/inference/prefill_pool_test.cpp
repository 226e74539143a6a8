// The prompt pool of a disaggregated service (models/inference/prefill_pool.hpp).
#include "models/inference/prefill_pool.hpp"

#include <cmath>
#include <gtest/gtest.h>
#include <stdexcept>

namespace wattsim::models::inference {
namespace {

PrefillPoolConfig pool() {
  PrefillPoolConfig c;
  c.replicas = 4;
  c.s_per_token = 1e-4; // 0.1 s for a 1,000-token prompt
  c.busy_gpu_power_w = 690;
  c.idle_gpu_power_w = 130;
  c.gpus = 1;
  c.k_prefill = 0.8;
  return c;
}

TokenLengths prompt(double mean, double cv = 0) {
  TokenLengths t;
  t.mean = mean;
  t.cv = cv;
  return t;
}

TEST(PrefillPool, UtilisationAndPowerFollowTheLoad) {
  const auto c = pool();
  // 20 requests/s x 0.1 s on 4 replicas: half busy.
  const auto r = evaluate_prefill(c, 60, 1200, 0, prompt(1000));
  EXPECT_DOUBLE_EQ(r.processed, 1200);
  EXPECT_DOUBLE_EQ(r.backlog_requests, 0);
  EXPECT_NEAR(r.utilization, 0.5, 1e-12);
  EXPECT_NEAR(r.replica_gpu_power_w, 130 + 0.5 * (690 - 130), 1e-9);
  EXPECT_NEAR(r.prefill_p50_s, 0.1, 1e-12);
  EXPECT_GE(r.wait_p99_s, r.wait_p50_s);
  // No load: idle power, no wait.
  const auto idle = evaluate_prefill(c, 60, 0, 0, prompt(1000));
  EXPECT_DOUBLE_EQ(idle.replica_gpu_power_w, 130);
  EXPECT_DOUBLE_EQ(idle.wait_p99_s, 0);
}

TEST(PrefillPool, ASaturatedPoolQueuesAndRunsFlatOut) {
  const auto c = pool();
  // 60 requests/s against 40 the pool processes: 2,400 done, 1,200 queued, the wait is the drain time.
  const auto r = evaluate_prefill(c, 60, 3600, 0, prompt(1000));
  EXPECT_NEAR(r.processed, 2400, 1e-9);
  EXPECT_NEAR(r.backlog_requests, 1200, 1e-9);
  EXPECT_DOUBLE_EQ(r.utilization, 1.0);
  EXPECT_DOUBLE_EQ(r.replica_gpu_power_w, 690);
  EXPECT_NEAR(r.wait_p99_s, 1200.0 / 40, 1e-9);
}

TEST(PrefillPool, ACapSlowsPrefillByTheComputeSensitivity) {
  auto c = pool();
  c.cap.per_gpu_w = 345; // 50 % of 690 W
  const auto r = evaluate_prefill(c, 60, 1200, 0, prompt(1000));
  // speed = 1 - 0.8 (1 - 345/690) = 0.6: each prompt takes 1/0.6 as long, at no more than the cap.
  EXPECT_NEAR(r.speed, 0.6, 1e-12);
  EXPECT_NEAR(r.prefill_p50_s, 0.1 / 0.6, 1e-12);
  EXPECT_NEAR(r.utilization, 0.5 / 0.6, 1e-12);
  EXPECT_LE(r.replica_gpu_power_w, 345 + 1e-9);
  // TTFT grows with the cap (slower prefill, longer queue): what Splitwise found for the prompt phase.
  const auto uncapped = evaluate_prefill(pool(), 60, 1200, 0, prompt(1000));
  EXPECT_GT(r.prefill_p50_s + r.wait_p50_s, 1.5 * (uncapped.prefill_p50_s + uncapped.wait_p50_s));
}

TEST(PrefillPool, BadInputIsRefused) {
  auto c = pool();
  EXPECT_THROW(evaluate_prefill(c, 60, -1, 0, prompt(1000)), std::invalid_argument);
  EXPECT_THROW(evaluate_prefill(c, 0, 1, 0, prompt(1000)), std::invalid_argument);
  c.replicas = 0;
  EXPECT_TRUE(prefill_pool_problem(c).has_value());
  EXPECT_THROW(evaluate_prefill(c, 60, 1, 0, prompt(1000)), std::invalid_argument);
  c = pool();
  c.busy_gpu_power_w = 100; // below idle
  EXPECT_TRUE(prefill_pool_problem(c).has_value());
}

} // namespace
} // namespace wattsim::models::inference

namespace wattsim::models::inference {
namespace {

TEST(PrefillPool, ShareWithinTheTtftBudget) {
  const auto c = pool();
  // Half busy, fixed 0.1 s prompts: everything fits in 10 s, nothing in less than the prefill itself.
  const auto r = evaluate_prefill(c, 60, 1200, 0, prompt(1000));
  EXPECT_NEAR(prefill_share_within(r, 10.0), 1.0, 1e-9);
  EXPECT_DOUBLE_EQ(prefill_share_within(r, 0.05), 0.0);
  EXPECT_GT(prefill_share_within(r, 0.1), 0.5); // no wait for most requests (M/G/4 at rho 0.5)
  // Saturated: the backlog ramps from 0 to 1,200 at 40 requests/s (0 to 30 s of wait); a budget of
  // 15.1 s (0.1 s of prefill + 15 s of wait) covers half the ramp.
  const auto sat = evaluate_prefill(c, 60, 3600, 0, prompt(1000));
  EXPECT_NEAR(prefill_share_within(sat, 15.1), 0.5, 1e-9);
}

} // namespace
} // namespace wattsim::models::inference
