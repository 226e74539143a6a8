// Composite plants (docs/models/cooling.md, "Plants"): heat and water balances, steady state,
// faults, economizer behaviour, sanity of cooling power vs IT, and a per-step timing print.

#include "models/cooling/plant.hpp"
#include "models/cooling/plant_impl.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <random>
#include <stdexcept>

using namespace wattsim::models;

namespace {
Ambient weather(double wet_bulb_c, double dry_bulb_c, double rh = 0.5) {
  Ambient a;
  a.wet_bulb_c = wet_bulb_c;
  a.dry_bulb_c = dry_bulb_c;
  a.relative_humidity = rh;
  a.pressure_pa = 101325.0;
  return a;
}

PlantStep settle(CoolingPlant& p, const PlantLoad& load, const Ambient& a, int steps = 120, double dt = 60) {
  PlantStep s;
  for (int i = 0; i < steps; ++i)
    s = p.step(load, a, dt);
  return s;
}

void expect_heat_balance(const PlantStep& s, double dt) {
  const double produced = s.heat_produced_w * dt;
  EXPECT_NEAR(s.heat_removed_w * dt + s.stored_heat_j, produced, 1e-6 * produced);
}

void expect_water_balance(const PlantStep& s) {
  EXPECT_NEAR(s.water_makeup_kg, s.water_evaporated_kg + s.water_blowdown_kg + s.water_drift_kg,
              1e-12 * (s.water_makeup_kg + 1e-30));
}

// Ambient sampled over a plausible climate: wet-bulb ≤ dry-bulb, humid when hot.
Ambient random_weather(std::mt19937_64& rng) {
  std::uniform_real_distribution<double> db(-10, 40), dep(0.5, 14), rh(0.1, 0.95);
  const double d = db(rng);
  return weather(d - dep(rng) * (d > 0 ? 1.0 : 0.3), d, rh(rng));
}

std::vector<std::unique_ptr<CoolingPlant>> all_plants() {
  std::vector<std::unique_ptr<CoolingPlant>> v;
  v.push_back(make_air_plant(AirPlantConfig{}));
  AirPlantConfig econ;
  econ.air_side_economizer = true;
  econ.it_mass_j_per_k = 5e7;
  v.push_back(make_air_plant(econ));
  for (HeatRejection hr : {HeatRejection::dry_cooler, HeatRejection::tower, HeatRejection::hybrid})
    for (LiquidClass lc : {LiquidClass::w32, LiquidClass::w45}) {
      LiquidPlantConfig c;
      c.heat_rejection = hr;
      c.liquid_class = lc;
      v.push_back(make_liquid_plant(c));
    }
  for (DxEconomizer e : {DxEconomizer::none, DxEconomizer::air_side, DxEconomizer::pumped_refrigerant}) {
    DxPlantConfig c;
    c.economizer = e;
    c.crac.constant_speed = e == DxEconomizer::none;
    v.push_back(make_plant(c));
  }
  return v;
}
} // namespace

TEST(Plant, HeatBalanceOverRandomSteps) {
  std::mt19937_64 rng(2024);
  std::uniform_real_distribution<double> load(0.0, 1.2e6), share(0.6, 0.9), dt(10.0, 150.0), u(0, 1);
  for (auto& p : all_plants()) {
    Ambient a = random_weather(rng);
    for (int i = 0; i < 3000; ++i) {
      if (i % 60 == 0)
        a = random_weather(rng);
      if (u(rng) < 0.01)
        p->set_fault(static_cast<PlantFault>(static_cast<int>(u(rng) * 3)), u(rng) < 0.5);
      const double it = load(rng), f = share(rng), h = dt(rng);
      const PlantStep s = p->step(PlantLoad{(1 - f) * it, f * it}, a, h);
      expect_heat_balance(s, h);
      expect_water_balance(s);
      ASSERT_TRUE(std::isfinite(s.total_w()));
      ASSERT_TRUE(std::isfinite(s.server_inlet_c));
      ASSERT_GE(s.free_cooling_fraction, 0.0);
      ASSERT_LE(s.free_cooling_fraction, 1.0);
    }
  }
}

