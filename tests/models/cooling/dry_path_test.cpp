// Air-cooled chillers and dry designs (issue #7, items 3 and 4): an air plant whose chillers reject
// heat to the outdoor air evaporates nothing, follows the EnergyPlus air-cooled curves above 35 C, and
// a liquid plant whose residual air path uses them is dry end to end.

#include "models/cooling/chiller.hpp"
#include "models/cooling/plant.hpp"
#include "models/cooling/plant_impl.hpp"

#include <gtest/gtest.h>

#include <random>

using namespace wattsim::models;

namespace {
Ambient weather(double wet_bulb_c, double dry_bulb_c, double rh = 0.4) { return {dry_bulb_c, wet_bulb_c, rh, 101325.0}; }

AirPlantConfig air_cooled() {
  AirPlantConfig c;
  c.air_cooled_chillers = true;
  c.chiller_curves = york_ycal0033ee_air_cooled();
  c.water_side_economizer = false;
  return c;
}
} // namespace

TEST(AirCooledChiller, YorkYcalCurvesFromTheEnergyPlusDatasetAreNotClampedAt35C) {
  ChillerConfig cc;
  cc.curves = york_ycal0033ee_air_cooled();
  cc.condenser = CondenserType::air_cooled;
  cc.reference_capacity_w = 100582;
  const Chiller ch(cc);
  // COP 3.1 x EIRFT at the rating point (the dataset's curves are within 5 % of 1 there).
  EXPECT_NEAR(ch.full_load_cop(6.67, 35.0), 3.1 / 1.0208, 0.01);
  // Hotter air keeps lowering COP and capacity up to the curves' 51.67 C limit.
  EXPECT_LT(ch.full_load_cop(10, 45), ch.full_load_cop(10, 35) - 0.5);
  EXPECT_LT(ch.available_capacity_w(10, 45), 0.8 * ch.available_capacity_w(10, 35));
  EXPECT_LT(ch.full_load_cop(10, 50), ch.full_load_cop(10, 45));
  // EnergyPlus clamps below 23.89 C: a cold day gives no more than a 24 C day.
  EXPECT_DOUBLE_EQ(ch.full_load_cop(10, 5), ch.full_load_cop(10, 23.89));
}

TEST(AirCooledChiller, AnAirPlantWithAirCooledChillersUsesNoWaterAndBalancesItsHeat) {
  auto p = make_plant(air_cooled());
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> db(-5, 46), load(0.1, 1.1);
  double chiller_j = 0, removed_j = 0, rejected_j = 0;
  for (int i = 0; i < 2000; ++i) {
    const double t = db(rng);
    const auto s = p->step({load(rng) * p->design_it_w(), 0.0}, weather(t - 8, t), 60);
    EXPECT_EQ(s.water_makeup_kg, 0.0);
    EXPECT_EQ(s.water_evaporated_kg, 0.0);
    EXPECT_EQ(s.tower_fan_w, 0.0);
    EXPECT_EQ(s.condenser_pump_w, 0.0);
    EXPECT_NEAR(s.heat_removed_w * 60 + s.stored_heat_j, s.heat_produced_w * 60, 1e-6 * s.heat_produced_w * 60);
    chiller_j += s.chiller_w * 60;
    removed_j += s.heat_removed_w * 60;
    rejected_j += s.heat_rejected_w * 60;
  }
  // Everything removed leaves through the condensers together with the compressor work.
  EXPECT_NEAR(rejected_j, removed_j + chiller_j, 2e-3 * rejected_j);
}

TEST(AirCooledChiller, CostsMoreThanATowerPlantInHotWeatherButEvaporatesNothing) {
  auto dry = make_plant(air_cooled());
  auto wet = make_plant(AirPlantConfig{});
  PlantStep sd, sw;
  for (int i = 0; i < 240; ++i) {
    sd = dry->step({0.8e6, 0.0}, weather(24, 35), 60);
    sw = wet->step({0.8e6, 0.0}, weather(24, 35), 60);
  }
  EXPECT_GT(sd.total_w(), sw.total_w());
  EXPECT_GT(sw.water_makeup_kg, 0.0);
  EXPECT_EQ(sd.water_makeup_kg, 0.0);
  // Air-cooled COP near 3 at 35 C: chillers draw roughly a third of the cooling they deliver.
  EXPECT_GT(sd.chiller_w, 0.2 * 0.8e6);
  EXPECT_LT(sd.chiller_w, 0.45 * 0.8e6);
}

TEST(DryDesign, ALiquidPlantWithDryCoolersAndAnAirCooledResidualPathIsDry) {
  LiquidPlantConfig c;
  c.liquid_class = LiquidClass::w40;
  c.heat_rejection = HeatRejection::dry_cooler;
  c.residual_air = air_cooled();
  auto p = make_plant(c);
  for (double db : {-5.0, 15.0, 30.0, 38.0, 44.0}) {
    PlantStep s;
    for (int i = 0; i < 120; ++i)
      s = p->step({0.2e6, 0.8e6}, weather(db - 10, db, 0.2), 60);
    EXPECT_EQ(s.water_makeup_kg, 0.0) << db;
    EXPECT_EQ(s.water_evaporated_kg, 0.0) << db;
    EXPECT_GT(s.heat_removed_w, 0.9e6) << db;
  }
  // The same plant with adiabatic pads (asked for) evaporates on a hot afternoon only.
  c.heat_rejection = HeatRejection::hybrid;
  auto h = make_plant(c);
  PlantStep cold, hot;
  for (int i = 0; i < 120; ++i)
    cold = h->step({0.2e6, 0.8e6}, weather(5, 10, 0.5), 60);
  for (int i = 0; i < 120; ++i)
    hot = h->step({0.2e6, 0.8e6}, weather(22, 40, 0.2), 60);
  EXPECT_EQ(cold.water_makeup_kg, 0.0);
  EXPECT_GT(hot.water_evaporated_kg, 0.0);
}
