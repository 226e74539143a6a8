// Water-side economizer mode control (Stein 2009 / Modelica CoolingMode) and the air-side envelope.

#include "models/cooling/economizer.hpp"

#include <gtest/gtest.h>

using namespace wattsim::models;

namespace {
WseSensors sensors(double ret, double wse_out, double wb, double app = 4.0, double set = 12.0) {
  WseSensors s;
  s.chw_return_c = ret;
  s.wse_leaving_c = wse_out;
  s.chw_supply_setpoint_c = set;
  s.wet_bulb_c = wb;
  s.tower_approach_k = app;
  return s;
}
} // namespace

TEST(Economizer, HeatExchangerLeavingTemperature) {
  EXPECT_DOUBLE_EQ(wse_leaving_c(18.0, 8.0, 0.8), 10.0);
  EXPECT_DOUBLE_EQ(wse_leaving_c(18.0, 20.0, 0.8), 19.6); // warmer tower water heats (bypass it)
}

TEST(Economizer, SwitchesOnlyAfterTheWaitingTime) {
  WaterSideEconomizer e; // starts in full mechanical, 1,200 s wait
  // Full → partial needs T_CHWR > T_wb + approach + 1.1: 18 > 10 + 4 + 1.1.
  const WseSensors cold = sensors(18.0, 18.0, 10.0);
  for (int i = 0; i < 19; ++i)
    EXPECT_EQ(e.update(cold, 60.0), EconomizerMode::full_mechanical) << i;
  EXPECT_EQ(e.update(cold, 60.0), EconomizerMode::partial_mechanical); // 20 min
  // A minute later the WSE already meets the setpoint, but free cooling waits 20 more minutes.
  const WseSensors great = sensors(18.0, 12.3, 0.0);
  for (int i = 0; i < 19; ++i)
    EXPECT_EQ(e.update(great, 60.0), EconomizerMode::partial_mechanical);
  EXPECT_EQ(e.update(great, 60.0), EconomizerMode::free_cooling);
}

TEST(Economizer, InterruptedConditionRestartsTheTimer) {
  WaterSideEconomizer e;
  const WseSensors cold = sensors(18.0, 18.0, 10.0), warm = sensors(18.0, 18.0, 20.0);
  for (int i = 0; i < 15; ++i)
    e.update(cold, 60.0);
  e.update(warm, 60.0); // condition false for one step
  for (int i = 0; i < 19; ++i)
    EXPECT_EQ(e.update(cold, 60.0), EconomizerMode::full_mechanical);
  EXPECT_EQ(e.update(cold, 60.0), EconomizerMode::partial_mechanical);
}

TEST(Economizer, LeavesFreeAndPartialModes) {
  WaterSideEconomizer e({}, EconomizerMode::free_cooling);
  // Free → partial: WSE leaving above setpoint + 1.1.
  const WseSensors short_ = sensors(18.0, 13.2, 5.0);
  for (int i = 0; i < 20; ++i)
    e.update(short_, 60.0);
  EXPECT_EQ(e.mode(), EconomizerMode::partial_mechanical);
  // Partial → full: WSE cools the return by less than 0.5 K.
  const WseSensors useless = sensors(18.0, 17.7, 16.0);
  for (int i = 0; i < 20; ++i)
    e.update(useless, 60.0);
  EXPECT_EQ(e.mode(), EconomizerMode::full_mechanical);
}

TEST(Economizer, ShortStepsAccumulateTheSameWait) {
  WaterSideEconomizer e;
  const WseSensors cold = sensors(18.0, 18.0, 10.0);
  for (int i = 0; i < 119; ++i)
    e.update(cold, 10.0);
  EXPECT_EQ(e.mode(), EconomizerMode::full_mechanical);
  e.update(cold, 10.0);
  EXPECT_EQ(e.mode(), EconomizerMode::partial_mechanical);
}

TEST(Economizer, StatelessAvailability) {
  // T_wb + a_tower + a_HX vs setpoint 12 / return 18.
  EXPECT_EQ(free_cooling_availability(5.0, 4.0, 2.0, 12.0, 18.0), EconomizerMode::free_cooling);
  EXPECT_EQ(free_cooling_availability(9.0, 4.0, 2.0, 12.0, 18.0), EconomizerMode::partial_mechanical);
  EXPECT_EQ(free_cooling_availability(13.0, 4.0, 2.0, 12.0, 18.0), EconomizerMode::full_mechanical);
}

TEST(Economizer, AirSideEnvelope) {
  const AirEconomizerConfig c;
  // 20 °C / 50 %: dew point ≈ 9.3 °C, inside 5.5-15 °C, RH at 22 °C supply ≈ 44 %.
  const auto ok = air_economizer_check(c, 20.0, 0.5, 22.0);
  EXPECT_TRUE(ok.usable);
  EXPECT_NEAR(ok.dew_point_c, 9.3, 0.1);
  EXPECT_FALSE(air_economizer_check(c, 30.0, 0.3, 22.0).usable);  // too hot
  EXPECT_FALSE(air_economizer_check(c, 10.0, 0.3, 22.0).usable);  // dew point −6.7 °C: too dry
  EXPECT_FALSE(air_economizer_check(c, 25.0, 0.8, 22.0).usable);  // dew point 21 °C: too humid
  // Cold and fairly humid outside air is fine once mixed up to the supply temperature.
  EXPECT_TRUE(air_economizer_check(c, 10.0, 0.9, 22.0).usable);
}
