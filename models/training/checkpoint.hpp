#pragma once
// Checkpoint size, sharding, write/stall/load times of a training job.
// Equations and sources: docs/models/checkpointing.md.

#include <cstdint>

namespace wattsim::models {

/// Bytes saved per model parameter, split by what they hold.
/// Mixed-precision Adam keeps, per parameter Psi: bf16/fp16 weights (2 B), fp16 gradients (2 B) and
/// K = 12 B of optimizer state (fp32 master weights 4 B, Adam momentum 4 B and variance 4 B): 16 Psi of
/// model state (Rajbhandari et al. 2020, ZeRO, SC20, s3.1). A checkpoint drops the gradients (they are
/// recomputed by the next step): 14 B/param.
struct BytesPerParameter {
  double weights = 2;           ///< bf16 model weights
  double master_weights = 4;    ///< fp32 master copy held by the optimizer
  double optimizer_moments = 8; ///< Adam first and second moments, fp32
  double gradients = 0;         ///< not saved by default

  [[nodiscard]] double total() const { return weights + master_weights + optimizer_moments + gradients; }
  [[nodiscard]] double optimizer() const { return master_weights + optimizer_moments; }

  /// 2 + 4 + 8 = 14 B/param: what a resumable mixed-precision Adam checkpoint holds.
  static BytesPerParameter mixed_precision_adam() { return {}; }
  /// ZeRO's full 16 Psi model state (adds 2 B of bf16 gradients), an upper bound.
  static BytesPerParameter zero_model_states() { return {2, 4, 8, 2}; }
  /// Weights only, bf16: an export for inference, not resumable.
  static BytesPerParameter bf16_weights_only() { return {2, 0, 0, 0}; }
};

struct CheckpointSize {
  double weights_bytes = 0;
  double optimizer_bytes = 0; ///< master weights + moments
  double gradient_bytes = 0;
  [[nodiscard]] double total_bytes() const { return weights_bytes + optimizer_bytes + gradient_bytes; }
};

CheckpointSize checkpoint_size(double parameters, const BytesPerParameter& b = BytesPerParameter::mixed_precision_adam());

/// How the job's ranks split the model. Context-parallel ranks count in `data` here: they hold the same
/// parameters (Llama 3 405B at 16,384 GPUs: TP 8, PP 16, DP 128; arXiv:2407.21783 Table 4).
struct ParallelismDegrees {
  std::int64_t data = 1;
  std::int64_t tensor = 1;
  std::int64_t pipeline = 1;
  /// Optimizer state sharded over the data-parallel ranks (ZeRO-1/2/3, FSDP), as in Llama 3.
  bool optimizer_sharded_over_data = true;
  [[nodiscard]] std::int64_t ranks() const { return data * tensor * pipeline; }
  [[nodiscard]] std::int64_t model_shards() const { return tensor * pipeline; }
};

enum class CheckpointLayout {
  /// Replicated shards are written once, the work spread over the replicas (PyTorch Distributed
  /// Checkpoint, Megatron distributed checkpointing): every rank writes total / ranks.
  spread,
  /// The first data-parallel replica writes the weights (and the unsharded optimizer state); the
  /// others write only their own optimizer shard, if sharded.
  first_replica,
};

/// The most bytes a single rank writes.
double checkpoint_max_bytes_per_rank(const CheckpointSize& s, const ParallelismDegrees& p,
                                     CheckpointLayout layout = CheckpointLayout::spread);

/// Bytes read from storage by all ranks together on a restart: every data-parallel replica needs the
/// weights of its model shard, so they are read `data` times unless `broadcast_replicas` (read once,
/// then sent over the fabric); sharded optimizer state is read once, replicated state `data` times.
double checkpoint_restart_read_bytes(const CheckpointSize& s, const ParallelismDegrees& p,
                                     bool broadcast_replicas = false);

/// The storage path of checkpoints. Defaults: Llama 3's Tectonic figures for the aggregate
/// (2 TB/s sustained, 7 TB/s peak; arXiv:2407.21783 s3.3.1); per-node figures are estimates.
struct CheckpointStorage {
  double write_bandwidth_bytes_s = 2e12; ///< aggregate sustained write of the storage system
  double read_bandwidth_bytes_s = 2e12;  ///< aggregate sustained read
  /// Per node, to storage (frontend NIC). Estimate: 200 Gb/s = 25 GB/s.
  double node_bandwidth_bytes_s = 25e9;
  /// Per node, device memory -> pinned host memory for asynchronous checkpoints. Estimate: 8 GPUs x
  /// ~25 GB/s effective over PCIe Gen5 x16 (64 GB/s raw per direction) = 200 GB/s.
  double host_copy_bandwidth_bytes_s = 200e9;
  /// Fixed cost per checkpoint or load: barrier, metadata, commit. Default 0.
  double fixed_overhead_s = 0;
};

/// Time to write `total_bytes` when the most loaded node writes `max_node_bytes`: the slower of the
/// aggregate path and that node's own link, plus the fixed overhead.
double checkpoint_write_time_s(double total_bytes, double max_node_bytes, const CheckpointStorage& st);
/// Same, with the bytes spread evenly over `nodes`.
double checkpoint_write_time_s(double total_bytes, std::int64_t nodes, const CheckpointStorage& st);
/// Time to read `read_bytes` (checkpoint_restart_read_bytes) spread evenly over `nodes`.
double checkpoint_load_time_s(double read_bytes, std::int64_t nodes, const CheckpointStorage& st);

enum class CheckpointMode {
  synchronous,  ///< training stops until the checkpoint is on storage
  asynchronous, ///< training stops only for the device-to-host copy; the write drains in the background
};

struct CheckpointCost {
  double stall_s = 0; ///< time training is stopped: the delta of Young/Daly
  double write_s = 0; ///< time until the checkpoint is durable (from its start)
  /// Shortest spacing between checkpoint starts: a new one cannot start before the previous write
  /// has drained (async) or finished (sync).
  [[nodiscard]] double min_period_s() const { return write_s; }
};

/// Cost of one checkpoint of `total_bytes` spread evenly over `nodes`.
/// Asynchronous: stall = fixed + (bytes per node) / host_copy_bandwidth (e.g. PyTorch DCP async_save,
/// Megatron async checkpointing; the copy is the only part on the critical path).
CheckpointCost checkpoint_cost(CheckpointMode mode, double total_bytes, std::int64_t nodes, const CheckpointStorage& st);

} // namespace wattsim::models
