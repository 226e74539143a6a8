#include "models/training/checkpoint_policy.hpp"

#include <cmath>
#include <stdexcept>

namespace wattsim::models {

namespace {
void check_positive(double save_s, double mtti_s) {
  if (!(save_s >= 0) || !(mtti_s > 0))
    throw std::invalid_argument("checkpoint interval: need save time >= 0 and MTTI > 0");
}
} // namespace

double young_interval_s(double save_s, double mtti_s) {
  check_positive(save_s, mtti_s);
  if (std::isinf(mtti_s)) // no interruptions: never checkpoint (sqrt(0 x inf) would be NaN)
    return mtti_s;
  return std::sqrt(2.0 * save_s * mtti_s);
}

double daly_interval_s(double save_s, double mtti_s) {
  check_positive(save_s, mtti_s);
  if (std::isinf(mtti_s))
    return mtti_s;
  if (save_s >= 2.0 * mtti_s)
    return mtti_s;
  const double x = save_s / (2.0 * mtti_s);
  return std::sqrt(2.0 * save_s * mtti_s) * (1.0 + std::sqrt(x) / 3.0 + x / 9.0) - save_s;
}

double daly_expected_wall_time_s(double work_s, double interval_s, double save_s, double restart_s, double mtti_s) {
  check_positive(save_s, mtti_s);
  if (!(interval_s > 0) || !(restart_s >= 0) || !(work_s >= 0))
    throw std::invalid_argument("daly_expected_wall_time_s: need interval > 0, restart >= 0, work >= 0");
  // expm1 keeps precision when (tau + delta) << M.
  return mtti_s * std::exp(restart_s / mtti_s) * std::expm1((interval_s + save_s) / mtti_s) * work_s / interval_s;
}

double daly_overhead_fraction(double interval_s, double save_s, double restart_s, double mtti_s) {
  return daly_expected_wall_time_s(1.0, interval_s, save_s, restart_s, mtti_s) - 1.0;
}

double daly_useful_fraction(double interval_s, double save_s, double restart_s, double mtti_s) {
  return 1.0 / daly_expected_wall_time_s(1.0, interval_s, save_s, restart_s, mtti_s);
}

double daly_exact_optimum_interval_s(double save_s, double mtti_s) {
  check_positive(save_s, mtti_s);
  if (save_s == 0)
    return 0;
  // d/dtau [(e^((tau+delta)/M) - 1) / tau] = 0  <=>  g(tau) = e^((tau+delta)/M) (tau/M - 1) + 1 = 0.
  // g(0) = 1 - e^(delta/M) < 0 and g(M) = 1 > 0, and g is increasing on (0, M): bisection.
  const auto g = [&](double tau) { return std::exp((tau + save_s) / mtti_s) * (tau / mtti_s - 1.0) + 1.0; };
  double lo = 0, hi = mtti_s;
  for (int i = 0; i < 200 && hi - lo > 1e-12 * mtti_s; ++i) {
    const double mid = 0.5 * (lo + hi);
    (g(mid) < 0 ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}

CheckpointPolicy CheckpointPolicy::fixed(double interval_s) {
  if (!(interval_s > 0))
    throw std::invalid_argument("fixed checkpoint interval must be > 0");
  return {CheckpointPolicyKind::fixed_interval, interval_s};
}

double CheckpointPolicy::interval_s(double save_s, double mtti_s) const {
  switch (kind) {
  case CheckpointPolicyKind::none: return std::numeric_limits<double>::infinity();
  case CheckpointPolicyKind::fixed_interval: return fixed_interval_s;
  case CheckpointPolicyKind::young: return young_interval_s(save_s, mtti_s);
  case CheckpointPolicyKind::daly: return daly_interval_s(save_s, mtti_s);
  }
  return std::numeric_limits<double>::infinity();
}

} // namespace wattsim::models
