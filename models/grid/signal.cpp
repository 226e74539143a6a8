#include "models/grid/signal.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace wattsim::models {

Signal Signal::constant(double value) { return table({0.0}, {value}); }

Signal Signal::table(std::vector<double> times_s, std::vector<double> values, double period_s) {
  if (times_s.empty() || times_s.size() != values.size())
    throw std::invalid_argument("Signal::table: need as many times as values, at least one");
  if (!std::is_sorted(times_s.begin(), times_s.end()))
    throw std::invalid_argument("Signal::table: times must increase");
  if (period_s < 0 || (period_s > 0 && times_s.back() >= period_s))
    throw std::invalid_argument("Signal::table: the period must exceed the last time");
  Signal s;
  s.times_s_ = std::move(times_s);
  s.values_ = std::move(values);
  s.period_s_ = period_s;
  return s;
}

double Signal::value_at(double t_s) const {
  if (period_s_ > 0)
    t_s = std::fmod(t_s, period_s_);
  auto it = std::upper_bound(times_s_.begin(), times_s_.end(), t_s);
  // Before the first time the first value holds.
  const auto i = it == times_s_.begin() ? 0 : static_cast<std::size_t>(it - times_s_.begin()) - 1;
  return values_[i];
}

StepSeries Signal::over(double horizon_s) const {
  StepSeries s;
  s.set(0.0, value_at(0.0));
  const double period = period_s_ > 0 ? period_s_ : horizon_s + 1.0;
  for (double base = 0.0; base <= horizon_s; base += period) {
    for (std::size_t i = 0; i < times_s_.size(); ++i) {
      const double t = base + times_s_[i];
      if (t > horizon_s)
        break;
      if (t >= 0.0)
        s.set(t, values_[i]);
    }
    if (period_s_ <= 0)
      break;
  }
  return s;
}

double Signal::mean(double horizon_s) const {
  if (horizon_s <= 0)
    return value_at(0.0);
  return over(horizon_s).integral(0.0, horizon_s) / horizon_s;
}

} // namespace wattsim::models
