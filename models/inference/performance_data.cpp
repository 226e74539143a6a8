// The built-in performance tables: published measurements only, each row with its original source.
// Add a table by appending to kTables; table_problem() checks every entry in the unit tests.
#include "models/inference/performance_table.hpp"

#include <array>

namespace wattsim::models::inference {

namespace {

// ML.ENERGY publishes GPU energy per output token and average GPU power; the throughput is their ratio.
PerformanceRow mlenergy(double batch, double j_per_token, double power_w, double mean_output, const char* source) {
  return {batch, power_w / j_per_token, power_w, 0, mean_output, source};
}

const char* const kMlEnergy = "ML.ENERGY Leaderboard v3.0 (Dec 2025), github ml-energy/leaderboard "
                              "public/data/models/*lm-arena-chat.json; vLLM steady state, GPU energy by Zeus";

std::vector<PerformanceTable> make_tables() {
  std::vector<PerformanceTable> t;
  // Llama-3.1-8B-Instruct on one H100 SXM: 0.455 / 0.119 / 0.077 J per output token at max batch
  // 8 / 64 / 256, average GPU power 486 / 610 / 691 W, mean output 389 / 396 / 404 tokens (LM Arena chat
  // prompts; mean prompt length not published with the row).
  t.push_back({"Llama-3.1-8B",
               "H100-SXM",
               {1, 1},
               ServingPhase::mixed,
               {mlenergy(8, 0.455, 486, 389, kMlEnergy), mlenergy(64, 0.119, 610, 396, kMlEnergy),
                mlenergy(256, 0.077, 691, 404, kMlEnergy)}});
  // Llama-3.1-405B-Instruct-FP8 on 8 x H100 SXM (tensor parallel 8): 13.975 / 2.43 / 2.063 J per output
  // token at max batch 8 / 128 / 256, total GPU power 3260 / 4606 / 4875 W, mean output 366 / 361 / 367.
  t.push_back({"Llama-3.1-405B-FP8",
               "H100-SXM",
               {8, 1},
               ServingPhase::mixed,
               {mlenergy(8, 13.975, 3260, 366, kMlEnergy), mlenergy(128, 2.43, 4606, 361, kMlEnergy),
                mlenergy(256, 2.063, 4875, 367, kMlEnergy)}});
  return t;
}

const char* const kSplitwise = "Patel et al. 2024, Splitwise: Efficient generative LLM inference using phase "
                               "splitting (ISCA'24, arXiv:2311.18677) Table IV: P50, coding trace, no batching";

std::vector<PhaseLatencyRow> make_phase_rows() {
  // Llama-70B (Llama 2) on DGX-A100 and DGX-H100, tensor parallel 8, coding median request
  // (prompt 1500, output 13 tokens, Table II): TTFT 185 / 95 ms, time between tokens 52 / 31 ms.
  return {
      {"Llama-2-70B", "A100-SXM4-80GB", {8, 1}, 1500, 13, 0.185, 0.052, kSplitwise},
      {"Llama-2-70B", "H100-SXM", {8, 1}, 1500, 13, 0.095, 0.031, kSplitwise},
  };
}

} // namespace

std::span<const PerformanceTable> builtin_performance_tables() {
  static const std::vector<PerformanceTable> tables = make_tables();
  return tables;
}

std::span<const PhaseLatencyRow> builtin_phase_latencies() {
  static const std::vector<PhaseLatencyRow> rows = make_phase_rows();
  return rows;
}

} // namespace wattsim::models::inference
