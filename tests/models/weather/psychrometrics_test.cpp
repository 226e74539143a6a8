// Psychrometrics against published values.
//
// Saturation pressures: ASHRAE Handbook - Fundamentals 2017 (SI), ch. 1, Table 3; the same numbers
// (to the digits used here) come out of the IAPWS-IF97 saturation line and the IAPWS sublimation
// equation (IAPWS R14-08) for ice.
// Wet bulbs: the adiabatic-saturation energy balance
//   1.006 t + W h_g(t) + (W_s* - W) h_w(t*) = 1.006 t* + W_s* h_g(t*)
// solved by bisection with IAPWS-IF97 water enthalpies and saturation pressures (python3-iapws), a
// computation independent of the ASHRAE correlations under test; the values agree with
// psychrometric-chart readings (30 degC / 50 % -> 22.0 degC, 25 degC / 60 % -> 19.5 degC).

#include "models/weather/psychrometrics.hpp"

#include <cmath>
#include <gtest/gtest.h>
#include <stdexcept>

using namespace wattsim::models;

namespace {
void expect_rel(double actual, double expected, double rel) {
  EXPECT_NEAR(actual, expected, std::abs(expected) * rel) << "expected " << expected;
}
} // namespace

TEST(Psychrometrics, SaturationPressureMatchesAshraeTable3) {
  // Over liquid water (ASHRAE Table 3, kPa -> Pa); tolerance 0.2 %.
  expect_rel(saturation_pressure_pa(0.0), 611.21, 0.002);
  expect_rel(saturation_pressure_pa(20.0), 2339.2, 0.002);
  expect_rel(saturation_pressure_pa(25.0), 3169.7, 0.002);
  expect_rel(saturation_pressure_pa(30.0), 4246.7, 0.002);
  expect_rel(saturation_pressure_pa(40.0), 7384.4, 0.002);
  // Over ice below 0 degC.
  expect_rel(saturation_pressure_pa(-10.0), 259.87, 0.002);
  expect_rel(saturation_pressure_pa(-20.0), 103.24, 0.002);
  expect_rel(saturation_pressure_ice_pa(0.0), 611.15, 0.002);
}

TEST(Psychrometrics, IceBelowFreezingWaterAbove) {
  // Supercooled water has a higher vapour pressure than ice at the same temperature (about 10 % at -10).
  EXPECT_GT(saturation_pressure_water_pa(-10.0), 1.09 * saturation_pressure_ice_pa(-10.0));
  EXPECT_DOUBLE_EQ(saturation_pressure_pa(-10.0), saturation_pressure_ice_pa(-10.0));
  EXPECT_DOUBLE_EQ(saturation_pressure_pa(10.0), saturation_pressure_water_pa(10.0));
  // The two fits meet at 0 degC within 0.02 %.
  expect_rel(saturation_pressure_ice_pa(0.0), saturation_pressure_water_pa(0.0), 2e-4);
}

TEST(Psychrometrics, WetBulbMatchesReferenceValuesAtSeaLevel) {
  const double p = kStandardPressurePa;
  EXPECT_NEAR(wet_bulb_from_relative_humidity_c(35.0, 0.20, p), 18.87, 0.1);
  EXPECT_NEAR(wet_bulb_from_relative_humidity_c(30.0, 0.50, p), 22.00, 0.1);
  EXPECT_NEAR(wet_bulb_from_relative_humidity_c(25.0, 0.60, p), 19.47, 0.1);
  EXPECT_NEAR(wet_bulb_from_relative_humidity_c(40.0, 0.20, p), 22.03, 0.1);
  EXPECT_NEAR(wet_bulb_from_relative_humidity_c(20.0, 0.90, p), 18.86, 0.1);
}

TEST(Psychrometrics, IceBulbBelowFreezing) {
  // Below 0 degC the bulb is iced (ASHRAE eq. 35); RH is relative to saturation over ice, as everywhere
  // in this module. Reference: the same IAPWS balance with ice (IAPWS R10-06) and vapour (IAPWS-95)
  // enthalpies and the IAPWS sublimation pressure.
  const double p = kStandardPressurePa;
  EXPECT_NEAR(wet_bulb_from_relative_humidity_c(-5.0, 0.8, p), -5.885, 0.05);
  EXPECT_NEAR(wet_bulb_from_relative_humidity_c(-10.0, 0.5, p), -11.64, 0.05);
  EXPECT_NEAR(wet_bulb_from_relative_humidity_c(-20.0, 0.3, p), -21.076, 0.05);
}

