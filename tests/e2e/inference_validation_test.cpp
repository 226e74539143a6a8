// Inference fleets validated end to end (docs/validation.md, "Inference fleets"): each case is a scenario
// of scenarios/validation/ simulated from physical inputs by the wattsim command (scheduler, SimGrid hosts
// and pstates, the ledger, the facility), and compared with the published figure it never reads.

#include "e2e_util.hpp"

#include <cmath>
#include <gtest/gtest.h>
#include <iostream>

using namespace wattsim::e2e;

namespace {

void expect_valid(const std::string& file) {
  auto r = run_wattsim("validate " + scenario("validation/" + file));
  std::cout << r.output;
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_EQ(r.output.find("FAIL"), std::string::npos) << r.output;
}

nlohmann::json run_summary(const std::string& file, const std::string& sets, const TempDir& dir,
                           const std::string& sub) {
  const auto out = dir.path / sub;
  auto r = run_wattsim("run " + scenario("validation/" + file) + " -q " + sets + " -o " + out.string());
  EXPECT_EQ(r.status, 0) << r.output;
  return read_json(out / "summary.json");
}

const nlohmann::json& service(const nlohmann::json& summary, const std::string& name) {
  for (const auto& s : summary.at("services"))
    if (s.at("name") == name)
      return s;
  throw std::runtime_error("no service " + name);
}

} // namespace

// ML.ENERGY v3.0: each row (J per output token and W per GPU) predicted by a batch-inference job running on
// a table of the other rows only; 8B on one H100 and 405B-FP8 on eight, within 10 %.
TEST(InferenceFleetValidation, MlEnergyRowsHeldOutWithinTenPercent) {
  expect_valid("mlenergy-llama31-8b.yaml");
  expect_valid("mlenergy-llama31-405b-fp8.yaml");
}

// Luccioni et al. 2022: BLOOM 176B API on 16 A100, 18 days, 230,768 requests, 914 kWh, within 15 %.
TEST(InferenceFleetValidation, BloomApiDeploymentWithinFifteenPercent) { expect_valid("bloom-api.yaml"); }

// de Vries 2023: 564 MWh/day is 3,617 servers at their 6.5 kW nameplate. The simulated fleet stays under
// it at every load, its energy rises with the load, and even at 100 % load (every replica at its largest
// batch all day) it draws well under the nameplate: the bound is not reachable by serving alone.
TEST(InferenceFleetValidation, DeVriesFleetStaysUnderItsNameplateBound) {
  const double bound_kwh = 564000;
  TempDir dir;
  const auto full = run_summary("devries-chatgpt.yaml", "", dir, "full");
  const double full_kwh = full.at("it_energy_kwh").get<double>();
  // Capacity from the saturated day: output tokens per second of the whole fleet at its largest batch.
  const double capacity_tokens_s = service(full, "chat").at("output_tokens").get<double>() / 86400.0;
  ASSERT_GT(capacity_tokens_s, 0);
  std::cout << "100 % load: " << full_kwh / 1000 << " MWh/day (" << 100 * full_kwh / bound_kwh << " % of 564)\n";
  double last = 0;
  for (double load : {0.0, 0.25, 0.5, 0.75}) {
    const double rate = load * capacity_tokens_s / 129.0; // requests/s at the mean output length
    const auto s = run_summary("devries-chatgpt.yaml", fmt::format("--set 'workload.jobs.chat.load.rate={} Hz'", rate),
                               dir, fmt::format("load-{}", load));
    const double kwh = s.at("it_energy_kwh").get<double>();
    std::cout << 100 * load << " % load: " << kwh / 1000 << " MWh/day (" << 100 * kwh / bound_kwh << " % of 564)\n";
    EXPECT_GT(kwh, last) << load;
    EXPECT_LT(kwh, full_kwh) << load;
    last = kwh;
  }
  EXPECT_LT(full_kwh, bound_kwh);
  // Far from trivially under: a loaded DGX A100 draws most of its nameplate (docs/validation.md).
  EXPECT_GT(full_kwh, 0.6 * bound_kwh);
}

