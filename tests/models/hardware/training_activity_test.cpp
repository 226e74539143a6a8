// Accelerator power follows the work: MFU moves the power of a training job, a power cap lowers the
// clock (DVFS) so energy per unit of work falls at moderate caps, cold plates lower leakage. Each
// expectation is computed from the catalog and compared with the published measurement it cites.

#include "models/hardware/node_power.hpp"
#include "models/hardware/training_activity.hpp"
#include "tools/scenario/catalog_loader.hpp"

#include <cmath>
#include <gtest/gtest.h>

using namespace wattsim::models;

namespace {
const Catalog& cat() { return wattsim::scenario::builtin_catalog(); }
const AcceleratorSpec& acc(const std::string& name) { return *cat().accelerator(name); }

TrainingWork at_mfu(double mfu) {
  TrainingWork w;
  w.mfu = mfu;
  return w;
}

/// Per-accelerator system power (node input / accelerators), as Patterson et al. count it.
double system_power_per_accelerator_w(const std::string& system, double mfu, bool liquid = false) {
  const auto& s = *cat().system(system);
  const auto& a = acc(s.accelerator);
  NodeOperatingPoint op;
  op.accelerator = training_activity(a, at_mfu(mfu));
  op.host_active = true;
  op.liquid_cooled = liquid;
  return node_power(s, a, op).input_w / s.accelerators_per_node;
}

/// Accelerator energy per unit of work (J per second of uncapped work) at a cap given as a TDP fraction.
double energy_per_work(const AcceleratorSpec& a, const ActivityMix& mix, double cap_fraction) {
  const auto op = accelerator_operating_point(a, mix, cap_fraction * a.tdp_w);
  return op.power_w / op.throughput;
}
} // namespace

TEST(TrainingActivity, WithoutMfuTheCalibratedMixIsUsed) {
  const auto& a = acc("H100-SXM");
  EXPECT_EQ(training_activity(a, {}), ActivityMix::training(a.training_compute_fraction, a.training_compute_utilization));
  // At the reference MFU the MFU path gives the same mix: the calibration holds through it.
  EXPECT_EQ(training_activity(a, at_mfu(a.training_reference_mfu)),
            ActivityMix::training(a.training_compute_fraction, a.training_compute_utilization));
}

TEST(TrainingActivity, ReferenceWorkloadsReproduceTheirPublishedSystemPower) {
  // GPT-3 on V100 at 21.3% MFU (PaLM Table 3): 330 W per V100 incl. host (Patterson et al. 2021 Table 4).
  EXPECT_NEAR(system_power_per_accelerator_w("DGX-1-V100", 0.213), 330.0, 0.10 * 330.0);
  // Gopher on TPU v3 at 32.5% MFU (PaLM Table 3): 283 W per TPU v3 incl. host (Patterson Table 3).
  EXPECT_NEAR(system_power_per_accelerator_w("TPU-v3-host", 0.325, true), 283.0, 0.10 * 283.0);
}

TEST(TrainingActivity, LowerMfuDrawsLessPowerButMoreEnergyPerUnitOfWork) {
  const auto& a = acc("H100-SXM");
  const auto low = accelerator_operating_point(a, training_activity(a, at_mfu(0.2)), a.tdp_w);
  const auto high = accelerator_operating_point(a, training_activity(a, at_mfu(0.5)), a.tdp_w);
  // The equation of docs/models/node-power.md: matmul share f = 0.95 x MFU / 0.41, the rest exposed
  // communication at 15% of max power (OLMo 2's floor, Morrison et al. 2025).
  const double f_low = a.training_compute_fraction * 0.2 / a.training_reference_mfu;
  const double comm_w = accelerator_demand_w(a, a.communication_fraction);
  EXPECT_NEAR(low.power_w, f_low * a.tdp_w + (1 - f_low) * comm_w, 1e-9);
  EXPECT_NEAR(high.power_w, a.tdp_w, 1e-9); // a full matmul share at 700 W: the chip is at its limit
  EXPECT_LT(low.power_w, 0.6 * high.power_w);
  // Energy per FLOP = power / (MFU x peak): the low-MFU job pays for its idle-ish communication time.
  const double j_per_flop_low = low.power_w / (0.2 * *a.peak(Precision::bf16));
  const double j_per_flop_high = high.power_w / (0.5 * *a.peak(Precision::bf16));
  EXPECT_GT(j_per_flop_low, 1.2 * j_per_flop_high);
  // Both levels sit inside OLMo 2's measured H100 training swing, 15% to 100% of max.
  EXPECT_GE(low.power_w, 0.15 * a.tdp_w);
}

