// DX / CRAC plants (issue #7, item 3): the EnergyPlus single-speed DX coil with the data-centre CRAC
// curves, its economizers, a plant that uses no water and rejects its heat to the outdoor air.

#include "models/cooling/dx_coil.hpp"
#include "models/cooling/plant.hpp"
#include "models/cooling/plant_impl.hpp"

#include <gtest/gtest.h>

using namespace wattsim::models;

namespace {
Ambient outdoor(double dry_bulb_c, double rh = 0.3) {
  Ambient a;
  a.dry_bulb_c = dry_bulb_c;
  a.wet_bulb_c = dry_bulb_c - 8;
  a.relative_humidity = rh;
  return a;
}
PlantStep settle(CoolingPlant& p, double it_w, const Ambient& a) {
  PlantStep s;
  for (int i = 0; i < 120; ++i)
    s = p.step({it_w, 0}, a, 60);
  return s;
}
} // namespace

TEST(DxCoil, RatedPointGivesTheRatedCopAndCapacity) {
  // The test file's rating: 148.3 kW and COP 4.5669 at 19.44 C entering wet-bulb and 35 C outdoors
  // (AHRI 210/240 conditions), where its capacity table is exactly 1.
  const DxCoil pumped(crac_pumped_refrigerant_economizer(), 148300);
  EXPECT_DOUBLE_EQ(pumped.available_w(19.4444, 35.0, 1.0), 148300);
  EXPECT_NEAR(pumped.full_load_cop(19.4444, 34.88889), 4.5669, 1e-9);
  const DxCoil plain(crac_no_economizer(), 148300);
  EXPECT_NEAR(plain.full_load_cop(19.4444, 35.0), 4.5669, 0.01); // HPAC EIR(T) = 1.0001 there
}

TEST(DxCoil, HotterOutdoorAirCostsCapacityAndEfficiencyNotClampedAt35C) {
  const DxCoil c(crac_no_economizer(), 100e3);
  EXPECT_LT(c.available_w(17, 46, 1), 0.9 * c.available_w(17, 35, 1));
  EXPECT_LT(c.full_load_cop(19.44, 43), c.full_load_cop(19.44, 35) - 0.3);
  // Without an economizer a cold day is no better than the curve's 18 C limit.
  EXPECT_DOUBLE_EQ(c.full_load_cop(19.44, -5), c.full_load_cop(19.44, 18));
}

TEST(DxCoil, PumpedRefrigerantEconomizerCutsPowerInColdAir) {
  const DxCoil eco(crac_pumped_refrigerant_economizer(), 100e3), plain(crac_no_economizer(), 100e3);
  const auto cold_eco = eco.run(50e3, 18, -5, 1), cold_plain = plain.run(50e3, 18, -5, 1);
  EXPECT_DOUBLE_EQ(cold_eco.delivered_w, 50e3);
  EXPECT_LT(cold_eco.electric_w, 0.1 * cold_plain.electric_w); // EIR 0.042 against ~0.75
  EXPECT_NEAR(eco.run(50e3, 18, 35, 1).electric_w, plain.run(50e3, 18, 35, 1).electric_w,
              0.1 * plain.run(50e3, 18, 35, 1).electric_w);
}

TEST(DxCoil, PartLoadCyclingFollowsTheRuntimeFraction) {
  const DxCoil c(crac_no_economizer(), 100e3);
  const double cap = c.available_w(18, 30, 1);
  const auto full = c.run(cap, 18, 30, 1), half = c.run(0.5 * cap, 18, 30, 1);
  EXPECT_DOUBLE_EQ(full.runtime_fraction, 1.0);
  // PLF = 0.85 + 0.15 PLR: at half load the compressor runs 0.5 / 0.925 of the time.
  EXPECT_NEAR(half.runtime_fraction, 0.5 / 0.925, 1e-12);
  EXPECT_NEAR(half.electric_w, full.electric_w * 0.5 / 0.925, 1e-6);
  EXPECT_DOUBLE_EQ(c.run(2 * cap, 18, 30, 1).unmet_w, cap);
}

