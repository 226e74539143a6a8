// Validation of the inference models against published figures, from physical inputs.
// What is calibration (table input) and what is prediction is stated per test and in
// docs/models/inference.md ("Validation"); the rows are listed in docs/validation.md.
#include "models/hardware/node_power.hpp"
#include "models/inference/continuous_batching.hpp"
#include "models/inference/performance_curve.hpp"
#include "models/inference/prefill_time.hpp"
#include "models/inference/token_lengths.hpp"

#include "helpers.hpp"

#include <cmath>
#include <gtest/gtest.h>
#include <iostream>

namespace wattsim::models::inference {
namespace {

using testing::replica;

double rel(double model, double published) { return (model - published) / published; }

// --- ML.ENERGY: each row predicted from the OTHER rows of its table (leave one out). ----------------------
// Published (ML.ENERGY Leaderboard v3.0): J per output token and W per GPU at each max batch.
TEST(InferenceValidation, MlEnergyHeldOutRowsWithinTenPercent) {
  for (const auto& table : builtin_performance_tables()) {
    if (table.rows.size() < 3)
      continue;
    const auto r = replica(table.model, table.accelerator, table.layout.tensor_parallel);
    for (std::size_t held = 0; held < table.rows.size(); ++held) {
      PerformanceTable rest = table;
      rest.rows.erase(rest.rows.begin() + static_cast<long>(held));
      const auto curve = PerformanceCurve::from_table(rest);
      const PerformanceRow& published = table.rows[held];
      const CurvePoint p = curve.at(published.batch, Extrapolation::allow);
      const double e_err = rel(p.energy_per_output_token_j(), published.energy_per_output_token_j());
      const double w_err = rel(p.gpu_power_w / r.gpus(), published.gpu_power_w / r.gpus());
      std::cout << table.model << " batch " << published.batch << ": J/token " << p.energy_per_output_token_j()
                << " vs " << published.energy_per_output_token_j() << " (" << 100 * e_err << " %), W/GPU "
                << p.gpu_power_w / r.gpus() << " vs " << published.gpu_power_w / r.gpus() << " (" << 100 * w_err
                << " %)\n";
      EXPECT_LT(std::fabs(e_err), 0.10) << table.model << " batch " << published.batch;
      EXPECT_LT(std::fabs(w_err), 0.10) << table.model << " batch " << published.batch;
    }
  }
}

// --- Cross-size: Llama-3.1-405B-FP8 on 8 x H100 predicted from the 8B table on 1 x H100 (roofline rule). ---
TEST(InferenceValidation, RooflineCarries8BTo405B) {
  const auto& small = *find_performance_table("Llama-3.1-8B", "H100-SXM", {1, 1});
  const auto& big = *find_performance_table("Llama-3.1-405B-FP8", "H100-SXM", {8, 1});
  const auto curve = PerformanceCurve::scaled(small, replica("Llama-3.1-8B", "H100-SXM", 1),
                                              replica("Llama-3.1-405B-FP8", "H100-SXM", 8));
  for (const auto& published : big.rows) {
    const CurvePoint p = curve.at(published.batch, Extrapolation::allow);
    std::cout << "405B from 8B, batch " << published.batch << ": J/token " << p.energy_per_output_token_j() << " vs "
              << published.energy_per_output_token_j() << " ("
              << 100 * rel(p.energy_per_output_token_j(), published.energy_per_output_token_j()) << " %), W/GPU "
              << p.gpu_power_w / 8 << " vs " << published.gpu_power_w / 8 << " ("
              << 100 * rel(p.gpu_power_w, published.gpu_power_w) << " %), step " << p.step_time_s << " vs "
              << published.step_time_s() << "\n";
    // Tolerance 20 %, not 10 %: the rule leaves out tensor-parallel communication (docs/models/inference.md,
    // "Validation"), which lengthens the 405B steps and lowers its power per GPU.
    EXPECT_LT(std::fabs(rel(p.energy_per_output_token_j(), published.energy_per_output_token_j())), 0.20)
        << published.batch;
    EXPECT_LT(std::fabs(rel(p.gpu_power_w, published.gpu_power_w)), 0.20) << published.batch;
  }
}


// --- Luccioni et al. 2022: BLOOM-176B API on 16 x A100 40GB, 18 days, 230,768 requests, no batching. ------
// Prediction from physical inputs only: the GPUs hold the model loaded all the time (catalog context-idle
// power), each request runs at batch 1 on the BLOOM curve carried from the 8B/H100 table by the roofline
// rule, and the host RAM draws CodeCarbon's 3 W per 8 GB over the VM's 1,360 GB (GCP a2-megagpu-16g).
// CodeCarbon measured GPU + CPU + RAM of the VM, no PUE; the CPU is left out (no input for it).
struct BloomDeployment {
  double days = 18;
  double requests = 230768;
  double output_tokens = 20; // not published; transformers' default generation length (max_length = 20)
  double prompt_tokens = 20; // not published; same assumption
  double ram_gb = 1360;      // Google Cloud a2-megagpu-16g machine type
  double ram_w_per_gb = 3.0 / 8.0; // CodeCarbon RAM model: 3 W per 8 GB
};

const PhaseLatencyRow& phase_row(const std::string& accelerator) {
  for (const auto& row : builtin_phase_latencies())
    if (row.accelerator == accelerator)
      return row;
  throw std::runtime_error("no Splitwise phase row for " + accelerator);
}

double bloom_energy_kwh(const BloomDeployment& d) {
  const Replica r = replica("BLOOM-176B", "A100-SXM4-40GB", 16);
  const auto curve = PerformanceCurve::scaled(*find_performance_table("Llama-3.1-8B", "H100-SXM", {1, 1}),
                                              replica("Llama-3.1-8B", "H100-SXM", 1), r);
  // No batching: max batch 1; the replica runs batch 1 for the busy share of the time.
  const BatchingConfig cfg{1, r.idle_gpu_power_w(), r.gpus(), {}, r.accelerator.cap_sensitivity_compute,
                           Extrapolation::allow};
  const double duration_s = d.days * 86400;
  const PhaseLatencyRow& splitwise_h100 = phase_row("H100-SXM");
  const double mfu = prefill_mfu(replica(splitwise_h100.model, "H100-SXM", 8), splitwise_h100); // calibration
  const CurvePoint one = curve.at(1, Extrapolation::allow);
  const double prefill_s = d.requests * d.prompt_tokens * prefill_s_per_token(r, mfu);
  // Decode: the duty cycle of batch 1 over the whole period.
  const auto op = replica_operating_point(curve, cfg, d.requests * d.output_tokens / duration_s);
  const double gpu_j = op.gpu_power_w * duration_s + prefill_s * (one.gpu_power_w - r.idle_gpu_power_w());
  const double ram_j = d.ram_gb * d.ram_w_per_gb * duration_s;
  return (gpu_j + ram_j) / 3.6e6;
}

TEST(InferenceValidation, BloomApiDeploymentWithinFifteenPercent) {
  const double published_kwh = 914;
  const BloomDeployment d;
  const double kwh = bloom_energy_kwh(d);
  std::cout << "BLOOM API: " << kwh << " kWh vs " << published_kwh << " (" << 100 * rel(kwh, published_kwh)
            << " %), " << kwh * 1000 / d.requests << " Wh/request vs " << published_kwh * 1000 / d.requests << "\n";
  for (double tokens : {1.0, 50.0, 100.0}) {
    BloomDeployment other = d;
    other.output_tokens = tokens;
    std::cout << "  output " << tokens << " tokens: " << bloom_energy_kwh(other) << " kWh\n";
  }
  EXPECT_LT(std::fabs(rel(kwh, published_kwh)), 0.15);
}


// --- de Vries 2023: 3,617 HGX A100 servers x 6.5 kW x 24 h = 564 MWh/day, a nameplate upper bound. -------
// The fleet simulated from physical inputs: DGX-A100-640GB nodes from the catalog, a 175B-class model
// (BLOOM-176B, 8-way tensor parallel) on the roofline-carried curve, max batch limited by the KV cache.
double fleet_mwh_per_day(double load) {
  const auto& catalog = wattsim::scenario::builtin_catalog();
  const SystemSpec& node = *catalog.system("DGX-A100-640GB");
  const Replica r = replica("BLOOM-176B", "A100-SXM4-80GB", 8);
  const auto curve = PerformanceCurve::scaled(*find_performance_table("Llama-3.1-8B", "H100-SXM", {1, 1}),
                                              replica("Llama-3.1-8B", "H100-SXM", 1), r);
  // Context per sequence: the Splitwise conversation medians, prompt 1020 + half the 129 output tokens.
  const double max_batch = std::min(256.0, r.max_batch_by_memory(kSplitwiseConversationPromptTokens +
                                                                  0.5 * kSplitwiseConversationOutputTokens));
  const BatchingConfig cfg{max_batch, r.idle_gpu_power_w(), r.gpus(), {}, r.accelerator.cap_sensitivity_compute,
                           Extrapolation::allow};
  const auto full = replica_operating_point(curve, cfg, 0.0);
  const auto op = replica_operating_point(curve, cfg, load * full.capacity_tokens_s);
  const auto& a = r.accelerator;
  const double gpu_w = op.gpu_power_w / r.gpus();
  NodeOperatingPoint np;
  np.accelerator = ActivityMix::computing((gpu_w - a.idle_power_w) / (a.tdp_w - a.idle_power_w));
  np.host_active = true;
  const NodePower power = node_power(node, a, np);
  // The node model clips at the nameplate; a fleet that needed clipping would meet the bound trivially.
  EXPECT_FALSE(power.power_limited) << "load " << load;
  return 3617 * power.input_w * 24 / 1e6;
}

TEST(InferenceValidation, DeVriesFleetStaysUnderItsNameplateBound) {
  const double bound_mwh = 564;
  double last = 0;
  for (double load : {0.0, 0.1, 0.25, 0.5, 0.75, 1.0}) {
    const double mwh = fleet_mwh_per_day(load);
    std::cout << "de Vries fleet at " << 100 * load << " % load: " << mwh << " MWh/day (" << 100 * mwh / bound_mwh
              << " % of 564)\n";
    EXPECT_GE(mwh, last);
    last = mwh;
  }
  EXPECT_LE(fleet_mwh_per_day(1.0), bound_mwh);
}

// --- Splitwise Table IV: Llama-70B, no batching, energy per request on DGX-A100 and DGX-H100. -------------
// Inputs: the same table's P50 TTFT/TBT (coding, builtin_phase_latencies) and the catalog's rated system
// power. Published energy: coding 1.37 / 1.37 Wh, conversation 7.9 / 9.4 Wh (A100 / H100).
TEST(InferenceValidation, SplitwiseEnergyPerRequest) {
  const auto& catalog = wattsim::scenario::builtin_catalog();
  struct Case {
    const char* system;
    const PhaseLatencyRow* row;
    double coding_wh, conversation_wh;
  };
  for (const Case& c : {Case{"DGX-A100-640GB", &phase_row("A100-SXM4-80GB"), 1.37, 7.9},
                        Case{"DGX-H100", &phase_row("H100-SXM"), 1.37, 9.4}}) {
    const SystemSpec& sys = *catalog.system(c.system);
    const Replica r = replica(c.row->model, c.row->accelerator, c.row->layout.tensor_parallel);
    const auto curve = PerformanceCurve::scaled(*find_performance_table("Llama-3.1-8B", "H100-SXM", {1, 1}),
                                                replica("Llama-3.1-8B", "H100-SXM", 1), r);
    auto e2e = [&](double prompt, double output) {
      return c.row->ttft_s * prompt / c.row->prompt_tokens + (output - 1) * c.row->tbt_s;
    };
    const double coding_rated_wh = sys.max_power_w * e2e(1500, 13) / 3600;
    const double conv_rated_wh = sys.max_power_w * e2e(1020, 129) / 3600;
    // GPU-only: prefill near the largest-batch power (compute-bound), decode at the batch-1 power.
    const double p_prefill = curve.at(curve.max_batch(), Extrapolation::allow).gpu_power_w;
    const double p_decode = curve.at(1, Extrapolation::allow).gpu_power_w;
    const double coding_gpu_wh = (c.row->ttft_s * p_prefill + 12 * c.row->tbt_s * p_decode) / 3600;
    std::cout << c.system << ": coding rated x E2E " << coding_rated_wh << " Wh vs " << c.coding_wh << " ("
              << 100 * rel(coding_rated_wh, c.coding_wh) << " %), GPU-only " << coding_gpu_wh
              << " Wh; conversation rated x E2E " << conv_rated_wh << " vs " << c.conversation_wh << " ("
              << 100 * rel(conv_rated_wh, c.conversation_wh) << " %)\n";
    // Table IV's coding energies are the machine's rated power over the request's latency.
    EXPECT_LT(std::fabs(rel(coding_rated_wh, c.coding_wh)), 0.20) << c.system;
    // The GPUs alone, at their modelled power, draw well under that machine-level accounting.
    EXPECT_LT(coding_gpu_wh, 0.5 * c.coding_wh) << c.system;
    // Conversation from the coding latencies is printed, not asserted (A100 +55 %, H100 +22 %): the
    // conversation trace's own TBT is not among the inputs; the gap is explained in docs/models/inference.md.
  }
}

} // namespace
} // namespace wattsim::models::inference
