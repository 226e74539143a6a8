#include "models/inference/token_lengths.hpp"

#include <cmath>
#include <gtest/gtest.h>

namespace wattsim::models::inference {
namespace {

TEST(TokenLengths, NormalQuantileKnownValues) {
  EXPECT_NEAR(normal_quantile(0.5), 0.0, 1e-9);
  EXPECT_NEAR(normal_quantile(0.975), 1.959963984540054, 1e-8);
  EXPECT_NEAR(normal_quantile(0.99), 2.326347874040841, 1e-8);
  EXPECT_NEAR(normal_quantile(0.001), -3.090232306167814, 1e-8);
  EXPECT_TRUE(std::isinf(normal_quantile(1.0)));
}

TEST(TokenLengths, LogNormalWithTheGivenMeanAndCv) {
  const TokenLengths t{400, 1.0};
  // Median of a log-normal = mean / sqrt(1 + cv^2).
  EXPECT_NEAR(t.quantile(0.5), 400 / std::sqrt(2.0), 1e-9);
  // The mean over many quantile midpoints comes back to the mean (numerical integral of the inverse CDF).
  double sum = 0;
  const int n = 200000;
  for (int i = 0; i < n; ++i)
    sum += t.quantile((i + 0.5) / n);
  EXPECT_NEAR(sum / n, 400, 4);
  EXPECT_GT(t.quantile(0.99), t.quantile(0.5));
  EXPECT_DOUBLE_EQ((TokenLengths{128, 0}).quantile(0.99), 128);
  EXPECT_DOUBLE_EQ(t.cv2(), 1.0);
}

} // namespace
} // namespace wattsim::models::inference
