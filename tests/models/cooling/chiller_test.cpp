// Electric EIR chiller (docs/models/cooling.md, "Chiller"). Expected COPs are the derived tables of
// EnergyPlus I/O reference / DOE-2.1E HERM-CENT curves, typed in here.

#include "models/cooling/chiller.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

using namespace wattsim::models;

namespace {
Chiller make(const ChillerCurves& c, double q_ref = 1e6) {
  ChillerConfig cfg;
  cfg.curves = c;
  cfg.reference_capacity_w = q_ref;
  return Chiller(cfg);
}
double full_load_cop(const Chiller& ch, double tchw, double tcond) {
  const double q = ch.available_capacity_w(tchw, tcond);
  return ch.run(q, tchw, tcond).cop;
}
double cop_at_plr(const Chiller& ch, double plr, double tchw, double tcond) {
  return ch.run(plr * ch.available_capacity_w(tchw, tcond), tchw, tcond).cop;
}
} // namespace

TEST(Chiller, Doe2GivesItsRatedCopAtTheRatingPoint) {
  const Chiller ch = make(doe2_centrifugal_5_50cop());
  EXPECT_NEAR(full_load_cop(ch, 6.67, 29.4), 5.5, 0.01 * 5.5);
  // CAPFT is normalised at the rating point.
  EXPECT_NEAR(ch.capft(6.67, 29.4), 1.0, 0.005);
}

TEST(Chiller, Doe2MatchesTheDerivedCopTable) {
  const Chiller ch = make(doe2_centrifugal_5_50cop());
  // Full-load COP of the DOE-2 Centrifugal/5.50COP curves (EnergyPlus I/O reference), within 1 %.
  EXPECT_NEAR(full_load_cop(ch, 6.67, 24.0), 6.18, 0.01 * 6.18);
  EXPECT_NEAR(full_load_cop(ch, 10.0, 24.0), 6.48, 0.01 * 6.48);
  EXPECT_NEAR(full_load_cop(ch, 6.67, 35.0), 4.81, 0.01 * 4.81);
  EXPECT_NEAR(full_load_cop(ch, 5.0, 35.0), 4.50, 0.01 * 4.50);
}

TEST(Chiller, Doe2PartLoadTable) {
  const Chiller ch = make(doe2_centrifugal_5_50cop());
  EXPECT_NEAR(cop_at_plr(ch, 0.75, 6.67, 29.4), 5.74, 0.01 * 5.74);
  EXPECT_NEAR(cop_at_plr(ch, 0.50, 6.67, 29.4), 5.55, 0.01 * 5.55);
  EXPECT_NEAR(cop_at_plr(ch, 0.25, 6.67, 29.4), 4.16, 0.01 * 4.16);
  // The reference's PLR 0.1 entry (2.12) evaluates EIRFPLR at 0.1, i.e. ignores the 0.2 minimum
  // unloading ratio. Reproduce it with unloading down to 0.1 ...
  ChillerCurves no_unload = doe2_centrifugal_5_50cop();
  no_unload.min_unloading_ratio = 0.1;
  EXPECT_NEAR(cop_at_plr(make(no_unload), 0.10, 6.67, 29.4), 2.12, 0.01 * 2.12);
  // ... while the EnergyPlus semantics with 0.2 add a false load: P uses EIRFPLR(0.2), so
  // COP = 0.1 · 5.5 / (0.222903 + 0.313387·0.2 + 0.46371·0.04) = 1.81 at the rating point.
  const double q_avail = ch.available_capacity_w(6.67, 29.4);
  const ChillerResult r = ch.run(0.1 * q_avail, 6.67, 29.4);
  const double eirft = ch.eirft(6.67, 29.4);
  EXPECT_NEAR(r.cop, 0.1 * 5.5 / (eirft * (0.222903 + 0.313387 * 0.2 + 0.46371 * 0.04)), 1e-9);
  EXPECT_NEAR(r.false_load_w, 0.1 * q_avail, 1e-6 * q_avail);
}

TEST(Chiller, CarrierVsdMatchesItsRecord) {
  const Chiller ch = make(carrier_19xr_742kw_5_42cop_vsd(), 742e3);
  EXPECT_NEAR(full_load_cop(ch, 5.56, 21.11), 5.42, 0.01 * 5.42);
  EXPECT_NEAR(cop_at_plr(ch, 0.50, 5.56, 21.11), 7.23, 0.01 * 7.23);
  EXPECT_NEAR(cop_at_plr(ch, 0.25, 5.56, 21.11), 6.73, 0.01 * 6.73);
  EXPECT_NEAR(full_load_cop(ch, 10.0, 15.0), 7.71, 0.01 * 7.71);
}

