// The facility in the engine: energy and heat balances on every step, the trace adding up, thermal
// throttling that makes training slower when the plant cannot keep up, heat waves, water.

#include "sim_test_util.hpp"

#include "sim/recorder.hpp"

#include <cmath>
#include <gtest/gtest.h>

using namespace wattsim;

namespace {
const char* kHall = R"(name: hall
seed: 2
duration: 3 d
site:
  carbon_intensity: 0.4 kg/kWh
  weather: {design_day: {dry_bulb: 35 C, daily_range: 10 K, wet_bulb: 24 C}}
  ewif: 3.142 L/kWh
facility:
  model: air
  step: 60 s
cluster:
  partitions:
    - {name: h100, system: DGX-H100, nodes: 64, rack_power_limit: 40.8 kW}
  storage: {bandwidth: 100 GB/s, power: 10 kW}
workload:
  jobs:
    - {name: train, nodes: 64, duration: 2 d}
outputs: {resolution: 7 min}
)";

double relative(double a, double b) { return std::abs(a - b) / std::max(std::abs(b), 1e-300); }

double column_sum(const sim::Trace& tr, const std::string& name, bool as_energy) {
  for (std::size_t c = 0; c < tr.names.size(); ++c)
    if (tr.names[c] == name) {
      double s = 0;
      for (std::size_t k = 0; k < tr.rows(); ++k)
        s += tr.columns[c][k] * (as_energy ? tr.row_length(k) : 1.0);
      return s;
    }
  ADD_FAILURE() << "no column " << name;
  return 0;
}
} // namespace

TEST(Facility, FacilityIsItPlusCoolingPlusLossesPlusOtherAtEveryStep) {
  auto loaded = test::load_text(kHall);
  auto r = sim::run_simulation(loaded.scenario);
  const auto& f = r.facility;
  ASSERT_TRUE(f.plant);
  EXPECT_LT(relative(r.facility_energy_j, r.it_energy_j + f.cooling_j + f.distribution_loss_j + f.other_j), 1e-12);
  // Per step: the overhead series is exactly cooling + losses + other of each step.
  EXPECT_LT(relative(f.overhead_w.integral(0, r.simulated_s), f.cooling_j + f.distribution_loss_j + f.other_j), 1e-12);
  // Per trace row: facility_kw = it_kw + cooling_kw + distribution_loss_kw + other_kw.
  const auto tr = sim::facility_trace(loaded.scenario, r);
  const double facility = column_sum(tr, "facility_kw", true);
  const double parts = column_sum(tr, "it_kw", true) + column_sum(tr, "cooling_kw", true) +
                       column_sum(tr, "distribution_loss_kw", true) + column_sum(tr, "other_kw", true);
  EXPECT_LT(relative(parts, facility), 1e-9);
  EXPECT_LT(relative(facility * 1e3, r.facility_energy_j), 1e-9);
  // The plant's own balances, checked on every step by the controller.
  EXPECT_LT(f.max_heat_balance_error, 1e-6);
  EXPECT_LT(f.max_water_balance_error, 1e-9);
  EXPECT_LT(f.max_load_error, 1e-9);
  EXPECT_NEAR(f.water_makeup_kg, f.water_evaporated_kg + f.water_blowdown_kg + f.water_drift_kg, 1e-6 * f.water_makeup_kg);
  // The host part still matches SimGrid's plugin; IT adds the fans' response to the inlet temperature.
  EXPECT_LT(relative(r.simgrid_energy_j, r.host_energy_j), 1e-12);
  EXPECT_NEAR(r.it_energy_j - r.host_energy_j, f.it_adjust_w.integral(0, r.simulated_s), 1e-6 * r.it_energy_j);
}

TEST(Facility, PlantPueIsPlausibleAndWaterFollowsTheTowers) {
  auto r = sim::run_simulation(test::load_text(kHall).scenario);
  const double pue = r.facility_energy_j / r.it_energy_j;
  EXPECT_GT(pue, 1.15);
  EXPECT_LT(pue, 1.7);
  // A tower plant evaporates on the order of 1.1-1.7 L per kWh of heat it rejects.
  const double l_per_kwh = r.facility.water_evaporated_kg / (r.facility.heat_rejected_j / 3.6e6);
  EXPECT_GT(l_per_kwh, 1.1);
  EXPECT_LT(l_per_kwh, 1.7);
  // Heat rejected exceeds IT heat: compressor and pump work leave through the towers too.
  EXPECT_GT(r.facility.heat_rejected_j, r.it_energy_j);
}

