// Online inference services through the engine: power from the service model on the pstate grid, the
// ledger's energy against the service's own power series, the autoscaler with weight loads through
// the storage links, powered-off idle replicas, facility attribution, determinism, and the job-kind seam.

#include "models/inference/continuous_batching.hpp"
#include "sim/serving_power.hpp"
#include "sim/recorder.hpp"
#include "sim/service_footprint.hpp"
#include "sim_test_util.hpp"

#include <cmath>
#include <gtest/gtest.h>

using namespace wattsim;

namespace {

/// 16 DGX H100 nodes with shared storage, fixed PUE 1.25, one service added by the tests.
const char* kFleet = R"(name: fleet
seed: 11
duration: 1 d
site: {carbon_intensity: 0.4 kg/kWh, electricity_price: 0.1 $/kWh, ewif: 3 L/kWh}
facility: {pue: 1.25, wue: 0.4 L/kWh}
cluster:
  partitions:
    - {name: gpu, system: DGX-H100, nodes: 16, rack_power_limit: 40.8 kW}
  storage: {capacity: 1 PB, bandwidth: 10 GB/s, power: 0 W}
workload:
  jobs:
    - name: chat
      type: inference
      model: Llama-3.1-8B
      extrapolate: true
      max_batch: 256
      replicas: {min: 16, max: 128, initial: 16}
      autoscaler: {target: 0.7, scale_down_cooldown: 10 min}
      interval: 1 min
      load: {rate: 1500 Hz, diurnal_amplitude: 0.8, peak_hour: 12}
      prompt_tokens: {mean: 1020}
      output_tokens: {mean: 129}
      slo: {ttft: 1 s, tpot: 50 ms}
outputs: {resolution: 10 min}
)";

double relative(double a, double b) { return std::abs(a - b) / std::max(std::abs(b), 1e-300); }

const sim::ServiceRecord& only_service(const sim::RunResult& r) {
  EXPECT_EQ(r.services.size(), 1u);
  return r.services.front();
}

} // namespace

TEST(Inference, LedgerEnergyEqualsTheServicePowerSeriesAndTracesIntegrate) {
  auto loaded = test::load_text(kFleet);
  const auto r = sim::run_simulation(loaded.scenario);
  const auto& s = only_service(r);
  // The service's nodes are its job's: the ledger's job energy is the integral of the power the
  // service booked interval by interval (every state, off included).
  EXPECT_LT(relative(s.node_power_w.integral(0, r.simulated_s), r.jobs[s.job].energy_j), 1e-9);
  // The service is the only load: the IT total is its energy.
  EXPECT_LT(relative(r.host_energy_j, r.jobs[s.job].energy_j), 1e-9);
  EXPECT_LT(relative(r.it_power_w.integral(0, r.simulated_s), r.it_energy_j), 1e-9);
  EXPECT_LT(relative(r.simgrid_energy_j, r.host_energy_j), 1e-12);
  // GPU energy is part of node energy, and both are positive.
  EXPECT_GT(s.gpu_energy_j, 0.3 * r.jobs[s.job].energy_j);
  EXPECT_LT(s.gpu_energy_j, r.jobs[s.job].energy_j);
  EXPECT_EQ(s.intervals.size(), 1440u);
}

TEST(Inference, ServingPowerFollowsTheServiceModelWithinThePstateGrid) {
  auto loaded = test::load_text(kFleet, {"workload.jobs.chat.replicas.min=128", "workload.jobs.chat.replicas.initial=128"});
  const auto r = sim::run_simulation(loaded.scenario);
  const auto& s = only_service(r);
  const auto& svc = *loaded.scenario.jobs[0].service();
  const auto& acc = svc.replica.accelerator;
  // Every interval: all replicas serve; GPU power = replicas x the model's replica power at the mean
  // demand, up to half a grid step of the idle-to-TDP range per GPU.
  const double half_step = 0.5 * (acc.tdp_w - acc.idle_power_w) / sim::kServingLevels;
  int checked = 0;
  for (const auto& row : s.intervals) {
    ASSERT_EQ(row.serving, 128);
    const double demand = row.output_tokens / row.duration_s / row.serving;
    const auto op = models::inference::replica_operating_point(svc.service.curve, svc.service.batching, demand);
    EXPECT_NEAR(row.gpu_power_w, 128 * op.gpu_power_w, 128 * half_step + 1e-6) << row.start_s;
    EXPECT_NEAR(row.batch, op.batch, 1e-9 * std::max(1.0, op.batch));
    ++checked;
  }
  EXPECT_EQ(checked, 1440);
  // A fixed pool never warms up.
  EXPECT_EQ(s.warmups, 0);
}

