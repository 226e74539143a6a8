#include "models/training/iteration.hpp"

#include <numbers>

namespace wattsim::models {

double iteration_time_s(double parameters, double tokens_per_iteration, std::int64_t accelerators,
                        double peak_flop_s, double mfu) {
  if (accelerators < 1 || !(peak_flop_s > 0) || !(mfu > 0))
    throw std::invalid_argument("iteration_time_s: need accelerators >= 1, peak > 0, MFU > 0");
  return 6.0 * parameters * tokens_per_iteration / (static_cast<double>(accelerators) * peak_flop_s * mfu);
}

double iteration_time_from_budget_s(double training_flops, double training_tokens, double tokens_per_iteration,
                                    std::int64_t accelerators, double peak_flop_s, double mfu) {
  if (!(training_tokens > 0))
    throw std::invalid_argument("iteration_time_from_budget_s: tokens must be > 0");
  if (accelerators < 1 || !(peak_flop_s > 0) || !(mfu > 0))
    throw std::invalid_argument("iteration_time_from_budget_s: need accelerators >= 1, peak > 0, MFU > 0");
  return training_flops / training_tokens * tokens_per_iteration /
         (static_cast<double>(accelerators) * peak_flop_s * mfu);
}

IterationPhases iteration_phases(double period_s, double compute_fraction) {
  if (!(period_s > 0) || !(compute_fraction >= 0 && compute_fraction <= 1))
    throw std::invalid_argument("iteration_phases: need period > 0 and compute fraction in [0, 1]");
  const double compute_s = compute_fraction * period_s;
  return {period_s, compute_s, period_s - compute_s};
}

double IterationWaveform::fraction_at(double t_s) const {
  if (compute_fraction >= 1.0)
    return 1.0;
  if (compute_fraction <= 0.0)
    return 0.0;
  const double k = std::floor((t_s - phase_s) / period_s);
  const double start = phase_s + k * period_s;
  return t_s < start + compute_fraction * period_s ? 1.0 : 0.0;
}

std::vector<WaveformSegment> waveform_segments(const IterationWaveform& w, double t0_s, double t1_s) {
  std::vector<WaveformSegment> out;
  if (t1_s > t0_s && w.period_s > 0)
    out.reserve(static_cast<std::size_t>(std::min(1048576.0, 2.0 * std::ceil((t1_s - t0_s) / w.period_s) + 4)));
  for_each_waveform_segment(w, t0_s, t1_s, [&](const WaveformSegment& s) { out.push_back(s); });
  return out;
}

namespace {
// Compute time of w in [phase_s, t) (negative for t < phase_s), closed form.
double cumulative_compute_s(const IterationWaveform& w, double t_s) {
  const double c = std::clamp(w.compute_fraction, 0.0, 1.0);
  const double x = t_s - w.phase_s;
  const double k = std::floor(x / w.period_s);
  const double r = std::clamp(x - k * w.period_s, 0.0, w.period_s);
  return k * c * w.period_s + std::min(r, c * w.period_s);
}
} // namespace

double waveform_compute_time_s(const IterationWaveform& w, double t0_s, double t1_s) {
  if (!(w.period_s > 0))
    throw std::invalid_argument("waveform period must be > 0");
  if (!(t1_s > t0_s))
    return 0;
  return cumulative_compute_s(w, t1_s) - cumulative_compute_s(w, t0_s);
}

namespace {
// Goertzel power of the (windowed, mean-removed) series at frequency f.
double goertzel_power(std::span<const double> x, double f_hz, double fs_hz) {
  const double w = 2.0 * std::numbers::pi * f_hz / fs_hz;
  const double coeff = 2.0 * std::cos(w);
  double s1 = 0, s2 = 0;
  for (double v : x) {
    const double s0 = v + coeff * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  return s1 * s1 + s2 * s2 - coeff * s1 * s2;
}
} // namespace

double dominant_frequency_hz(std::span<const double> samples, double sample_rate_hz, double min_hz, double max_hz) {
  const std::size_t n = samples.size();
  if (n < 4 || !(sample_rate_hz > 0))
    throw std::invalid_argument("dominant_frequency_hz: need >= 4 samples and a positive sample rate");
  const double nyquist = 0.5 * sample_rate_hz;
  if (max_hz <= 0 || max_hz > nyquist)
    max_hz = nyquist;
  min_hz = std::max(min_hz, 0.0);
  if (!(max_hz > min_hz))
    throw std::invalid_argument("dominant_frequency_hz: empty frequency range");

  double mean = 0;
  for (double v : samples)
    mean += v;
  mean /= static_cast<double>(n);
  // Hann window: its low side lobes keep the harmonics' leakage off the fundamental.
  std::vector<double> x(n);
  for (std::size_t i = 0; i < n; ++i) {
    const double hann = 0.5 - 0.5 * std::cos(2.0 * std::numbers::pi * static_cast<double>(i) / static_cast<double>(n - 1));
    x[i] = (samples[i] - mean) * hann;
  }

  const double duration_s = static_cast<double>(n) / sample_rate_hz;
  const double step_hz = 0.25 / duration_s;
  double best_f = min_hz, best_p = -1;
  const double f0 = std::max(min_hz, step_hz); // skip DC
  const auto points = static_cast<std::int64_t>(std::floor((max_hz - f0) / step_hz)) + 1;
  for (std::int64_t i = 0; i < points; ++i) {
    const double f = f0 + static_cast<double>(i) * step_hz; // from the index: no accumulated drift
    const double p = goertzel_power(x, f, sample_rate_hz);
    if (p > best_p) {
      best_p = p;
      best_f = f;
    }
  }
  // Golden-section refinement on [best - step, best + step] (the main lobe is unimodal there).
  double a = std::max(min_hz, best_f - step_hz), b = std::min(max_hz, best_f + step_hz);
  const double g = 0.5 * (std::sqrt(5.0) - 1.0);
  double c = b - g * (b - a), d = a + g * (b - a);
  double pc = goertzel_power(x, c, sample_rate_hz), pd = goertzel_power(x, d, sample_rate_hz);
  for (int i = 0; i < 60 && b - a > 1e-9 * std::max(1.0, best_f); ++i) {
    if (pc > pd) {
      b = d;
      d = c;
      pd = pc;
      c = b - g * (b - a);
      pc = goertzel_power(x, c, sample_rate_hz);
    } else {
      a = c;
      c = d;
      pc = pd;
      d = a + g * (b - a);
      pd = goertzel_power(x, d, sample_rate_hz);
    }
  }
  const double refined = 0.5 * (a + b);
  return goertzel_power(x, refined, sample_rate_hz) >= best_p ? refined : best_f;
}

} // namespace wattsim::models
