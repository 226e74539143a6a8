// Loading inference services (type: inference): keys to the engine's spec, and every bad input a
// clear error naming the file, line and key.

#include "scenario_test_util.hpp"

#include <gtest/gtest.h>

using namespace wattsim;
using wattsim::test::load_error;
using wattsim::test::TempFiles;

namespace {

const char* kService = R"(name: svc
seed: 1
duration: 1 d
site: {carbon_intensity: 0.4 kg/kWh, electricity_price: 0.1 $/kWh}
facility: {pue: 1.2}
cluster:
  partitions:
    - {name: gpu, system: DGX-H100, nodes: 8, rack_power_limit: 40.8 kW}
  storage: {capacity: 1 PB, bandwidth: 10 GB/s}
workload:
  jobs:
    - name: chat
      type: inference
      model: Llama-3.1-8B
      extrapolate: true
      replicas: {min: 8, max: 32, initial: 16}
      load: {rate: 100 Hz, diurnal_amplitude: 0.5}
      output_tokens: {mean: 200, cv: 0.5}
      slo: {ttft: 1 s}
)";

std::string with(const std::string& from, const std::string& to) {
  std::string s = kService;
  const auto pos = s.find(from);
  EXPECT_NE(pos, std::string::npos) << from;
  return s.replace(pos, from.size(), to);
}

} // namespace

TEST(InferenceLoader, KeysReachTheServiceSpec) {
  TempFiles tmp;
  const auto sc = scenario::load_scenario(tmp.write("s.yaml", kService), {}).scenario;
  ASSERT_EQ(sc.jobs.size(), 1u);
  const auto* s = sc.jobs[0].service();
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(sc.jobs[0].training(), nullptr);
  EXPECT_EQ(s->replica.gpus(), 1);
  EXPECT_EQ(s->replicas_per_node, 8);
  EXPECT_EQ(s->autoscaler.max_replicas, 32);
  EXPECT_EQ(s->autoscaler.min_replicas, 8);
  EXPECT_EQ(s->initial_replicas, 16);
  EXPECT_EQ(sc.jobs[0].nodes, 4);          // 32 replicas of 1 GPU on 8-GPU nodes
  EXPECT_EQ(sc.jobs[0].accelerators, 32);
  EXPECT_DOUBLE_EQ(s->load.base_rate_rps, 100);
  EXPECT_DOUBLE_EQ(s->output.mean, 200);
  EXPECT_DOUBLE_EQ(s->prompt.mean, 1020); // Splitwise conversation default
  EXPECT_DOUBLE_EQ(s->service.slo.ttft_s, 1);
  EXPECT_DOUBLE_EQ(s->service.batching.max_batch, 256); // the table's largest batch
  EXPECT_GT(s->service.prefill_s_per_token, 0);
  EXPECT_DOUBLE_EQ(s->interval_s, 60);
}

TEST(InferenceLoader, FineTuningIsATrainingJob) {
  TempFiles tmp;
  const auto sc = scenario::load_scenario(tmp.write("s.yaml", with("    - name: chat\n      type: inference",
                                                                       "    - name: ft\n      type: fine-tuning\n"
                                                                       "      nodes: 2\n      duration: 3 h\n"
                                                                       "    - name: chat\n      type: inference")),
                                          {})
                      .scenario;
  ASSERT_NE(sc.jobs[0].training(), nullptr);
  EXPECT_TRUE(sc.jobs[0].training()->fine_tuning);
  EXPECT_DOUBLE_EQ(sc.jobs[0].training()->work_s, 3 * 3600.0);
}

TEST(InferenceLoader, BadInputNamesTheKey) {
  TempFiles tmp;
  struct Case {
    std::string from, to, key, says;
  };
  const std::vector<Case> cases = {
      {"model: Llama-3.1-8B", "model: Llama-9", "workload.jobs[0].model", "served model"},
      {"replicas: {min: 8, max: 32, initial: 16}", "replicas: {min: 8, max: 33}", "workload.jobs[0].replicas.max",
       "multiple of 8"},
      {"replicas: {min: 8, max: 32, initial: 16}", "replicas: {min: 8, max: 800}", "workload.jobs[0].replicas.max", ""},
      {"load: {rate: 100 Hz, diurnal_amplitude: 0.5}", "load: {rate: 100 Hz, diurnal_amplitude: 1.5}",
       "workload.jobs[0].load.diurnal_amplitude", ""},
      {"load: {rate: 100 Hz, diurnal_amplitude: 0.5}", "load: {rate: -3 Hz}", "workload.jobs[0].load.rate", ""},
      {"load: {rate: 100 Hz, diurnal_amplitude: 0.5}", "", "workload.jobs[0].load", "exactly one"},
      {"type: inference", "type: inference\n      nodes: 2", "workload.jobs[0].nodes", "replicas"},
      {"extrapolate: true", "extrapolate: false", "workload.jobs[0].extrapolate", "batch"},
      {"duration: 1 d\n", "", "workload.jobs[0].type", "duration"},
      {"  storage: {capacity: 1 PB, bandwidth: 10 GB/s}\n", "", "workload.jobs[0].replicas", "storage"},
      {"slo: {ttft: 1 s}", "slo: {ttft: 1 s, tbt: 2 s}", "workload.jobs[0].slo.tbt", ""},
      {"model: Llama-3.1-8B", "model: Llama-3.1-70B", "workload.jobs[0].model", "does not fit"},
      {"model: Llama-3.1-8B", "model: Llama-3.1-70B\n      tensor_parallel: 8", "workload.jobs[0].model", "roofline"},
  };
  for (const auto& c : cases) {
    const auto text = with(c.from, c.to);
    const auto path = tmp.write("bad.yaml", text);
    auto e = load_error(path);
    EXPECT_EQ(e.where().file, path) << c.to;
    EXPECT_GT(e.where().line, 0) << c.to;
    EXPECT_EQ(e.key_path(), c.key) << c.to << ": " << e.what();
    if (!c.says.empty()) {
      EXPECT_NE(e.message().find(c.says), std::string::npos) << c.to << ": " << e.what();
    }
  }
}

