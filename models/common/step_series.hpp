#pragma once
// A piecewise-constant function of time, the exact shape of every power signal in wattsim:
// between two events nothing changes, so power is a step function and energy is its exact integral.

#include <cstddef>
#include <vector>

namespace wattsim::models {

/// value(t) = values[i] for times[i] <= t < times[i+1]; the last value holds until the end of use.
/// Before the first breakpoint the series is 0.
class StepSeries {
public:
  /// Sets the value from `t_s` on. Times must not decrease; a second value at the same time replaces
  /// the first; a value equal to the current one adds no breakpoint.
  void set(double t_s, double value);

  [[nodiscard]] double value_at(double t_s) const;
  /// Exact integral over [t0_s, t1_s] (value x seconds).
  [[nodiscard]] double integral(double t0_s, double t1_s) const;
  /// Mean over consecutive intervals [t0 + k*dt, t0 + (k+1)*dt), the last one cut at t_end_s.
  /// Each mean times its interval length integrates back to `integral` exactly (up to rounding).
  [[nodiscard]] std::vector<double> interval_means(double t0_s, double dt_s, double t_end_s) const;
  /// Pointwise product of two step series (breakpoints merged): carbon = power x intensity.
  [[nodiscard]] static StepSeries product(const StepSeries& a, const StepSeries& b);
  /// Pointwise sum of many series in one merge of their breakpoints: O(total breakpoints x log).
  [[nodiscard]] static StepSeries sum(const std::vector<StepSeries>& parts);
  /// Pointwise a * scale_a + b * scale_b.
  [[nodiscard]] static StepSeries linear(const StepSeries& a, double scale_a, const StepSeries& b, double scale_b);

  [[nodiscard]] const std::vector<double>& times() const { return times_; }
  [[nodiscard]] const std::vector<double>& values() const { return values_; }
  [[nodiscard]] std::size_t size() const { return times_.size(); }
  [[nodiscard]] bool empty() const { return times_.empty(); }
  /// Largest value over [t0, t1).
  [[nodiscard]] double max(double t0_s, double t1_s) const;

private:
  std::vector<double> times_;
  std::vector<double> values_;
};

/// Number of intervals of length dt needed to cover [t0, t_end).
std::size_t interval_count(double t0_s, double dt_s, double t_end_s);

} // namespace wattsim::models
