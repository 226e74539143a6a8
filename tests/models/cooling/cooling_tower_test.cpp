// Variable-speed cooling tower with the YorkCalc approach (docs/models/cooling.md, "Cooling tower").

#include "models/cooling/cooling_tower.hpp"

#include <gtest/gtest.h>

#include <cmath>

using namespace wattsim::models;

namespace {
// The YorkCalc polynomial written out term by term from the EnergyPlus engineering reference
// (Coeff(1)..Coeff(27)), independently of the model's grouped evaluation.
double york_reference(double twb, double tr, double lg) {
  const double c[28] = {0,
                        -0.359741205,     -0.055053608,    0.0023850432,    0.173926877,     -0.0248473764,
                        0.00048430224,    -0.005589849456, 0.0005770079712, -1.342427256E-05, 2.84765801111111,
                        -0.121765149,     0.0014599242,    1.680428651,     -0.0166920786,   -0.0007190532,
                        -0.025485194448,  4.87491696E-05,  2.719234152E-05, -0.06537662555556, -0.002278167,
                        0.0002500254,     -0.0910565458,   0.00318176316,   3.8621772E-05,   -0.0034285382352,
                        8.56589904E-06,   -1.516821552E-06};
  const double w = twb, r = tr, l = lg;
  return c[1] + c[2] * w + c[3] * w * w + c[4] * r + c[5] * w * r + c[6] * w * w * r + c[7] * r * r +
         c[8] * w * r * r + c[9] * w * w * r * r + c[10] * l + c[11] * w * l + c[12] * w * w * l + c[13] * r * l +
         c[14] * w * r * l + c[15] * w * w * r * l + c[16] * r * r * l + c[17] * w * r * r * l +
         c[18] * w * w * r * r * l + c[19] * l * l + c[20] * w * l * l + c[21] * w * w * l * l + c[22] * r * l * l +
         c[23] * w * r * l * l + c[24] * w * w * r * l * l + c[25] * r * r * l * l + c[26] * w * r * r * l * l +
         c[27] * w * w * r * r * l * l;
}
} // namespace

TEST(CoolingTower, ApproachIsTheYorkCalcPolynomial) {
  const CoolingTower t(CoolingTowerConfig{});
  for (double twb : {-10.0, 0.0, 12.5, 25.0})
    for (double tr : {2.0, 5.56, 12.0})
      for (double fra : {0.3, 0.7, 1.0})
        EXPECT_NEAR(t.approach_k(twb, tr, 1.0, fra), york_reference(twb, tr, 1.0 / fra), 1e-12);
}

TEST(CoolingTower, ReproducesTheModelicaNominalPoint) {
  // Modelica YorkCalc nominal: 25.55 °C wet-bulb, 3.89 K approach, 5.56 K range.
  CoolingTowerConfig cfg;
  cfg.design_heat_w = 1e6;
  const CoolingTower t(cfg);
  // The calibrated water-flow ratio is ≈ 1: the nominal point sits on the correlation's reference
  // condition (25.6 °C WB, 35 → 29.4 °C).
  EXPECT_NEAR(t.reference_water_flow_ratio(), 1.0, 0.02);
  EXPECT_NEAR(t.approach_k(25.55, 5.56, t.reference_water_flow_ratio(), 1.0), 3.89, 1e-9);
  const TowerResult r = t.run(1e6, 25.55, 0.0); // setpoint unreachable: full speed
  EXPECT_EQ(r.regime, TowerRegime::full_speed);
  EXPECT_NEAR(r.range_k, 5.56, 1e-9);
  EXPECT_NEAR(r.leaving_c, 25.55 + 3.89, 1e-9);
  EXPECT_NEAR(r.fan_power_w, 0.0135 * 1e6, 1e-9);
}

