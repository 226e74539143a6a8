#pragma once
// The prompt pool of a disaggregated service (Patel et al. 2024, Splitwise, ISCA'24, arXiv:2311.18677):
// prefill runs on its own replicas and hands each request's KV cache to the decode (token) pool. One
// interval of the pool, evaluated per interval like the service (service.hpp), never per request.
// Equations: docs/models/inference.md ("Prefill/decode disaggregation").
//
//   service time      S = prompt tokens x t_tok / speed        (t_tok: prefill_time.hpp; speed: the cap)
//   capacity          mu = replicas / E[S]  requests/s; processed = min(arrivals + backlog, mu T)
//   utilisation       rho = processed E[S] / (replicas T)
//   replica GPU power P = idle + rho (min(P_busy, cap x gpus) - idle)
//   queue wait        M/G/c, c = replicas (latency.hpp), service CV^2 = the prompt lengths' CV^2;
//                     a backlog drains at mu (fluid: the mean and the largest backlog over mu)
//   cap               apply_power_cap with compute share 1: prefill is compute-bound, so a cap slows it
//                     by the accelerator's compute sensitivity (Splitwise Insight VI: prompt latency is
//                     highly sensitive to power caps)

#include "models/inference/latency.hpp"
#include "models/inference/power_cap.hpp"
#include "models/inference/token_lengths.hpp"

#include <optional>
#include <string>

namespace wattsim::models::inference {

struct PrefillPoolConfig {
  int replicas = 0;              ///< prompt replicas (fixed: the pool is sized for the peak)
  double s_per_token = 0;        ///< prefill time per prompt token on one replica, uncapped
  double busy_gpu_power_w = 0;   ///< replica GPU power while prefilling (compute-bound)
  double idle_gpu_power_w = 0;   ///< replica GPU power with weights loaded and nothing running
  int gpus = 1;                  ///< GPUs per replica (the cap is per GPU)
  PowerCap cap;
  double k_prefill = 0.8;        ///< AcceleratorSpec::cap_sensitivity_compute
};

struct PrefillInterval {
  double processed = 0;          ///< requests whose prompt was processed (handed to the decode pool)
  double backlog_requests = 0;   ///< prompts still queued at the end
  double utilization = 0;        ///< busy share of the pool's replica-time, in [0, 1]
  double replica_gpu_power_w = 0; ///< one replica's GPUs, mean over the interval
  double speed = 1;              ///< prefill speed under the cap (1: uncapped)
  double wait_p50_s = 0, wait_p99_s = 0;       ///< queueing before prefill
  double prefill_p50_s = 0, prefill_p99_s = 0; ///< prefill of the median and the p99 prompt
  // What prefill_share_within() needs: the queue (M/G/c, or a fluid backlog) and the prefill time per token.
  WaitEstimate wait;
  bool backlogged = false;
  double backlog_start = 0, capacity_rps = 0;
  double s_per_token = 0;      ///< after the cap
  TokenLengths prompt;
};

/// Share of the interval's requests whose prefill wait + prefill time is at most `budget_s` (the TTFT
/// objective less what the decode pool adds), over ten prompt-length bins as the service's SLO share.
double prefill_share_within(const PrefillInterval& r, double budget_s);

/// Why the pool cannot run: no replicas, a non-positive time per token, powers out of order.
std::optional<std::string> prefill_pool_problem(const PrefillPoolConfig& c);

/// `arrivals` and `backlog` in requests; std::invalid_argument on a negative or non-finite input.
PrefillInterval evaluate_prefill(const PrefillPoolConfig& c, double duration_s, double arrivals, double backlog,
                                 const TokenLengths& prompt);

} // namespace wattsim::models::inference
