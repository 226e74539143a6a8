#include "models/grid/signal.hpp"

#include <gtest/gtest.h>

using wattsim::models::Signal;

TEST(Signal, ConstantHoldsEverywhere) {
  auto s = Signal::constant(2.5);
  EXPECT_TRUE(s.is_constant());
  EXPECT_DOUBLE_EQ(s.value_at(1e9), 2.5);
  EXPECT_DOUBLE_EQ(s.over(100).integral(0, 100), 250);
}

TEST(Signal, TableHoldsValuesAndRepeatsWithItsPeriod) {
  auto s = Signal::table({0, 10}, {1, 3}, 20);
  EXPECT_DOUBLE_EQ(s.value_at(5), 1);
  EXPECT_DOUBLE_EQ(s.value_at(15), 3);
  EXPECT_DOUBLE_EQ(s.value_at(25), 1);
  EXPECT_DOUBLE_EQ(s.value_at(35), 3);
  EXPECT_DOUBLE_EQ(s.over(60).integral(0, 60), 3 * (10 * 1 + 10 * 3));
  EXPECT_DOUBLE_EQ(s.mean(40), 2);
}

TEST(Signal, WithoutPeriodTheLastValueHolds) {
  auto s = Signal::table({0, 10}, {1, 3});
  EXPECT_DOUBLE_EQ(s.value_at(1000), 3);
  EXPECT_THROW(Signal::table({0, 10}, {1}), std::invalid_argument);
  EXPECT_THROW(Signal::table({5, 1}, {1, 2}), std::invalid_argument);
}
