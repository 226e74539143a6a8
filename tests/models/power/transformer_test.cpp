// Transformer losses: EnergyPlus ElectricLoadCenter:Transformer form and nameplate method
// (EnergyPlus ElectricLoadCenter:Transformer, 10 CFR 431.196). Expected numbers are computed here from the published formulas
// or taken from the 10 CFR 431.196 table, never from the model under test.

#include "models/power/transformer.hpp"

#include <cmath>
#include <gtest/gtest.h>
#include <stdexcept>

using namespace wattsim::models;

TEST(Transformer, LossIsNoLoadPlusLoadLossTimesPerUnitLoadSquared) {
  const Transformer t(1.0e6, 1500.0, 9000.0);
  EXPECT_DOUBLE_EQ(t.loss_w(0.0), 1500.0);
  EXPECT_DOUBLE_EQ(t.loss_w(1.0e6), 1500.0 + 9000.0);
  EXPECT_DOUBLE_EQ(t.loss_w(4.0e5), 1500.0 + 9000.0 * 0.16);
  EXPECT_DOUBLE_EQ(t.input_w(4.0e5), 4.0e5 + 1500.0 + 1440.0);
  EXPECT_DOUBLE_EQ(t.efficiency(4.0e5), 4.0e5 / (4.0e5 + 2940.0));
  EXPECT_DOUBLE_EQ(t.efficiency(0.0), 0.0);
}

TEST(Transformer, PowerFactorRaisesThePerUnitLoad) {
  // 800 kW at pf 0.8 is 1 MVA: the full rated load loss.
  const Transformer t(1.0e6, 1000.0, 8000.0, 0.8);
  EXPECT_DOUBLE_EQ(t.per_unit_load(8.0e5), 1.0);
  EXPECT_DOUBLE_EQ(t.loss_w(8.0e5), 9000.0);
  EXPECT_DOUBLE_EQ(t.rating_w(), 8.0e5);
}

TEST(Transformer, NameplateMethodMatchesTheEnergyPlusFormulas) {
  TransformerNameplate np;
  np.rating_va = 1.0e6;
  np.efficiency = 0.99;
  np.per_unit_load = 0.5;
  np.max_efficiency_load = 0.4;
  const Transformer t(np);
  // NL = S P_np (1 - eta) / (eta (1 + (P_np / P_max)^2)) = 5000 / (0.99 * 2.5625)
  const double nl = 1.0e6 * 0.5 * 0.01 / (0.99 * (1.0 + (0.5 / 0.4) * (0.5 / 0.4)));
  EXPECT_NEAR(nl, 1970.93, 0.01); // the arithmetic itself, by hand
  EXPECT_NEAR(t.no_load_loss_w(), nl, 1e-9 * nl);
  EXPECT_NEAR(t.load_loss_w(), nl / (0.4 * 0.4), 1e-9 * nl);
  // The nameplate point is reproduced...
  EXPECT_NEAR(t.efficiency(5.0e5), 0.99, 1e-12);
  // ...and the efficiency peaks at P_max = 0.4.
  double best_p = 0, best_eta = 0;
  for (int i = 1; i <= 1000; ++i) {
    const double p = i / 1000.0;
    if (t.efficiency(p * 1.0e6) > best_eta) {
      best_eta = t.efficiency(p * 1.0e6);
      best_p = p;
    }
  }
  EXPECT_NEAR(best_p, 0.4, 0.0015);
  // At the peak, load loss equals no-load loss.
  EXPECT_NEAR(t.loss_w(4.0e5), 2.0 * nl, 1e-9 * nl);
}

TEST(Transformer, NameplateWithoutMaxLoadPeaksAtTheTestPoint) {
  TransformerNameplate np;
  np.rating_va = 2.0e6;
  np.efficiency = 0.995;
  np.per_unit_load = 0.5; // max_efficiency_load left 0: EnergyPlus uses P_np
  const Transformer t(np);
  EXPECT_NEAR(t.no_load_loss_w(), 2.0e6 * 0.5 * 0.005 / (0.995 * 2.0), 1e-9);
  EXPECT_NEAR(t.load_loss_w(), 4.0 * t.no_load_loss_w(), 1e-9);
  EXPECT_NEAR(t.efficiency(1.0e6), 0.995, 1e-12);
}