TEST(TrainingActivity, MemoryBoundShareDrawsBetweenCommunicationAndCompute) {
  const auto& a = acc("H100-SXM");
  TrainingWork comm_only = at_mfu(0.2), mem = at_mfu(0.2);
  mem.memory_bound_share = 1.0;
  const double p_comm = accelerator_operating_point(a, training_activity(a, comm_only), a.tdp_w).power_w;
  const double p_mem = accelerator_operating_point(a, training_activity(a, mem), a.tdp_w).power_w;
  EXPECT_GT(p_mem, p_comm);
  EXPECT_LT(p_mem, a.tdp_w);
}

TEST(TrainingActivity, UtilizationIsAnExplicitOverride) {
  const auto& a = acc("H100-SXM");
  TrainingWork w = at_mfu(0.2);
  w.utilization = 0.3;
  w.compute_fraction = 0.5;
  const auto mix = training_activity(a, w);
  EXPECT_DOUBLE_EQ(mix.utilization, 0.3);
  EXPECT_DOUBLE_EQ(mix.compute, 0.5);
}

TEST(PowerCap, SixtyPercentCapOnV100SavesTheMeasuredEnergy) {
  // McDonald et al. 2022 (arXiv:2205.09646): V100s capped at 60% of their default limit trained large
  // NLP models with 13.7% less energy on average.
  const auto& a = acc("V100-SXM2");
  const auto mix = training_activity(a, {});
  const double ratio = energy_per_work(a, mix, 0.6) / energy_per_work(a, mix, 1.0);
  EXPECT_NEAR(ratio, 1.0 - 0.137, 0.10 * (1.0 - 0.137));
  EXPECT_LT(ratio, 1.0); // capping is no longer energy-neutral
  const auto capped = accelerator_operating_point(a, mix, 0.6 * a.tdp_w);
  EXPECT_LT(capped.power_w, accelerator_operating_point(a, mix, a.tdp_w).power_w);
  EXPECT_LT(capped.throughput, 1.0);
}

TEST(PowerCap, H100At600WSlowsTrainingByThePublishedStepTime) {
  // 700 -> 600 W costs 10-15% step time on transformer pre-training (factryze.ai).
  const auto& a = acc("H100-SXM");
  const auto op = accelerator_operating_point(a, training_activity(a, {}), 600.0);
  EXPECT_GE(1.0 / op.throughput, 1.10 * 0.9);
  EXPECT_LE(1.0 / op.throughput, 1.15 * 1.1);
  // A 60% cap: lower power, lower throughput, and less energy per unit of work than uncapped.
  const auto mix = training_activity(a, {});
  EXPECT_LT(energy_per_work(a, mix, 0.6), energy_per_work(a, mix, 1.0));
}

TEST(PowerCap, DvfsSpeedFollowsTheClockLaw) {
  const auto& a = acc("H100-SXM");
  // cap = idle + (demand - idle) f^alpha; the clock-bound share sigma of the time scales as 1/f.
  const double demand = 700, cap = 500, sigma = a.cap_sensitivity_compute;
  const double f = std::pow((cap - a.idle_power_w) / (demand - a.idle_power_w), 1.0 / a.dvfs_exponent);
  EXPECT_NEAR(capped_speed(a, sigma, demand, cap), 1.0 / ((1 - sigma) + sigma / f), 1e-12);
  EXPECT_DOUBLE_EQ(capped_speed(a, sigma, demand, 700), 1.0);
}

TEST(Leakage, ColdPlatesLowerPowerForTheSameWork) {
  AcceleratorSpec a = acc("H100-SXM");
  a.leakage_w_per_k = 2.0;
  a.die_temperature_air_c = 63.0;
  a.die_temperature_liquid_c = 45.5;
  const auto mix = training_activity(a, at_mfu(0.2));
  const auto air = accelerator_operating_point(a, mix, a.tdp_w, false);
  const auto liquid = accelerator_operating_point(a, mix, a.tdp_w, true);
  EXPECT_NEAR(air.power_w - liquid.power_w, mix.compute * 2.0 * 17.5, 1e-9);
  EXPECT_DOUBLE_EQ(air.throughput, liquid.throughput);
}
