// Batteries in racks (cluster.partitions[].rack_battery): each rack's IT series through the battery
// model, the feed side balancing IT, losses and stored energy; peak shaving holding a rack under its
// limit while the charge lasts; the facility (fixed PUE) drawing the racks' feed side plus the rest.

#include "sim_test_util.hpp"

#include "models/grid/limit_excess.hpp"

#include <cmath>
#include <gtest/gtest.h>

using namespace wattsim;

namespace {

// Two partitions: 8 DGX H100 behind a 30 kW rack feed with a rack battery (4 nodes a rack: the feed
// plus the battery's 12 kW cover 4 x 10.2 kW), and 4 without; storage draws a constant 5 kW.
std::string two_partitions(const std::string& battery) {
  return R"(name: racks
seed: 3
facility: {pue: 1.2}
cluster:
  partitions:
    - {name: bat, system: DGX-H100, nodes: 8, rack_power_limit: 30 kW, rack_battery: )" +
         battery + R"(}
    - {name: plain, system: DGX-H100, nodes: 4, rack_power_limit: 40.8 kW}
  storage: {power: 5 kW}
workload:
  jobs:
    - {name: a, nodes: 8, duration: 2 h, partition: bat}
    - {name: b, nodes: 4, duration: 1 h, submit: 3 h, partition: bat}
    - {name: c, nodes: 4, duration: 2 h, submit: 1 h, partition: plain}
duration: 6 h
outputs: {resolution: 7 min}
)";
}

const char* kShaving = "{capacity: 10 kWh, power: 12 kW, policy: peak-shaving}";

} // namespace

TEST(RackBattery, EachRackBalancesItsFeedWithItsLossesAndStoredEnergy) {
  auto loaded = test::load_text(two_partitions(kShaving));
  const auto r = sim::run_simulation(loaded.scenario);
  ASSERT_EQ(r.rack_batteries.size(), 2u); // the two racks of `bat`, none of `plain`
  EXPECT_TRUE(r.rack_power_w.empty());    // no rack traces were asked for
  const auto& cfg = *loaded.scenario.cluster.partitions[0].rack_battery;
  for (const auto& rb : r.rack_batteries) {
    const auto& b = rb.battery;
    const double it_j = rb.it_w.integral(0, r.simulated_s);
    const double feed_j = b.grid_w.integral(0, r.simulated_s);
    // The rack's series is exact: it integrates to the ledger's rack energy, settled independently.
    EXPECT_NEAR(it_j, r.rack_energy_j[rb.rack], 1e-9 * it_j);
    EXPECT_NEAR(feed_j, it_j + b.charged_j - b.discharged_j, 1e-9 * it_j);
    const double stored_j = (b.soc_end - cfg.soc_initial) * cfg.capacity_j;
    EXPECT_NEAR(b.charged_j - b.discharged_j, b.losses_j + stored_j, 1e-6 * cfg.capacity_j);
    EXPECT_GT(b.discharged_j, 0);
    EXPECT_GT(b.losses_j, 0); // 85 % round trip by default
  }
}

TEST(RackBattery, PeakShavingHoldsARackUnderItsLimitWhileTheChargeLasts) {
  auto loaded = test::load_text(two_partitions(kShaving));
  const auto r = sim::run_simulation(loaded.scenario);
  const auto idle_train = test::node_powers(loaded);
  const double rack_train_w = 4 * idle_train.training_w;
  ASSERT_GT(rack_train_w, 30e3); // four training nodes draw more than the 30 kW feed
  for (const auto& rb : r.rack_batteries) {
    EXPECT_DOUBLE_EQ(rb.limit_w, 30e3);
    EXPECT_GT(models::time_above_s(rb.it_w, rb.limit_w, 0, r.simulated_s), 3600.0); // job a: 2 h
    EXPECT_EQ(models::time_above_s(rb.battery.grid_w, rb.limit_w, 0, r.simulated_s), 0.0);
    EXPECT_LE(rb.battery.grid_w.max(0, r.simulated_s), 30e3 * (1 + 1e-9));
  }
}

