// PDU / busway: constant efficiency plus an optional I^2 R term.

#include "models/power/pdu.hpp"

#include <gtest/gtest.h>
#include <stdexcept>

using namespace wattsim::models;

TEST(Pdu, ConstantEfficiencyMeansOutputOverInputIsFixed) {
  const Pdu pdu(PduParams{0.99, 0.0, 0.0});
  // in = out / 0.99 at every load.
  for (double out : {1.0e3, 5.0e4, 2.0e6}) {
    EXPECT_NEAR(pdu.input_w(out), out / 0.99, 1e-9 * out);
    EXPECT_NEAR(pdu.efficiency(out), 0.99, 1e-14);
  }
  EXPECT_DOUBLE_EQ(pdu.loss_w(0.0), 0.0);
}

TEST(Pdu, I2RTermScalesWithLoadSquared) {
  const Pdu pdu(PduParams{0.995, 1.0e5, 800.0});
  // At half rating: 5e4 * 0.005 / 0.995 + 800 * 0.25.
  EXPECT_NEAR(pdu.loss_w(5.0e4), 5.0e4 * 0.005 / 0.995 + 200.0, 1e-9);
  EXPECT_NEAR(pdu.loss_w(1.0e5), 1.0e5 * 0.005 / 0.995 + 800.0, 1e-9);
  EXPECT_LT(pdu.efficiency(1.0e5), pdu.efficiency(5.0e4));
}

TEST(Pdu, RejectsBadInput) {
  EXPECT_THROW(Pdu(PduParams{0.0, 0.0, 0.0}), std::invalid_argument);
  EXPECT_THROW(Pdu(PduParams{1.1, 0.0, 0.0}), std::invalid_argument);
  EXPECT_THROW(Pdu(PduParams{0.99, 0.0, 10.0}), std::invalid_argument);
}