TEST(Plant, AirPlantOutdoorHeatIsRemovedHeatPlusCompressorAndCondenserPumps) {
  auto p = make_air_plant(AirPlantConfig{});
  for (double wb : {-5.0, 5.0, 15.0, 25.0}) {
    const PlantStep s = settle(*p, PlantLoad{8e5, 0}, weather(wb, wb + 6));
    EXPECT_NEAR(s.heat_rejected_w, s.heat_removed_w + s.chiller_w + s.condenser_pump_w, 1e-6 * s.heat_rejected_w);
  }
}

TEST(Plant, SteadyStateRemovesWhatIsProduced) {
  for (auto& p : all_plants()) {
    const Ambient a = weather(14.0, 20.0);
    const PlantStep s = settle(*p, PlantLoad{2e5, 7e5}, a, 200);
    EXPECT_NEAR(s.stored_heat_j, 0.0, 1e-6 * s.heat_produced_w * 60);
    EXPECT_NEAR(s.heat_removed_w, s.heat_produced_w, 1e-6 * s.heat_produced_w);
    EXPECT_NEAR(s.capacity_shortfall_w, 0.0, 1e-6);
  }
}

TEST(Plant, AirPlantHoldsItsSetpointsInNormalOperation) {
  AirPlantConfig c;
  auto p = make_air_plant(c);
  const PlantStep s = settle(*p, PlantLoad{1e6, 0}, weather(18.0, 26.0));
  EXPECT_NEAR(s.chilled_water_supply_c, c.chw_supply_setpoint_c, 1e-6);
  // Supply air at its setpoint, 10 % recirculation of the 12 K rise.
  EXPECT_NEAR(s.server_inlet_c, c.crah.supply_air_setpoint_c + 0.1 * 12.0, 0.05);
}

TEST(Plant, ChillerTripMakesServerInletRise) {
  auto p = make_air_plant(AirPlantConfig{});
  const Ambient hot = weather(24.0, 32.0, 0.5);
  const double normal = settle(*p, PlantLoad{1e6, 0}, hot).server_inlet_c;
  p->set_fault(PlantFault::chiller_trip, true);
  double prev = normal, at_5 = 0;
  for (int minute = 1; minute <= 20; ++minute) {
    const PlantStep s = p->step(PlantLoad{1e6, 0}, hot, 60);
    expect_heat_balance(s, 60);
    EXPECT_EQ(s.chiller_w, 0.0);
    EXPECT_GE(s.server_inlet_c, prev - 1e-9);
    prev = s.server_inlet_c;
    if (minute == 5)
      at_5 = s.server_inlet_c;
  }
  EXPECT_GT(at_5, normal + 1.0);
  EXPECT_GT(prev, at_5 + 2.0);
  // Clearing the fault brings the room back.
  p->set_fault(PlantFault::chiller_trip, false);
  const PlantStep back = settle(*p, PlantLoad{1e6, 0}, hot, 90);
  EXPECT_NEAR(back.server_inlet_c, normal, 0.05);
}

TEST(Plant, TowerFanFailureUnloadsTheChillersAndWarmsTheRoom) {
  auto p = make_air_plant(AirPlantConfig{});
  const Ambient a = weather(20.0, 28.0);
  const PlantStep before = settle(*p, PlantLoad{1e6, 0}, a);
  p->set_fault(PlantFault::tower_fan_failure, true);
  PlantStep s;
  for (int i = 0; i < 15; ++i)
    s = p->step(PlantLoad{1e6, 0}, a, 60);
  EXPECT_EQ(s.tower_fan_w, 0.0);
  EXPECT_GT(s.server_inlet_c, before.server_inlet_c + 2.0);
  EXPECT_LT(p->state().condenser_water_c, 40.0 + 0.5); // held at the high-pressure cutout
}

TEST(Plant, CduPumpFailureMakesCoolantClimb) {
  auto p = make_liquid_plant(LiquidPlantConfig{});
  const Ambient a = weather(12.0, 18.0);
  const PlantStep ok = settle(*p, PlantLoad{2e5, 8e5}, a);
  p->set_fault(PlantFault::cdu_pump_failure, true);
  double prev = ok.coolant_supply_c;
  for (int i = 0; i < 6; ++i) {
    const PlantStep s = p->step(PlantLoad{2e5, 8e5}, a, 10);
    EXPECT_EQ(s.cdu_pump_w, 0.0);
    EXPECT_GT(s.coolant_supply_c, prev);
    prev = s.coolant_supply_c;
  }
  EXPECT_GT(prev, ok.coolant_supply_c + 5.0); // ≈ 10 K per loop circulation time at full load
}

