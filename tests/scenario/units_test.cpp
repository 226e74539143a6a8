#include "tools/scenario/units.hpp"

#include <gtest/gtest.h>

using namespace wattsim::scenario;

namespace {
double si(const char* text, const QuantityKind& kind) {
  std::string error;
  auto v = to_si(text, kind, error);
  EXPECT_TRUE(v.has_value()) << text << ": " << error;
  return v.value_or(-1);
}
std::string error_of(const char* text, const QuantityKind& kind) {
  std::string error;
  auto v = to_si(text, kind, error);
  EXPECT_FALSE(v.has_value()) << text;
  return error;
}
} // namespace

TEST(Units, HumanUnitsConvertToSi) {
  EXPECT_DOUBLE_EQ(si("10.2 kW", kinds::power), 10200);
  EXPECT_DOUBLE_EQ(si("54 d", kinds::time), 54 * 86400);
  EXPECT_DOUBLE_EQ(si("30 min", kinds::time), 1800);
  EXPECT_DOUBLE_EQ(si("5.6 TB", kinds::data), 5.6e12);
  EXPECT_DOUBLE_EQ(si("2 TB/s", kinds::bandwidth), 2e12);
  EXPECT_DOUBLE_EQ(si("400 Gb/s", kinds::bit_rate), 50e9);
  EXPECT_DOUBLE_EQ(si("1 GiB", kinds::data), 1073741824.0);
  EXPECT_NEAR(si("0.43 kg/kWh", kinds::carbon_intensity), 0.43 / 3.6e6, 1e-22);
  EXPECT_NEAR(si("430 gCO2e/kWh", kinds::carbon_intensity), 0.43 / 3.6e6, 1e-22);
  EXPECT_NEAR(si("0.08 $/kWh", kinds::price), 0.08 / 3.6e6, 1e-22);
  EXPECT_NEAR(si("80 €/MWh", kinds::price), 0.08 / 3.6e6, 1e-22);
  EXPECT_DOUBLE_EQ(si("1.287 GWh", kinds::energy), 1.287e9 * 3600);
  EXPECT_DOUBLE_EQ(si("989.4 TFLOP/s", kinds::flop_rate), 989.4e12);
  EXPECT_DOUBLE_EQ(si("3.8e25 FLOP", kinds::flops), 3.8e25);
  EXPECT_DOUBLE_EQ(si("1,082,990 h", kinds::time), 1082990.0 * 3600);
  EXPECT_DOUBLE_EQ(si("41 %", kinds::dimensionless), 0.41);
  EXPECT_DOUBLE_EQ(si("25 C", kinds::temperature), 25);
  EXPECT_NEAR(si("300 K", kinds::temperature), 26.85, 1e-12);
  EXPECT_NEAR(si("77 F", kinds::temperature), 25, 1e-12);
  EXPECT_DOUBLE_EQ(si("5 K", kinds::temperature_difference), 5);
  EXPECT_DOUBLE_EQ(si("1.44 L/min", kinds::volume_flow), 1.44e-3 / 60);
}

TEST(Units, WrongOrMissingUnitsAreExplained) {
  EXPECT_NE(error_of("10.2", kinds::power).find("no unit"), std::string::npos);
  EXPECT_NE(error_of("10.2 kWh", kinds::power).find("an energy"), std::string::npos);
  EXPECT_NE(error_of("10.2 kQ", kinds::power).find("unknown unit 'kQ'"), std::string::npos);
  EXPECT_NE(error_of("fast", kinds::time).find("does not start with a number"), std::string::npos);
  EXPECT_NE(error_of("3 kW", kinds::dimensionless).find("plain number"), std::string::npos);
  EXPECT_NE(error_of("20", kinds::temperature).find("no unit"), std::string::npos);
}

TEST(Units, NumbersWithDigitGroups) {
  EXPECT_EQ(parse_number("1,082,990"), 1082990.0);
  EXPECT_EQ(parse_number("1_000"), 1000.0);
  EXPECT_FALSE(parse_number("1,5").has_value());
  EXPECT_FALSE(parse_number("12,34,567").has_value());
  EXPECT_EQ(parse_number("2.5e3"), 2500.0);
  EXPECT_EQ(parse_number("-4"), -4.0);
  EXPECT_FALSE(parse_number("4 W").has_value());
}
