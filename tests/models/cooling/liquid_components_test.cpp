// CDU and dry cooler (docs/models/cooling.md, "CDU" and "Dry cooler").

#include "models/cooling/cdu.hpp"
#include "models/cooling/dry_cooler.hpp"

#include <gtest/gtest.h>

#include <cmath>

using namespace wattsim::models;

TEST(Cdu, FlowIsAboutOnePointFourFourLitresPerMinutePerKilowatt) {
  CduConfig c;
  c.design_liquid_heat_w = 1e6;
  const Cdu cdu(c);
  const double l_min_per_kw = cdu.design_flow_m3_s() * 1000.0 * 60.0 / 1000.0;
  // Q = ṁ c_p ΔT: 1.44 L/min per kW at ΔT 10 K (pump heat adds < 1 %).
  EXPECT_NEAR(l_min_per_kw, 1.44, 0.015);
}

TEST(Cdu, PumpPowerScalesWithLiquidHeat) {
  for (double q : {1e5, 1e6, 1.2e7}) {
    CduConfig c;
    c.design_liquid_heat_w = q;
    const Cdu cdu(c);
    const double share = cdu.design_pump_power_w() / q;
    // 0.8-1 % of the liquid heat (Frontier: 8,473 W per CDU for 3 racks, ExaDigiT RAPS config/frontier.yaml).
    EXPECT_GE(share, 0.0075);
    EXPECT_LE(share, 0.010);
    // Part load on the cube law: half the heat, about half the flow and an eighth of the power.
    const CduResult half = cdu.run(0.5 * q, 35.0, 32.0);
    EXPECT_NEAR(half.flow_fraction, 0.5, 0.005);
    EXPECT_NEAR(half.pump_w, cdu.design_pump_power_w() * std::pow(half.flow_fraction, 3), 1e-9 * q);
    EXPECT_NEAR(half.tcs_return_c, 45.0, 1e-9); // the flow keeps the design ΔT
  }
}

TEST(Cdu, HeatExchangerApproach) {
  CduConfig c;
  c.design_liquid_heat_w = 1e6;
  c.hx_approach_k = 3.0;
  const Cdu cdu(c);
  EXPECT_NEAR(cdu.hx_effectiveness(), 10.0 / 13.0, 1e-12);
  // At design, coolant 35 °C → 45 °C against 32 °C facility water: capacity ≈ design heat.
  const CduResult r = cdu.run(1e6, 35.0, 32.0);
  EXPECT_NEAR(r.tcs_return_c, 45.0, 1e-9);
  EXPECT_NEAR(r.max_transfer_w, 1e6 + r.pump_w, 1e-6 * 1e6);
  EXPECT_EQ(cdu.run(1e6, 35.0, 32.0, false).max_transfer_w, 0.0);
  EXPECT_EQ(cdu.run(1e6, 35.0, 32.0, false).pump_w, 0.0);
}

TEST(Cdu, AshraeLiquidClasses) {
  EXPECT_DOUBLE_EQ(liquid_class_info(LiquidClass::w32).max_supply_c, 32.0);
  EXPECT_DOUBLE_EQ(liquid_class_info(LiquidClass::w40).max_supply_c, 40.0);
  EXPECT_DOUBLE_EQ(liquid_class_info(LiquidClass::w45).max_supply_c, 45.0);
  EXPECT_STREQ(liquid_class_info(LiquidClass::w17).name, "W17");
}

TEST(DryCooler, CrossflowEffectivenessFormula) {
  // ε = 1 − exp((exp(−NTU Cr η) − 1)/(Cr η)), η = NTU^−0.22: NTU 1, Cr 0.5 by hand.
  const double eta = 1.0, ntu = 1.0, cr = 0.5;
  EXPECT_NEAR(crossflow_unmixed_effectiveness(ntu, cr), 1 - std::exp((std::exp(-ntu * cr * eta) - 1) / (cr * eta)),
              1e-15);
  EXPECT_NEAR(crossflow_unmixed_effectiveness(2.0, 0.0), 1 - std::exp(-2.0), 1e-15);
}

TEST(DryCooler, MeetsItsDesignPoint) {
  DryCoolerConfig c; // 1 MW, range 10 K, approach 8 K
  const DryCooler dc(c);
  const double air = 30.0, in = air + 8.0 + 10.0;
  EXPECT_NEAR(dc.heat_at_airflow_w(1.0, in, 0.0, air), 1e6, 1e-3);
  const DryCoolerResult r = dc.run(1e6, in, 0.0, air, air - 8.0);
  EXPECT_NEAR(r.airflow_ratio, 1.0, 1e-6);
  EXPECT_NEAR(r.leaving_c, air + 8.0, 1e-6);
  EXPECT_NEAR(r.fan_power_w, 0.025e6, 1e-6);
}

