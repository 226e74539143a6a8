#include "models/training/iteration.hpp"

#include <cmath>
#include <gtest/gtest.h>
#include <numbers>

using namespace wattsim::models;

TEST(Iteration, Llama3IterationTimeByHand) {
  // 6 x 405e9 x 16e6 = 3.888e19 FLOPs per step; 16,384 x 989e12 x 0.41 = 6.6436e18 FLOP/s -> 5.852 s.
  EXPECT_NEAR(iteration_time_s(405e9, 16e6, 16384, 989e12, 0.41), 5.8523, 1e-3);
  // From the budget: 3.8e25 / 15.6e12 = 2.436e12 FLOPs per token x 16e6 = 3.897e19 -> 5.866 s.
  EXPECT_NEAR(iteration_time_from_budget_s(3.8e25, 15.6e12, 16e6, 16384, 989e12, 0.41), 5.8665, 1e-3);
  EXPECT_THROW(iteration_time_s(405e9, 16e6, 0, 989e12, 0.41), std::invalid_argument);
  const IterationPhases ph = iteration_phases(5.85, 0.95);
  EXPECT_NEAR(ph.compute_s, 5.5575, 1e-12);
  EXPECT_NEAR(ph.communication_s, 0.2925, 1e-12);
}

TEST(Iteration, SegmentsIntegrateToComputeShare) {
  const IterationWaveform w{5.85, 0.95, 1.3};
  // Whole periods: 100 periods from a compute start.
  const double t0 = 1.3 + 7 * 5.85, t1 = t0 + 100 * 5.85;
  const auto segs = waveform_segments(w, t0, t1);
  ASSERT_EQ(segs.size(), 200u);
  double on = 0, len = 0;
  for (std::size_t i = 0; i < segs.size(); ++i) {
    on += segs[i].power_fraction * (segs[i].end_s - segs[i].start_s);
    len += segs[i].end_s - segs[i].start_s;
    EXPECT_EQ(segs[i].power_fraction, i % 2 == 0 ? 1.0 : 0.0);
    if (i > 0) {
      EXPECT_EQ(segs[i].start_s, segs[i - 1].end_s); // contiguous, bit-identical
    }
  }
  EXPECT_EQ(segs.front().start_s, t0);
  EXPECT_EQ(segs.back().end_s, t1);
  EXPECT_NEAR(len, t1 - t0, 1e-9);
  EXPECT_NEAR(on, 0.95 * (t1 - t0), 1e-9);
  EXPECT_NEAR(waveform_compute_time_s(w, t0, t1), 0.95 * (t1 - t0), 1e-9);
}

TEST(Iteration, ArbitraryWindowsAndTheClosedForm) {
  const IterationWaveform w{0.8, 0.7, 0.13};
  // Window [0.5, 2.1): periods start at 0.13, 0.93, 1.73; compute [0.13, 0.69), [0.93, 1.49), [1.73, 2.29).
  // Inside the window: compute [0.5, 0.69) 0.19 + [0.93, 1.49) 0.56 + [1.73, 2.1) 0.37 = 1.12 s.
  const auto segs = waveform_segments(w, 0.5, 2.1);
  double on = 0;
  for (const auto& s : segs)
    on += s.power_fraction * (s.end_s - s.start_s);
  EXPECT_NEAR(on, 1.12, 1e-12);
  EXPECT_NEAR(waveform_compute_time_s(w, 0.5, 2.1), 1.12, 1e-12);
  EXPECT_EQ(segs.size(), 5u);
  EXPECT_EQ(w.fraction_at(0.6), 1.0);
  EXPECT_EQ(w.fraction_at(0.8), 0.0);
  EXPECT_EQ(w.fraction_at(0.1), 0.0); // communication of the period that started at -0.67
  // Random windows: enumeration equals closed form; fraction_at agrees at segment midpoints.
  for (int i = 0; i < 200; ++i) {
    const double a = -3.0 + 0.0137 * i * i, b = a + 0.05 + 0.031 * i;
    double sum = 0;
    for_each_waveform_segment(w, a, b, [&](const WaveformSegment& s) {
      sum += s.power_fraction * (s.end_s - s.start_s);
      EXPECT_EQ(w.fraction_at(0.5 * (s.start_s + s.end_s)), s.power_fraction);
    });
    EXPECT_NEAR(sum, waveform_compute_time_s(w, a, b), 1e-9);
  }
  // Far into a 54-day run: still contiguous, still 2 segments per period.
  const double day54 = 54 * 86400.0;
  const auto late = waveform_segments(IterationWaveform{5.8523, 0.95, 0}, day54, day54 + 58.523);
  EXPECT_GE(late.size(), 20u);
  EXPECT_LE(late.size(), 22u);
  for (std::size_t i = 1; i < late.size(); ++i) {
    EXPECT_EQ(late[i].start_s, late[i - 1].end_s);
  }
  // Degenerate shares: one segment.
  EXPECT_EQ(waveform_segments(IterationWaveform{1, 1.0, 0}, 0, 10).size(), 1u);
  EXPECT_EQ(waveform_segments(IterationWaveform{1, 0.0, 0}, 0, 10).front().power_fraction, 0.0);
  EXPECT_TRUE(waveform_segments(w, 2, 2).empty());
}

TEST(Iteration, DominantFrequencyOfASquareWave) {
  const double fs = 50.0;
  for (auto [f, duty] : {std::pair{1.3, 0.5}, std::pair{0.45, 0.8}, std::pair{2.7, 0.3}}) {
    const IterationWaveform w{1.0 / f, duty, 0.21};
    std::vector<double> x(static_cast<std::size_t>(60 * fs));
    for (std::size_t i = 0; i < x.size(); ++i)
      x[i] = 300.0 + 400.0 * w.fraction_at(static_cast<double>(i) / fs); // watts: 300 W comm, 700 W compute
    EXPECT_NEAR(dominant_frequency_hz(x, fs, 0.1, 5.0), f, 0.01) << f;
  }
  // A sine with an offset and a slower, weaker sine.
  std::vector<double> y(3000);
  for (std::size_t i = 0; i < y.size(); ++i) {
    const double t = static_cast<double>(i) / fs;
    y[i] = 5 + std::sin(2 * std::numbers::pi * 0.8 * t) + 0.3 * std::sin(2 * std::numbers::pi * 0.23 * t);
  }
  EXPECT_NEAR(dominant_frequency_hz(y, fs), 0.8, 0.005);
  EXPECT_THROW(dominant_frequency_hz(std::vector<double>{1, 2}, fs), std::invalid_argument);
}
