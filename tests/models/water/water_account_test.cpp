// Withdrawal, consumption and discharge on site and off site, by the same definitions.

#include "models/water/water_account.hpp"

#include <gtest/gtest.h>

using namespace wattsim::models;

TEST(WaterAccount, OnsiteSplitsMakeUpIntoConsumptionAndDischarge) {
  const auto w = onsite_from_balance(1000.0, 5.0, 500.0);
  EXPECT_DOUBLE_EQ(w.withdrawal_kg, 1505.0);           // make-up
  EXPECT_DOUBLE_EQ(w.consumption_kg, 1005.0);          // evaporation + drift
  EXPECT_DOUBLE_EQ(w.discharge_kg, 500.0);             // blowdown
  EXPECT_DOUBLE_EQ(w.withdrawal_kg, w.consumption_kg + w.discharge_kg);
}

TEST(WaterAccount, Gpt3WithLiEtAlInputs) {
  // Li et al. 2023 Table 1 (US average): e = 1,287 MWh of server energy, PUE 1.17, WUE 0.55 L/kWh,
  // EWIF 3.142 L/kWh -> 0.708 M L on site, 4.731 M L off site, 5.439 M L in total, all consumption.
  const double kwh = 3.6e6;
  const double it_j = 1287e3 * kwh;
  const auto onsite = onsite_from_wue(0.55 / kwh, it_j);
  GridWater grid;
  grid.consumption_kg_per_j = 3.142 / kwh;
  grid.withdrawal_kg_per_j = 43.8 / kwh; // Li et al. s2.2.2, US
  const auto w = water_account(onsite, grid, 1.17 * it_j);
  EXPECT_NEAR(w.onsite.consumption_kg / 1e6, 0.708, 0.03 * 0.708);
  EXPECT_NEAR(*w.offsite_consumption_kg / 1e6, 4.731, 0.03 * 4.731);
  EXPECT_NEAR(*w.consumption_kg() / 1e6, 5.439, 0.03 * 5.439);
  // Withdrawal is an order of magnitude larger off site: the grid's thermoelectric cooling.
  EXPECT_GT(*w.withdrawal_kg(), 10 * *w.consumption_kg());
}

TEST(WaterAccount, UnknownGridFactorGivesNoTotal) {
  const auto w = water_account(onsite_from_balance(10, 0, 5), {}, 1e9);
  EXPECT_FALSE(w.withdrawal_kg());
  EXPECT_FALSE(w.consumption_kg());
}
