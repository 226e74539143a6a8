#include "models/inference/continuous_batching.hpp"

#include "helpers.hpp"

#include <gtest/gtest.h>

namespace wattsim::models::inference {
namespace {

using testing::replica;

struct Fixture : ::testing::Test {
  const PerformanceTable& table = *find_performance_table("Llama-3.1-8B", "H100-SXM", {1, 1});
  PerformanceCurve curve = PerformanceCurve::from_table(table);
  Replica r = replica("Llama-3.1-8B", "H100-SXM", 1);
  BatchingConfig cfg{256, r.idle_gpu_power_w(), 1, {}, r.accelerator.cap_sensitivity_compute, Extrapolation::allow};
};

using ContinuousBatching = Fixture;

TEST_F(ContinuousBatching, BatchPowerAndEnergyFollowTheLoad) {
  double last_batch = 0, last_power = 0, last_energy = 1e9;
  const double capacity = curve.at(256, Extrapolation::refuse).output_tokens_s;
  for (double share : {0.01, 0.05, 0.1, 0.3, 0.6, 0.9, 1.0}) {
    const auto op = replica_operating_point(curve, cfg, share * capacity);
    EXPECT_GT(op.batch, last_batch);
    EXPECT_GT(op.gpu_power_w, last_power);
    EXPECT_LT(op.energy_per_output_token_j(), last_energy);
    EXPECT_NEAR(op.output_tokens_s, share * capacity, 1e-9 * capacity);
    EXPECT_NEAR(op.utilization, share, 1e-12);
    last_batch = op.batch, last_power = op.gpu_power_w, last_energy = op.energy_per_output_token_j();
  }
}

TEST_F(ContinuousBatching, AtAMeasuredThroughputTheMeasuredRowComesBack) {
  const PerformanceRow& row = table.rows[1]; // batch 64
  const auto op = replica_operating_point(curve, cfg, row.output_tokens_s);
  EXPECT_NEAR(op.batch, row.batch, 1e-9);
  EXPECT_NEAR(op.gpu_power_w, row.gpu_power_w, 1e-6);
  EXPECT_NEAR(op.energy_per_output_token_j(), row.energy_per_output_token_j(), 1e-9);
  EXPECT_NEAR(op.step_time_s, row.step_time_s(), 1e-12);
}

TEST_F(ContinuousBatching, DemandAboveCapacitySaturatesAtMaxBatch) {
  cfg.max_batch = 64;
  const double capacity = table.rows[1].output_tokens_s;
  const auto op = replica_operating_point(curve, cfg, 3 * capacity);
  EXPECT_DOUBLE_EQ(op.batch, 64);
  EXPECT_NEAR(op.output_tokens_s, capacity, 1e-9 * capacity);
  EXPECT_NEAR(op.utilization, 3.0, 1e-9);
  EXPECT_TRUE(op.warnings & kSaturated);
}

TEST_F(ContinuousBatching, LightLoadIsBatchOneForAShareOfTheTime) {
  const CurvePoint one = curve.at(1, Extrapolation::allow);
  const auto op = replica_operating_point(curve, cfg, 0.25 * one.output_tokens_s);
  EXPECT_NEAR(op.batch, 0.25, 1e-12);
  EXPECT_NEAR(op.gpu_power_w, 0.25 * one.gpu_power_w + 0.75 * cfg.idle_gpu_power_w, 1e-9);
  EXPECT_TRUE(op.warnings & kBelowTable);
  const auto idle = replica_operating_point(curve, cfg, 0);
  EXPECT_DOUBLE_EQ(idle.gpu_power_w, cfg.idle_gpu_power_w);
  EXPECT_DOUBLE_EQ(idle.output_tokens_s, 0);
  EXPECT_THROW((void)replica_operating_point(curve, cfg, -1), std::invalid_argument);
}

TEST_F(ContinuousBatching, RefusedExtrapolationIsCaughtBeforeRunning) {
  cfg.extrapolation = Extrapolation::refuse;
  auto problem = batching_problem(curve, cfg);
  ASSERT_TRUE(problem); // the table starts at batch 8
  EXPECT_NE(problem->find("starts at batch 8"), std::string::npos) << *problem;
  EXPECT_THROW((void)replica_operating_point(curve, cfg, 10.0), OutOfTable);
  cfg.extrapolation = Extrapolation::allow;
  cfg.max_batch = 512;
  EXPECT_FALSE(batching_problem(curve, cfg));
  cfg.extrapolation = Extrapolation::refuse;
  EXPECT_NE(batching_problem(curve, cfg)->find("above the largest measured batch"), std::string::npos);
}

TEST_F(ContinuousBatching, DecodeCapSavesPowerAtLittleThroughputCost) {
  const double capacity = curve.at(256, Extrapolation::refuse).output_tokens_s;
  const auto full = replica_operating_point(curve, cfg, capacity);
  cfg.cap.per_gpu_w = 0.5 * r.accelerator.tdp_w; // Splitwise's 50 % cap
  const auto capped = replica_operating_point(curve, cfg, 2 * capacity);
  EXPECT_DOUBLE_EQ(capped.gpu_power_w, 350);
  const CurvePoint p = curve.at(256, Extrapolation::refuse);
  const CappedOperation expected = apply_power_cap(p.gpu_power_w, p.compute_share, cfg.cap, cfg.k_prefill);
  EXPECT_NEAR(capped.capacity_tokens_s, capacity * expected.speed, 1e-9);
  // Power halves, throughput drops far less: energy per token improves.
  EXPECT_LT(capped.energy_per_output_token_j(), full.energy_per_output_token_j());
  // Below capacity a capped replica serves the same demand with a larger batch.
  const auto half = replica_operating_point(curve, cfg, 0.5 * capacity);
  cfg.cap = {};
  EXPECT_GT(half.batch, replica_operating_point(curve, cfg, 0.5 * capacity).batch);
}

} // namespace
} // namespace wattsim::models::inference
