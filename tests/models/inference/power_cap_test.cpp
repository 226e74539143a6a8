#include "models/inference/power_cap.hpp"

#include <gtest/gtest.h>

namespace wattsim::models::inference {
namespace {

TEST(PowerCap, NoCapOrCapAboveDemandCostsNothing) {
  EXPECT_DOUBLE_EQ(apply_power_cap(600, 0.5, {}, 0.8).power_per_gpu_w, 600);
  EXPECT_DOUBLE_EQ(apply_power_cap(600, 0.5, {}, 0.8).speed, 1.0);
  EXPECT_DOUBLE_EQ(apply_power_cap(600, 0.5, {650}, 0.8).speed, 1.0);
}

TEST(PowerCap, DecodeToleratesWhatPrefillDoesNot) {
  const PowerCap half{350};
  const auto decode = apply_power_cap(691, 0.0, half, 0.8);
  const auto prefill = apply_power_cap(691, 1.0, half, 0.8);
  EXPECT_DOUBLE_EQ(decode.power_per_gpu_w, 350);
  EXPECT_NEAR(decode.speed, 1 - kDecodeCapSensitivity * (1 - 350.0 / 691), 1e-12);
  EXPECT_NEAR(prefill.speed, 1 - 0.8 * (1 - 350.0 / 691), 1e-12);
  EXPECT_GT(decode.speed, 0.94); // "almost no latency impact" (Splitwise, Insight VI)
  EXPECT_LT(prefill.speed, 0.65);
  const auto mixed = apply_power_cap(691, 0.5, half, 0.8);
  EXPECT_NEAR(mixed.speed, 0.5 * (decode.speed + prefill.speed), 1e-12);
  EXPECT_DOUBLE_EQ(apply_power_cap(1000, 1.0, {1}, 1.0).speed, 0.05); // floor
}

} // namespace
} // namespace wattsim::models::inference
