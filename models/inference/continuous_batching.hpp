#pragma once
// Continuous batching: the batch a replica runs follows its load, up to a maximum. Given the output-token
// demand on one replica, the running batch B solves X(B) = B / t(B) = demand (Little's law over the
// decode: B sequences each get one token per step), so batch, power and energy per token follow the load
// along the measured curve. Equations: docs/models/inference.md ("Continuous batching").
//
//   demand <= X(B_max):  B from the curve's inverse;  served = demand;  utilisation = demand / X(B_max)
//   demand >  X(B_max):  B = B_max;  served = X(B_max);  kSaturated (the caller's queue grows)
//   B < 1 (light load):  the replica runs batch 1 for a share B of the time and idles at context-idle
//                        power the rest; the batch-1 point needs Extrapolation::allow unless the table
//                        starts at batch 1
//   a power cap scales power and speed as power_cap.hpp says.

#include "models/inference/performance_curve.hpp"
#include "models/inference/power_cap.hpp"

#include <optional>
#include <string>

namespace wattsim::models::inference {

struct BatchingConfig {
  double max_batch = 0;          ///< server max batch (vLLM max_num_seqs); <= KV-cache limit
  double idle_gpu_power_w = 0;   ///< replica GPU power with nothing running (Replica::idle_gpu_power_w)
  int gpus = 1;                  ///< GPUs in the replica (the cap is per GPU)
  PowerCap cap;
  double k_prefill = 0.8;        ///< AcceleratorSpec::cap_sensitivity_compute of the replica's accelerator
  Extrapolation extrapolation = Extrapolation::refuse;
};

struct ReplicaOperatingPoint {
  double batch = 0;              ///< mean running sequences
  double output_tokens_s = 0;    ///< served (<= demand)
  double capacity_tokens_s = 0;  ///< X(B_max) after the cap: what the replica could serve
  double utilization = 0;        ///< demand / capacity (may exceed 1)
  double step_time_s = 0;        ///< decode step at the running batch = time per output token (TPOT)
  double gpu_power_w = 0;        ///< replica GPU power, all GPUs
  [[nodiscard]] double energy_per_output_token_j() const {
    return output_tokens_s > 0 ? gpu_power_w / output_tokens_s : 0.0;
  }
  unsigned warnings = kNoWarning;
};

/// Why `cfg` cannot run on `curve` without a mid-run OutOfTable: max batch < 1, GPUs < 1, or, under
/// Extrapolation::refuse, a max batch above the table or a table that does not start at batch 1 (light
/// load runs batch 1). Names the setting; nullopt when every demand has an answer.
std::optional<std::string> batching_problem(const PerformanceCurve& curve, const BatchingConfig& cfg);

/// One replica at `demand_tokens_s` output tokens per second. Throws OutOfTable when the needed batch is
/// outside the table and extrapolation is refused. Allocation-free.
ReplicaOperatingPoint replica_operating_point(const PerformanceCurve& curve, const BatchingConfig& cfg,
                                              double demand_tokens_s);

} // namespace wattsim::models::inference
