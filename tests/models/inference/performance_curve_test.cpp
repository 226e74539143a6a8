#include "models/inference/performance_curve.hpp"

#include "helpers.hpp"

#include <cmath>
#include <gtest/gtest.h>

namespace wattsim::models::inference {
namespace {

using testing::replica;

const PerformanceTable& llama8b() { return *find_performance_table("Llama-3.1-8B", "H100-SXM", {1, 1}); }

TEST(PerformanceCurve, ExactAtMeasuredRows) {
  const auto curve = PerformanceCurve::from_table(llama8b());
  for (const auto& row : llama8b().rows) {
    const CurvePoint p = curve.at(row.batch, Extrapolation::refuse);
    EXPECT_NEAR(p.output_tokens_s, row.output_tokens_s, 1e-9 * row.output_tokens_s);
    EXPECT_NEAR(p.gpu_power_w, row.gpu_power_w, 1e-9);
    EXPECT_NEAR(p.energy_per_output_token_j(), row.energy_per_output_token_j(), 1e-12);
    EXPECT_EQ(p.warnings, kNoWarning);
  }
}

TEST(PerformanceCurve, StepTimeLinearAndPowerLogLinearBetweenRows) {
  const auto& rows = llama8b().rows;
  const auto curve = PerformanceCurve::from_table(llama8b());
  const double mid = 0.5 * (rows[0].batch + rows[1].batch);
  EXPECT_NEAR(curve.at(mid, Extrapolation::refuse).step_time_s, 0.5 * (rows[0].step_time_s() + rows[1].step_time_s()), 1e-15);
  const double geometric = std::sqrt(rows[1].batch * rows[2].batch);
  EXPECT_NEAR(curve.at(geometric, Extrapolation::refuse).gpu_power_w, 0.5 * (rows[1].gpu_power_w + rows[2].gpu_power_w), 1e-9);
  // Throughput and power rise with the batch; energy per token falls (the ML.ENERGY trend).
  double last_x = 0, last_p = 0, last_e = 1e9;
  for (double b = 8; b <= 256; b *= 1.5) {
    const CurvePoint p = curve.at(b, Extrapolation::refuse);
    EXPECT_GT(p.output_tokens_s, last_x);
    EXPECT_GT(p.gpu_power_w, last_p);
    EXPECT_LT(p.energy_per_output_token_j(), last_e);
    EXPECT_GT(p.compute_share, 0);
    EXPECT_LT(p.compute_share, 1);
    last_x = p.output_tokens_s, last_p = p.gpu_power_w, last_e = p.energy_per_output_token_j();
  }
}

TEST(PerformanceCurve, OutsideTheTableRefusedOrFlagged) {
  const auto curve = PerformanceCurve::from_table(llama8b());
  EXPECT_THROW((void)curve.at(4, Extrapolation::refuse), OutOfTable);
  EXPECT_THROW((void)curve.at(512, Extrapolation::refuse), OutOfTable);
  const CurvePoint low = curve.at(1, Extrapolation::allow);
  EXPECT_EQ(low.warnings, kBelowTable);
  const auto& r = llama8b().rows;
  const double slope = (r[1].step_time_s() - r[0].step_time_s()) / (r[1].batch - r[0].batch);
  EXPECT_NEAR(low.step_time_s, r[0].step_time_s() - slope * (r[0].batch - 1), 1e-15);
  EXPECT_GT(low.step_time_s, 0);
  EXPECT_EQ(curve.at(512, Extrapolation::allow).warnings, kAboveTable);
  EXPECT_THROW((void)curve.at(0, Extrapolation::allow), std::invalid_argument);
}

TEST(PerformanceCurve, InversesMatchTheForwardCurve) {
  const auto curve = PerformanceCurve::from_table(llama8b());
  for (double b : {1.0, 3.0, 8.0, 20.0, 64.0, 100.0, 256.0, 300.0}) {
    const CurvePoint p = curve.at(b, Extrapolation::allow);
    EXPECT_NEAR(curve.batch_for_throughput(p.output_tokens_s), b, 1e-9 * b) << b;
    EXPECT_NEAR(curve.batch_for_step_time(p.step_time_s), b, 1e-9 * b) << b;
  }
  EXPECT_EQ(curve.batch_for_throughput(0), 0);
}

TEST(PerformanceCurve, ScalingToTheSameReplicaChangesNothingButTheFlag) {
  const Replica r = replica("Llama-3.1-8B", "H100-SXM", 1);
  const auto base = PerformanceCurve::from_table(llama8b());
  const auto same = PerformanceCurve::scaled(llama8b(), r, r);
  for (double b : {8.0, 50.0, 256.0}) {
    EXPECT_NEAR(same.at(b, Extrapolation::refuse).step_time_s, base.at(b, Extrapolation::refuse).step_time_s, 1e-15);
    EXPECT_NEAR(same.at(b, Extrapolation::refuse).gpu_power_w, base.at(b, Extrapolation::refuse).gpu_power_w, 1e-9);
    EXPECT_EQ(same.at(b, Extrapolation::refuse).warnings, kScaledTable);
  }
}

TEST(PerformanceCurve, RooflineScalingFollowsBandwidthFlopsAndTdp) {
  const Replica measured = replica("Llama-3.1-8B", "H100-SXM", 1);
  Replica faster = measured;
  faster.accelerator.memory_bandwidth_bytes_s *= 2; // weight reads take half as long
  const auto base = PerformanceCurve::from_table(llama8b());
  const auto scaled = PerformanceCurve::scaled(llama8b(), measured, faster);
  // The first-to-last line of the measured curve: t = c0 + s B; only c0 halves.
  const auto& r = llama8b().rows;
  const double s = (r.back().step_time_s() - r.front().step_time_s()) / (r.back().batch - r.front().batch);
  const double c0 = r.front().step_time_s() - s * r.front().batch;
  EXPECT_NEAR(scaled.at(8, Extrapolation::refuse).step_time_s, 0.5 * c0 + s * 8, 1e-12);
  EXPECT_NEAR(scaled.at(256, Extrapolation::refuse).step_time_s, 0.5 * c0 + s * 256, 1e-12);
  EXPECT_DOUBLE_EQ(scaled.at(64, Extrapolation::refuse).gpu_power_w, base.at(64, Extrapolation::refuse).gpu_power_w);

  // Same dynamic fraction on an accelerator with another TDP and idle power.
  Replica other = measured;
  other.accelerator.tdp_w = 1000;
  other.accelerator.idle_power_w = 100;
  const auto& a = measured.accelerator;
  const double d = (r[1].gpu_power_w - a.idle_power_w) / (a.tdp_w - a.idle_power_w);
  EXPECT_NEAR(PerformanceCurve::scaled(llama8b(), measured, other).at(64, Extrapolation::refuse).gpu_power_w,
              100 + d * 900, 1e-9);
}

TEST(PerformanceCurve, BadTablesAreRejected) {
  PerformanceTable t = llama8b();
  t.rows.resize(1);
  EXPECT_THROW((void)PerformanceCurve::from_table(t), std::invalid_argument);
}

} // namespace
} // namespace wattsim::models::inference
