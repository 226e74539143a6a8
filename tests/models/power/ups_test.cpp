// UPS quadratic loss model (Schneider WP108 loss split, fitted to Schneider/Eaton/APC efficiencies). The expected efficiencies are the
// reference's derived table, typed in here.

#include "models/power/ups.hpp"

#include <gtest/gtest.h>
#include <stdexcept>

using namespace wattsim::models;

TEST(Ups, DoubleConversionReproducesTheReferenceTable) {
  const Ups ups(500e3, UpsMode::double_conversion);
  // Fit to Schneider Galaxy VS / Eaton 9395XR / APC SRT figures: ≈94.2 / 96.2 / 96.6 % at 20 / 50 / 100 % load, to 0.1 point.
  EXPECT_NEAR(100.0 * ups.efficiency(0.2 * 500e3), 94.2, 0.1);
  EXPECT_NEAR(100.0 * ups.efficiency(0.5 * 500e3), 96.2, 0.1);
  EXPECT_NEAR(100.0 * ups.efficiency(1.0 * 500e3), 96.6, 0.1);
}

TEST(Ups, EcoModeReproducesTheReferenceTable) {
  const Ups ups(500e3, UpsMode::eco);
  // Fit to Schneider Galaxy VS / Eaton 9395XR / APC SRT figures: ≈97.6 / 98.7 / 99.0 % at 20 / 50 / 100 % load, to 0.1 point.
  EXPECT_NEAR(100.0 * ups.efficiency(0.2 * 500e3), 97.6, 0.1);
  EXPECT_NEAR(100.0 * ups.efficiency(0.5 * 500e3), 98.7, 0.1);
  EXPECT_NEAR(100.0 * ups.efficiency(1.0 * 500e3), 99.0, 0.1);
}

TEST(Ups, LossIsTheQuadraticInLoadFraction) {
  const Ups ups(1.0e6, UpsCoefficients{0.008, 0.020, 0.007});
  EXPECT_DOUBLE_EQ(ups.loss_w(0.0), 8000.0); // an energized module at no load
  // x = 0.3: 1e6 * (0.008 + 0.006 + 0.00063)
  EXPECT_NEAR(ups.loss_w(3.0e5), 14630.0, 1e-9);
  EXPECT_NEAR(ups.input_w(3.0e5), 314630.0, 1e-9);
  EXPECT_NEAR(ups.efficiency_at_fraction(0.3), 3.0e5 / 314630.0, 1e-15);
  EXPECT_DOUBLE_EQ(ups.efficiency(0.0), 0.0);
}

TEST(Ups, EcoBeatsDoubleConversionAndLossRisesWithLoad) {
  const Ups dc(1.0e6, UpsMode::double_conversion), eco(1.0e6, UpsMode::eco);
  double prev = -1;
  for (double x = 0.0; x <= 1.2; x += 0.05) {
    EXPECT_LT(eco.loss_w(x * 1e6), dc.loss_w(x * 1e6));
    EXPECT_GT(dc.loss_w(x * 1e6), prev);
    prev = dc.loss_w(x * 1e6);
  }
}

TEST(Ups, RejectsBadInput) {
  EXPECT_THROW(Ups(0.0, UpsMode::eco), std::invalid_argument);
  EXPECT_THROW(Ups(1.0, UpsCoefficients{-0.1, 0, 0}), std::invalid_argument);
}

TEST(Ups, CoefficientSetsAreTheReferenceFits) {
  // Fits to the Schneider/Eaton/APC figures: (0.008, 0.020, 0.007) and (0.004, 0.004, 0.002).
  EXPECT_DOUBLE_EQ(kUpsDoubleConversion.k0, 0.008);
  EXPECT_DOUBLE_EQ(kUpsDoubleConversion.k1, 0.020);
  EXPECT_DOUBLE_EQ(kUpsDoubleConversion.k2, 0.007);
  EXPECT_DOUBLE_EQ(kUpsEco.k0, 0.004);
  EXPECT_DOUBLE_EQ(kUpsEco.k1, 0.004);
  EXPECT_DOUBLE_EQ(kUpsEco.k2, 0.002);
}