TEST(Plant, HotAfternoonWithoutTrimChillerHeatsTheLoop) {
  LiquidPlantConfig c;
  c.liquid_class = LiquidClass::w32;
  c.trim_chiller = false;
  auto bare = make_liquid_plant(c);
  c.trim_chiller = true;
  auto trimmed = make_liquid_plant(c);
  const Ambient mild = weather(12.0, 18.0), hot = weather(22.0, 34.0, 0.35);
  const double normal = settle(*bare, PlantLoad{2e5, 8e5}, mild).coolant_supply_c;
  settle(*trimmed, PlantLoad{2e5, 8e5}, mild);
  double prev = normal;
  for (int i = 0; i < 30; ++i) {
    const PlantStep s = bare->step(PlantLoad{2e5, 8e5}, hot, 60);
    EXPECT_GE(s.coolant_supply_c, prev - 1e-9);
    prev = s.coolant_supply_c;
  }
  EXPECT_GT(prev, normal + 2.0);
  const PlantStep t = settle(*trimmed, PlantLoad{2e5, 8e5}, hot, 30);
  EXPECT_GT(t.trim_chiller_w, 0.0);
  EXPECT_NEAR(t.coolant_supply_c, normal, 0.05);
}

TEST(Plant, WaterSideEconomizerModesFollowTheWeather) {
  struct Case {
    double wb;
    EconomizerMode mode;
  };
  for (const Case& k : {Case{-8.0, EconomizerMode::free_cooling}, Case{5.0, EconomizerMode::partial_mechanical},
                        Case{18.0, EconomizerMode::full_mechanical}}) {
    auto p = make_air_plant(AirPlantConfig{});
    const PlantStep s = settle(*p, PlantLoad{1e6, 0}, weather(k.wb, k.wb + 4), 60);
    EXPECT_EQ(s.economizer_mode, k.mode) << k.wb;
    if (k.mode == EconomizerMode::free_cooling) {
      EXPECT_EQ(s.chiller_w, 0.0);
      EXPECT_NEAR(s.free_cooling_fraction, 1.0, 1e-9);
    } else if (k.mode == EconomizerMode::partial_mechanical) {
      EXPECT_GT(s.free_cooling_fraction, 0.05);
      EXPECT_LT(s.free_cooling_fraction, 0.95);
    } else {
      EXPECT_EQ(s.free_cooling_fraction, 0.0);
    }
  }
}

TEST(Plant, EconomizerDwellDelaysTheSwitch) {
  auto p = make_air_plant(AirPlantConfig{});
  settle(*p, PlantLoad{1e6, 0}, weather(20.0, 26.0), 30);
  // A cold front: partial free cooling becomes possible, but the mode waits 20 min.
  const Ambient cold = weather(2.0, 5.0);
  for (int i = 0; i < 19; ++i)
    EXPECT_EQ(p->step(PlantLoad{1e6, 0}, cold, 60).economizer_mode, EconomizerMode::full_mechanical) << i;
  settle(*p, PlantLoad{1e6, 0}, cold, 2);
  EXPECT_EQ(p->state().economizer_mode, EconomizerMode::partial_mechanical);
}

TEST(Plant, AirSideEconomizerCutsMechanicalCooling) {
  AirPlantConfig c;
  auto plain = make_air_plant(c);
  c.air_side_economizer = true;
  auto econ = make_air_plant(c);
  const Ambient spring = weather(12.0, 16.0, 0.6); // dew point ≈ 8 °C
  const PlantStep a = settle(*plain, PlantLoad{1e6, 0}, spring);
  const PlantStep b = settle(*econ, PlantLoad{1e6, 0}, spring);
  EXPECT_LT(b.total_w(), 0.5 * a.total_w());
  EXPECT_NEAR(b.free_cooling_fraction, 1.0, 1e-9);
  EXPECT_EQ(b.water_makeup_kg, 0.0);
}

