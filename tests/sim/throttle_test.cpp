// Thermal throttling that is right (issue #7, item 1): the coolant limit is the liquid-cooled
// system's (catalog), release is inclusive, W40 and W45 halls run unthrottled at their design
// conditions in every shipped climate, and a short fault throttles only while it lasts plus the
// documented recovery (a level down per 5 calm minutes).

#include "sim_test_util.hpp"

#include "sim/design_check.hpp"
#include "sim/recorder.hpp"

#include <cmath>
#include <gtest/gtest.h>

using namespace wattsim;

namespace {
const char* kLiquidHall = R"(name: hall
seed: 2
duration: 2 d
site:
  weather: {constant: {dry_bulb: 25 C, relative_humidity: 0.4}}
facility:
  model: liquid
  liquid: {class: W40, heat_rejection: dry-cooler}
cluster:
  partitions:
    - {name: h100, system: DGX-H100, nodes: 32, rack_power_limit: 40.8 kW}
workload:
  jobs:
    - {name: train, nodes: 32, duration: 1 d}
outputs: {resolution: 10 min}
)";

const char* kClimates[] = {"USA_AZ_Phoenix-Sky.Harbor.Intl.AP.722780_TMY3.epw",
                           "USA_CA_San.Francisco.Intl.AP.724940_TMY3.epw", "USA_CO_Denver.Intl.AP.725650_TMY3.epw",
                           "USA_IL_Chicago-OHare.Intl.AP.725300_TMY3.epw"};

std::string epw(const char* file) { return std::string(WATTSIM_SOURCE_DIR) + "/scenarios/weather/" + file; }
} // namespace

TEST(Throttle, CoolantLimitComesFromTheLiquidCooledSystemInTheCatalog) {
  const auto loaded = test::load_text(kLiquidHall);
  const auto& part = loaded.scenario.cluster.partitions[0];
  ASSERT_GT(part.system.coolant_limit_c, 0) << "DGX-H100 carries its cold-plate inlet limit";
  EXPECT_DOUBLE_EQ(loaded.scenario.facility.coolant_limit_c, part.system.coolant_limit_c);
  // A scenario may still override it.
  const auto over = test::load_text(kLiquidHall, {"facility.throttle.coolant_limit=47 C"});
  EXPECT_DOUBLE_EQ(over.scenario.facility.coolant_limit_c, 47.0);
}

TEST(Throttle, W40AndW45HallsDoNotThrottleAtTheirDesignConditions) {
  for (const char* cls : {"W40", "W45"})
    for (const char* climate : kClimates) {
      const auto loaded = test::load_text(
          kLiquidHall, {std::string("facility.liquid.class=") + cls, "site.weather={epw: " + epw(climate) + "}"});
      const auto d = sim::design_check(loaded.scenario);
      EXPECT_FALSE(d.throttles()) << cls << " " << climate << ": coolant " << d.coolant_supply_c << " C, inlet "
                                  << d.server_inlet_c << " C";
      EXPECT_LE(d.coolant_supply_c, loaded.scenario.facility.coolant_limit_c) << cls << " " << climate;
    }
}

// One simulation per test process (SimGrid): one case per class and climate.
class ThrottleSummer : public ::testing::TestWithParam<std::tuple<const char*, int>> {};

TEST_P(ThrottleSummer, W40AndW45HallsRunUnthrottledThroughSummer) {
  // Four days from 1 July in each shipped TMY3 year: the plant is sized for its design ambient with a
  // trim chiller, so nothing throttles even on the hottest afternoons.
  const char* cls = std::get<0>(GetParam());
  const char* climate = kClimates[std::get<1>(GetParam())];
  auto loaded = test::load_text(kLiquidHall, {std::string("facility.liquid.class=") + cls,
                                              "site.weather={epw: " + epw(climate) + ", start_day: 182}",
                                              "duration=4 d", "workload.jobs.train.duration=4 d"});
  const auto r = sim::run_simulation(loaded.scenario);
  EXPECT_EQ(r.facility.throttle_changes, 0) << cls << " " << climate << ": max coolant "
                                            << r.facility.max_coolant_supply_c;
  EXPECT_DOUBLE_EQ(sim::throttled_gpus(r).integral(0, r.simulated_s), 0.0) << cls << " " << climate;
}

INSTANTIATE_TEST_SUITE_P(Climates, ThrottleSummer,
                         ::testing::Combine(::testing::Values("W40", "W45"), ::testing::Values(0, 1, 2, 3)));

TEST(Throttle, ATenMinuteCduPumpFaultThrottlesOnlyWhileItLastsPlusTheRecovery) {
  // W40: the cold plates sit at 43 C, exactly the coolant limit minus the 2 K hysteresis: an
  // inclusive release lets the GPUs recover once the pumps are back.
  auto loaded = test::load_text(kLiquidHall, {"facility.faults=[{kind: cdu-pump-failure, at: 2 h, duration: 10 min}]",
                                              "facility.throttle.coolant_limit=45 C"});
  const auto& f = loaded.scenario.facility;
  const auto r = sim::run_simulation(loaded.scenario);
  EXPECT_GT(r.facility.throttle_changes, 0) << "the fault heats the coolant past its limit";
  EXPECT_DOUBLE_EQ(r.facility.throttle_level.value_at(r.simulated_s), 0.0) << "throttling lifted again";
  // Throttled wall time: at most the fault, the coolant's recovery, and one level down per 5 calm
  // minutes for each level reached (docs/scenario-reference.md, `throttle`).
  const auto throttled = sim::throttled_gpus(r);
  const double gpus = loaded.scenario.jobs[0].accelerators;
  const double throttled_s = throttled.integral(0, r.simulated_s) / gpus;
  const double levels = static_cast<double>(f.throttle_caps.size());
  EXPECT_GT(throttled_s, 0);
  EXPECT_LE(throttled_s, 600 + 600 + levels * 300 + 2 * f.step_s);
}