TEST(Psychrometrics, WetBulbIsLowerAtDenverPressure) {
  // Denver International's station pressure is about 83.4 kPa (1,650 m). In the psychrometric relation
  // p_w = p_ws(t*) - A p (t - t*) the sensible term scales with p, so at the same dry bulb and RH (same
  // vapour pressure) the wet bulb sits closer to the dew point: lower.
  const double denver = 83400.0;
  EXPECT_NEAR(wet_bulb_from_relative_humidity_c(30.0, 0.50, denver), 21.56, 0.1);
  EXPECT_NEAR(wet_bulb_from_relative_humidity_c(35.0, 0.20, denver), 17.85, 0.1);
  for (double t : {15.0, 25.0, 35.0})
    for (double rh : {0.1, 0.4, 0.8})
      EXPECT_LT(wet_bulb_from_relative_humidity_c(t, rh, denver) + 0.05,
                wet_bulb_from_relative_humidity_c(t, rh, kStandardPressurePa))
          << t << " degC, RH " << rh;
}

TEST(Psychrometrics, WetBulbLiesBetweenDewPointAndDryBulbAndSolvesTheBalance) {
  for (double p : {70000.0, 83400.0, 101325.0})
    for (double t = -30.0; t <= 50.0; t += 2.5)
      for (double rh = 0.05; rh <= 1.0; rh += 0.15) {
        const double w = humidity_ratio_from_relative_humidity_kg_kg(t, rh, p);
        const double dew = dew_point_from_humidity_ratio_c(w, p);
        const double wb = wet_bulb_from_humidity_ratio_c(t, w, p);
        EXPECT_GE(wb, dew - 1e-9);
        EXPECT_LE(wb, t + 1e-9);
        // Near 0 degC the water (eq. 33) and ice (eq. 35) relations overlap and the balance has a step
        // at t* = 0; elsewhere the solution satisfies the balance it solves.
        if (std::abs(wb) > 0.5) {
          EXPECT_NEAR(humidity_ratio_from_wet_bulb_kg_kg(t, wb, p), w, 1e-9) << t << " " << rh << " " << p;
        }
      }
  // Saturated air: wet bulb = dew point = dry bulb.
  EXPECT_NEAR(wet_bulb_from_relative_humidity_c(22.0, 1.0, 101325.0), 22.0, 1e-6);
  EXPECT_NEAR(wet_bulb_from_relative_humidity_c(-8.0, 1.0, 101325.0), -8.0, 1e-6);
}

TEST(Psychrometrics, WetBulbInitialGuessDoesNotChangeTheAnswer) {
  const double p = 97000.0;
  const double ref = wet_bulb_from_dew_point_c(38.0, 5.0, p);
  for (double guess : {-100.0, 5.0, 10.0, 17.0, 30.0, 38.0, 80.0, std::nan("")})
    EXPECT_NEAR(wet_bulb_from_dew_point_c(38.0, 5.0, p, guess), ref, 1e-7) << guess;
}

TEST(Psychrometrics, DewPointAndHumidityRatioRoundTrip) {
  for (double p : {60000.0, 83400.0, 101325.0, 105000.0})
    for (double dew = -60.0; dew <= 45.0; dew += 0.7) {
      const double w = humidity_ratio_from_dew_point_kg_kg(dew, p);
      EXPECT_NEAR(dew_point_from_humidity_ratio_c(w, p), dew, 1e-6) << dew << " degC at " << p << " Pa";
      EXPECT_NEAR(vapour_pressure_from_humidity_ratio_pa(w, p), saturation_pressure_pa(dew), 1e-9 * p);
    }
  // Known point: dew point 20 degC at sea level is W = 0.621945 * 2339 / (101325 - 2339) = 0.01470.
  EXPECT_NEAR(humidity_ratio_from_dew_point_kg_kg(20.0, 101325.0), 0.01470, 0.00005);
}

