// CRAH fans and coils, pumps (docs/models/cooling.md, "CRAH" and "Pumps").

#include "models/cooling/crah.hpp"
#include "models/cooling/pump.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

using namespace wattsim::models;

TEST(Crah, DesignFanPowerFromStaticPressureAndEfficiency) {
  CrahConfig c;
  c.design_heat_w = 1e6;
  const Crah crah(c);
  // P = V̇ Δp / η with V̇ = ṁ/ρ and ṁ c_p ΔT = Q + P: per kg the fan adds 486/(1.2·0.7) J.
  const double per_kg = 486.0 / (1.2 * 0.7);
  const double m = 1e6 / (1005.0 * 12.0 - per_kg);
  EXPECT_NEAR(crah.design_mass_flow_kg_s(), m, 1e-9);
  EXPECT_NEAR(crah.design_fan_power_w(), m * per_kg, 1e-6);
  // ≈ 4.8-5 % of IT at ΔT 12 K (P = V̇ Δp / η with 486 Pa and η 0.7 of EnergyPlus 1ZoneDataCenterCRAC_wApproachTemp.idf: ≈ 48 W/kW before fan heat).
  EXPECT_NEAR(crah.design_fan_power_w() / 1e6, 0.050, 0.002);
}

TEST(Crah, AirflowCarriesLoadAndFanHeatAtTheDesignDeltaT) {
  CrahConfig c;
  c.design_heat_w = 1e6;
  const Crah crah(c);
  const double q = 6e5;
  const double m = crah.mass_flow_for_heat_kg_s(q, 1.2);
  EXPECT_NEAR(m * 1005.0 * 12.0, q + crah.fan_power_w(m, 1.2), 1e-3);
}

TEST(Crah, FanPowerIsCubicInFlowAndRisesAtAltitude) {
  CrahConfig c;
  c.design_heat_w = 1e6;
  const Crah crah(c);
  const double m = crah.design_mass_flow_kg_s();
  EXPECT_NEAR(crah.fan_power_w(0.5 * m, 1.2), crah.design_fan_power_w() / 8.0, 1e-9);
  // Same mass flow in thinner air: (ρ_d / ρ)² more power.
  EXPECT_NEAR(crah.fan_power_w(m, 1.0), crah.design_fan_power_w() * 1.44, 1e-6);
  // Minimum airflow floor.
  EXPECT_NEAR(crah.mass_flow_for_heat_kg_s(0.0, 1.2), 0.2 * m, 1e-12);
}

TEST(Crah, SupplyAirLimitedByChilledWaterPlusApproach) {
  CrahConfig c;
  c.design_heat_w = 1e6;
  c.supply_air_setpoint_c = 22.0;
  c.coil_approach_k = 5.0;
  const Crah crah(c);
  EXPECT_DOUBLE_EQ(crah.min_supply_air_c(12.0), 22.0);
  EXPECT_DOUBLE_EQ(crah.min_supply_air_c(20.0), 25.0);
  EXPECT_NEAR(crah.coil_capacity_w(34.0, 20.0, 80.0), 80.0 * 1005.0 * 9.0, 1e-9);
  EXPECT_EQ(crah.coil_capacity_w(24.0, 20.0, 80.0), 0.0);
}

TEST(Pump, PowerIsFlowTimesHeadOverEfficiency) {
  EXPECT_NEAR(pump_power_w(0.01, 200e3, 0.7), 0.01 * 200e3 / 0.7, 1e-9);
  const Pump p(PumpConfig{0.01, 200e3, 0.7, 0.3, 0.0});
  EXPECT_NEAR(p.design_power_w(), 2857.142857, 1e-5);
  EXPECT_NEAR(p.power_w(0.01), p.design_power_w(), 1e-9);
}

TEST(Pump, AffinityLawWithMinimumFlow) {
  const Pump p(PumpConfig{0.02, 150e3, 0.7, 0.3, 0.0});
  EXPECT_NEAR(p.power_w(0.01), p.design_power_w() * 0.125, 1e-9);
  EXPECT_NEAR(p.power_w(0.001), p.design_power_w() * 0.027, 1e-9); // held at 30 % flow
  EXPECT_EQ(p.power_w(0.0), 0.0);
  EXPECT_NEAR(p.power_w(0.05), p.design_power_w(), 1e-9); // capped at design flow
  // With half the head static, P(f) = P_d f (0.5 + 0.5 f²).
  const Pump q(PumpConfig{0.02, 150e3, 0.7, 0.3, 0.5});
  EXPECT_NEAR(q.power_w(0.01), q.design_power_w() * 0.5 * (0.5 + 0.5 * 0.25), 1e-9);
}

TEST(Pump, RejectsBadConfig) {
  EXPECT_THROW(Pump(PumpConfig{0.0, 1e5, 0.7, 0.3, 0}), std::invalid_argument);
  EXPECT_THROW(Pump(PumpConfig{0.01, 1e5, 1.2, 0.3, 0}), std::invalid_argument);
}
