// The GPU power floor (NVIDIA power smoothing): busy shares draw at least the floor, idle does not, the
// cap still holds, and throughput is unchanged (the GPU burns power, it does not compute faster).

#include "models/hardware/accelerator.hpp"
#include "models/hardware/node_power.hpp"
#include "tools/scenario/catalog_loader.hpp"

#include <gtest/gtest.h>

using namespace wattsim::models;

TEST(PowerFloor, LiftsBusySharesOnly) {
  const auto& a = *wattsim::scenario::builtin_catalog().accelerator("H100-SXM");
  const double floor = 0.9 * a.tdp_w;
  // A stall: the context is resident, the GPU would draw its context-idle power.
  EXPECT_NEAR(accelerator_operating_point(a, ActivityMix::waiting(), a.tdp_w, false, floor).power_w, floor, 1e-9);
  // No job: bare idle is not floored.
  EXPECT_NEAR(accelerator_operating_point(a, ActivityMix::idle(), a.tdp_w, false, floor).power_w, a.idle_power_w, 1e-12);
  // Training: the communication share is lifted to the floor, compute keeps its demand if above it.
  const auto mix = ActivityMix::training(0.9, 0.8);
  const double compute = accelerator_demand_w(a, 0.8);
  const double comm = accelerator_demand_w(a, a.communication_fraction);
  ASSERT_LT(comm, floor);
  const auto floored = accelerator_operating_point(a, mix, a.tdp_w, false, floor);
  EXPECT_NEAR(floored.power_w, 0.9 * std::max(compute, floor) + 0.1 * floor, 1e-9);
  EXPECT_DOUBLE_EQ(floored.throughput, accelerator_operating_point(a, mix, a.tdp_w).throughput);
  // Under a cap below the floor, the cap wins.
  EXPECT_NEAR(accelerator_operating_point(a, ActivityMix::waiting(), 0.5 * a.tdp_w, false, floor).power_w, 0.5 * a.tdp_w, 1e-9);
}

TEST(PowerFloor, ReachesTheNodeThroughItsOperatingPoint) {
  const auto& cat = wattsim::scenario::builtin_catalog();
  const auto& a = *cat.accelerator("H100-SXM");
  const auto& s = *cat.system("DGX-H100");
  NodeOperatingPoint op;
  op.accelerator = ActivityMix::waiting();
  op.host_active = true;
  const double without = node_power(s, a, op).accelerators_w;
  op.accelerator_floor_w = 0.9 * a.tdp_w;
  EXPECT_NEAR(node_power(s, a, op).accelerators_w, s.accelerators_per_node * 0.9 * a.tdp_w, 1e-9);
  EXPECT_GT(node_power(s, a, op).accelerators_w, without);
}
