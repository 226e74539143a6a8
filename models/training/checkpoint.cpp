#include "models/training/checkpoint.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace wattsim::models {

CheckpointSize checkpoint_size(double parameters, const BytesPerParameter& b) {
  if (!(parameters >= 0))
    throw std::invalid_argument("checkpoint_size: parameter count must be >= 0");
  return {parameters * b.weights, parameters * b.optimizer(), parameters * b.gradients};
}

namespace {
void check(const ParallelismDegrees& p) {
  if (p.data < 1 || p.tensor < 1 || p.pipeline < 1)
    throw std::invalid_argument("parallelism degrees must be >= 1");
}
} // namespace

double checkpoint_max_bytes_per_rank(const CheckpointSize& s, const ParallelismDegrees& p, CheckpointLayout layout) {
  check(p);
  const double ranks = static_cast<double>(p.ranks());
  const double shards = static_cast<double>(p.model_shards());
  const double dp = static_cast<double>(p.data);
  if (layout == CheckpointLayout::spread)
    return s.total_bytes() / ranks;
  // first_replica: data-parallel rank 0 of each model shard writes the replicated state of that shard
  // plus its own optimizer shard.
  const double optimizer_share = p.optimizer_sharded_over_data ? s.optimizer_bytes / (shards * dp)
                                                               : s.optimizer_bytes / shards;
  return (s.weights_bytes + s.gradient_bytes) / shards + optimizer_share;
}

double checkpoint_restart_read_bytes(const CheckpointSize& s, const ParallelismDegrees& p, bool broadcast_replicas) {
  check(p);
  if (broadcast_replicas)
    return s.total_bytes();
  const double dp = static_cast<double>(p.data);
  const double optimizer = p.optimizer_sharded_over_data ? s.optimizer_bytes : s.optimizer_bytes * dp;
  return (s.weights_bytes + s.gradient_bytes) * dp + optimizer;
}

double checkpoint_write_time_s(double total_bytes, double max_node_bytes, const CheckpointStorage& st) {
  if (!(st.write_bandwidth_bytes_s > 0) || !(st.node_bandwidth_bytes_s > 0))
    throw std::invalid_argument("checkpoint storage bandwidths must be > 0");
  return st.fixed_overhead_s +
         std::max(total_bytes / st.write_bandwidth_bytes_s, max_node_bytes / st.node_bandwidth_bytes_s);
}

double checkpoint_write_time_s(double total_bytes, std::int64_t nodes, const CheckpointStorage& st) {
  if (nodes < 1)
    throw std::invalid_argument("checkpoint_write_time_s: nodes must be >= 1");
  return checkpoint_write_time_s(total_bytes, total_bytes / static_cast<double>(nodes), st);
}

double checkpoint_load_time_s(double read_bytes, std::int64_t nodes, const CheckpointStorage& st) {
  if (nodes < 1)
    throw std::invalid_argument("checkpoint_load_time_s: nodes must be >= 1");
  if (!(st.read_bandwidth_bytes_s > 0) || !(st.node_bandwidth_bytes_s > 0))
    throw std::invalid_argument("checkpoint storage bandwidths must be > 0");
  return st.fixed_overhead_s + std::max(read_bytes / st.read_bandwidth_bytes_s,
                                        read_bytes / static_cast<double>(nodes) / st.node_bandwidth_bytes_s);
}

CheckpointCost checkpoint_cost(CheckpointMode mode, double total_bytes, std::int64_t nodes,
                               const CheckpointStorage& st) {
  CheckpointCost c;
  c.write_s = checkpoint_write_time_s(total_bytes, nodes, st);
  if (mode == CheckpointMode::synchronous) {
    c.stall_s = c.write_s;
  } else {
    if (!(st.host_copy_bandwidth_bytes_s > 0))
      throw std::invalid_argument("checkpoint storage: host copy bandwidth must be > 0");
    c.stall_s = st.fixed_overhead_s + total_bytes / static_cast<double>(nodes) / st.host_copy_bandwidth_bytes_s;
    // The background write starts after the copy (the fixed overhead is paid once, in the stall):
    // durable at stall + transfer.
    c.write_s = c.stall_s + (c.write_s - st.fixed_overhead_s);
  }
  return c;
}

} // namespace wattsim::models