// Splitwise Table IV: Llama-70B at batch 1. Their energy per request is the machine's rated power times the
// request's latency (coding: 6.5 kW x (185 ms + 12 x 52 ms) = 1.46 Wh on DGX-A100, published 1.37). The
// simulated figure misses it by a gap docs/validation.md explains: the time between tokens carried by the
// roofline rule from the 8B single-GPU table leaves out the tensor-parallel all-reduces and the per-step
// overheads that dominate a 70B step at batch 1. The test checks that explanation: the simulated TTFT
// (prefill, calibrated on this table) is Splitwise's, the simulated TBT is well below the measured one, and
// with the measured TBT in place of the simulated one the same accounting lands within 20 %.
TEST(InferenceFleetValidation, SplitwiseEnergyPerRequestGapExplained) {
  struct Case {
    std::string name;
    double rated_w;              ///< catalog max_power (DGX A100 / DGX H100 user guides)
    double output;               ///< output tokens (Splitwise Table II medians)
    double ttft_s, tbt_s;        ///< Splitwise Table IV, coding P50 (the phase inputs)
    double published_wh;
  };
  const std::vector<Case> cases = {{"a100-coding", 6500, 13, 0.185, 0.052, 1.37},
                                   {"h100-coding", 10200, 13, 0.095, 0.031, 1.37}};
  TempDir dir;
  const auto busy = run_summary("splitwise-llama70b.yaml", "", dir, "busy");
  std::string light_sets;
  for (const char* name : {"a100-coding", "a100-conversation", "h100-coding", "h100-conversation"})
    light_sets += fmt::format(" --set 'workload.jobs.{}.load.rate=0.001 Hz'", name);
  run_summary("splitwise-llama70b.yaml", light_sets, dir, "light");
  const auto csv = read_csv(dir.path / "light" / "inference.csv");
  const auto svc = csv.index("service"), ttft = csv.index("ttft_p50_s"), tpot = csv.index("tpot_p50_s");
  for (const auto& c : cases) {
    // A request with the replica otherwise empty (no queue at 0.001 requests/s): the first interval with one.
    double ttft_s = 0, tbt_s = 0;
    for (const auto& row : csv.rows)
      if (row[svc] == c.name && row[ttft] != "inf" && std::stod(row[ttft]) > 0) {
        ttft_s = std::stod(row[ttft]);
        tbt_s = std::stod(row[tpot]);
        break;
      }
    ASSERT_GT(ttft_s, 0) << c.name;
    const double simulated_rated_wh = c.rated_w * (ttft_s + (c.output - 1) * tbt_s) / 3600;
    const double measured_tbt_rated_wh = c.rated_w * (ttft_s + (c.output - 1) * c.tbt_s) / 3600;
    const double node_wh = service(busy, c.name).at("energy_per_request_wh").at("node").get<double>();
    std::cout << c.name << ": TTFT " << ttft_s << " s (Splitwise " << c.ttft_s << "), TBT " << tbt_s << " s (Splitwise "
              << c.tbt_s << "); rated x simulated latency " << simulated_rated_wh << " Wh, with the measured TBT "
              << measured_tbt_rated_wh << " Wh vs " << c.published_wh << " ("
              << 100 * (measured_tbt_rated_wh / c.published_wh - 1) << " %); node model " << node_wh << " Wh\n";
    EXPECT_LT(std::fabs(ttft_s / c.ttft_s - 1), 0.20) << c.name;
    EXPECT_LT(tbt_s, 0.5 * c.tbt_s) << c.name; // the gap: TP communication and step overheads not modelled
    EXPECT_LT(std::fabs(measured_tbt_rated_wh / c.published_wh - 1), 0.20) << c.name;
    // The node model draws less than the rating over the (too short) simulated latency.
    EXPECT_LT(node_wh, simulated_rated_wh) << c.name;
    EXPECT_GT(node_wh, 0.2 * simulated_rated_wh) << c.name;
  }
}

// The shipped fleet scenarios (scenarios/inference/), two days each, end to end.
TEST(InferenceScenarios, DiurnalChatFleetFollowsItsLoad) {
  TempDir dir;
  const auto out = dir.path / "chat";
  ASSERT_EQ(run_wattsim("run " + scenario("inference/chat-diurnal.yaml") + " -q --set duration=2d -o " + out.string()).status, 0);
  const auto csv = read_csv(out / "inference.csv");
  const auto t = csv.column("time_s"), rate = csv.column("arrival_rate_rps"), serving = csv.column("replicas_serving"),
             power = csv.column("node_power_kw");
  // Means over the peak hour (15:00) and the trough (03:00) of the first day.
  auto mean_at = [&](const std::vector<double>& v, double hour) {
    double sum = 0;
    int n = 0;
    for (std::size_t i = 0; i < t.size(); ++i)
      if (t[i] >= hour * 3600 && t[i] < (hour + 1) * 3600) {
        sum += v[i];
        ++n;
      }
    return sum / n;
  };
  EXPECT_GT(mean_at(rate, 15), 2.5 * mean_at(rate, 3)); // amplitude 0.6: (1.6 / 0.4) at the extremes
  EXPECT_GT(mean_at(serving, 15), 1.5 * mean_at(serving, 3));
  EXPECT_GT(mean_at(power, 15), 1.2 * mean_at(power, 3));
  const auto s = read_json(out / "summary.json").at("services").at(0);
  EXPECT_NEAR(s.at("requests_served").get<double>() / s.at("requests").get<double>(), 1.0, 0.01);
}

TEST(InferenceScenarios, BatchJobServesEveryRequest) {
  TempDir dir;
  const auto out = dir.path / "batch";
  ASSERT_EQ(run_wattsim("run " + scenario("inference/batch-job.yaml") + " -q -o " + out.string()).status, 0);
  const auto summary = read_json(out / "summary.json");
  const auto& s = summary.at("services").at(0);
  EXPECT_EQ(s.at("requests_served").get<double>(), s.at("requests").get<double>());
  EXPECT_GT(s.at("gpu_energy_per_output_token_j").get<double>(), 0);
}

