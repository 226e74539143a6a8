// The site battery in a run: the grid-side series keeps the energy balance with the facility's and
// obeys the ramp limit, beside the unchanged facility power.

#include "sim_test_util.hpp"

#include "sim/recorder.hpp"

#include <gtest/gtest.h>

using namespace wattsim;

TEST(SiteBattery, GridSideBalancesAndObeysTheRampLimit) {
  // Jobs starting and ending make facility steps of several node powers (~10 kW each).
  auto loaded = test::load_text(
      test::kEightNodes,
      {"workload.jobs=[{name: a, nodes: 8, duration: 2 h}, {name: b, nodes: 4, duration: 1 h, submit: 3 h}]",
       "site.battery={capacity: 200 kWh, power: 100 kW, policy: ramp-limiting, max_step: 5 kW, ramp_window: 1 min}"});
  auto r = sim::run_simulation(loaded.scenario);
  ASSERT_TRUE(r.battery);
  const auto& b = *r.battery;
  const double facility_j = r.facility_power_w.integral(0, r.simulated_s);
  const double grid_j = b.grid_w.integral(0, r.simulated_s);
  EXPECT_NEAR(grid_j, facility_j + b.charged_j - b.discharged_j, 1e-6 * facility_j);
  EXPECT_NEAR(r.facility_energy_j, facility_j, 1e-6 * facility_j); // the facility side is unchanged
  const auto before = sim::power_swings(r.facility_power_w, r.simulated_s);
  const auto after = sim::power_swings(b.grid_w, r.simulated_s);
  EXPECT_GT(before.largest_step_w, 20e3);
  EXPECT_LE(after.largest_step_w, 5e3 * (1 + 1e-9));
  EXPECT_LE(after.max_ramp_1min_w_per_s, 5e3 / 60 * (1 + 1e-9));
  EXPECT_GT(b.losses_j, 0); // 85 % round trip by default
}

namespace {
std::string battery_error(const std::string& battery) {
  try {
    test::load_text(test::kEightNodes, {"workload.jobs=[{nodes: 1, duration: 1 h}]", "site.battery=" + battery});
  } catch (const scenario::InputError& e) {
    return e.key_path() + ": " + e.message();
  }
  return "no error";
}
} // namespace

TEST(SiteBattery, BadBatteryKeysAreInputErrors) {
  EXPECT_EQ(battery_error("{capacity: 1 MWh, power: 1 MW, max_step: 1 MW}"), "no error");
  EXPECT_NE(battery_error("{capacity: 1 MWh, power: 1 MW, policy: peak-shaving}").find("site.battery.peak"),
            std::string::npos);
  EXPECT_NE(battery_error("{capacity: 1 MWh, power: 1 MW, max_step: 1 MW, soc_min: 0.8, soc_max: 0.2}")
                .find("site.battery.soc_max"),
            std::string::npos);
  EXPECT_NE(battery_error("{capacity: -1 MWh, power: 1 MW, max_step: 1 MW}").find("site.battery.capacity"),
            std::string::npos);
  EXPECT_NE(battery_error("{capacity: 1 MWh, power: 1 MW, policy: peak-shaving, peak: 1 MW, max_step: 1 MW}")
                .find("unknown key"),
            std::string::npos);
}
