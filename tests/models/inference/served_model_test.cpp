#include "models/inference/served_model.hpp"

#include "helpers.hpp"

#include <cmath>
#include <gtest/gtest.h>

namespace wattsim::models::inference {
namespace {

using testing::replica;

TEST(ServedModel, BytesPerParameterFollowThePrecisionWidth) {
  EXPECT_EQ(bytes_per_parameter(Precision::fp32), 4);
  EXPECT_EQ(bytes_per_parameter(Precision::bf16), 2);
  EXPECT_EQ(bytes_per_parameter(Precision::fp8), 1);
  EXPECT_EQ(bytes_per_parameter(Precision::fp4), 0.5);
}

TEST(ServedModel, PresetsHaveSourcesAndKvCache) {
  ASSERT_FALSE(served_model_presets().empty());
  for (const auto& m : served_model_presets()) {
    EXPECT_FALSE(m.source.empty()) << m.name;
    EXPECT_GT(m.parameters, 1e9) << m.name;
    EXPECT_GT(m.kv_bytes_per_token, 0) << m.name;
  }
  EXPECT_EQ(find_served_model("no such model"), nullptr);
  // Llama 3.1 8B: 2 (K, V) x 32 layers x 8 KV heads x 128 x 2 bytes.
  EXPECT_DOUBLE_EQ(find_served_model("Llama-3.1-8B")->kv_bytes_per_token, 2.0 * 32 * 8 * 128 * 2);
  EXPECT_DOUBLE_EQ(find_served_model("Llama-3.1-405B-FP8")->weight_bytes(), 405.9e9);
}

TEST(ServedModel, KvCapacityIsTheMemoryLeftAfterTheWeights) {
  const Replica r = replica("Llama-3.1-8B", "H100-SXM", 1);
  const double usable = r.accelerator.memory_bytes * kDefaultMemoryUtilization;
  EXPECT_DOUBLE_EQ(r.kv_capacity_tokens(), (usable - r.model.weight_bytes()) / r.model.kv_bytes_per_token);
  EXPECT_DOUBLE_EQ(r.max_batch_by_memory(1000), std::floor(r.kv_capacity_tokens() / 1000));
  EXPECT_DOUBLE_EQ(r.idle_gpu_power_w(), r.accelerator.context_idle_power_w);
  EXPECT_FALSE(replica_problem(r));
}

TEST(ServedModel, ReplicaProblemsAreNamed) {
  Replica r = replica("Llama-3.1-405B", "H100-SXM", 1); // 812 GB of bf16 weights on one 80 GB GPU
  auto problem = replica_problem(r);
  ASSERT_TRUE(problem);
  EXPECT_NE(problem->find("does not fit"), std::string::npos) << *problem;
  r.layout.tensor_parallel = 16; // 16 x 80 GB x 0.9 = 1152 GB: fits
  EXPECT_FALSE(replica_problem(r));
  r.layout.pipeline_parallel = 0;
  EXPECT_TRUE(replica_problem(r));
}

TEST(ServedModel, PeakFlopsFollowTheWeightPrecision) {
  const Replica fp8_on_h100 = replica("Llama-3.1-405B-FP8", "H100-SXM", 8);
  EXPECT_DOUBLE_EQ(replica_peak_flops_per_gpu(fp8_on_h100), *fp8_on_h100.accelerator.peak(Precision::fp8));
  // A100 has no fp8: FP8 weights are computed in bf16.
  const Replica fp8_on_a100 = replica("Llama-3.1-405B-FP8", "A100-SXM4-80GB", 8);
  EXPECT_DOUBLE_EQ(replica_peak_flops_per_gpu(fp8_on_a100), *fp8_on_a100.accelerator.peak(Precision::bf16));
}

} // namespace
} // namespace wattsim::models::inference