TEST(RackBattery, PeakShavingRunsOutAtTheExactTimeWhenTheChargeIsShort) {
  // 1 kWh at half charge: 0.5 kWh for an excess of (P_rack - 30 kW), drawn at excess / sqrt(0.85).
  auto loaded = test::load_text(two_partitions("{capacity: 1 kWh, power: 12 kW, policy: peak-shaving}"));
  const auto r = sim::run_simulation(loaded.scenario);
  const double excess_w = 4 * test::node_powers(loaded).training_w - 30e3;
  const double lasts_s = 0.5 * 3.6e6 * std::sqrt(0.85) / excess_w;
  // Job a trains on both racks from t = 0 to 2 h, starting at half charge: each covers its excess for
  // exactly lasts_s. Idle until 3 h, each recharges to full (the headroom under the feed), so the rack
  // that runs job b from 3 h covers it twice as long.
  double total_before = 0, total_after = 0;
  for (const auto& rb : r.rack_batteries) {
    const double before = models::time_above_s(rb.it_w, 30e3, 0, 3 * 3600.0);
    const double after = models::time_above_s(rb.battery.grid_w, 30e3, 0, 3 * 3600.0);
    EXPECT_GT(after, 0.0);
    EXPECT_NEAR(before - after, lasts_s, 1e-6 * lasts_s);
    total_before += models::time_above_s(rb.it_w, 30e3, 0, r.simulated_s);
    total_after += models::time_above_s(rb.battery.grid_w, 30e3, 0, r.simulated_s);
  }
  EXPECT_NEAR(total_before - total_after, 4 * lasts_s, 1e-6 * lasts_s);
}

TEST(RackBattery, TheFacilityDrawsTheRacksFeedSidePlusTheRest) {
  auto loaded = test::load_text(two_partitions(kShaving));
  const auto r = sim::run_simulation(loaded.scenario);
  const double pue = 1.2;
  // At every step of any series: facility = PUE x (sum of battery racks' feed + IT - their IT).
  std::vector<double> times = r.facility_power_w.times();
  for (const auto& rb : r.rack_batteries)
    times.insert(times.end(), rb.battery.grid_w.times().begin(), rb.battery.grid_w.times().end());
  std::size_t checked = 0;
  for (double t : times) {
    if (t >= r.simulated_s)
      continue;
    double feed = 0, rack_it = 0;
    for (const auto& rb : r.rack_batteries) {
      feed += rb.battery.grid_w.value_at(t);
      rack_it += rb.it_w.value_at(t);
    }
    const double expect = pue * (feed + r.it_power_w.value_at(t) - rack_it);
    ASSERT_NEAR(r.facility_power_w.value_at(t), expect, 1e-9 * expect) << "t = " << t;
    ++checked;
  }
  EXPECT_GT(checked, 10u);
  // Energies: the facility's integral and its reported energy both carry the batteries' net intake.
  double net_j = 0;
  for (const auto& rb : r.rack_batteries)
    net_j += rb.battery.charged_j - rb.battery.discharged_j;
  EXPECT_NE(net_j, 0.0);
  EXPECT_NEAR(r.facility_energy_j, pue * (r.it_energy_j + net_j), 1e-9 * r.facility_energy_j);
  EXPECT_NEAR(r.facility_power_w.integral(0, r.simulated_s), r.facility_energy_j, 1e-9 * r.facility_energy_j);
}

TEST(RackBattery, RampLimitingBoundsEachRacksStep) {
  auto loaded = test::load_text(
      two_partitions("{capacity: 20 kWh, power: 40 kW, policy: ramp-limiting, max_step: 2 kW, ramp_window: 1 min}"));
  const auto r = sim::run_simulation(loaded.scenario);
  for (const auto& rb : r.rack_batteries) {
    const auto& t = rb.battery.grid_w.times();
    const auto& v = rb.battery.grid_w.values();
    double largest_it = 0, largest_feed = 0;
    for (std::size_t i = 1; i < v.size(); ++i)
      largest_feed = std::max(largest_feed, std::abs(v[i] - v[i - 1]));
    for (std::size_t i = 1; i < rb.it_w.size(); ++i)
      largest_it = std::max(largest_it, std::abs(rb.it_w.values()[i] - rb.it_w.values()[i - 1]));
    EXPECT_GT(largest_it, 10e3); // four nodes starting or ending training at once
    EXPECT_LE(largest_feed, 2e3 * (1 + 1e-9));
    EXPECT_GT(t.size(), rb.it_w.size()); // the staircases
  }
}