TEST(Inference, AutoscalerFollowsTheLoadAndWarmUpReadsWeightsThroughStorage) {
  auto loaded = test::load_text(kFleet);
  const auto r = sim::run_simulation(loaded.scenario);
  const auto& s = only_service(r);
  int lo = 1 << 30, hi = 0;
  double t_peak_max = 0;
  for (const auto& row : s.intervals) {
    lo = std::min(lo, row.serving);
    if (row.serving > hi) {
      hi = row.serving;
      t_peak_max = row.start_s;
    }
    EXPECT_LE(row.serving + row.warming + row.idle + row.off, 128);
    EXPECT_EQ(row.serving + row.warming + row.idle + row.off, 128) << row.start_s;
  }
  EXPECT_EQ(lo, 16);
  EXPECT_GT(hi, 40);
  EXPECT_NEAR(t_peak_max / 3600.0, 12.0, 3.0); // the pool is largest around the load's peak
  EXPECT_GT(s.warmups, 0);
  // A warm-up of 8 replicas reads 8 x 16 GB at 10 GB/s of storage: at least 12.8 s, so the first
  // interval after a scale-up shows warming replicas, none serving from them yet.
  const double weights = loaded.scenario.jobs[0].service()->replica.model.weight_bytes();
  EXPECT_GT(8 * weights / 10e9, 10.0);
  bool saw_warming = false;
  for (std::size_t k = 1; k < s.intervals.size(); ++k)
    if (s.intervals[k].warming > 0) {
      saw_warming = true;
      EXPECT_EQ(s.intervals[k].serving, s.intervals[k - 1].serving) << s.intervals[k].start_s;
    }
  EXPECT_TRUE(saw_warming);
  // Served what arrived (no lasting backlog at this load), SLO mostly met.
  EXPECT_GT(s.requests_served / s.requests, 0.999);
  EXPECT_GT(s.slo_met_requests / s.requests_served, 0.9);
}