TEST(InferenceLoader, TraceErrorsPointIntoTheTraceFile) {
  TempFiles tmp;
  tmp.write("trace.csv", "timestamp_s\n0.5\n1.0\nabc\n");
  const auto path = tmp.write("s.yaml", with("load: {rate: 100 Hz, diurnal_amplitude: 0.5}", "trace: trace.csv"));
  auto e = load_error(path);
  EXPECT_NE(e.where().file.find("trace.csv"), std::string::npos) << e.what();
  EXPECT_EQ(e.where().line, 4);
}

TEST(InferenceLoader, AJobsOwnPerformanceTableReplacesTheBuiltInOne) {
  TempFiles tmp;
  const std::string table = "extrapolate: true\n      performance_table:\n        model: Llama-3.1-8B\n"
                            "        accelerator: H100-SXM\n        rows:\n"
                            "          - {batch: 8, gpu_power: 500 W, output_tokens_per_s: 1000, source: test}\n"
                            "          - {batch: 64, gpu_power: 600 W, output_tokens_per_s: 5000, source: test}";
  const auto sc = scenario::load_scenario(tmp.write("s.yaml", with("extrapolate: true", table)), {}).scenario;
  const auto& curve = sc.jobs[0].service()->service.curve;
  EXPECT_DOUBLE_EQ(curve.max_batch(), 64);
  EXPECT_NEAR(curve.at(64, models::inference::Extrapolation::refuse).gpu_power_w, 600, 1e-9);
  // A table of another model, or given with performance_from, is refused at its key.
  struct Case {
    std::string from, to, says;
  };
  for (const Case& c : {Case{"model: Llama-3.1-8B\n        accelerator", "model: Llama-3.1-70B\n        accelerator",
                             "this job serves"},
                        Case{"performance_table:", "performance_from: {model: Llama-3.1-8B, accelerator: H100-SXM}\n"
                                                   "      performance_table:",
                             "not both"}}) {
    std::string text = with("extrapolate: true", table);
    text.replace(text.find(c.from), c.from.size(), c.to);
    auto e = load_error(tmp.write("bad.yaml", text));
    EXPECT_EQ(e.key_path(), "workload.jobs[0].performance_table") << e.what();
    EXPECT_NE(e.message().find(c.says), std::string::npos) << e.what();
  }
}

TEST(InferenceLoader, APromptPoolAddsItsNodesAndIsChecked) {
  TempFiles tmp;
  const auto sc = scenario::load_scenario(
                      tmp.write("s.yaml", with("extrapolate: true", "extrapolate: true\n"
                                                                    "      prefill_pool: {replicas: 16, power_cap: 500 W}")),
                      {})
                      .scenario;
  const auto& s = *sc.jobs[0].service();
  ASSERT_TRUE(s.disaggregated());
  EXPECT_EQ(s.prefill_pool.replicas, 16);
  EXPECT_DOUBLE_EQ(s.prefill_pool.cap.per_gpu_w, 500);
  EXPECT_DOUBLE_EQ(s.prefill_pool.s_per_token, s.service.prefill_s_per_token);
  EXPECT_GT(s.prefill_pool.busy_gpu_power_w, s.prefill_pool.idle_gpu_power_w);
  EXPECT_EQ(sc.jobs[0].nodes, 6); // 32 decode + 16 prompt replicas of one GPU on 8-GPU nodes
  struct Case {
    std::string pool, key;
  };
  for (const Case& c : {Case{"{replicas: 12}", "workload.jobs[0].prefill_pool.replicas"},
                        Case{"{replicas: 0}", "workload.jobs[0].prefill_pool.replicas"},
                        Case{"{replicas: 16, power_cap: 900 W}", "workload.jobs[0].prefill_pool.power_cap"},
                        Case{"{replicas: 16, cap: 500 W}", "workload.jobs[0].prefill_pool.cap"},
                        Case{"{replicas: 64}", "workload.jobs[0].replicas"}}) {
    auto e = load_error(tmp.write("bad.yaml", with("extrapolate: true", "extrapolate: true\n      prefill_pool: " + c.pool)));
    EXPECT_EQ(e.key_path(), c.key) << c.pool << ": " << e.what();
  }
}
