#pragma once
// A site signal over time: grid carbon intensity (kg CO2e per J) or electricity price (currency per J).
// Grid data come as interval averages (hourly, 5-minute), so a signal is piecewise constant.

#include "models/common/step_series.hpp"

#include <vector>

namespace wattsim::models {

class Signal {
public:
  static Signal constant(double value);
  /// Values holding from each time (s after the simulation start) to the next. With a period > 0 the
  /// table repeats (a typical year reused for a longer run); without one the last value holds.
  static Signal table(std::vector<double> times_s, std::vector<double> values, double period_s = 0.0);

  [[nodiscard]] bool is_constant() const { return times_s_.size() == 1 && period_s_ == 0.0; }
  [[nodiscard]] double value_at(double t_s) const;
  /// The signal as a step series covering [0, horizon_s].
  [[nodiscard]] StepSeries over(double horizon_s) const;
  /// Time-weighted mean over [0, horizon_s].
  [[nodiscard]] double mean(double horizon_s) const;

private:
  std::vector<double> times_s_;
  std::vector<double> values_;
  double period_s_ = 0.0;
};

} // namespace wattsim::models
