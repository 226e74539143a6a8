#include "models/inference/prefill_pool.hpp"

#include "models/inference/latency.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <stdexcept>

namespace wattsim::models::inference {

std::optional<std::string> prefill_pool_problem(const PrefillPoolConfig& c) {
  if (c.replicas < 1)
    return fmt::format("a prefill pool needs at least one replica (got {})", c.replicas);
  if (!(c.s_per_token > 0) || !std::isfinite(c.s_per_token))
    return fmt::format("prefill time per token {} s must be finite and > 0", c.s_per_token);
  if (!(c.idle_gpu_power_w >= 0) || !(c.busy_gpu_power_w >= c.idle_gpu_power_w) || !std::isfinite(c.busy_gpu_power_w))
    return fmt::format("prefill power: busy {} W must be finite and >= idle {} W >= 0", c.busy_gpu_power_w,
                       c.idle_gpu_power_w);
  if (c.gpus < 1)
    return fmt::format("GPUs per replica {} must be >= 1", c.gpus);
  return std::nullopt;
}

PrefillInterval evaluate_prefill(const PrefillPoolConfig& c, double duration_s, double arrivals, double backlog,
                                 const TokenLengths& prompt) {
  auto finite_ge = [](double v, double lo) { return std::isfinite(v) && v >= lo; };
  if (!finite_ge(duration_s, 0) || duration_s == 0 || !finite_ge(arrivals, 0) || !finite_ge(backlog, 0) ||
      !finite_ge(prompt.mean, 0))
    throw std::invalid_argument(fmt::format("prefill interval: duration {} s, arrivals {}, backlog {}, prompt {} "
                                            "must be finite and >= 0 (duration > 0)",
                                            duration_s, arrivals, backlog, prompt.mean));
  if (auto problem = prefill_pool_problem(c))
    throw std::invalid_argument(*problem);
  PrefillInterval r;
  const auto capped = apply_power_cap(c.busy_gpu_power_w / c.gpus, 1.0, c.cap, c.k_prefill);
  r.speed = capped.speed;
  const double busy_w = capped.power_per_gpu_w * c.gpus;
  const double t_tok = c.s_per_token / r.speed;
  const double mean_s = std::max(prompt.mean, 1.0) * t_tok;
  const double n = c.replicas;
  const double mu = n / mean_s; // requests per second the pool processes at most
  const double to_do = arrivals + backlog;
  r.processed = std::min(to_do, mu * duration_s);
  r.backlog_requests = to_do - r.processed;
  r.utilization = std::min(1.0, r.processed * mean_s / (n * duration_s));
  r.replica_gpu_power_w = c.idle_gpu_power_w + r.utilization * (busy_w - c.idle_gpu_power_w);
  r.prefill_p50_s = prompt.quantile(0.5) * t_tok;
  r.prefill_p99_s = prompt.quantile(0.99) * t_tok;
  r.s_per_token = t_tok;
  r.prompt = prompt;
  r.capacity_rps = mu;
  r.backlog_start = backlog;
  r.backlogged = backlog > 0 || r.backlog_requests > 0;
  if (r.backlogged) {
    // Fluid drain of the queue: the mean and the largest backlog over the pool's rate.
    r.wait_p50_s = 0.5 * (backlog + r.backlog_requests) / mu;
    r.wait_p99_s = std::max(backlog, r.backlog_requests) / mu;
  } else {
    r.wait = mgc_wait(n, arrivals / duration_s, mean_s, prompt.cv2());
    r.wait_p50_s = wait_quantile_s(r.wait, 0.5);
    r.wait_p99_s = wait_quantile_s(r.wait, 0.99);
  }
  return r;
}

double prefill_share_within(const PrefillInterval& r, double budget_s) {
  constexpr int kBins = 10;
  double share = 0;
  for (int i = 0; i < kBins; ++i) {
    const double left = budget_s - r.prompt.quantile((i + 0.5) / kBins) * r.s_per_token; // time left to wait
    if (left < 0)
      continue;
    if (!r.backlogged) {
      share += wait_cdf(r.wait, left);
    } else {
      // Fluid queue: the backlog moves linearly from its start to its end and a request waits queue / mu,
      // so the share is the part of the ramp at or below the queue that still fits.
      const double q = left * r.capacity_rps;
      const double lo = std::min(r.backlog_start, r.backlog_requests), hi = std::max(r.backlog_start, r.backlog_requests);
      share += hi > lo ? std::clamp((q - lo) / (hi - lo), 0.0, 1.0) : (lo <= q ? 1.0 : 0.0);
    }
  }
  return share / kBins;
}

} // namespace wattsim::models::inference
