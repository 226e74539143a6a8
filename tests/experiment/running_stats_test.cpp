// Sweep statistics: Welford's mean and variance, and the Student-t confidence interval.

#include "tools/experiment/running_stats.hpp"

#include <gtest/gtest.h>
#include <vector>

using wattsim::experiment::RunningStats;

TEST(RunningStats, StaysExactWhereTheTextbookFormulaLosesEveryDigit) {
  // Large values close together (energies in J of similar runs): the sample variance of
  // 1e9 + {4, 7, 13, 16} is 30 exactly.
  const std::vector<double> xs = {1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16};
  RunningStats st;
  double sum = 0, sq = 0;
  for (double x : xs) {
    st.add(x);
    sum += x;
    sq += x * x;
  }
  const double n = static_cast<double>(xs.size());
  const double naive = (sq - sum * sum / n) / (n - 1);
  EXPECT_GT(std::abs(naive - 30.0), 1.0) << "the naive formula should be visibly wrong here";
  EXPECT_DOUBLE_EQ(st.mean(), 1e9 + 10);
  EXPECT_NEAR(st.stddev() * st.stddev(), 30.0, 1e-6);
  EXPECT_EQ(st.min(), 1e9 + 4);
  EXPECT_EQ(st.max(), 1e9 + 16);
  EXPECT_EQ(st.count(), 4u);
}

TEST(RunningStats, ConfidenceIntervalUsesStudentT) {
  // t(0.975, 3) = 3.182446 (any Student-t table); s of {1, 2, 3, 4} = 1.290994.
  RunningStats st;
  for (double x : {1.0, 2.0, 3.0, 4.0})
    st.add(x);
  EXPECT_NEAR(st.ci_half_width(0.95), 3.182446 * 1.290994 / 2.0, 1e-5);
  // t(0.95, 3) = 2.353363 for a 90 % interval.
  EXPECT_NEAR(st.ci_half_width(0.90), 2.353363 * 1.290994 / 2.0, 1e-5);
}

TEST(RunningStats, OneValueHasNoSpreadAndNoInterval) {
  RunningStats st;
  EXPECT_TRUE(std::isnan(st.mean()));
  st.add(5);
  EXPECT_EQ(st.stddev(), 0.0);
  EXPECT_TRUE(std::isnan(st.ci_half_width(0.95)));
}
