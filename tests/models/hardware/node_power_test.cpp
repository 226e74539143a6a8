// Node power model: calibration checks against published measurements, and the physics rules
// (cube-law fans, PSU curve, caps, the node's power brake).

#include "models/hardware/node_power.hpp"
#include "tools/scenario/catalog_loader.hpp"

#include <gtest/gtest.h>

using namespace wattsim::models;

namespace {
const Catalog& cat() { return wattsim::scenario::builtin_catalog(); }

NodePower training_power(const std::string& system, double cap_w = 0, bool liquid = false) {
  const auto& s = *cat().system(system);
  const auto& a = *cat().accelerator(s.accelerator);
  NodeOperatingPoint op;
  op.accelerator = ActivityMix::training(a.training_compute_fraction, a.training_compute_utilization);
  op.host_active = true;
  op.accelerator_cap_w = cap_w;
  op.liquid_cooled = liquid;
  return node_power(s, a, op);
}

NodePower idle_power(const std::string& system) {
  const auto& s = *cat().system(system);
  NodeOperatingPoint op;
  op.accelerator = ActivityMix::idle();
  return node_power(s, *cat().accelerator(s.accelerator), op);
}
} // namespace

// Calibration checks (the catalog's training utilisation was set from these measurements; the tests
// keep the component model from drifting away from them).
TEST(NodePowerCalibration, DgxH100TrainingDrawsThePublishedShareOfNameplate) {
  // 0.76-0.82 x 10.2 kW (Latif et al., IEEE Access 13:61740, 2025; arXiv 2506.14551).
  const double p = training_power("DGX-H100").input_w;
  EXPECT_GE(p, 0.76 * 10200);
  EXPECT_LE(p, 0.82 * 10200);
}

TEST(NodePowerCalibration, PattersonSystemPowerPerAccelerator) {
  // Patterson et al. 2021 Table 3: 325 W per V100 and 283 W per TPU v3, host share included (StDev 2% / 10%).
  EXPECT_NEAR(training_power("DGX-1-V100").input_w / 8, 325, 0.03 * 325);
  EXPECT_NEAR(training_power("TPU-v3-host", 0, true).input_w / 4, 283, 0.05 * 283);
}

TEST(NodePowerCalibration, PattersonSystemPowerPerTpuV2) {
  // Patterson et al. 2021 Table 3: 221 W average system power per TPU v2, host share included (StDev 5%).
  // TPU v2 was air cooled (liquid cooling came with TPU v3), so the host's fans are in the figure.
  const auto p = training_power("TPU-v2-host", 0, false);
  EXPECT_NEAR(p.input_w / 4, 221, 0.05 * 221);
  // The chip is the larger part of it, but the host share is not negligible (Patterson counts it in).
  EXPECT_GT(p.accelerators_w, 0.5 * p.input_w);
  EXPECT_GT(p.fans_w, 0.0);
}

TEST(NodePower, ComponentsAddUpThroughThePsu) {
  const auto p = training_power("DGX-H100");
  EXPECT_NEAR(p.dc_w(), p.accelerators_w + p.cpus_w + p.memory_w + p.nics_w + p.storage_w + p.other_w + p.fans_w, 1e-9);
  EXPECT_GT(p.psu_loss_w, 0);
  EXPECT_NEAR(p.input_w, p.dc_w() + p.psu_loss_w, 1e-9);
  EXPECT_NEAR(p.heat_to_air_w + p.heat_to_liquid_w, p.input_w, 1e-9); // all of it ends as heat
  EXPECT_LT(idle_power("DGX-H100").input_w, 0.35 * p.input_w);
}

TEST(NodePower, CapLowersPowerAndThroughput) {
  const auto full = training_power("DGX-H100");
  const auto capped = training_power("DGX-H100", 500);
  EXPECT_LT(capped.input_w, full.input_w);
  EXPECT_LT(capped.throughput, 1.0);
  EXPECT_GT(capped.throughput, 0.5);
  EXPECT_DOUBLE_EQ(full.throughput, 1.0);
  // A cap at the TDP changes nothing.
  EXPECT_DOUBLE_EQ(training_power("DGX-H100", 700).input_w, full.input_w);
}