TEST(InferenceScenarios, MixedClusterRunsTrainingBesideTheService) {
  TempDir dir;
  const auto out = dir.path / "mixed";
  ASSERT_EQ(run_wattsim("run " + scenario("inference/mixed-cluster.yaml") + " -q --set duration=2d -o " + out.string()).status, 0);
  const auto summary = read_json(out / "summary.json");
  const auto jobs = read_csv(out / "jobs.csv");
  EXPECT_EQ(jobs.rows.size(), 3u);
  const double service_kwh = summary.at("services").at(0).at("node_energy_kwh").get<double>();
  EXPECT_GT(service_kwh, 0);
  EXPECT_GT(summary.at("it_energy_kwh").get<double>(), 1.5 * service_kwh); // the training jobs draw too
}

TEST(InferenceScenarios, SameFleetAirVersusDirectToChip) {
  TempDir dir;
  nlohmann::json s[2];
  const char* names[2] = {"fleet-air-chicago", "fleet-d2c-chicago"};
  for (int i = 0; i < 2; ++i) {
    const auto out = dir.path / names[i];
    ASSERT_EQ(run_wattsim("run " + scenario(std::string("inference/") + names[i] + ".yaml") + " -q --set duration=2d -o " +
                          out.string()).status, 0);
    s[i] = read_json(out / "summary.json");
  }
  const auto &air = s[0].at("services").at(0), &d2c = s[1].at("services").at(0);
  // The same load and seed: the same requests and GPU energy; liquid cooling saves server fans (node) and
  // cooling (facility), so energy per request falls at both levels.
  EXPECT_EQ(air.at("requests_served"), d2c.at("requests_served"));
  EXPECT_DOUBLE_EQ(air.at("gpu_energy_kwh").get<double>(), d2c.at("gpu_energy_kwh").get<double>());
  EXPECT_LT(d2c.at("energy_per_request_wh").at("node").get<double>(), air.at("energy_per_request_wh").at("node").get<double>());
  EXPECT_LT(d2c.at("energy_per_request_wh").at("facility").get<double>(),
            air.at("energy_per_request_wh").at("facility").get<double>());
  EXPECT_LT(s[1].at("pue").get<double>(), s[0].at("pue").get<double>());
}

// A service and a batch job hold GPUs like any job: gpu_hours are GPUs x time held (a service's own nodes
// plus what it borrowed), so the card method and kWh per GPU-hour cover them; a batch job's weight load is
// its restart phase and its phases add up. Both reported 0 GPU-hours before.
TEST(InferenceScenarios, ServicesAndBatchJobsCountTheGpuHoursTheyHold) {
  TempDir dir;
  const auto batch_out = dir.path / "batch";
  ASSERT_EQ(run_wattsim("run " + scenario("inference/batch-job.yaml") + " -q -o " + batch_out.string()).status, 0);
  const auto batch_summary = read_json(batch_out / "summary.json");
  const auto& batch = batch_summary.at("jobs").at(0);
  const double batch_h = batch.at("gpus").get<double>() *
                         (batch.at("end_s").get<double>() - batch.at("start_s").get<double>()) / 3600.0;
  EXPECT_NEAR(batch.at("gpu_hours").get<double>(), batch_h, 1e-9 * batch_h);
  double phases = 0;
  for (const auto& [phase, h] : batch.at("gpu_hours_by_phase").items())
    phases += h.get<double>();
  EXPECT_NEAR(phases, batch_h, 1e-9 * batch_h);
  EXPECT_GT(batch.at("gpu_hours_by_phase").at("restart").get<double>(), 0); // the weights' load
  EXPECT_GT(batch.at("gpu_hours_by_phase").at("productive").get<double>(), 0);

  const auto mixed_out = dir.path / "mixed";
  ASSERT_EQ(run_wattsim("run " + scenario("inference/mixed-cluster.yaml") + " -q -o " + mixed_out.string()).status, 0);
  const auto summary = read_json(mixed_out / "summary.json");
  const auto& svc = service(summary, "chat");
  const double borrowed_gpu_h = svc.at("preemption").at("borrowed_replica_hours").get<double>() *
                                svc.at("gpus_per_replica").get<double>();
  ASSERT_GT(borrowed_gpu_h, 0) << "the scenario's service should borrow nodes";
  for (const auto& j : summary.at("jobs")) {
    if (j.at("name") != "chat")
      continue;
    const double own_h = j.at("gpus").get<double>() * summary.at("simulated_s").get<double>() / 3600.0;
    EXPECT_NEAR(j.at("gpu_hours").get<double>(), own_h + borrowed_gpu_h, 1e-9 * own_h);
    EXPECT_GT(j.at("gpu_hours_by_phase").at("productive").get<double>(), 0); // its serving GPUs
  }
}
