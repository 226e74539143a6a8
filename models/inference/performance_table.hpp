#pragma once
// Measured inference performance and power, as data: for one (model, accelerator, layout) the replica's
// output-token throughput and GPU power at each measured batch size, every row with its original source.
// The built-in tables live in performance_data.cpp; the interpolation rule is PerformanceCurve
// (performance_curve.hpp). Sources and the meaning of each column: docs/models/inference.md.

#include "models/inference/served_model.hpp"

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace wattsim::models::inference {

/// What a row measures. `mixed`: a continuous-batching server in steady state, prefill interleaved with
/// decode, energy per OUTPUT token including the prefill of the measured prompts (ML.ENERGY).
/// `decode`: token phase only; `prefill`: prompt phase only (Splitwise's phase measurements).
enum class ServingPhase { mixed, prefill, decode };
std::string_view to_string(ServingPhase p);

struct PerformanceRow {
  double batch = 0;            ///< concurrent sequences running (server max batch, saturated)
  double output_tokens_s = 0;  ///< replica output tokens per second
  double gpu_power_w = 0;      ///< replica GPU power, all GPUs together, time average
  double mean_prompt_tokens = 0; ///< workload of the measurement; 0 = not published
  double mean_output_tokens = 0; ///< workload of the measurement; 0 = not published
  std::string source;          ///< original source of this row

  /// Decode step time: every running sequence gets one token per step, so t = batch / throughput.
  [[nodiscard]] double step_time_s() const { return batch / output_tokens_s; }
  [[nodiscard]] double energy_per_output_token_j() const { return gpu_power_w / output_tokens_s; }
};

struct PerformanceTable {
  std::string model;       ///< ServedModel name
  std::string accelerator; ///< catalog accelerator name
  ReplicaLayout layout;
  ServingPhase phase = ServingPhase::mixed;
  std::vector<PerformanceRow> rows; ///< strictly ascending batch
};

/// Splitwise-style phase latencies at batch 1: time to first token for a prompt of `prompt_tokens`, and
/// time between tokens, on one machine; with the published energy per request where there is one.
struct PhaseLatencyRow {
  std::string model;
  std::string accelerator;
  ReplicaLayout layout;
  double prompt_tokens = 0;
  double output_tokens = 0;
  double ttft_s = 0;
  double tbt_s = 0;
  std::string source;
};

std::span<const PerformanceTable> builtin_performance_tables();
std::span<const PhaseLatencyRow> builtin_phase_latencies();

const PerformanceTable* find_performance_table(std::string_view model, std::string_view accelerator,
                                               const ReplicaLayout& layout);

/// Why a table cannot be used (fewer than two rows, non-ascending batch, non-positive throughput or
/// power, a row without a source), naming the row; nullopt when it is usable.
std::optional<std::string> table_problem(const PerformanceTable& t);

} // namespace wattsim::models::inference