TEST(Inference, PoweredOffIdleReplicasBootBeforeWarming) {
  auto off = test::load_text(kFleet, {"workload.jobs.chat.idle=power-off"});
  const auto r = sim::run_simulation(off.scenario);
  const auto& s = only_service(r);
  for (const auto& row : s.intervals)
    EXPECT_EQ(row.idle, 0);
  EXPECT_EQ(s.intervals.front().off, 112);
  // The pool's node power at the start: 16 serving replicas (2 nodes) and 14 nodes at standby power.
  const auto& states = off.scenario.cluster.partitions[0];
  EXPECT_GT(s.intervals.front().node_power_w, 14 * states.system.off_power_w);
  // A scale-up from off boots (scheduler.boot_time, 5 min) before loading weights: warming lasts at
  // least five intervals.
  int run = 0, longest = 0;
  for (const auto& row : s.intervals) {
    run = row.warming > 0 ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  EXPECT_GE(longest, 5);
  EXPECT_LT(relative(s.node_power_w.integral(0, r.simulated_s), r.jobs[s.job].energy_j), 1e-9);
}

TEST(Inference, FacilityWaterAndCarbonAttributedToTheService) {
  auto loaded = test::load_text(kFleet);
  const auto r = sim::run_simulation(loaded.scenario);
  const auto& s = only_service(r);
  const auto f = sim::service_footprint(loaded.scenario, r, s);
  // Fixed PUE: facility = 1.25 x node energy; the only load, so the site's totals are the service's.
  EXPECT_LT(relative(f.facility_energy_j, 1.25 * f.node_energy_j), 1e-9);
  EXPECT_LT(relative(f.facility_energy_j, r.facility_energy_j), 1e-9);
  const auto totals = sim::compute_totals(loaded.scenario, r);
  EXPECT_LT(relative(f.carbon_kg, totals.carbon_kg), 1e-9);
  EXPECT_LT(relative(f.water_onsite_kg, 0.4 * f.node_energy_j / 3.6e6), 1e-9);
  EXPECT_LT(relative(f.water_offsite_kg, 3.0 * f.facility_energy_j / 3.6e6), 1e-9);
}

TEST(Inference, TrainingAndAServiceShareTheCluster) {
  std::string text = kFleet;
  const std::string from = "      replicas: {min: 16, max: 128, initial: 16}";
  text.replace(text.find(from), from.size(), "      replicas: {min: 8, max: 64, initial: 8}");
  text.replace(text.find("outputs:"), 0, "    - {name: train, nodes: 8, duration: 2 d}\n");
  auto loaded = test::load_text(text);
  const auto r = sim::run_simulation(loaded.scenario);
  ASSERT_EQ(r.jobs.size(), 2u);
  EXPECT_DOUBLE_EQ(r.jobs[1].start_s, 0);
  EXPECT_NEAR(r.jobs[1].progress, 0.5, 1e-9); // one day of two, at full speed beside the service
  // Every node belongs to one of the two jobs the whole day: the hosts' energy is theirs.
  EXPECT_LT(relative(r.host_energy_j, r.jobs[0].energy_j + r.jobs[1].energy_j), 1e-6);
  EXPECT_LT(relative(r.services[0].node_power_w.integral(0, r.simulated_s), r.jobs[0].energy_j), 1e-9);
}

TEST(Inference, DecodePowerCapHoldsEveryServingGpuAtOrBelowTheCap) {
  auto loaded = test::load_text(kFleet, {"workload.jobs.chat.replicas.min=32", "workload.jobs.chat.replicas.max=32",
                                         "workload.jobs.chat.replicas.initial=32", "workload.jobs.chat.power_cap=350 W"});
  const auto r = sim::run_simulation(loaded.scenario);
  const auto& s = only_service(r);
  const auto& svc = *loaded.scenario.jobs[0].service();
  const auto& acc = svc.replica.accelerator;
  const double half_step = 0.5 * (acc.tdp_w - acc.idle_power_w) / sim::kServingLevels;
  int at_cap = 0;
  for (const auto& row : s.intervals) {
    ASSERT_EQ(row.serving, 32);
    const double per_gpu = row.gpu_power_w / 32;
    EXPECT_LE(per_gpu, 350 + half_step) << row.start_s;
    at_cap += per_gpu > 350 - half_step;
    const double demand = row.output_tokens / row.duration_s / row.serving;
    const auto op = models::inference::replica_operating_point(svc.service.curve, svc.service.batching, demand);
    EXPECT_NEAR(per_gpu, op.gpu_power_w, half_step + 1e-6) << row.start_s;
  }
  EXPECT_GT(at_cap, 100); // the busy hours run at the cap
}

TEST(Inference, BatchJobLoadsWeightsThenRunsAtFullBatchUntilItsRequestsAreDone) {
  std::string text = kFleet;
  const auto from = text.find("    - name: chat");
  text.replace(from, text.find("outputs:") - from,
               "    - {name: gen, type: batch-inference, model: Llama-3.1-8B, replicas: 32, requests: 2000000,\n"
               "       output_tokens: {mean: 400}, submit: 1 h}\n");
  auto loaded = test::load_text(text);
  const auto r = sim::run_simulation(loaded.scenario);
  const auto& b = *loaded.scenario.jobs[0].batch_inference();
  const auto& s = only_service(r);
  const auto& job = r.jobs[0];
  ASSERT_TRUE(job.finished());
  // Weights: 32 x 16 GB through the 10 GB/s storage link; then 8e8 output tokens at 32 replicas' capacity.
  const auto full = models::inference::replica_operating_point(b.service.curve, b.service.batching, 1e300);
  const double load_s = 32 * b.replica.model.weight_bytes() / 10e9;
  const double serve_s = 2e6 * 400 / (32 * full.output_tokens_s);
  EXPECT_NEAR(job.start_s, 3600, 1e-9);
  EXPECT_NEAR(job.end_s - job.start_s, load_s + serve_s, 1e-6 * (load_s + serve_s));
  EXPECT_DOUBLE_EQ(s.output_tokens, 8e8);
  // Energy per output token while serving: the measured table's at its largest batch, on the grid.
  const auto& acc = b.replica.accelerator;
  const double half_step = 0.5 * (acc.tdp_w - acc.idle_power_w) / sim::kServingLevels;
  const double waiting_gpu_j = 32 * load_s * acc.context_idle_power_w;
  const double serving_gpu_w = (s.gpu_energy_j - waiting_gpu_j) / serve_s / 32;
  EXPECT_NEAR(serving_gpu_w, full.gpu_power_w, half_step + 1e-6);
  EXPECT_LT(relative(s.node_power_w.integral(0, r.simulated_s), job.energy_j), 1e-9);
}
