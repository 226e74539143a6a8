#include "models/common/random.hpp"
#include "models/training/checkpoint_policy.hpp"

#include <cmath>
#include <gtest/gtest.h>

using namespace wattsim::models;

TEST(CheckpointPolicy, YoungAndDalyByHand) {
  // delta = 60 s, M = 3 h = 10,800 s.
  // Young: sqrt(2 x 60 x 10800) = sqrt(1,296,000) = 1138.42 s.
  EXPECT_NEAR(young_interval_s(60, 10800), 1138.42, 0.01);
  // Daly: delta / 2M = 60 / 21600 = 0.0027778, sqrt = 0.052705;
  // 1138.42 x (1 + 0.052705 / 3 + 0.0027778 / 9) = 1138.42 x 1.0178770 = 1158.77; minus 60 = 1098.77 s.
  EXPECT_NEAR(daly_interval_s(60, 10800), 1098.77, 0.01);
  // Daly 2006 Figs. 3-5 (delta = 5 min): M = 24 h -> 117 min, M = 6 h -> 57 min, M = 15 min -> 9.1 min.
  EXPECT_NEAR(daly_interval_s(300, 24 * 3600) / 60, 117, 0.5);
  EXPECT_NEAR(daly_interval_s(300, 6 * 3600) / 60, 57, 0.5);
  EXPECT_NEAR(daly_interval_s(300, 15 * 60) / 60, 9.1, 0.05);
  // delta >= 2M: tau = M.
  EXPECT_DOUBLE_EQ(daly_interval_s(500, 200), 200);
  EXPECT_DOUBLE_EQ(daly_interval_s(400, 200), 200);
  EXPECT_TRUE(std::isinf(young_interval_s(60, INFINITY)));
  EXPECT_THROW(young_interval_s(60, 0), std::invalid_argument);
}

TEST(CheckpointPolicy, PoliciesDispatch) {
  EXPECT_TRUE(std::isinf(CheckpointPolicy::none().interval_s(60, 10800)));
  EXPECT_DOUBLE_EQ(CheckpointPolicy::fixed(1800).interval_s(60, 10800), 1800);
  EXPECT_DOUBLE_EQ(CheckpointPolicy::young().interval_s(60, 10800), young_interval_s(60, 10800));
  EXPECT_DOUBLE_EQ(CheckpointPolicy::daly().interval_s(60, 10800), daly_interval_s(60, 10800));
  EXPECT_THROW(CheckpointPolicy::fixed(0), std::invalid_argument);
}

TEST(CheckpointPolicy, DalyWallClockModelByHand) {
  // tau 1000 s, delta 60 s, R 600 s, M 10,800 s:
  // T_w / T_s = 10800 e^(600/10800) (e^(1060/10800) - 1) / 1000 = 1.17739.
  EXPECT_NEAR(daly_overhead_fraction(1000, 60, 600, 10800), 0.17739, 1e-5);
  EXPECT_NEAR(daly_useful_fraction(1000, 60, 600, 10800), 1 / 1.17739, 1e-5);
  EXPECT_NEAR(daly_expected_wall_time_s(3600, 1000, 60, 600, 10800), 3600 * 1.17739, 0.05);
}

TEST(CheckpointPolicy, Eq37ApproximatesTheExactOptimum) {
  for (double M : {900.0, 3600.0, 10800.0, 86400.0}) {
    for (double delta : {10.0, 60.0, 300.0}) {
      if (delta >= 2 * M)
        continue;
      const double exact = daly_exact_optimum_interval_s(delta, M);
      const double eq37 = daly_interval_s(delta, M);
      // Daly 2006 Fig. 2: the third-order series is within ~0.5% for delta / M <= 1/3.
      EXPECT_NEAR(eq37 / exact, 1.0, 0.005) << "M " << M << " delta " << delta;
      // The exact optimum minimises the overhead.
      const double best = daly_overhead_fraction(exact, delta, 300, M);
      EXPECT_LE(best, daly_overhead_fraction(exact * 1.05, delta, 300, M));
      EXPECT_LE(best, daly_overhead_fraction(exact * 0.95, delta, 300, M));
    }
  }
}

TEST(CheckpointPolicy, WallClockModelMatchesMonteCarlo) {
  // Independent check of T_w: simulate Poisson interruptions (mean M) hitting segments of tau + delta,
  // with a restart R after each interruption that can itself be interrupted.
  const double M = 3 * 3600.0, tau = 3600.0, delta = 300.0, R = 600.0, work = 100 * 3600.0;
  RandomStream rng(12, "daly-mc");
  const int runs = 1000;
  double total = 0;
  for (int r = 0; r < runs; ++r) {
    double t = 0;
    for (int seg = 0; seg < static_cast<int>(work / tau); ++seg) {
      double need = tau + delta; // first attempt needs no restart
      for (;;) {
        const double f = rng.exponential(M);
        if (f >= need) {
          t += need;
          break;
        }
        t += f;
        need = R + tau + delta;
      }
    }
    total += t;
  }
  const double model = daly_expected_wall_time_s(work, tau, delta, R, M);
  EXPECT_NEAR(total / runs / model, 1.0, 0.01);
}