TEST(DryCooler, FanPowerRisesSteeplyAsAmbientNearsTheLoop) {
  DryCoolerConfig c;
  const DryCooler dc(c);
  // W32 loop: return 42 °C, reject 700 kW at design flow (leaving 35 °C).
  const double q = 7e5, in = 42.0;
  double prev = -1, prev_step = -1;
  for (double amb = 6.0; amb <= 26.0; amb += 4.0) {
    const DryCoolerResult r = dc.run(q, in, 0.0, amb, amb - 5.0);
    ASSERT_NEAR(r.heat_w, q, 1e-3 * q) << amb;
    EXPECT_GT(r.fan_power_w, prev);
    if (prev > 0 && prev_step > 0) {
      EXPECT_GT(r.fan_power_w - prev, prev_step); // convex: each 4 K costs more than the last
    }
    if (prev > 0)
      prev_step = r.fan_power_w - prev;
    prev = r.fan_power_w;
  }
  // From 6 °C to 26 °C ambient the fan power grows more than tenfold (the airflow only ≈ 2.8×).
  EXPECT_GT(prev, 10.0 * dc.run(q, in, 0.0, 6.0, 1.0).fan_power_w);
}

TEST(DryCooler, CapacityLimitNearTheSetpoint) {
  DryCoolerConfig c;
  const DryCooler dc(c);
  // Loop setpoint 32 °C (return 42 °C at full load). With the ambient above setpoint − design
  // approach (32 − 8 = 24 °C) the design heat can no longer be rejected.
  const DryCoolerResult ok = dc.run(1e6, 42.0, 0.0, 23.0, 18.0);
  EXPECT_NEAR(ok.heat_w, 1e6, 1.0);
  const DryCoolerResult hot = dc.run(1e6, 42.0, 0.0, 28.0, 20.0);
  EXPECT_LT(hot.heat_w, 0.8e6);
  EXPECT_GT(hot.leaving_c, 32.0 + 1.0);
  EXPECT_DOUBLE_EQ(hot.fan_power_w, dc.design_fan_power_w());
  const DryCoolerResult off = dc.run(1e6, 42.0, 0.0, 43.0, 25.0);
  EXPECT_EQ(off.heat_w, 0.0);
}

TEST(DryCooler, AdiabaticPadsCoolTheAirAndUseWater) {
  DryCoolerConfig c;
  c.adiabatic = true;
  c.saturation_effectiveness = 0.8;
  c.adiabatic_switch_dry_bulb_c = 26.0;
  const DryCooler wet(c);
  c.adiabatic = false;
  const DryCooler dry(c);
  // Below the switch point: no pads, no water.
  const DryCoolerResult cool = wet.run(6e5, 42.0, 0.0, 20.0, 14.0);
  EXPECT_FALSE(cool.adiabatic_on);
  EXPECT_EQ(cool.water_evaporated_kg_s, 0.0);
  // Above it: inlet air 30 − 0.8·(30 − 20) = 22 °C, less fan power than dry, water = sensible/h_fg.
  const DryCoolerResult w = wet.run(6e5, 42.0, 0.0, 30.0, 20.0);
  const DryCoolerResult d = dry.run(6e5, 42.0, 0.0, 30.0, 20.0);
  EXPECT_TRUE(w.adiabatic_on);
  EXPECT_NEAR(w.air_inlet_c, 22.0, 1e-12);
  EXPECT_LT(w.fan_power_w, d.fan_power_w);
  const double m_air = w.airflow_ratio * w.fan_plr * wet.design_air_flow_kg_s();
  const double hfg = 2500940.0 + (1858.95 - 4180.0) * 22.0;
  EXPECT_NEAR(w.water_evaporated_kg_s, m_air * 1005.0 * 8.0 / hfg, 1e-12);
}

TEST(DryCooler, CelDekPadEffectiveness) {
  // A 0.2 m pad at 2.5 m/s sits inside the 0.7-0.9 band; deeper pads and slower air do better.
  const double e = celdek_saturation_effectiveness(0.2, 2.5);
  EXPECT_GT(e, 0.7);
  EXPECT_LT(e, 0.9);
  EXPECT_GT(celdek_saturation_effectiveness(0.3, 2.5), e);
  EXPECT_GT(celdek_saturation_effectiveness(0.2, 1.5), e);
}