TEST(Facility, ChillerTripThrottlesGpusAndTheJobTakesLonger) {
  // The chillers trip for 6 h on a hot day: the room warms past the inlet limit, GPUs throttle, and
  // the job ends later than its failure-free duration.
  auto loaded = test::load_text(kHall, {"duration=until-done",
                                        "facility.faults=[{kind: chiller-trip, at: 10 h, duration: 6 h}]"});
  auto r = sim::run_simulation(loaded.scenario);
  const auto& j = r.jobs[0];
  ASSERT_TRUE(j.finished());
  EXPECT_GT(r.facility.max_server_inlet_c, loaded.scenario.facility.inlet_limit_c);
  EXPECT_GT(r.facility.throttle_changes, 0);
  EXPECT_GT(sim::throttled_gpus(r).integral(0, r.simulated_s), 0);
  EXPECT_GT(j.end_s - j.start_s, j.failure_free_s + 600) << "throttled training is slower";
  // After the trip clears, throttling lifts again.
  EXPECT_DOUBLE_EQ(r.facility.throttle_level.value_at(r.simulated_s), 0);
}

TEST(Facility, NoFaultNoThrottling) {
  auto loaded = test::load_text(kHall, {"duration=until-done"});
  auto r = sim::run_simulation(loaded.scenario);
  EXPECT_EQ(r.facility.throttle_changes, 0);
  EXPECT_NEAR(r.jobs[0].end_s - r.jobs[0].start_s, r.jobs[0].failure_free_s, 1e-6);
}

TEST(Facility, HeatWaveRaisesCoolingPower) {
  auto loaded = test::load_text(kHall, {"site.weather={constant: {dry_bulb: 25 C, relative_humidity: 0.5}}",
                                        "facility.faults=[{kind: heat-wave, at: 1 d, duration: 12 h, offset: 10 K}]",
                                        "outputs.resolution=1h"});
  auto r = sim::run_simulation(loaded.scenario);
  const auto tr = sim::facility_trace(loaded.scenario, r);
  std::size_t cool = 0, db = 0;
  for (std::size_t c = 0; c < tr.names.size(); ++c) {
    cool = tr.names[c] == "cooling_kw" ? c : cool;
    db = tr.names[c] == "dry_bulb_c" ? c : db;
  }
  EXPECT_NEAR(tr.columns[db][20], 25, 1e-9);
  EXPECT_NEAR(tr.columns[db][30], 35, 1e-9);
  EXPECT_GT(tr.columns[cool][30], 1.05 * tr.columns[cool][20]);
}

TEST(Facility, LiquidHallSendsHeatToTheCoolantAndSlowsServerFans) {
  auto loaded = test::load_text(kHall, {"facility.model=liquid", "facility.liquid={class: W40, heat_rejection: dry-cooler}"});
  const auto& part = loaded.scenario.cluster.partitions[0];
  EXPECT_TRUE(part.liquid_cooled) << "a liquid hall cools capable systems with liquid by default";
  auto r = sim::run_simulation(loaded.scenario);
  EXPECT_GT(r.facility.max_coolant_supply_c, 30);
  const double pue = r.facility_energy_j / r.it_energy_j;
  EXPECT_GT(pue, 1.03);
  EXPECT_LT(pue, 1.25);
  EXPECT_LT(r.facility.max_heat_balance_error, 1e-6);
}

TEST(Facility, FixedPueWithWueCountsWaterFromItEnergy) {
  auto loaded = test::load_text(kHall, {"facility={model: fixed-pue, pue: 1.2, wue: 0.5 L/kWh}"});
  auto r = sim::run_simulation(loaded.scenario);
  EXPECT_FALSE(r.facility.plant);
  EXPECT_NEAR(loaded.scenario.facility.wue_kg_per_j() * r.it_energy_j, 0.5 * r.it_energy_j / 3.6e6, 1e-9 * r.it_energy_j);
}
