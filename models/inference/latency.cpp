#include "models/inference/latency.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace wattsim::models::inference {

double erlang_c(double servers, double offered_erlangs) {
  const double c = std::max(1.0, std::floor(servers));
  const double a = offered_erlangs;
  if (!(a > 0))
    return 0.0;
  if (a >= c)
    return 1.0;
  // Erlang B by the stable recurrence on its inverse, 1/B(k) = 1 + (k / a) / B(k-1) (multiply-adds
  // only), then C from B. Once 1/B passes 1e250 the probability of waiting is 0 in double precision.
  const double inv_a = 1.0 / a;
  double inv_b = 1.0;
  const auto n = static_cast<long>(c);
  for (long k = 1; k <= n; ++k) {
    inv_b = 1.0 + static_cast<double>(k) * inv_a * inv_b;
    if (inv_b > 1e250)
      return 0.0;
  }
  const double b = 1.0 / inv_b;
  return c * b / (c - a * (1.0 - b));
}

WaitEstimate mgc_wait(double servers, double arrival_rate_s, double mean_service_s, double service_cv2,
                      double arrival_cv2) {
  WaitEstimate w;
  const double c = std::max(1.0, std::floor(servers));
  const double a = arrival_rate_s * mean_service_s;
  if (a >= c) {
    w.p_wait = 1.0;
    w.mean_wait_s = w.mean_if_waiting_s = std::numeric_limits<double>::infinity();
    w.stable = false;
    return w;
  }
  w.p_wait = erlang_c(c, a);
  if (w.p_wait <= 0)
    return w;
  const double mmc_wait = w.p_wait * mean_service_s / (c - a);
  w.mean_wait_s = mmc_wait * 0.5 * (arrival_cv2 + service_cv2);
  w.mean_if_waiting_s = w.mean_wait_s / w.p_wait;
  return w;
}

double wait_cdf(const WaitEstimate& w, double t_s) {
  if (t_s < 0)
    return 0.0;
  if (!w.stable)
    return 0.0;
  if (w.p_wait <= 0 || w.mean_if_waiting_s <= 0)
    return 1.0;
  return 1.0 - w.p_wait * std::exp(-t_s / w.mean_if_waiting_s);
}

double wait_quantile_s(const WaitEstimate& w, double p) {
  if (!w.stable)
    return std::numeric_limits<double>::infinity();
  if (w.p_wait <= 1.0 - p || w.mean_if_waiting_s <= 0)
    return 0.0;
  return w.mean_if_waiting_s * std::log(w.p_wait / (1.0 - p));
}

} // namespace wattsim::models::inference
