// The site battery (models/grid/battery.hpp): each policy on a load whose answer is worked out by hand,
// exact limit crossings, and the energy balance with conversion losses.

#include "models/grid/battery.hpp"

#include <cmath>
#include <gtest/gtest.h>

using namespace wattsim::models;

namespace {
constexpr double kMW = 1e6, kMWh = 3.6e9, kH = 3600;

StepSeries steps(std::initializer_list<std::pair<double, double>> points) {
  StepSeries s;
  for (auto [t, v] : points)
    s.set(t, v);
  return s;
}

/// What went in minus what came out equals the losses plus the change in storage.
void expect_balance(const BatteryConfig& c, const BatteryResult& r) {
  const double stored = (r.soc_end - c.soc_initial) * c.capacity_j;
  EXPECT_NEAR(r.charged_j - r.discharged_j, r.losses_j + stored, 1e-6 * c.capacity_j);
}
} // namespace

TEST(Battery, PeakShavingHoldsThePeakUntilEmpty) {
  BatteryConfig c;
  c.capacity_j = 15 * kMWh;
  c.power_w = 15 * kMW;
  c.round_trip_efficiency = 1.0;
  c.policy = BatteryPolicy::peak_shaving;
  c.peak_w = 20 * kMW;
  c.soc_initial = 0.5; // 7.5 MWh
  // Already full enough? It recharges below the peak first: at 10 MW load, 10 MW of headroom but 15 MW
  // rating: charges at 10 MW for 0.75 h to full, then idles.
  const auto load = steps({{0, 10 * kMW}, {kH, 30 * kMW}, {2 * kH, 10 * kMW}});
  const auto r = run_battery(c, load, 3 * kH);
  EXPECT_NEAR(r.grid_w.value_at(0.5 * kH), 20 * kMW, 1e-6);  // charging with the headroom
  EXPECT_NEAR(r.grid_w.value_at(0.9 * kH), 10 * kMW, 1e-6);  // full at 0.75 h
  // The peak: 15 MWh at 10 MW lasts 1.5 h, longer than the 1-h peak: the grid never exceeds 20 MW.
  EXPECT_NEAR(r.grid_w.max(0, 3 * kH), 20 * kMW, 1e-6);
  EXPECT_NEAR(r.discharged_j, 10 * kMWh, 1e-3);
  expect_balance(c, r);
}

TEST(Battery, PeakShavingRunsOutAtTheExactTime) {
  BatteryConfig c;
  c.capacity_j = 10 * kMWh;
  c.power_w = 20 * kMW;
  c.round_trip_efficiency = 1.0;
  c.soc_initial = 0.5; // 5 MWh: 10 MW of shaving lasts 0.5 h
  c.policy = BatteryPolicy::peak_shaving;
  c.peak_w = 20 * kMW;
  const auto r = run_battery(c, steps({{0, 30 * kMW}}), kH);
  EXPECT_NEAR(r.grid_w.value_at(0.49 * kH), 20 * kMW, 1e-6);
  EXPECT_NEAR(r.grid_w.value_at(0.51 * kH), 30 * kMW, 1e-6);
  EXPECT_NEAR(r.soc_end, 0.0, 1e-12);
  EXPECT_NEAR(r.equivalent_full_cycles, 0.5, 1e-9);
}

TEST(Battery, FloorFillingPaysTheRoundTripLoss) {
  BatteryConfig c;
  c.capacity_j = 100 * kMWh;
  c.power_w = 50 * kMW;
  c.round_trip_efficiency = 0.81; // 0.9 each way
  c.soc_initial = 0.0;
  c.policy = BatteryPolicy::floor_filling;
  c.floor_w = 10 * kMW;
  // 1 h at 5 MW (grid held at 10: 5 MWh in, 4.5 MWh stored), then 15 MW: 5 MW back out, which drains
  // 5 / 0.9 MWh per hour: empty after 4.5 / (5 / 0.9) = 0.81 h.
  const auto r = run_battery(c, steps({{0, 5 * kMW}, {kH, 15 * kMW}}), 3 * kH);
  EXPECT_NEAR(r.grid_w.value_at(0.5 * kH), 10 * kMW, 1e-6);
  EXPECT_NEAR(r.grid_w.value_at(1.8 * kH), 10 * kMW, 1e-6);
  EXPECT_NEAR(r.grid_w.value_at(1.82 * kH), 15 * kMW, 1e-6);
  EXPECT_NEAR(r.charged_j, 5 * kMWh, 1e-3);
  EXPECT_NEAR(r.discharged_j, 4.05 * kMWh, 1e-3);
  EXPECT_NEAR(r.losses_j, 0.95 * kMWh, 1e-3);
  expect_balance(c, r);
}

