#pragma once
// One inference service (a pool of identical replicas) over one interval: the function the engine calls
// once per service per interval. Pure and allocation-free; the engine carries the backlog between calls.
// Equations: docs/models/inference.md ("Service interval").
//
//   served               min(arrivals + backlog, capacity x duration); the rest is the new backlog
//   per-replica demand   d = served x mean output tokens / (duration x serving replicas)
//   operating point      continuous_batching.hpp
//   TPOT                 step time at the mean batch (p50) and at the p99 batch (Poisson occupancy of the
//                        batch slots: B + 2.326 sqrt(B), capped at B_max)
//   TTFT                 queue wait + prefill time (prompt tokens x prefill time per token); the wait is
//                        M/G/c per replica (latency.hpp, c = max batch, service time = output tokens x TPOT)
//                        without a backlog, the fluid backlog's drain time with one
//   SLO attainment       share of the interval's requests with TTFT <= slo.ttft and TPOT <= slo.tpot

#include "models/inference/continuous_batching.hpp"
#include "models/inference/latency.hpp"
#include "models/inference/token_lengths.hpp"

#include <optional>
#include <string>

namespace wattsim::models::inference {

struct ServiceLevelObjective {
  double ttft_s = 0; ///< 0 = no TTFT objective
  double tpot_s = 0; ///< 0 = no TPOT objective
};

/// Everything about a service that does not change between intervals (built once by the engine).
struct ServiceConfig {
  PerformanceCurve curve;
  BatchingConfig batching;
  double prefill_s_per_token = 0; ///< prompt processing time per prompt token on one replica (prefill_time.hpp)
  ServiceLevelObjective slo;
};

struct IntervalInput {
  double duration_s = 60;
  double arrivals = 0;          ///< requests arriving in the interval (a Poisson draw or a trace count)
  TokenLengths prompt;          ///< prompt tokens per request
  TokenLengths output;          ///< output tokens per request
  int serving_replicas = 0;
  double backlog_requests = 0;  ///< queued at the start (the previous interval's backlog_requests)
};

struct IntervalResult {
  ReplicaOperatingPoint replica;   ///< each serving replica (all identical)
  double requests_served = 0;      ///< requests whose output was produced in the interval
  double output_tokens = 0;        ///< whole service
  double prompt_tokens = 0;        ///< whole service
  double gpu_energy_j = 0;         ///< serving replicas' GPUs over the interval
  double backlog_requests = 0;     ///< queued at the end, to pass to the next interval
  double ttft_p50_s = 0, ttft_p99_s = 0;
  double tpot_p50_s = 0, tpot_p99_s = 0;
  double slo_attainment = 1;       ///< share of this interval's requests meeting the SLO (1 without SLO)
  /// Autoscaler inputs (AutoscalerObservation): the offered load (arrivals + backlog over the interval) in
  /// replicas' worth of capacity at max batch, which exceeds the serving replicas under overload; and the
  /// requests in the system (running + queued at the end).
  double demand_replicas = 0;
  double requests_in_system = 0;
  unsigned warnings = kNoWarning;
};

/// Why the service cannot run: batching_problem(), a negative or non-finite prefill time per token or SLO.
/// Names the setting; nullopt when evaluate_interval() has an answer for every valid input.
std::optional<std::string> service_problem(const ServiceConfig& s);

/// With serving_replicas = 0 every arrival joins the backlog and latencies are reported as infinity.
/// Throws OutOfTable as replica_operating_point() does; std::invalid_argument on a negative input.
IntervalResult evaluate_interval(const ServiceConfig& s, const IntervalInput& in);

} // namespace wattsim::models::inference
