#include "models/inference/service.hpp"

#include "helpers.hpp"
#include "models/inference/load.hpp"
#include "models/inference/prefill_time.hpp"

#include <cmath>
#include <limits>
#include <gtest/gtest.h>

namespace wattsim::models::inference {
namespace {

using testing::replica;

ServiceConfig chat_service() {
  const Replica r = replica("Llama-3.1-8B", "H100-SXM", 1);
  ServiceConfig s{PerformanceCurve::from_table(*find_performance_table("Llama-3.1-8B", "H100-SXM", {1, 1})),
                  {256, r.idle_gpu_power_w(), 1, {}, r.accelerator.cap_sensitivity_compute, Extrapolation::allow},
                  prefill_s_per_token(r, 0.3),
                  {2.0, 0.1}};
  return s;
}

IntervalInput chat(double arrivals, int replicas, double backlog = 0) {
  return {60, arrivals, {1000, 1.0}, {400, 1.0}, replicas, backlog};
}

double capacity_requests_per_minute(const ServiceConfig& s, int replicas, double output_tokens) {
  return replicas * s.curve.at(s.batching.max_batch, Extrapolation::allow).output_tokens_s / output_tokens * 60;
}

TEST(Service, TokensEnergyAndRequestsAreConserved) {
  const ServiceConfig s = chat_service();
  const IntervalResult r = evaluate_interval(s, chat(600, 4));
  EXPECT_DOUBLE_EQ(r.requests_served, 600);
  EXPECT_DOUBLE_EQ(r.backlog_requests, 0);
  EXPECT_DOUBLE_EQ(r.output_tokens, 600 * 400.0);
  EXPECT_DOUBLE_EQ(r.prompt_tokens, 600 * 1000.0);
  EXPECT_NEAR(r.replica.output_tokens_s * 4 * 60, r.output_tokens, 1e-6);
  EXPECT_NEAR(r.gpu_energy_j, r.replica.gpu_power_w * 4 * 60, 1e-6);
  EXPECT_GT(r.tpot_p99_s, r.tpot_p50_s);
  EXPECT_GE(r.ttft_p99_s, r.ttft_p50_s);
  // Light load: TTFT is the prefill of the median prompt (no wait).
  EXPECT_NEAR(r.ttft_p50_s, (TokenLengths{1000, 1.0}.quantile(0.5) * s.prefill_s_per_token), 1e-12);
}

TEST(Service, OverloadBuildsABacklogThatDrainsLater) {
  const ServiceConfig s = chat_service();
  const double cap = capacity_requests_per_minute(s, 2, 400);
  const IntervalResult over = evaluate_interval(s, chat(2 * cap, 2));
  EXPECT_NEAR(over.requests_served, cap, 1e-6 * cap);
  EXPECT_NEAR(over.backlog_requests, cap, 1e-6 * cap);
  EXPECT_TRUE(over.warnings & kSaturated);
  EXPECT_DOUBLE_EQ(over.replica.batch, 256);
  // The autoscaler sees the whole offered load (twice the 2 replicas) and what waits.
  EXPECT_NEAR(over.demand_replicas, 4.0, 1e-9);
  EXPECT_NEAR(over.requests_in_system, 2 * 256 + over.backlog_requests, 1e-9);
  // The last arrival waits for the whole backlog: cap requests at cap per minute = 60 s.
  const double prefill99 = TokenLengths{1000, 1.0}.quantile(0.99) * s.prefill_s_per_token;
  EXPECT_NEAR(over.ttft_p99_s - prefill99, 0.99 * 60, 1e-6);
  EXPECT_LT(over.slo_attainment, 0.1);

  // Twice the replicas next minute: capacity 2 cap covers the backlog and new arrivals.
  const IntervalResult after = evaluate_interval(s, chat(0.25 * cap, 4, over.backlog_requests));
  EXPECT_NEAR(after.requests_served, 1.25 * cap, 1e-6 * cap);
  EXPECT_DOUBLE_EQ(after.backlog_requests, 0);
}

TEST(Service, SloAttainmentFallsAsLoadRises) {
  const ServiceConfig s = chat_service();
  const double cap = capacity_requests_per_minute(s, 8, 400);
  double last = 1.0 + 1e-12;
  for (double share : {0.05, 0.3, 0.6, 0.9, 0.99}) {
    const IntervalResult r = evaluate_interval(s, chat(share * cap, 8));
    EXPECT_LE(r.slo_attainment, last) << share;
    last = r.slo_attainment;
  }
  EXPECT_GT(evaluate_interval(s, chat(0.05 * cap, 8)).slo_attainment, 0.95);
  ServiceConfig none = s;
  none.slo = {};
  EXPECT_DOUBLE_EQ(evaluate_interval(none, chat(0.99 * cap, 8)).slo_attainment, 1.0);
}

TEST(Service, NoServingReplicaQueuesEverything) {
  const IntervalResult r = evaluate_interval(chat_service(), chat(100, 0, 5));
  EXPECT_DOUBLE_EQ(r.backlog_requests, 105);
  EXPECT_DOUBLE_EQ(r.gpu_energy_j, 0);
  EXPECT_TRUE(std::isinf(r.ttft_p50_s));
  EXPECT_DOUBLE_EQ(r.slo_attainment, 0);
  EXPECT_THROW((void)evaluate_interval(chat_service(), chat(-1, 1)), std::invalid_argument);
  IntervalInput nan_cv = chat(10, 1);
  nan_cv.output.cv = std::nan("");
  EXPECT_THROW((void)evaluate_interval(chat_service(), nan_cv), std::invalid_argument);
}

TEST(Service, ConfigurationProblemsAreNamed) {
  ServiceConfig s = chat_service();
  EXPECT_FALSE(service_problem(s));
  s.slo.ttft_s = -1;
  EXPECT_NE(service_problem(s)->find("SLO"), std::string::npos);
  s = chat_service();
  s.prefill_s_per_token = std::numeric_limits<double>::infinity();
  EXPECT_NE(service_problem(s)->find("prefill"), std::string::npos);
  s = chat_service();
  s.batching.extrapolation = Extrapolation::refuse; // the 8B table starts at batch 8
  EXPECT_NE(service_problem(s)->find("starts at batch 8"), std::string::npos);
}

TEST(Service, AWeekOfMinutesKeepsItsBooks) {
  // Correctness over many calls (not timing): every arrival is served or still queued, and the energy is
  // the sum of the intervals' power x duration.
  const ServiceConfig s = chat_service();
  LoadProfile load;
  load.base_rate_rps = 30;
  load.diurnal_amplitude = 0.6;
  RandomStream rng(3, "service-week");
  double arrivals = 0, served = 0, energy = 0, backlog = 0;
  for (int i = 0; i < 7 * 24 * 60; ++i) {
    const double t0 = 60.0 * i;
    const double n = static_cast<double>(poisson_count(rng, 60 * mean_rate_rps(load, t0, t0 + 60)));
    const IntervalResult r = evaluate_interval(s, {60, n, {1000, 1.0}, {400, 1.0}, 3, backlog});
    arrivals += n;
    served += r.requests_served;
    energy += r.gpu_energy_j;
    backlog = r.backlog_requests;
    ASSERT_NEAR(r.gpu_energy_j, r.replica.gpu_power_w * 3 * 60, 1e-6);
  }
  EXPECT_NEAR(served + backlog, arrivals, 1e-6 * arrivals);
  EXPECT_NEAR(arrivals, 30.0 * 7 * 86400, 5 * std::sqrt(30.0 * 7 * 86400));
  EXPECT_GT(energy, 3 * 7 * 86400 * s.batching.idle_gpu_power_w);
}

} // namespace
} // namespace wattsim::models::inference
