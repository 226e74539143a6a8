#pragma once
// Queueing approximations for the latency of a continuously batched replica. Each replica is an M/G/c
// queue whose c servers are its batch slots (max batch); a request holds a slot for its whole decode.
// Equations and sources: docs/models/inference.md ("Latency").
//
//   P(wait) = Erlang C(c, a),  a = lambda S  (Erlang 1917; stable recurrence through Erlang B)
//   E[W]    = P(wait) S / (c - a) x (Ca^2 + Cs^2) / 2   (Allen-Cunneen M/G/c approximation, Allen 1990;
//                                                       Ca^2 = 1 for Poisson arrivals)
//   P(W > t) = P(wait) exp(-t / E[W | W > 0])           (the M/M/c tail shape, kept for M/G/c)
// All functions are O(c) at most and allocation-free.

namespace wattsim::models::inference {

/// Erlang C: probability an arrival waits in M/M/c with `servers` (floored, >= 1) and offered load
/// `offered_erlangs` = lambda x mean service time. 1 when offered >= servers.
double erlang_c(double servers, double offered_erlangs);

struct WaitEstimate {
  double p_wait = 0;          ///< probability of waiting at all
  double mean_wait_s = 0;     ///< E[W]
  double mean_if_waiting_s = 0; ///< E[W | W > 0]
  bool stable = true;         ///< offered load below the number of servers
};

/// Allen-Cunneen M/G/c wait. Unstable (offered >= servers): p_wait 1, infinite means, stable = false.
WaitEstimate mgc_wait(double servers, double arrival_rate_s, double mean_service_s, double service_cv2,
                      double arrival_cv2 = 1.0);

/// P(W <= t).
double wait_cdf(const WaitEstimate& w, double t_s);
/// Smallest t with P(W <= t) >= p.
double wait_quantile_s(const WaitEstimate& w, double p);

} // namespace wattsim::models::inference
