#include "tools/output/number_format.hpp"

#include <gtest/gtest.h>
#include <string>

namespace {
std::string fmt(double v) {
  char buf[40];
  return std::string(buf, wattsim::output::format_number(buf, v));
}
} // namespace

TEST(NumberFormat, TwelveSignificantDigitsWithoutTrailingZeros) {
  EXPECT_EQ(fmt(0), "0");
  EXPECT_EQ(fmt(-0.0), "0");
  EXPECT_EQ(fmt(1), "1");
  EXPECT_EQ(fmt(0.5), "0.5");
  EXPECT_EQ(fmt(-3.25), "-3.25");
  EXPECT_EQ(fmt(123456.789), "123456.789");
  EXPECT_EQ(fmt(1.0 / 3.0), "0.333333333333");
  EXPECT_EQ(fmt(2.0 / 3.0 * 1e5), "66666.6666667");
  EXPECT_EQ(fmt(0.000123456789012345), "0.000123456789012");
  EXPECT_EQ(fmt(86400), "86400");
  EXPECT_EQ(fmt(999999999999.4), "999999999999");
  EXPECT_EQ(fmt(9.99999999999951), "10");
}

TEST(NumberFormat, ExtremesFallBackToExponents) {
  EXPECT_EQ(fmt(1e-7), "1e-07");
  EXPECT_EQ(fmt(2.5e13), "2.5e+13");
  EXPECT_EQ(std::stod(fmt(6.02214076e23)), 6.02214076e23);
}

TEST(NumberFormat, RoundTripsToTwelveDigits) {
  for (double v : {17481.8604193123, 0.0123456789, 1.13853286947123, 42.0, 3.6e6, 0.1 + 0.2}) {
    const double back = std::stod(fmt(v));
    EXPECT_NEAR(back, v, 1e-11 * std::abs(v)) << fmt(v);
  }
}