TEST(Plant, EvaporationPerKilowattHourOfItHeatIsPlausible) {
  // Chiller mode at typical conditions: the tower rejects IT heat + fan/pump heat + compressor
  // work, ≈ 1.2 kWh per kWh of IT; at ≈ 0.85 latent that is 1.4-1.6 L per kWh of IT heat.
  for (double wb : {14.0, 16.0, 18.0}) {
    auto p = make_air_plant(AirPlantConfig{});
    const PlantStep s = settle(*p, PlantLoad{1e6, 0}, weather(wb, wb + 5, 0.55));
    const double l_per_kwh_it = s.water_evaporated_kg / (1e6 * 60 / 3.6e6);
    EXPECT_GT(l_per_kwh_it, 1.4) << wb;
    EXPECT_LT(l_per_kwh_it, 1.6) << wb;
    const double makeup = s.water_makeup_kg / (1e6 * 60 / 3.6e6);
    EXPECT_NEAR(makeup, l_per_kwh_it * 1.5, 0.05); // C = 3 → make-up ≈ 1.5 × evaporation
  }
}

TEST(Plant, CoolingPowerOverItIsSane) {
  auto air = make_air_plant(AirPlantConfig{});
  const double air15 = settle(*air, PlantLoad{1e6, 0}, weather(15.0, 21.0)).total_w() / 1e6;
  EXPECT_GT(air15, 0.10);
  EXPECT_LT(air15, 0.35);
  for (LiquidClass lc : {LiquidClass::w32, LiquidClass::w40, LiquidClass::w45}) {
    LiquidPlantConfig c;
    c.liquid_class = lc;
    auto liq = make_liquid_plant(c);
    const PlantStep s = settle(*liq, PlantLoad{2e5, 8e5}, weather(9.0, 15.0));
    EXPECT_LT(s.total_w() / 1e6, 0.07) << liquid_class_info(lc).name;
    EXPECT_EQ(s.trim_chiller_w, 0.0);
    EXPECT_NEAR(s.coolant_supply_c, liquid_class_info(lc).max_supply_c + c.cdu.hx_approach_k, 1e-6);
  }
}

TEST(Plant, HybridUsesWaterOnlyAboveItsSwitchPoint) {
  LiquidPlantConfig c;
  c.heat_rejection = HeatRejection::hybrid;
  c.liquid_fraction = 1.0; // no residual air plant: its tower would use water too
  auto p = make_liquid_plant(c);
  auto* lp = dynamic_cast<detail::LiquidPlant*>(p.get());
  ASSERT_NE(lp, nullptr);
  const double sw = lp->sizing().adiabatic_switch_c; // 32 − 8 = 24 °C
  EXPECT_NEAR(sw, 24.0, 1e-12);
  EXPECT_EQ(settle(*p, PlantLoad{0, 1e6}, weather(14.0, sw - 2)).water_makeup_kg, 0.0);
  const PlantStep wet = settle(*p, PlantLoad{0, 1e6}, weather(18.0, sw + 3, 0.4));
  EXPECT_GT(wet.water_evaporated_kg, 0.0);
  EXPECT_EQ(wet.water_drift_kg, 0.0);
}

TEST(Plant, StateRoundTripReproducesTheNextSteps) {
  LiquidPlantConfig c;
  auto a = make_liquid_plant(c);
  auto b = make_liquid_plant(c);
  std::mt19937_64 rng(5);
  for (int i = 0; i < 50; ++i)
    a->step(PlantLoad{2.5e5, 7e5}, random_weather(rng), 60);
  b->set_state(a->state());
  for (int i = 0; i < 20; ++i) {
    const Ambient w = random_weather(rng);
    const PlantStep x = a->step(PlantLoad{2e5, 8e5}, w, 60), y = b->step(PlantLoad{2e5, 8e5}, w, 60);
    EXPECT_DOUBLE_EQ(x.total_w(), y.total_w());
    EXPECT_DOUBLE_EQ(x.coolant_supply_c, y.coolant_supply_c);
    EXPECT_DOUBLE_EQ(x.server_inlet_c, y.server_inlet_c);
  }
}

TEST(Plant, RejectsHumidityInPercent) {
  auto p = make_air_plant(AirPlantConfig{});
  EXPECT_THROW(p->step(PlantLoad{1e6, 0}, weather(15, 20, 55.0), 60), std::invalid_argument);
  auto l = make_liquid_plant(LiquidPlantConfig{});
  EXPECT_THROW(l->step(PlantLoad{0, 1e6}, weather(15, 20, 55.0), 60), std::invalid_argument);
  EXPECT_THROW(l->step(PlantLoad{0, 1e6}, weather(15, 20, 0.5), 0.0), std::invalid_argument);
}