TEST(Transformer, LvDryTypeDefaultsReproduceTheDoeMinimumsAt35Percent) {
  // 10 CFR 431.196, low-voltage dry-type three-phase, 2016 on, at 35 % load.
  const double kva[] = {75, 150, 225};
  const double eta[] = {0.9860, 0.9883, 0.9894};
  for (int i = 0; i < 3; ++i) {
    const Transformer t(lv_dry_type_doe2016_nameplate(kva[i] * 1e3));
    EXPECT_NEAR(t.efficiency(0.35 * kva[i] * 1e3), eta[i], 1e-12) << kva[i] << " kVA";
  }
  // Between table ratings the efficiency lies between the neighbours.
  const double mid = lv_dry_type_doe2016_nameplate(112.5e3).efficiency;
  EXPECT_GT(mid, 0.9860);
  EXPECT_LT(mid, 0.9883);
  // Outside the table it is held at the end values.
  EXPECT_DOUBLE_EQ(lv_dry_type_doe2016_nameplate(30e3).efficiency, 0.9860);
  EXPECT_DOUBLE_EQ(lv_dry_type_doe2016_nameplate(500e3).efficiency, 0.9894);
}

TEST(Transformer, MvUnitSubstationDefaultStaysInThe99To995Band) {
  const Transformer t(mv_unit_substation_nameplate(2.5e6));
  EXPECT_NEAR(t.efficiency(0.5 * 2.5e6), 0.993, 1e-12);
  for (double p = 0.25; p <= 1.0001; p += 0.05) {
    EXPECT_GE(t.efficiency(p * 2.5e6), 0.990) << p;
    EXPECT_LE(t.efficiency(p * 2.5e6), 0.995) << p;
  }
}

TEST(Transformer, TemperatureCorrectionFollowsTheNemaForm) {
  TransformerTemperatureCorrection tc; // aluminium, 150 K rise, 20 °C reference, eddy 0.1
  // Rated load at reference ambient: the reference resistance, f_T = 1.
  EXPECT_NEAR(tc.factor(1.0, 20.0), 1.0, 1e-15);
  // Half load, 30 °C ambient: R/R_ref = (225 + 0.5^1.6 * 150 + 30) / (225 + 150 + 20).
  const double r = (225.0 + std::pow(0.5, 1.6) * 150.0 + 30.0) / 395.0;
  EXPECT_NEAR(tc.factor(0.5, 30.0), 0.9 * r + 0.1 / r, 1e-14);

  const Transformer hot(1.0e6, 1000.0, 10000.0, 1.0, tc);
  EXPECT_NEAR(hot.loss_w(5.0e5, 30.0), 1000.0 + 10000.0 * 0.25 * (0.9 * r + 0.1 / r), 1e-9);
  // A warmer room raises the winding loss (resistive share dominates).
  EXPECT_GT(hot.loss_w(5.0e5, 40.0), hot.loss_w(5.0e5, 20.0));
  // Nameplate at 75 °C conductor: LL = NL / (f_T,np P_max^2), f_T,np from R = (225 + 75) / 395.
  TransformerNameplate np{1.0e6, 0.99, 0.5, 0.5, 75.0};
  const Transformer corr(np, 1.0, tc);
  const double rn = 300.0 / 395.0;
  const double f_np = 0.9 * rn + 0.1 / rn;
  EXPECT_NEAR(corr.load_loss_w(), corr.no_load_loss_w() / (f_np * 0.25), 1e-9);
}

TEST(Transformer, RejectsBadInput) {
  EXPECT_THROW(Transformer(0.0, 1.0, 1.0), std::invalid_argument);
  EXPECT_THROW(Transformer(1.0e6, -1.0, 1.0), std::invalid_argument);
  EXPECT_THROW(Transformer(1.0e6, 1.0, 1.0, 1.2), std::invalid_argument);
  TransformerNameplate np{1.0e6, 1.01, 0.5, 0.5, 75.0};
  EXPECT_THROW(Transformer{np}, std::invalid_argument);
}
