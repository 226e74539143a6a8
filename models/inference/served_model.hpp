#pragma once
// A served model and the replica that serves it: parameters, weight precision, KV cache per token, and
// the replica layout (tensor x pipeline parallel GPUs) on a catalog accelerator.
// Equations and sources: docs/models/inference.md ("Served model").

#include "models/hardware/accelerator.hpp"
#include "models/hardware/precision.hpp"

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace wattsim::models::inference {

/// Bytes per stored weight: fp32 4, bf16/fp16 2, fp8/int8 1, fp4 0.5 (the formats' widths).
double bytes_per_parameter(Precision p);

struct ServedModel {
  std::string name;
  double parameters = 0;         ///< stored parameters (all experts for a mixture of experts)
  double active_parameters = 0;  ///< parameters used per token; 0 = dense (= parameters)
  Precision weight_precision = Precision::bf16;
  double kv_bytes_per_token = 0; ///< KV cache per token of context, all layers: 2 x layers x kv_heads x head_dim x bytes
  std::string source;            ///< where the architecture numbers come from

  [[nodiscard]] double weight_bytes() const { return parameters * bytes_per_parameter(weight_precision); }
  /// Forward FLOPs per token: 2 x active parameters (Kaplan et al. 2020).
  [[nodiscard]] double flops_per_token() const { return 2.0 * (active_parameters > 0 ? active_parameters : parameters); }
};

/// Built-in architectures (Llama 3.1 8B/70B/405B, Llama 2 70B, BLOOM 176B), each with its model card.
std::span<const ServedModel> served_model_presets();
const ServedModel* find_served_model(std::string_view name);

struct ReplicaLayout {
  int tensor_parallel = 1;
  int pipeline_parallel = 1;
  [[nodiscard]] int gpus() const { return tensor_parallel * pipeline_parallel; }
  bool operator==(const ReplicaLayout&) const = default;
};

/// Share of GPU memory the server may use for weights + KV cache: vLLM's gpu_memory_utilization default
/// 0.9 (vLLM engine arguments documentation).
inline constexpr double kDefaultMemoryUtilization = 0.9;

/// One model replica: the model, its layout, and the accelerator it runs on (a catalog entry, copied).
struct Replica {
  ServedModel model;
  ReplicaLayout layout;
  AcceleratorSpec accelerator;
  double memory_utilization = kDefaultMemoryUtilization;

  [[nodiscard]] int gpus() const { return layout.gpus(); }
  [[nodiscard]] double weight_bytes_per_gpu() const { return model.weight_bytes() / gpus(); }
  /// Tokens of context the KV cache holds once the weights are loaded (whole replica).
  [[nodiscard]] double kv_capacity_tokens() const;
  /// Largest batch whose KV cache fits when every sequence holds `context_tokens` of context.
  [[nodiscard]] double max_batch_by_memory(double context_tokens) const;
  /// GPU power of a loaded replica with no request running: gpus x context-idle power (catalog).
  [[nodiscard]] double idle_gpu_power_w() const { return gpus() * accelerator.context_idle_power_w; }
};

/// Peak FLOP/s of one GPU at the replica's weight precision (bf16 for 16-bit weights; fp8 falls back
/// to bf16 on accelerators without fp8). Throws std::invalid_argument when the catalog has neither.
double replica_peak_flops_per_gpu(const Replica& r);

/// Why the replica cannot serve (non-positive parallelism or parameters, weights larger than the
/// usable memory, missing catalog numbers), or nullopt when it can.
std::optional<std::string> replica_problem(const Replica& r);

} // namespace wattsim::models::inference