TEST(DxPlant, UsesNoWaterAndRejectsCoolingPlusCompressorHeatOutdoors) {
  DxPlantConfig c;
  c.recirculation_fraction = 0; // a contained hall
  auto p = make_plant(c);
  for (double db : {5.0, 20.0, 35.0}) {
    const PlantStep s = settle(*p, 6e5, outdoor(db));
    EXPECT_EQ(s.water_makeup_kg, 0.0);
    EXPECT_EQ(s.water_evaporated_kg, 0.0);
    EXPECT_NEAR(s.heat_rejected_w, s.heat_removed_w + s.chiller_w, 1e-6 * s.heat_rejected_w) << db;
    EXPECT_NEAR(s.heat_removed_w, s.heat_produced_w, 1e-6 * s.heat_produced_w) << db;
    EXPECT_NEAR(s.server_inlet_c, 22.0, 1e-6) << "contained hall, supply held";
  }
}

TEST(DxPlant, EconomizersSaveCompressorEnergyOnlyInColdAir) {
  DxPlantConfig none, air, pumped;
  air.economizer = DxEconomizer::air_side;
  pumped.economizer = DxEconomizer::pumped_refrigerant;
  auto pn = make_plant(none), pa = make_plant(air), pp = make_plant(pumped);
  const Ambient cold = outdoor(8, 0.8); // dew point ≈ 4.8 C: outside the air-side envelope's 5.5 C floor
  const Ambient mild = outdoor(12, 0.8);
  EXPECT_LT(settle(*pp, 6e5, cold).chiller_w, 0.5 * settle(*pn, 6e5, cold).chiller_w);
  EXPECT_LT(settle(*pa, 6e5, mild).chiller_w, 0.05 * settle(*pn, 6e5, mild).chiller_w);
  EXPECT_GT(settle(*pa, 6e5, mild).free_cooled_w, 0.9 * 6e5);
}

TEST(DxPlant, SizedAtTheDesignDryBulbCarriesItsDesignLoadThere) {
  DxPlantConfig c;
  c.recirculation_fraction = 0;
  c.design_dry_bulb_c = 43.0;
  c.design_it_w = 1e6;
  auto p = make_plant(c);
  const PlantStep at_design = settle(*p, 1e6, outdoor(43.0));
  EXPECT_EQ(at_design.capacity_shortfall_w, 0.0);
  EXPECT_NEAR(at_design.server_inlet_c, 22.0, 1e-6);
  // The same plant sized at 30 C is short at 46 C (the CRAC table loses 15 % from 35 to 46 C).
  c.design_dry_bulb_c = 30.0;
  c.capacity_margin = 1.0;
  auto small = make_plant(c);
  EXPECT_GT(settle(*small, 1e6, outdoor(46.0)).server_inlet_c, 23.0);
}

TEST(DxPlant, CompressorTripWarmsTheRoom) {
  auto p = make_plant(DxPlantConfig{});
  settle(*p, 6e5, outdoor(30));
  p->set_fault(PlantFault::chiller_trip, true);
  EXPECT_TRUE(p->fault(PlantFault::chiller_trip));
  PlantStep s;
  for (int i = 0; i < 5; ++i)
    s = p->step({6e5, 0}, outdoor(30), 60);
  EXPECT_EQ(s.chiller_w, 0.0);
  EXPECT_GT(s.server_inlet_c, 30.0);
}

TEST(Crah, AirflowMatchesTheServersInAContainedHallAndGrowsWithBypass) {
  // Servers exhausting at 45 C (25 C design inlet + 20 K rise) from 22 C supply: 23 K, the servers'
  // own airflow. 60 % bypass (an open room) makes the CRAHs move 2.5 times as much air.
  EXPECT_DOUBLE_EQ(crah_delta_t_for_servers_k(45, 22, kContainedHall.bypass_fraction), 23.0);
  EXPECT_NEAR(crah_delta_t_for_servers_k(45, 18, kUncontainedHall.bypass_fraction), 10.8, 1e-12);
  EXPECT_DOUBLE_EQ(crah_delta_t_for_servers_k(25, 24, 0.5), 3.0);
}

TEST(Crah, ConstantSpeedFansMoveTheirDesignVolumeInThinAir) {
  CrahConfig c;
  c.constant_speed = true;
  const Crah crah(c);
  const double rho = 1.0; // Denver-like
  EXPECT_NEAR(crah.mass_flow_for_heat_kg_s(0.2e6, rho), crah.design_mass_flow_kg_s() / 1.2, 1e-9);
  EXPECT_NEAR(crah.fan_power_w(crah.mass_flow_for_heat_kg_s(0.2e6, rho), rho), crah.design_fan_power_w() / 1.2, 1e-6);
}
