#include "models/inference/prefill_time.hpp"

#include "helpers.hpp"

#include <gtest/gtest.h>

namespace wattsim::models::inference {
namespace {

using testing::replica;

TEST(PrefillTime, CalibratedMfuReproducesItsTtftAndScalesWithFlops) {
  for (const auto& row : builtin_phase_latencies()) {
    const Replica r = replica(row.model, row.accelerator, row.layout.tensor_parallel);
    const double mfu = prefill_mfu(r, row);
    EXPECT_GT(mfu, 0.05);
    EXPECT_LT(mfu, 1.0);
    EXPECT_NEAR(prefill_s_per_token(r, mfu) * row.prompt_tokens, row.ttft_s, 1e-12);
    // Twice the GPUs at the same MFU: half the time per token.
    Replica wider = r;
    wider.layout.tensor_parallel *= 2;
    EXPECT_NEAR(prefill_s_per_token(wider, mfu), 0.5 * prefill_s_per_token(r, mfu), 1e-15);
  }
  EXPECT_THROW((void)prefill_s_per_token(replica("Llama-3.1-8B", "H100-SXM", 1), 0), std::invalid_argument);
  EXPECT_THROW((void)prefill_s_per_token(replica("Llama-3.1-8B", "H100-SXM", 1), 1.5), std::invalid_argument);
}

} // namespace
} // namespace wattsim::models::inference
