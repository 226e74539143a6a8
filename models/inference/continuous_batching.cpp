#include "models/inference/continuous_batching.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <stdexcept>

namespace wattsim::models::inference {

namespace {

struct Capped {
  CurvePoint point;
  CappedOperation op;
  [[nodiscard]] double tokens_s() const { return point.output_tokens_s * op.speed; }
  [[nodiscard]] double step_time_s() const { return point.step_time_s / op.speed; }
};

Capped capped_at(const PerformanceCurve& curve, const BatchingConfig& cfg, double batch) {
  Capped c;
  c.point = curve.at(batch, cfg.extrapolation);
  c.op = apply_power_cap(c.point.gpu_power_w / cfg.gpus, c.point.compute_share, cfg.cap, cfg.k_prefill);
  return c;
}

} // namespace

std::optional<std::string> batching_problem(const PerformanceCurve& curve, const BatchingConfig& cfg) {
  if (!(cfg.max_batch >= 1))
    return fmt::format("max batch {} must be >= 1", cfg.max_batch);
  if (cfg.gpus < 1)
    return fmt::format("replica GPUs {} must be >= 1", cfg.gpus);
  if (cfg.cap.active() && !(cfg.cap.per_gpu_w > 0))
    return fmt::format("power cap {} W must be > 0", cfg.cap.per_gpu_w);
  if (cfg.extrapolation == Extrapolation::refuse) {
    if (cfg.max_batch > curve.max_batch())
      return fmt::format("max batch {} is above the largest measured batch {} (allow extrapolation to continue "
                         "the last segment)",
                         cfg.max_batch, curve.max_batch());
    if (curve.min_batch() > 1)
      return fmt::format("the table starts at batch {}, and light load runs smaller batches down to 1 (allow "
                         "extrapolation to continue the first segment)",
                         curve.min_batch());
  }
  return std::nullopt;
}

ReplicaOperatingPoint replica_operating_point(const PerformanceCurve& curve, const BatchingConfig& cfg,
                                              double demand_tokens_s) {
  if (!(cfg.max_batch >= 1))
    throw std::invalid_argument(fmt::format("max batch {} must be >= 1", cfg.max_batch));
  if (cfg.gpus < 1)
    throw std::invalid_argument(fmt::format("replica GPUs {} must be >= 1", cfg.gpus));
  if (!(demand_tokens_s >= 0) || !std::isfinite(demand_tokens_s))
    throw std::invalid_argument(fmt::format("output-token demand {} must be finite and >= 0", demand_tokens_s));

  ReplicaOperatingPoint r;
  const Capped full = capped_at(curve, cfg, cfg.max_batch);
  r.capacity_tokens_s = full.tokens_s();
  r.utilization = demand_tokens_s / r.capacity_tokens_s;
  if (demand_tokens_s == 0) {
    r.gpu_power_w = cfg.idle_gpu_power_w;
    r.warnings = curve.base_warnings();
    return r;
  }
  if (demand_tokens_s >= r.capacity_tokens_s) {
    r.batch = cfg.max_batch;
    r.output_tokens_s = r.capacity_tokens_s;
    r.step_time_s = full.step_time_s();
    r.gpu_power_w = full.op.power_per_gpu_w * cfg.gpus;
    r.warnings = full.point.warnings | (demand_tokens_s > r.capacity_tokens_s ? kSaturated : kNoWarning);
    return r;
  }
  // The batch that serves the demand on the uncapped curve, then once more with the demand divided by
  // the cap's speed at that batch (a capped step is longer, so more sequences run at once). One
  // correction suffices: the speed changes slowly with the batch.
  double batch = curve.batch_for_throughput(demand_tokens_s);
  if (cfg.cap.active() && batch >= 1) {
    const Capped first = capped_at(curve, cfg, std::min(batch, cfg.max_batch));
    batch = curve.batch_for_throughput(demand_tokens_s / first.op.speed);
  }
  batch = std::min(batch, cfg.max_batch);
  if (batch < 1) {
    // Light load: batch 1 for a share u of the time, idle (weights loaded) for the rest.
    const Capped one = capped_at(curve, cfg, 1.0);
    const double u = std::min(1.0, demand_tokens_s / one.tokens_s());
    r.batch = u;
    r.output_tokens_s = demand_tokens_s;
    r.step_time_s = one.step_time_s();
    r.gpu_power_w = u * one.op.power_per_gpu_w * cfg.gpus + (1.0 - u) * cfg.idle_gpu_power_w;
    r.warnings = one.point.warnings;
    return r;
  }
  const Capped at = capped_at(curve, cfg, batch);
  r.batch = batch;
  r.output_tokens_s = demand_tokens_s;
  r.step_time_s = at.step_time_s();
  r.gpu_power_w = at.op.power_per_gpu_w * cfg.gpus;
  r.warnings = at.point.warnings;
  return r;
}

} // namespace wattsim::models::inference
