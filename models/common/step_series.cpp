#include "models/common/step_series.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace wattsim::models {

void StepSeries::set(double t_s, double value) {
  if (!times_.empty()) {
    if (t_s < times_.back())
      throw std::logic_error("StepSeries::set: time went backwards");
    if (t_s == times_.back()) {
      values_.back() = value;
      // Collapse a breakpoint that no longer changes anything.
      if (values_.size() >= 2 && values_[values_.size() - 2] == value) {
        times_.pop_back();
        values_.pop_back();
      }
      return;
    }
    if (values_.back() == value)
      return;
  }
  times_.push_back(t_s);
  values_.push_back(value);
}

double StepSeries::value_at(double t_s) const {
  auto it = std::upper_bound(times_.begin(), times_.end(), t_s);
  if (it == times_.begin())
    return 0.0;
  return values_[static_cast<std::size_t>(it - times_.begin()) - 1];
}

double StepSeries::integral(double t0_s, double t1_s) const {
  if (t1_s <= t0_s || times_.empty())
    return 0.0;
  auto it = std::upper_bound(times_.begin(), times_.end(), t0_s);
  std::size_t i = static_cast<std::size_t>(it - times_.begin());
  double t = t0_s;
  double sum = 0.0;
  double v = i == 0 ? 0.0 : values_[i - 1];
  for (; i < times_.size() && times_[i] < t1_s; ++i) {
    sum += v * (times_[i] - t);
    t = times_[i];
    v = values_[i];
  }
  sum += v * (t1_s - t);
  return sum;
}

std::size_t interval_count(double t0_s, double dt_s, double t_end_s) {
  if (t_end_s <= t0_s)
    return 0;
  auto n = static_cast<std::size_t>(std::ceil((t_end_s - t0_s) / dt_s - 1e-12));
  return std::max<std::size_t>(n, 1);
}

std::vector<double> StepSeries::interval_means(double t0_s, double dt_s, double t_end_s) const {
  if (dt_s <= 0)
    throw std::invalid_argument("StepSeries::interval_means: dt must be positive");
  const std::size_t n = interval_count(t0_s, dt_s, t_end_s);
  std::vector<double> means(n, 0.0);
  // One merged pass over the breakpoints and the grid: cost O(breakpoints + intervals).
  std::size_t i = static_cast<std::size_t>(std::upper_bound(times_.begin(), times_.end(), t0_s) - times_.begin());
  double v = i == 0 ? 0.0 : values_[i - 1];
  for (std::size_t k = 0; k < n; ++k) {
    const double a = t0_s + static_cast<double>(k) * dt_s;
    const double b = std::min(t0_s + static_cast<double>(k + 1) * dt_s, t_end_s);
    double t = a;
    double sum = 0.0;
    while (i < times_.size() && times_[i] < b) {
      sum += v * (times_[i] - t);
      t = times_[i];
      v = values_[i];
      ++i;
    }
    sum += v * (b - t);
    means[k] = sum / (b - a);
  }
  return means;
}

namespace {
template <class F> StepSeries combine(const StepSeries& a, const StepSeries& b, F f) {
  StepSeries out;
  const auto& ta = a.times();
  const auto& tb = b.times();
  std::size_t i = 0, j = 0;
  double va = 0.0, vb = 0.0;
  while (i < ta.size() || j < tb.size()) {
    double t;
    if (j >= tb.size() || (i < ta.size() && ta[i] <= tb[j]))
      t = ta[i];
    else
      t = tb[j];
    while (i < ta.size() && ta[i] == t)
      va = a.values()[i++];
    while (j < tb.size() && tb[j] == t)
      vb = b.values()[j++];
    out.set(t, f(va, vb));
  }
  return out;
}
} // namespace

StepSeries StepSeries::product(const StepSeries& a, const StepSeries& b) {
  return combine(a, b, [](double x, double y) { return x * y; });
}

StepSeries StepSeries::sum(const std::vector<StepSeries>& parts) {
  // Every breakpoint is a change (delta) of the sum; sort the changes by time and accumulate.
  std::vector<std::pair<double, double>> deltas;
  for (const auto& p : parts) {
    double prev = 0.0;
    for (std::size_t i = 0; i < p.times_.size(); ++i) {
      deltas.emplace_back(p.times_[i], p.values_[i] - prev);
      prev = p.values_[i];
    }
  }
  std::stable_sort(deltas.begin(), deltas.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  StepSeries out;
  double value = 0.0;
  for (std::size_t i = 0; i < deltas.size();) {
    const double t = deltas[i].first;
    for (; i < deltas.size() && deltas[i].first == t; ++i)
      value += deltas[i].second;
    out.set(t, value);
  }
  return out;
}

StepSeries StepSeries::linear(const StepSeries& a, double scale_a, const StepSeries& b, double scale_b) {
  return combine(a, b, [=](double x, double y) { return x * scale_a + y * scale_b; });
}

double StepSeries::max(double t0_s, double t1_s) const {
  double m = value_at(t0_s);
  auto it = std::upper_bound(times_.begin(), times_.end(), t0_s);
  for (auto i = static_cast<std::size_t>(it - times_.begin()); i < times_.size() && times_[i] < t1_s; ++i)
    m = std::max(m, values_[i]);
  return m;
}

} // namespace wattsim::models