TEST(Battery, RampLimitingTurnsAStepIntoAStaircase) {
  BatteryConfig c;
  c.capacity_j = 50 * kMWh;
  c.power_w = 20 * kMW;
  c.round_trip_efficiency = 0.9;
  c.policy = BatteryPolicy::ramp_limiting;
  c.max_step_w = 1 * kMW;
  c.ramp_window_s = 60;
  // A 10 MW rise at 100 s: the grid climbs 1 MW a minute, the battery covering the rest.
  const auto load = steps({{0, 0.0}, {100, 10 * kMW}});
  const auto r = run_battery(c, load, 2 * kH);
  EXPECT_NEAR(r.grid_w.value_at(100), 1 * kMW, 1e-6);
  EXPECT_NEAR(r.grid_w.value_at(100 + 60 * 4 + 1), 5 * kMW, 1e-6);
  EXPECT_NEAR(r.grid_w.value_at(100 + 60 * 9 + 1), 10 * kMW, 1e-6);
  double largest = 0;
  const auto& v = r.grid_w.values();
  const auto& t = r.grid_w.times();
  for (std::size_t i = 1; i < v.size(); ++i) {
    largest = std::max(largest, std::abs(v[i] - v[i - 1]));
    EXPECT_GE(t[i] - t[i - 1], 60 * (1 - 1e-9)); // at most one step per window
  }
  EXPECT_LE(largest, 1 * kMW + 1e-6);
  // It discharged 45 MW-min (9+8+...+1), then recharged toward 50 %: the state of charge ends near it.
  EXPECT_NEAR(r.discharged_j, 45 * kMW * 60, 1e-3);
  EXPECT_NEAR(r.soc_end, 0.5, 0.01 + 1e-9);
  expect_balance(c, r);
}

TEST(Battery, RampLimitingBreaksWhenTheRatingIsTooSmall) {
  BatteryConfig c;
  c.capacity_j = 50 * kMWh;
  c.power_w = 2 * kMW;
  c.policy = BatteryPolicy::ramp_limiting;
  c.max_step_w = 1 * kMW;
  const auto r = run_battery(c, steps({{0, 0.0}, {100, 10 * kMW}}), kH);
  EXPECT_NEAR(r.grid_w.value_at(100), 8 * kMW, 1e-6); // the battery covers only its 2 MW
}

TEST(Battery, RejectsImpossibleConfigurations) {
  BatteryConfig c;
  EXPECT_THROW(run_battery(c, {}, 1), std::invalid_argument);
  c.capacity_j = kMWh;
  c.power_w = kMW;
  c.soc_min = 0.6;
  EXPECT_THROW(run_battery(c, {}, 1), std::invalid_argument);
}

TEST(Battery, ADemandResponseLimitOverridesThePolicyWhileTheChargeLasts) {
  // Ramp limiting on a flat 30 MW load has nothing to do; a 1-h event asks the grid to stay at 24 MW.
  // 4 MWh above the floor at 6 MW lasts 40 min (eta = 1), then the grid goes back to the load.
  BatteryConfig c;
  c.capacity_j = 8 * kMWh;
  c.power_w = 10 * kMW;
  c.round_trip_efficiency = 1.0;
  c.soc_initial = 0.5;
  c.policy = BatteryPolicy::ramp_limiting;
  c.max_step_w = 100 * kMW; // no ramp constraint to speak of
  c.grid_limits.push_back({kH, 2 * kH, 24 * kMW});
  const auto r = run_battery(c, steps({{0, 30 * kMW}}), 3 * kH);
  EXPECT_NEAR(r.grid_w.value_at(0.5 * kH), 30 * kMW, 1e-6); // before the event
  EXPECT_NEAR(r.grid_w.value_at(1.5 * kH), 24 * kMW, 1e-6); // held at the target
  EXPECT_NEAR(r.grid_w.value_at(1.7 * kH), 30 * kMW, 1e-6); // empty after 40 min
  EXPECT_NEAR(r.discharged_j, 4 * kMWh, 1e-3);
  EXPECT_NEAR(r.soc_end, 0.5, 1e-9); // recharged toward its target after the event
  expect_balance(c, r);
}

TEST(Battery, FedInPiecesItTakesExactlyTheSegmentsOfTheWholeRun) {
  // A load that steps every few minutes, fed to BatteryRun as a growing series with advances at
  // times unrelated to its steps (a facility's step): the result must equal run_battery's, point for
  // point, for every policy.
  StepSeries whole;
  double t = 0;
  unsigned x = 12345;
  while (t < 6 * kH) {
    x = x * 1103515245u + 12345u;
    whole.set(t, (5 + (x >> 16) % 20) * kMW);
    t += 60 + (x >> 8) % 600;
  }
  for (auto policy : {BatteryPolicy::peak_shaving, BatteryPolicy::floor_filling, BatteryPolicy::ramp_limiting}) {
    BatteryConfig c;
    c.capacity_j = 2 * kMWh;
    c.power_w = 8 * kMW;
    c.policy = policy;
    c.peak_w = 18 * kMW;
    c.floor_w = 12 * kMW;
    c.max_step_w = 1 * kMW;
    const double end = 6 * kH;
    const auto expected = run_battery(c, whole, end);
    BatteryRun run(c, end);
    StepSeries growing;
    std::size_t next = 0;
    for (double now = 0; now < end; now += 45) {
      while (next < whole.size() && whole.times()[next] <= now) {
        growing.set(whole.times()[next], whole.values()[next]);
        ++next;
      }
      run.advance(growing, now); // points at `now` are not final yet
    }
    const auto got = run.finish(whole);
    EXPECT_EQ(got.battery_w.times(), expected.battery_w.times()) << kBatteryPolicyNames[static_cast<int>(policy)];
    EXPECT_EQ(got.battery_w.values(), expected.battery_w.values());
    EXPECT_EQ(got.grid_w.values(), expected.grid_w.values());
    EXPECT_EQ(got.charged_j, expected.charged_j);
    EXPECT_EQ(got.discharged_j, expected.discharged_j);
    EXPECT_GT(expected.battery_w.size(), 10u);
  }
}