namespace {
std::string rack_battery_error(const std::string& partition, const std::string& facility = "{pue: 1.2}") {
  try {
    test::load_text(test::kEightNodes, {"cluster.partitions=[" + partition + "]", "facility=" + facility,
                                        "workload.jobs=[{nodes: 1, duration: 1 h}]"});
  } catch (const scenario::InputError& e) {
    return e.key_path() + ": " + e.message();
  } catch (const std::exception& e) {
    return std::string("other: ") + e.what();
  }
  return "no error";
}
} // namespace

TEST(RackBattery, BadRackBatteryKeysAreInputErrors) {
  const std::string part = "{name: gpu, system: DGX-H100, nodes: 8, rack_power_limit: 30 kW, rack_battery: ";
  EXPECT_EQ(rack_battery_error(part + "{capacity: 10 kWh, power: 12 kW, policy: peak-shaving}}"), "no error");
  // Peak shaving defaults to the rack's limit; without one it needs its own threshold.
  EXPECT_NE(rack_battery_error("{name: gpu, system: DGX-H100, nodes: 8, rack_battery: {capacity: 1 kWh, power: 1 kW, "
                               "policy: peak-shaving}}")
                .find("cluster.partitions[0].rack_battery.peak"),
            std::string::npos);
  EXPECT_NE(rack_battery_error(part + "{capacity: 10 kWh, power: 12 kW, max_step: 1 kW, polcy: peak-shaving}}")
                .find("cluster.partitions[0].rack_battery.polcy"),
            std::string::npos) << rack_battery_error(part + "{capacity: 10 kWh, power: 12 kW, max_step: 1 kW, polcy: peak-shaving}}");
  EXPECT_NE(rack_battery_error(part + "{capacity: -10 kWh, power: 12 kW, max_step: 1 kW}}")
                .find("cluster.partitions[0].rack_battery.capacity"),
            std::string::npos);
  EXPECT_NE(rack_battery_error(part + "{capacity: 10 kWh, power: 12 kW, max_step: 1 kW, soc_min: 0.9, soc_max: 0.5}}")
                .find("cluster.partitions[0].rack_battery.soc_max"),
            std::string::npos);
  // The feed plus the battery must cover a rack of at least one node.
  EXPECT_NE(rack_battery_error("{name: gpu, system: DGX-H100, nodes: 8, rack_power_limit: 5 kW, rack_battery: "
                               "{capacity: 1 kWh, power: 1 kW, max_step: 1 kW}}")
                .find("cluster.partitions[0].rack_power_limit"),
            std::string::npos);
}

TEST(RackBattery, WithACoolingPlantTheStepsSeeExactlyTheRacksFeedSide) {
  // The plant steps every 60 s during the run and takes the rack batteries' power over each step from
  // batteries fed as the racks' power is produced; after the run the same batteries run over the
  // finished series. The two must agree, and the facility draws IT + the batteries' intake + overhead.
  auto loaded = test::load_text(two_partitions("{capacity: 20 kWh, power: 40 kW, policy: ramp-limiting, max_step: 2 kW}"),
                                {"facility={model: air, step: 60 s}",
                                 "site.weather={constant: {dry_bulb: 25 C, relative_humidity: 0.5}}"});
  const auto r = sim::run_simulation(loaded.scenario);
  ASSERT_TRUE(r.facility.plant);
  ASSERT_EQ(r.rack_batteries.size(), 2u);
  double out_j = 0, moved_j = 0;
  for (const auto& rb : r.rack_batteries) {
    out_j += rb.battery.discharged_j - rb.battery.charged_j;
    moved_j += rb.battery.discharged_j + rb.battery.charged_j;
  }
  ASSERT_GT(moved_j, 1e6); // the batteries worked
  EXPECT_NEAR(r.facility.rack_battery_j, out_j, 1e-9 * moved_j);
  const double overhead_j = r.facility.overhead_w.integral(0, r.simulated_s);
  EXPECT_NEAR(r.facility_energy_j, r.it_energy_j - out_j + overhead_j, 1e-9 * r.facility_energy_j);
  EXPECT_NEAR(r.facility_power_w.integral(0, r.simulated_s), r.facility_energy_j, 1e-9 * r.facility_energy_j);
  EXPECT_LT(r.facility.max_load_error, 1e-6); // the plant removed the heat it was given, losses included
}
