#include "models/inference/served_model.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <fmt/format.h>

namespace wattsim::models::inference {

double bytes_per_parameter(Precision p) {
  switch (p) {
  case Precision::fp64:
  case Precision::fp64_tensor:
    return 8;
  case Precision::fp32:
  case Precision::tf32: // stored as 32-bit
    return 4;
  case Precision::bf16:
  case Precision::fp16:
    return 2;
  case Precision::fp8:
  case Precision::int8:
    return 1;
  case Precision::fp4:
    return 0.5;
  }
  return 2;
}

namespace {

// KV cache bytes per token = 2 (K and V) x layers x KV heads x head dim x bytes per element (16-bit KV:
// vLLM's default kv_cache_dtype "auto" keeps the model's activation dtype, bf16, also for FP8 weights).
constexpr double kv_bytes(double layers, double kv_heads, double head_dim) { return 2.0 * layers * kv_heads * head_dim * 2.0; }

const std::array<ServedModel, 6> kPresets = {{
    {"Llama-3.1-8B", 8.03e9, 0, Precision::bf16, kv_bytes(32, 8, 128),
     "Meta Llama 3.1 model card and config.json (meta-llama/Llama-3.1-8B): 8.03B parameters, 32 layers, "
     "8 KV heads (GQA), head dim 128"},
    {"Llama-3.1-70B", 70.6e9, 0, Precision::bf16, kv_bytes(80, 8, 128),
     "Meta Llama 3.1 model card and config.json (meta-llama/Llama-3.1-70B): 70.6B parameters, 80 layers, "
     "8 KV heads, head dim 128"},
    {"Llama-3.1-405B", 405.9e9, 0, Precision::bf16, kv_bytes(126, 8, 128),
     "Meta Llama 3.1 model card and config.json (meta-llama/Llama-3.1-405B): 405.9B parameters, 126 layers, "
     "8 KV heads, head dim 128"},
    {"Llama-3.1-405B-FP8", 405.9e9, 0, Precision::fp8, kv_bytes(126, 8, 128),
     "as Llama-3.1-405B, weights in FP8 (meta-llama/Llama-3.1-405B-Instruct-FP8)"},
    {"Llama-2-70B", 69.0e9, 0, Precision::bf16, kv_bytes(80, 8, 128),
     "Touvron et al. 2023, Llama 2 (arXiv:2307.09288) Table 1 and config.json: 69B parameters, 80 layers, "
     "GQA with 8 KV heads, head dim 128"},
    {"BLOOM-176B", 176.2e9, 0, Precision::bf16, kv_bytes(70, 112, 128),
     "BigScience 2022, BLOOM (arXiv:2211.05100) Table 1: 176.2B parameters, 70 layers, 112 heads (no GQA), "
     "hidden 14336 (head dim 128)"},
}};

} // namespace

std::span<const ServedModel> served_model_presets() { return kPresets; }

const ServedModel* find_served_model(std::string_view name) {
  auto it = std::find_if(kPresets.begin(), kPresets.end(), [&](const ServedModel& m) { return m.name == name; });
  return it == kPresets.end() ? nullptr : &*it;
}

double Replica::kv_capacity_tokens() const {
  if (model.kv_bytes_per_token <= 0)
    return 0;
  const double usable = gpus() * accelerator.memory_bytes * memory_utilization;
  return std::max(0.0, usable - model.weight_bytes()) / model.kv_bytes_per_token;
}

double Replica::max_batch_by_memory(double context_tokens) const {
  if (context_tokens <= 0)
    return 0;
  return std::floor(kv_capacity_tokens() / context_tokens);
}

double replica_peak_flops_per_gpu(const Replica& r) {
  const auto& a = r.accelerator;
  // 16-bit and wider weights run bf16 tensor cores; 8-bit weights run fp8 (int8 for int8) where the
  // accelerator has it, else they are upcast to bf16 (A100 has no fp8).
  std::optional<double> peak;
  if (r.model.weight_precision == Precision::fp8 || r.model.weight_precision == Precision::int8 ||
      r.model.weight_precision == Precision::fp4)
    peak = a.peak(r.model.weight_precision);
  if (!peak)
    peak = a.peak(Precision::bf16);
  if (!peak)
    peak = a.peak(Precision::fp16);
  if (!peak || !(*peak > 0))
    throw std::invalid_argument(fmt::format("accelerator '{}' has no bf16/fp16 peak FLOP/s for inference", a.name));
  return *peak;
}

std::optional<std::string> replica_problem(const Replica& r) {
  if (r.layout.tensor_parallel < 1 || r.layout.pipeline_parallel < 1)
    return fmt::format("replica layout: tensor_parallel ({}) and pipeline_parallel ({}) must be >= 1",
                       r.layout.tensor_parallel, r.layout.pipeline_parallel);
  if (!(r.model.parameters > 0))
    return fmt::format("model '{}': parameters must be > 0", r.model.name);
  if (!(r.model.kv_bytes_per_token > 0))
    return fmt::format("model '{}': kv_bytes_per_token must be > 0", r.model.name);
  if (!(r.memory_utilization > 0 && r.memory_utilization <= 1))
    return fmt::format("memory_utilization {} must be in (0, 1]", r.memory_utilization);
  const auto& a = r.accelerator;
  if (!(a.memory_bytes > 0) || !(a.memory_bandwidth_bytes_s > 0) || !(a.tdp_w > 0))
    return fmt::format("accelerator '{}': memory, memory_bandwidth and tdp are needed for inference", a.name);
  const double usable = r.gpus() * a.memory_bytes * r.memory_utilization;
  if (r.model.weight_bytes() >= usable)
    return fmt::format("model '{}' ({:.0f} GB of weights) does not fit {} x {} ({:.0f} GB usable at {} memory "
                       "utilisation)",
                       r.model.name, r.model.weight_bytes() / 1e9, r.gpus(), a.name, usable / 1e9,
                       r.memory_utilization);
  return std::nullopt;
}

} // namespace wattsim::models::inference