TEST(Psychrometrics, RelativeHumidityRoundTrip) {
  for (double t : {-15.0, 0.0, 12.0, 30.0, 45.0})
    for (double rh : {0.01, 0.3, 0.75, 1.0}) {
      const double w = humidity_ratio_from_relative_humidity_kg_kg(t, rh, 95000.0);
      EXPECT_NEAR(relative_humidity_from_humidity_ratio(t, w, 95000.0), rh, 1e-12);
    }
  EXPECT_DOUBLE_EQ(saturation_humidity_ratio_kg_kg(25.0, 101325.0),
                   humidity_ratio_from_relative_humidity_kg_kg(25.0, 1.0, 101325.0));
}

TEST(Psychrometrics, EnthalpyAndDensity) {
  // ASHRAE eq. 32 by hand: 1.006*25 + 0.01*(2501 + 1.86*25) = 50.625 kJ/kg.
  EXPECT_NEAR(moist_air_enthalpy_j_kg(25.0, 0.01), 50625.0, 1e-6);
  EXPECT_DOUBLE_EQ(moist_air_enthalpy_j_kg(0.0, 0.0), 0.0);
  // Dry air at 20 degC and 101.325 kPa: 1.204 kg/m3 (ideal gas, R = 287.042 J/(kg K)).
  EXPECT_NEAR(moist_air_density_kg_m3(20.0, 0.0, 101325.0), 1.2041, 0.0002);
  // Water vapour is lighter than air: humid air is less dense at the same temperature and pressure.
  EXPECT_LT(moist_air_density_kg_m3(30.0, 0.02, 101325.0), moist_air_density_kg_m3(30.0, 0.0, 101325.0) - 0.01);
  // Thinner air at altitude.
  expect_rel(moist_air_density_kg_m3(20.0, 0.0, 83400.0), 1.2041 * 83400.0 / 101325.0, 2e-4);
}

TEST(Psychrometrics, LatentHeatMatchesSteamTables) {
  // IAPWS-IF97 h_g - h_f: 2500.91 kJ/kg at 0.01 degC, 2441.71 at 25, 2429.84 at 30, 2381.97 at 50.
  expect_rel(latent_heat_vaporisation_j_kg(0.01), 2500910.0, 0.001);
  expect_rel(latent_heat_vaporisation_j_kg(25.0), 2441710.0, 0.001);
  expect_rel(latent_heat_vaporisation_j_kg(30.0), 2429840.0, 0.001);
  expect_rel(latent_heat_vaporisation_j_kg(50.0), 2381970.0, 0.001);
}

TEST(Psychrometrics, StandardPressureMatchesAshraeTable1) {
  EXPECT_DOUBLE_EQ(standard_pressure_pa(0.0), 101325.0);
  expect_rel(standard_pressure_pa(-500.0), 107478.0, 1e-4);
  expect_rel(standard_pressure_pa(1000.0), 89875.0, 1e-4);
  expect_rel(standard_pressure_pa(1500.0), 84556.0, 1e-4);
  expect_rel(standard_pressure_pa(2000.0), 79495.0, 1e-4);
}

TEST(Psychrometrics, RejectsImpossibleInputs) {
  EXPECT_THROW((void)humidity_ratio_from_relative_humidity_kg_kg(20.0, 1.2, 101325.0), std::invalid_argument);
  EXPECT_THROW((void)humidity_ratio_from_relative_humidity_kg_kg(20.0, -0.1, 101325.0), std::invalid_argument);
  EXPECT_THROW((void)wet_bulb_from_humidity_ratio_c(20.0, 0.01, 0.0), std::invalid_argument);
  EXPECT_THROW((void)wet_bulb_from_humidity_ratio_c(20.0, -0.01, 101325.0), std::invalid_argument);
  EXPECT_THROW((void)dew_point_from_vapour_pressure_c(0.0), std::invalid_argument);
  EXPECT_THROW((void)humidity_ratio_from_vapour_pressure_kg_kg(2000.0, 1000.0), std::invalid_argument);
}
