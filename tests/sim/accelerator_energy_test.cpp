// GPU-only energy (as ML.ENERGY and several papers count it) beside node IT energy, and MFU moving a
// job's power through the engine.

#include "sim/simulation.hpp"
#include "sim_test_util.hpp"

#include <gtest/gtest.h>

using namespace wattsim;

namespace {
constexpr double kDay = 86400.0;

double accelerator_w(const scenario::LoadedScenario& loaded, bool training) {
  const auto& part = loaded.scenario.cluster.partitions[0];
  models::NodeOperatingPoint op;
  op.accelerator = training ? loaded.scenario.jobs[0].training()->activity : models::ActivityMix::idle();
  op.host_active = training;
  return models::node_power(part.system, part.accelerator, op).accelerators_w;
}
} // namespace

TEST(AcceleratorEnergy, IsTheAcceleratorsShareOfTheNodes) {
  // 4 of 8 nodes train for half a day, then everything idles until the 1-day horizon.
  auto loaded = test::load_text(test::kEightNodes, {"duration=1 d", "workload.jobs=[{name: j, nodes: 4, duration: 12 h}]"});
  const double train_w = accelerator_w(loaded, true), idle_w = accelerator_w(loaded, false);
  auto r = sim::run_simulation(loaded.scenario);
  const double expected = 4 * train_w * kDay / 2 + (8 * kDay - 4 * kDay / 2) * idle_w;
  EXPECT_NEAR(r.accelerator_energy_j, expected, 1e-9 * expected);
  EXPECT_LT(r.accelerator_energy_j, 0.8 * r.host_energy_j); // hosts, fans and PSUs draw the rest
}

TEST(AcceleratorEnergy, PerJobIsItsNodesAcceleratorsWhileAllocated) {
  auto loaded = test::load_text(test::kEightNodes, {"duration=1 d", "workload.jobs=[{name: j, nodes: 4, duration: 12 h}]"});
  const double train_w = accelerator_w(loaded, true);
  auto r = sim::run_simulation(loaded.scenario);
  const auto& j = r.jobs[0];
  ASSERT_TRUE(j.finished());
  EXPECT_NEAR(j.accelerator_energy_j, 4 * train_w * (j.end_s - j.start_s), 1e-9 * j.accelerator_energy_j);
  EXPECT_LT(j.accelerator_energy_j, j.energy_j);
}
