#include "models/grid/limit_excess.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace wattsim::models {

LimitExcess excess_over(const StepSeries& power_w, const StepSeries& limit_w, double t0_s, double t1_s, double window_s) {
  if (!(window_s > 0))
    throw std::invalid_argument("excess_over: the window must be positive");
  LimitExcess out;
  if (!(t1_s > t0_s))
    return out;
  // The exact energy above: the difference is a step series too, integrated over its positive part.
  const auto diff = StepSeries::linear(power_w, 1.0, limit_w, -1.0);
  const auto& t = diff.times();
  const auto& v = diff.values();
  for (std::size_t i = 0; i < t.size(); ++i) {
    const double a = std::max(t[i], t0_s);
    const double b = std::min(i + 1 < t.size() ? t[i + 1] : t1_s, t1_s);
    if (b > a && v[i] > 0)
      out.energy_above_j += v[i] * (b - a);
  }
  const auto p = power_w.interval_means(t0_s, window_s, t1_s);
  const auto l = limit_w.interval_means(t0_s, window_s, t1_s);
  for (std::size_t k = 0; k < p.size(); ++k) {
    // A relative tolerance: a load held exactly at the limit is at it, not above it.
    const double excess = p[k] - l[k];
    if (excess > 1e-9 * std::max(1.0, std::abs(l[k]))) {
      ++out.windows_above;
      out.max_excess_w = std::max(out.max_excess_w, excess);
    }
  }
  return out;
}

double time_above_s(const StepSeries& power_w, double limit_w, double t0_s, double t1_s) {
  const auto& t = power_w.times();
  const auto& v = power_w.values();
  const double threshold = limit_w + 1e-9 * std::max(1.0, std::abs(limit_w));
  double above = 0;
  // Before the first breakpoint the series is 0.
  if (!t.empty() && 0.0 > threshold)
    above += std::max(0.0, std::min(t.front(), t1_s) - t0_s);
  for (std::size_t i = 0; i < t.size(); ++i) {
    const double a = std::max(t[i], t0_s);
    const double b = std::min(i + 1 < t.size() ? t[i + 1] : t1_s, t1_s);
    if (b > a && v[i] > threshold)
      above += b - a;
  }
  return above;
}

} // namespace wattsim::models
