#pragma once
// Helpers for engine tests: a scenario from YAML text, run in this process (one run per test:
// SimGrid allows one engine per process, and ctest runs each test case in its own).

#include "models/hardware/node_power.hpp"
#include "sim/simulation.hpp"
#include "tools/scenario/loader.hpp"

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <unistd.h>

namespace wattsim::test {

inline scenario::LoadedScenario load_text(const std::string& yaml, const std::vector<std::string>& overrides = {}) {
  char tmpl[] = "/tmp/wattsim-sim-XXXXXX";
  const std::filesystem::path dir = mkdtemp(tmpl);
  const auto path = dir / "scenario.yaml";
  std::ofstream(path) << yaml;
  auto loaded = scenario::load_scenario(path.string(), {overrides, {}});
  std::filesystem::remove_all(dir);
  return loaded;
}

/// The record of the job with this name.
inline const sim::JobRecord& job_named(const sim::RunResult& r, const std::string& name) {
  for (const auto& j : r.jobs)
    if (j.name == name)
      return j;
  throw std::runtime_error("no job " + name);
}

/// Eight DGX H100 nodes in two racks, no storage or network power unless a test adds it.
inline const char* kEightNodes = R"(name: eight
seed: 3
site: {carbon_intensity: 0.5 kg/kWh, electricity_price: 0.1 $/kWh}
facility: {pue: 1.2}
cluster:
  partitions:
    - {name: gpu, system: DGX-H100, nodes: 8, rack_power_limit: 40.8 kW}
workload:
  jobs: []
outputs: {resolution: 7 min}
)";

/// The node model's input power of an idle node and of a node running job `j` of the scenario,
/// computed independently of the engine (what engine tests compare the ledger with).
struct IdleAndTraining {
  double idle_w, training_w;
};
inline IdleAndTraining node_powers(const scenario::LoadedScenario& loaded, std::size_t j = 0) {
  const auto& part = loaded.scenario.cluster.partitions[loaded.scenario.jobs[j].partition];
  models::NodeOperatingPoint idle, train;
  idle.accelerator = models::ActivityMix::idle();
  train.accelerator = loaded.scenario.jobs[j].training()->activity;
  train.host_active = true;
  return {models::node_power(part.system, part.accelerator, idle).input_w,
          models::node_power(part.system, part.accelerator, train).input_w};
}

} // namespace wattsim::test