TEST(CoolingTower, FanFollowsTheCubeLaw) {
  const CoolingTower t(CoolingTowerConfig{});
  const double q = 7e5, wb = 18.0;
  const double full = t.run(q, wb, 0.0).leaving_c;
  double prev_power = 1e300;
  for (double dset : {0.3, 1.0, 2.0, 3.0}) {
    const TowerResult r = t.run(q, wb, full + dset);
    if (r.regime != TowerRegime::variable_speed)
      continue;
    EXPECT_NEAR(r.leaving_c, full + dset, 1e-9);
    // The airflow found really produces the setpoint ...
    EXPECT_NEAR(wb + t.approach_k(wb, r.range_k, t.reference_water_flow_ratio(), r.airflow_ratio), full + dset, 1e-7);
    // ... and the power is design × FR³.
    EXPECT_NEAR(r.fan_power_w, t.design_fan_power_w() * std::pow(r.airflow_ratio, 3), 1e-9);
    EXPECT_LT(r.fan_power_w, prev_power);
    prev_power = r.fan_power_w;
  }
  EXPECT_LT(prev_power, 0.5 * t.design_fan_power_w());
}

TEST(CoolingTower, EnergyPlusFanSequence) {
  const CoolingTower t(CoolingTowerConfig{});
  const double q = 5e5, wb = 10.0;
  const double frw = t.reference_water_flow_ratio();
  const double range = q / (t.design_water_flow_kg_s() * 4186.0);
  const double t_off = wb + t.approach_k(wb, range, frw, 0.125);
  const double t_min = wb + t.approach_k(wb, range, frw, 0.2);
  // Setpoint above the free-convection leaving temperature: fan stays off.
  const TowerResult off = t.run(q, wb, t_off + 0.5);
  EXPECT_EQ(off.regime, TowerRegime::free_convection);
  EXPECT_EQ(off.fan_power_w, 0.0);
  EXPECT_NEAR(off.leaving_c, t_off, 1e-9);
  // Between minimum-speed and free-convection temperatures: cycling at minimum speed.
  const double sp = 0.5 * (t_off + t_min);
  const TowerResult cyc = t.run(q, wb, sp);
  EXPECT_EQ(cyc.regime, TowerRegime::fan_cycling);
  EXPECT_NEAR(cyc.fan_plr, (t_off - sp) / (t_off - t_min), 1e-12);
  EXPECT_NEAR(cyc.fan_power_w, t.design_fan_power_w() * cyc.fan_plr * 0.008, 1e-9);
  // Fan failure: free convection whatever the setpoint.
  const TowerResult failed = t.run(q, wb, 0.0, 0.0, false);
  EXPECT_EQ(failed.regime, TowerRegime::free_convection);
  EXPECT_NEAR(failed.leaving_c, t_off, 1e-9);
}

TEST(CoolingTower, ApproachGrowsWithRangeAndColdWetBulb) {
  const CoolingTower t(CoolingTowerConfig{});
  EXPECT_LT(t.approach_k(25, 4, 1, 1), t.approach_k(25, 8, 1, 1));
  EXPECT_LT(t.approach_k(25, 5.56, 1, 1), t.approach_k(5, 5.56, 1, 1));
  EXPECT_LT(t.approach_k(15, 5.56, 1, 1), t.approach_k(15, 5.56, 1, 0.5));
}

TEST(CoolingTower, CapacityIsTheHeatThatHitsTheLeavingTemperature) {
  const CoolingTower t(CoolingTowerConfig{});
  for (double wb : {5.0, 20.0})
    for (double leave : {wb + 5.0, wb + 8.0}) {
      const double cap = t.capacity_w(wb, leave);
      ASSERT_GT(cap, 0.0);
      EXPECT_NEAR(t.run(cap, wb, 0.0).leaving_c, leave, 1e-6);
    }
  // A leaving temperature below wet-bulb + the zero-range approach (≈ 0.5 K at 20 °C) is out of
  // reach whatever the heat.
  EXPECT_EQ(t.capacity_w(20.0, 20.2), 0.0);
}