TEST(Plant, SizingFollowsTheReferenceShares) {
  detail::AirPlant air{AirPlantConfig{}};
  const auto& z = air.sizing();
  EXPECT_NEAR(z.crah_fan_w / 1e6, 0.05, 0.005);       // 3-5 % of IT at design
  EXPECT_NEAR(z.chw_pump_w / 1e6, 0.011, 0.002);      // ~1.1 % at 6 K, 200 kPa, η 0.7
  EXPECT_NEAR(z.tower_fan_w / z.tower_heat_w, 0.0135, 1e-12);
  EXPECT_NEAR(z.room_capacitance_j_per_k / (z.air_flow_kg_s * 1005.0), 160.0, 1e-9);
  detail::LiquidPlant liq{LiquidPlantConfig{}};
  EXPECT_NEAR(liq.sizing().cdu_pump_w / liq.sizing().liquid_heat_w, 0.008, 0.001);
  EXPECT_DOUBLE_EQ(liq.sizing().facility_setpoint_c, 32.0);
}

TEST(Plant, PrintsCoolingPowerRatiosAndStepCost) {
  // Not an assertion: the table the report quotes, and a timing of step().
  std::printf("\n  cooling power / IT (1 MW IT; liquid plants 80 %% to liquid)\n");
  std::printf("  %-28s %8s %8s %8s\n", "plant", "5 °C", "15 °C", "25 °C");
  auto row = [](const char* name, auto make, bool liquid) {
    std::printf("  %-28s", name);
    for (double wb : {5.0, 15.0, 25.0}) {
      auto p = make();
      const double db = wb + 6.0;
      const PlantLoad load = liquid ? PlantLoad{2e5, 8e5} : PlantLoad{1e6, 0};
      std::printf(" %8.3f", settle(*p, load, weather(wb, db, 0.5), 150).total_w() / 1e6);
    }
    std::printf("\n");
  };
  row("air (CRAH/chiller/tower/WSE)", [] { return make_air_plant(AirPlantConfig{}); }, false);
  for (HeatRejection hr : {HeatRejection::dry_cooler, HeatRejection::hybrid, HeatRejection::tower})
    for (LiquidClass lc : {LiquidClass::w32, LiquidClass::w40, LiquidClass::w45}) {
      char name[64];
      std::snprintf(name, sizeof name, "liquid %s %s", liquid_class_info(lc).name,
                    hr == HeatRejection::dry_cooler ? "dry cooler" : hr == HeatRejection::hybrid ? "hybrid" : "tower");
      row(name, [=] {
        LiquidPlantConfig c;
        c.liquid_class = lc;
        c.heat_rejection = hr;
        return make_liquid_plant(c);
      }, true);
    }
  std::printf("  (dry-bulb = wet-bulb + 6 K, RH 50 %%)\n");

  auto time_it = [](CoolingPlant& p, const char* name) {
    std::mt19937_64 rng(1);
    std::vector<Ambient> w(1000);
    for (auto& a : w)
      a = random_weather(rng);
    const int n = 200000;
    double sink = 0;
    const auto t0 = std::chrono::steady_clock::now();
    for (int i = 0; i < n; ++i)
      sink += p.step(PlantLoad{2e5 + 1e3 * (i % 100), 7e5}, w[(i / 60) % w.size()], 60).total_w();
    const double us = std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count() / n;
    std::printf("  %s: %.2f µs per step() (%.2f s per simulated year at 60 s) [%g]\n", name, us, us * 525600e-6,
                sink > 0 ? 1.0 : 0.0);
  };
  auto air = make_air_plant(AirPlantConfig{});
  time_it(*air, "air plant");
  auto liq = make_liquid_plant(LiquidPlantConfig{});
  time_it(*liq, "liquid plant (dry cooler + residual air plant)");
  LiquidPlantConfig tc;
  tc.heat_rejection = HeatRejection::tower;
  auto liq_t = make_liquid_plant(tc);
  time_it(*liq_t, "liquid plant (tower + residual air plant)");
}
