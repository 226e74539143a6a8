#include "models/inference/autoscaler.hpp"

#include <gtest/gtest.h>

namespace wattsim::models::inference {
namespace {

AutoscalerPolicy policy() {
  AutoscalerPolicy p;
  p.target = 0.7;
  p.min_replicas = 2;
  p.max_replicas = 100;
  return p;
}

TEST(Autoscaler, UtilisationTargetSetsReplicas) {
  AutoscalerState s;
  // 14 replicas' worth of demand at 70 % target: 20.
  EXPECT_EQ(desired_replicas(policy(), s, {0, 10, 14.0, 0}), 20);
  EXPECT_EQ(s.last_change_s, 0);
}

TEST(Autoscaler, ToleranceBandHoldsSteady) {
  AutoscalerState s;
  // wanted = 7.35 / 0.7 = 10.5: within 10 % of 10 -> no change.
  EXPECT_EQ(desired_replicas(policy(), s, {0, 10, 7.35, 0}), 10);
  EXPECT_EQ(desired_replicas(policy(), s, {0, 10, 7.8, 0}), 12); // 11.14: outside the band
}

TEST(Autoscaler, ScaleDownWaitsForTheCooldownScaleUpDoesNot) {
  AutoscalerPolicy p = policy();
  AutoscalerState s;
  EXPECT_EQ(desired_replicas(p, s, {0, 10, 14.0, 0}), 20);
  EXPECT_EQ(desired_replicas(p, s, {60, 20, 3.5, 0}), 20);   // 5 wanted, 60 s < 300 s since the change
  EXPECT_EQ(desired_replicas(p, s, {299, 20, 3.5, 0}), 20);
  EXPECT_EQ(desired_replicas(p, s, {300, 20, 3.5, 0}), 5);
  EXPECT_EQ(desired_replicas(p, s, {301, 5, 14.0, 0}), 20);  // up at once
}

TEST(Autoscaler, BoundsAndQueueMetric) {
  AutoscalerState fresh; // no change yet: no cooldown holds the first one
  EXPECT_EQ(desired_replicas(policy(), fresh, {0, 10, 0.0, 0}), 2);   // min
  EXPECT_EQ(desired_replicas(policy(), fresh, {1, 2, 1000.0, 0}), 100); // max
  AutoscalerPolicy q = policy();
  q.metric = ScaleMetric::queue;
  q.target = 32; // requests per replica
  AutoscalerState qs;
  EXPECT_EQ(desired_replicas(q, qs, {0, 4, 0, 1000}), 32); // ceil(1000 / 32)
  AutoscalerPolicy zero = policy();
  zero.min_replicas = 0;
  AutoscalerState zs;
  EXPECT_EQ(desired_replicas(zero, zs, {0, 0, 0.01, 0}), 1); // from zero, any load wakes one replica
}

TEST(Autoscaler, PolicyProblemsNameTheField) {
  EXPECT_FALSE(autoscaler_policy_problem(policy()));
  AutoscalerPolicy p = policy();
  p.target = 1.5;
  EXPECT_NE(autoscaler_policy_problem(p)->find("target utilisation"), std::string::npos);
  p = policy();
  p.max_replicas = 1;
  EXPECT_NE(autoscaler_policy_problem(p)->find("max_replicas"), std::string::npos);
  p = policy();
  p.scale_down_cooldown_s = -1;
  EXPECT_NE(autoscaler_policy_problem(p)->find("cooldown"), std::string::npos);
}

} // namespace
} // namespace wattsim::models::inference
