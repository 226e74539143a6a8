#include "models/inference/load.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <limits>

namespace wattsim::models::inference {

namespace {

constexpr double kDay_s = 86400.0;
constexpr double kOmega = 2.0 * M_PI / kDay_s;

double burst_factor(const LoadProfile& p, double t_s) {
  double f = 1.0;
  for (const auto& b : p.bursts)
    if (t_s >= b.start_s && t_s < b.start_s + b.duration_s)
      f *= b.multiplier;
  return f;
}

double weekly_factor(const LoadProfile& p, double t_s) {
  const auto day = static_cast<long long>(std::floor(t_s / kDay_s));
  return p.weekly[static_cast<std::size_t>(((day % 7) + 7) % 7)];
}

} // namespace

std::optional<std::string> load_profile_problem(const LoadProfile& p) {
  if (!(p.base_rate_rps >= 0) || !std::isfinite(p.base_rate_rps))
    return fmt::format("base rate {} requests/s must be finite and >= 0", p.base_rate_rps);
  if (!(p.diurnal_amplitude >= 0 && p.diurnal_amplitude <= 1))
    return fmt::format("diurnal amplitude {} must be in [0, 1]", p.diurnal_amplitude);
  if (!(p.peak_hour >= 0 && p.peak_hour < 24))
    return fmt::format("peak hour {} must be in [0, 24)", p.peak_hour);
  for (std::size_t d = 0; d < p.weekly.size(); ++d)
    if (!(p.weekly[d] >= 0) || !std::isfinite(p.weekly[d]))
      return fmt::format("weekly factor of day {} ({}) must be finite and >= 0", d + 1, p.weekly[d]);
  for (std::size_t i = 0; i < p.bursts.size(); ++i) {
    const auto& b = p.bursts[i];
    if (!(b.duration_s > 0) || !std::isfinite(b.duration_s) || !std::isfinite(b.start_s))
      return fmt::format("burst {}: duration {} s must be finite and > 0", i + 1, b.duration_s);
    if (!(b.multiplier > 0) || !std::isfinite(b.multiplier))
      return fmt::format("burst {}: multiplier {} must be finite and > 0", i + 1, b.multiplier);
  }
  return std::nullopt;
}

double rate_rps(const LoadProfile& p, double t_s) {
  const double diurnal = 1.0 + p.diurnal_amplitude * std::cos(kOmega * (t_s - p.peak_hour * 3600.0));
  return p.base_rate_rps * diurnal * weekly_factor(p, t_s) * burst_factor(p, t_s);
}

double mean_rate_rps(const LoadProfile& p, double t0_s, double t1_s) {
  if (!(t1_s > t0_s))
    return rate_rps(p, t0_s);
  const double tp = p.peak_hour * 3600.0;
  double integral = 0;
  // Walk the pieces on which the weekly and burst factors are constant: cut at midnights and burst edges.
  for (double a = t0_s; a < t1_s;) {
    double b = std::min(t1_s, (std::floor(a / kDay_s) + 1.0) * kDay_s);
    for (const auto& burst : p.bursts) {
      if (burst.start_s > a)
        b = std::min(b, burst.start_s);
      const double end = burst.start_s + burst.duration_s;
      if (end > a)
        b = std::min(b, end);
    }
    const double mid = 0.5 * (a + b);
    const double cosine = (b - a) + p.diurnal_amplitude / kOmega * (std::sin(kOmega * (b - tp)) - std::sin(kOmega * (a - tp)));
    integral += cosine * weekly_factor(p, mid) * burst_factor(p, mid);
    a = b;
  }
  return p.base_rate_rps * integral / (t1_s - t0_s);
}

std::uint64_t poisson_count(RandomStream& rng, double mean) {
  if (!(mean > 0))
    return 0;
  if (mean < 10) {
    // Inversion by multiplication (Knuth, TAOCP vol. 2, 3.4.1): at most a few dozen uniforms.
    const double limit = std::exp(-mean);
    std::uint64_t k = 0;
    double prod = rng.uniform();
    while (prod > limit) {
      ++k;
      prod *= rng.uniform();
    }
    return k;
  }
  // PTRS: Hormann (1993), "The transformed rejection method for generating Poisson random variables",
  // Insurance: Mathematics and Economics 12(1).
  const double slam = std::sqrt(mean);
  const double loglam = std::log(mean);
  const double b = 0.931 + 2.53 * slam;
  const double a = -0.059 + 0.02483 * b;
  const double inv_alpha = 1.1239 + 1.1328 / (b - 3.4);
  const double vr = 0.9277 - 3.6224 / (b - 2);
  for (;;) {
    const double u = rng.uniform() - 0.5;
    const double v = rng.uniform();
    const double us = 0.5 - std::fabs(u);
    const double k = std::floor((2 * a / us + b) * u + mean + 0.43);
    if (us >= 0.07 && v <= vr)
      return static_cast<std::uint64_t>(k);
    if (k < 0 || (us < 0.013 && v > us))
      continue;
    if (std::log(v) + std::log(inv_alpha) - std::log(a / (us * us) + b) <= -mean + k * loglam - std::lgamma(k + 1))
      return static_cast<std::uint64_t>(k);
  }
}

} // namespace wattsim::models::inference