TEST(NodePower, LiquidCoolingSlowsTheFans) {
  const auto air = training_power("DGX-H100", 0, false);
  const auto liquid = training_power("DGX-H100", 0, true);
  EXPECT_LT(liquid.fans_w, air.fans_w);
  // The capture fraction is a share of all the node's heat (its input power).
  EXPECT_NEAR(liquid.heat_to_liquid_w / liquid.input_w, 0.8, 1e-12);
  EXPECT_NEAR(liquid.heat_to_liquid_w + liquid.heat_to_air_w, liquid.input_w, 1e-9 * liquid.input_w);
}

TEST(NodePower, FullLiquidCapturePutsNoHeatIntoTheRoom) {
  auto s = *cat().system("DGX-H100");
  s.liquid_heat_fraction = 1.0;
  const auto& a = *cat().accelerator(s.accelerator);
  NodeOperatingPoint op;
  op.accelerator = ActivityMix::training(a.training_compute_fraction, a.training_compute_utilization);
  op.host_active = true;
  op.liquid_cooled = true;
  const auto p = node_power(s, a, op);
  EXPECT_EQ(p.heat_to_air_w, 0.0);
  EXPECT_DOUBLE_EQ(p.heat_to_liquid_w, p.input_w);
}

TEST(NodePower, PowerBrakeKeepsTheNodeUnderItsMaximum) {
  SystemSpec s = *cat().system("DGX-H100");
  s.max_power_w = 6000; // a node that cannot feed 8 GPUs at full power
  const auto& a = *cat().accelerator(s.accelerator);
  NodeOperatingPoint op;
  op.accelerator = ActivityMix::computing(1.0);
  op.host_active = true;
  const auto p = node_power(s, a, op);
  EXPECT_TRUE(p.power_limited);
  EXPECT_NEAR(p.input_w, 6000, 1);
  EXPECT_LT(p.throughput, 1.0);
}

TEST(Fans, CubeLawAndInletTemperature) {
  FanSpec f{1000, 0.3, 25, 20};
  EXPECT_DOUBLE_EQ(fan_power_w(f, 0.5), 125);
  EXPECT_DOUBLE_EQ(fan_speed(f, 0.1, 25), 0.3); // floor
  EXPECT_DOUBLE_EQ(fan_speed(f, 0.6, 25), 0.6);
  // A warmer inlet leaves less temperature rise: 20 K -> 10 K doubles the airflow needed.
  EXPECT_DOUBLE_EQ(fan_speed(f, 0.4, 35), 0.8);
  EXPECT_DOUBLE_EQ(fan_speed(f, 0.9, 35), 1.0);
}

TEST(Psu, EfficiencyInterpolatesPerSupplyLoad) {
  PsuSpec psu{4, 1, 1000, {{0.1, 0.90}, {0.2, 0.94}, {0.5, 0.96}, {1.0, 0.91}}};
  EXPECT_DOUBLE_EQ(psu_efficiency(psu, 2000), 0.96);       // 4 supplies at 50 %
  EXPECT_DOUBLE_EQ(psu_efficiency(psu, 1400), 0.95);       // 35 %: halfway 0.94-0.96
  EXPECT_DOUBLE_EQ(psu_efficiency(psu, 100), 0.90);        // below 10 %: the first point
  EXPECT_NEAR(psu_input_w(psu, 2000), 2000 / 0.96, 1e-9);
}

TEST(Accelerator, TrainingMixAveragesComputeAndCommunication) {
  const auto& a = *cat().accelerator("H100-SXM");
  const auto mix = ActivityMix::training(0.9, 0.8);
  const auto op = accelerator_operating_point(a, mix, a.tdp_w);
  const double expect = 0.9 * accelerator_demand_w(a, 0.8) + 0.1 * accelerator_demand_w(a, a.communication_fraction);
  EXPECT_NEAR(op.power_w, expect, 1e-9);
  EXPECT_NEAR(accelerator_operating_point(a, ActivityMix::idle(), a.tdp_w).power_w, a.idle_power_w, 1e-12);
  EXPECT_NEAR(accelerator_operating_point(a, ActivityMix::waiting(), a.tdp_w).power_w, a.context_idle_power_w, 1e-12);
}