TEST(Chiller, CapacityLimitLeavesUnmetLoad) {
  const Chiller ch = make(doe2_centrifugal_5_50cop(), 1e6);
  const double avail = ch.available_capacity_w(6.67, 35.0);
  EXPECT_LT(avail, 1e6); // CAPFT < 1 at a hot condenser
  const ChillerResult r = ch.run(2e6, 6.67, 35.0);
  EXPECT_NEAR(r.evaporator_w, avail, 1e-6);
  EXPECT_NEAR(r.unmet_w, 2e6 - avail, 1e-6);
  EXPECT_DOUBLE_EQ(r.plr, 1.0);
}

TEST(Chiller, CyclesBelowMinimumPartLoad) {
  const Chiller ch = make(carrier_19xr_742kw_5_42cop_vsd(), 742e3);
  const double avail = ch.available_capacity_w(7.0, 20.0);
  const ChillerResult r = ch.run(0.095 * avail, 7.0, 20.0);
  EXPECT_NEAR(r.cycling_ratio, 0.095 / 0.19, 1e-12);
  EXPECT_NEAR(r.compressor_w, avail / 5.42 * ch.eirft(7.0, 20.0) * ch.eirfplr(0.19) * r.cycling_ratio, 1e-6);
}

TEST(Chiller, CondenserHeatIsEvaporatorPlusWork) {
  const Chiller ch = make(doe2_centrifugal_5_50cop());
  for (double plr : {0.05, 0.3, 0.8, 1.0}) {
    const ChillerResult r = ch.run(plr * ch.available_capacity_w(8.0, 30.0), 8.0, 30.0);
    EXPECT_NEAR(r.condenser_w, r.evaporator_w + r.compressor_w, 1e-6);
  }
}

TEST(Chiller, AirCooledPaysCondenserFansAndHotAmbient) {
  ChillerConfig cfg;
  cfg.curves = air_cooled_doe2_shape();
  cfg.reference_capacity_w = 5e5;
  cfg.condenser = CondenserType::air_cooled;
  cfg.condenser_fan_power_ratio = 0.04;
  const Chiller ch(cfg);
  const ChillerResult r = ch.run(ch.available_capacity_w(6.67, 29.4), 6.67, 29.4);
  EXPECT_NEAR(r.condenser_fan_w, 0.04 * 5e5, 1e-9);
  // Total COP 1 / (1/3.5 + 0.04) ≈ 3.07 at the curve reference; worse at 35 °C.
  EXPECT_NEAR(r.cop, 1.0 / (1.0 / 3.5 + 0.04 / ch.capft(6.67, 29.4)), 0.01);
  const ChillerResult hot = ch.run(0.8 * ch.available_capacity_w(6.67, 35.0), 6.67, 35.0);
  EXPECT_LT(hot.cop, r.cop);
  EXPECT_GT(hot.cop, 2.3);
  EXPECT_LT(hot.cop, 3.0);
}

TEST(Chiller, EnergyPlusClampsDoe2ButModelicaExtrapolatesCarrier) {
  const Chiller doe2 = make(doe2_centrifugal_5_50cop());
  EXPECT_DOUBLE_EQ(doe2.eirft(6.67, 15.0), doe2.eirft(6.67, 24.0));
  const Chiller carrier = make(carrier_19xr_742kw_5_42cop_vsd());
  EXPECT_GT(carrier.eirft(6.67, 30.0), carrier.eirft(6.67, 23.89));
}

TEST(Chiller, HighPressureCutoutStopsTheMachine) {
  ChillerConfig cfg;
  cfg.high_pressure_cutout_c = 40.0;
  const Chiller ch(cfg);
  EXPECT_GT(ch.run(5e5, 7.0, 39.9).evaporator_w, 0.0);
  const ChillerResult r = ch.run(5e5, 7.0, 40.1);
  EXPECT_EQ(r.evaporator_w, 0.0);
  EXPECT_EQ(r.electric_w, 0.0);
  EXPECT_EQ(r.unmet_w, 5e5);
}

TEST(Chiller, RejectsBadConfig) {
  ChillerConfig cfg;
  cfg.reference_capacity_w = 0;
  EXPECT_THROW(Chiller{cfg}, std::invalid_argument);
}
