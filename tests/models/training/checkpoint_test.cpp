#include "models/training/checkpoint.hpp"

#include <gtest/gtest.h>

using namespace wattsim::models;

TEST(Checkpoint, Llama3SizeAt14And16BytesPerParameter) {
  // 405e9 x 14 B = 5.67 TB; x 16 B = 6.48 TB (ZeRO's 16 Psi).
  const CheckpointSize s14 = checkpoint_size(405e9);
  EXPECT_DOUBLE_EQ(BytesPerParameter::mixed_precision_adam().total(), 14.0);
  EXPECT_NEAR(s14.total_bytes(), 5.67e12, 1e3);
  EXPECT_NEAR(s14.weights_bytes, 0.81e12, 1e3);   // 2 B bf16
  EXPECT_NEAR(s14.optimizer_bytes, 4.86e12, 1e3); // 4 B master + 8 B moments
  EXPECT_EQ(s14.gradient_bytes, 0.0);
  const CheckpointSize s16 = checkpoint_size(405e9, BytesPerParameter::zero_model_states());
  EXPECT_NEAR(s16.total_bytes(), 6.48e12, 1e3);
  EXPECT_NEAR(checkpoint_size(405e9, BytesPerParameter::bf16_weights_only()).total_bytes(), 0.81e12, 1e3);
  EXPECT_THROW(checkpoint_size(-1), std::invalid_argument);
}

TEST(Checkpoint, ShardingPerRank) {
  const CheckpointSize s = checkpoint_size(405e9);
  const ParallelismDegrees p{128, 8, 16, true}; // Llama 3 405B at 16,384 GPUs
  ASSERT_EQ(p.ranks(), 16384);
  // Spread: 5.67e12 / 16384 = 346 MB per GPU (inside Llama 3's "1 MB - 4 GB per GPU").
  EXPECT_NEAR(checkpoint_max_bytes_per_rank(s, p), 5.67e12 / 16384, 1);
  // First replica: weights of one of 128 model shards (6.33 GB) + its optimizer shard (4.86e12 / 16384).
  EXPECT_NEAR(checkpoint_max_bytes_per_rank(s, p, CheckpointLayout::first_replica),
              0.81e12 / 128 + 4.86e12 / 16384, 1);
  ParallelismDegrees unsharded = p;
  unsharded.optimizer_sharded_over_data = false;
  EXPECT_NEAR(checkpoint_max_bytes_per_rank(s, unsharded, CheckpointLayout::first_replica), 5.67e12 / 128, 1);
  // Restart: weights read by each of the 128 replicas, sharded optimizer once.
  EXPECT_NEAR(checkpoint_restart_read_bytes(s, p), 0.81e12 * 128 + 4.86e12, 1e3);
  EXPECT_NEAR(checkpoint_restart_read_bytes(s, p, true), 5.67e12, 1e3);
  EXPECT_NEAR(checkpoint_restart_read_bytes(s, unsharded), 5.67e12 * 128, 1e4);
  EXPECT_THROW(checkpoint_max_bytes_per_rank(s, ParallelismDegrees{0, 1, 1, true}), std::invalid_argument);
}

TEST(Checkpoint, WriteStallAndLoadTimes) {
  const double bytes = 5.67e12;
  CheckpointStorage st; // 2 TB/s aggregate, 25 GB/s per node, 200 GB/s host copy
  // 2,048 nodes: aggregate-bound, 5.67e12 / 2e12 = 2.835 s (per node 2.77 GB / 25 GB/s = 0.11 s).
  EXPECT_NEAR(checkpoint_write_time_s(bytes, std::int64_t{2048}, st), 2.835, 1e-9);
  // 16 nodes: per-node bound, 354.4 GB / 25 GB/s = 14.18 s.
  EXPECT_NEAR(checkpoint_write_time_s(bytes, std::int64_t{16}, st), 5.67e12 / 16 / 25e9, 1e-9);
  const CheckpointCost sync = checkpoint_cost(CheckpointMode::synchronous, bytes, 2048, st);
  EXPECT_NEAR(sync.stall_s, 2.835, 1e-9);
  EXPECT_NEAR(sync.min_period_s(), 2.835, 1e-9);
  const CheckpointCost async = checkpoint_cost(CheckpointMode::asynchronous, bytes, 2048, st);
  // Device->host copy of 2.77 GB at 200 GB/s = 13.8 ms; durable after copy + write.
  EXPECT_NEAR(async.stall_s, 5.67e12 / 2048 / 200e9, 1e-12);
  EXPECT_NEAR(async.write_s, async.stall_s + 2.835, 1e-9);
  EXPECT_LT(async.stall_s, sync.stall_s / 100);
  // Fixed overhead counted once in each.
  st.fixed_overhead_s = 5;
  EXPECT_NEAR(checkpoint_cost(CheckpointMode::synchronous, bytes, 2048, st).stall_s, 7.835, 1e-9);
  const CheckpointCost async5 = checkpoint_cost(CheckpointMode::asynchronous, bytes, 2048, st);
  EXPECT_NEAR(async5.stall_s, 5 + 5.67e12 / 2048 / 200e9, 1e-9);
  EXPECT_NEAR(async5.write_s, async5.stall_s + 2.835, 1e-9);
  // Load of 108.5 TB (weights read by 128 replicas) at 2 TB/s: 54.2 s + 5 s.
  const double read = 0.81e12 * 128 + 4.86e12;
  EXPECT_NEAR(checkpoint_load_time_s(read, 2048, st), 5 + read / 2e12, 1e-9);
  EXPECT_THROW(checkpoint_load_time_s(read, 0, st), std::invalid_argument);
}
