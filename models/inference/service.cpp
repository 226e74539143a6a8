#include "models/inference/service.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <limits>
#include <stdexcept>

namespace wattsim::models::inference {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kZ99 = 2.3263478740408408; // standard normal 0.99 quantile

// Prompt quantiles at which the SLO share is averaged (midpoints of ten equal-probability bins).
constexpr int kPromptBins = 10;

// A fluid backlog over the interval: q(tau) = max(0, q0 + slope tau), drained at mu requests/s. The wait
// of an arrival at tau is q(tau) / mu; arrivals are spread evenly over the interval.
struct FluidQueue {
  double q0 = 0, slope = 0, duration_s = 0, mu = 0;

  [[nodiscard]] double quantile_s(double p) const {
    const double end = q0 + slope * duration_s;
    const double lo = std::min(q0, end);
    const double hi = std::max(q0, end);
    return std::max(0.0, lo + (hi - lo) * p) / mu;
  }
  [[nodiscard]] double cdf(double wait_s) const {
    if (wait_s < 0)
      return 0.0;
    const double q = wait_s * mu; // queue length that gives this wait
    if (slope == 0)
      return q0 <= q ? 1.0 : 0.0;
    const double tau = std::clamp((q - q0) / slope, 0.0, duration_s) / duration_s;
    return slope > 0 ? tau : 1.0 - tau;
  }
};

double normal_cdf(double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); }

void check_input(const IntervalInput& in) {
  auto bad = [](const char* what, double v) {
    return std::invalid_argument(fmt::format("inference interval: {} = {} is invalid", what, v));
  };
  if (!(in.duration_s > 0) || !std::isfinite(in.duration_s))
    throw bad("duration_s", in.duration_s);
  if (!(in.arrivals >= 0) || !std::isfinite(in.arrivals))
    throw bad("arrivals", in.arrivals);
  if (!(in.backlog_requests >= 0) || !std::isfinite(in.backlog_requests))
    throw bad("backlog_requests", in.backlog_requests);
  if (in.serving_replicas < 0)
    throw bad("serving_replicas", in.serving_replicas);
  auto lengths_ok = [](const TokenLengths& t) {
    return t.mean >= 0 && std::isfinite(t.mean) && t.cv >= 0 && std::isfinite(t.cv);
  };
  if (!lengths_ok(in.prompt))
    throw bad("prompt tokens (mean, cv)", in.prompt.mean);
  if (!lengths_ok(in.output))
    throw bad("output tokens (mean, cv)", in.output.mean);
}

} // namespace

std::optional<std::string> service_problem(const ServiceConfig& s) {
  if (auto problem = batching_problem(s.curve, s.batching))
    return problem;
  auto ok = [](double v) { return v >= 0 && std::isfinite(v); };
  if (!ok(s.prefill_s_per_token))
    return fmt::format("prefill time per token {} s must be finite and >= 0", s.prefill_s_per_token);
  if (!ok(s.slo.ttft_s) || !ok(s.slo.tpot_s))
    return fmt::format("SLO (TTFT {} s, TPOT {} s) must be finite and >= 0", s.slo.ttft_s, s.slo.tpot_s);
  return std::nullopt;
}

IntervalResult evaluate_interval(const ServiceConfig& s, const IntervalInput& in) {
  check_input(in);
  IntervalResult r;
  const double T = in.duration_s;
  const double to_serve = in.arrivals + in.backlog_requests;
  const bool slo = s.slo.ttft_s > 0 || s.slo.tpot_s > 0;
  if (in.serving_replicas == 0) {
    r.backlog_requests = to_serve;
    r.requests_in_system = to_serve;
    if (to_serve > 0) {
      r.ttft_p50_s = r.ttft_p99_s = r.tpot_p50_s = r.tpot_p99_s = kInf;
      r.slo_attainment = slo && in.arrivals > 0 ? 0.0 : 1.0;
      r.warnings = kSaturated;
    }
    return r;
  }
  const double n = in.serving_replicas;
  const double tokens_per_request = std::max(1.0, in.output.mean); // the first token at least

  // Capacity, then what is served: the backlog first, a fluid queue keeps the rest.
  const double capacity_tokens_s = replica_operating_point(s.curve, s.batching, 0.0).capacity_tokens_s;
  r.demand_replicas = to_serve * tokens_per_request / T / capacity_tokens_s;
  const double mu = n * capacity_tokens_s / tokens_per_request; // requests/s the service completes at most
  const double served = std::min(to_serve, mu * T);
  r.requests_served = served;
  r.backlog_requests = to_serve - served;
  r.output_tokens = served * tokens_per_request;
  r.prompt_tokens = served * in.prompt.mean;

  const double demand = served * tokens_per_request / (n * T);
  r.replica = replica_operating_point(s.curve, s.batching, demand);
  r.gpu_energy_j = r.replica.gpu_power_w * n * T;
  r.warnings = r.replica.warnings | (r.backlog_requests > 0 ? kSaturated : kNoWarning);
  r.requests_in_system = r.replica.batch * n + r.backlog_requests;
  if (to_serve <= 0)
    return r;

  // TPOT: the step at the mean batch, and at the 99th percentile of the Poisson occupancy of the slots.
  const double b = r.replica.batch;
  r.tpot_p50_s = r.replica.step_time_s;
  const double b99 = std::clamp(b + kZ99 * std::sqrt(b), 1.0, s.batching.max_batch);
  const CurvePoint p99 = s.curve.at(b99, s.batching.extrapolation);
  const CappedOperation cap99 =
      apply_power_cap(p99.gpu_power_w / s.batching.gpus, p99.compute_share, s.batching.cap, s.batching.k_prefill);
  r.tpot_p99_s = std::max(r.tpot_p50_s, p99.step_time_s / cap99.speed);

  // TTFT = queue wait + prefill of the prompt. Without a backlog: M/G/c per replica (c = max batch slots,
  // service = the request's whole decode). With one: the fluid queue's wait.
  auto prefill_s = [&](double p) { return in.prompt.quantile(p) * s.prefill_s_per_token; };
  const bool backlogged = in.backlog_requests > 0 || r.backlog_requests > 0;
  const WaitEstimate w =
      backlogged ? WaitEstimate{}
                 : mgc_wait(s.batching.max_batch, in.arrivals / T / n, tokens_per_request * r.tpot_p50_s,
                            in.output.cv2());
  const FluidQueue fq{in.backlog_requests, (in.arrivals - mu * T) / T, T, mu};
  auto wait_q = [&](double p) { return backlogged ? fq.quantile_s(p) : wait_quantile_s(w, p); };
  auto wait_p = [&](double t) { return backlogged ? fq.cdf(t) : wait_cdf(w, t); };
  // Quantiles of a sum taken as the sum of quantiles (wait and prompt length move together under load):
  // an upper bound, stated in docs/models/inference.md.
  r.ttft_p50_s = wait_q(0.5) + prefill_s(0.5);
  r.ttft_p99_s = wait_q(0.99) + prefill_s(0.99);

  double ttft_share = 1.0;
  if (s.slo.ttft_s > 0) {
    ttft_share = 0;
    for (int i = 0; i < kPromptBins; ++i)
      ttft_share += wait_p(s.slo.ttft_s - prefill_s((i + 0.5) / kPromptBins));
    ttft_share /= kPromptBins;
  }
  double tpot_share = 1.0;
  if (s.slo.tpot_s > 0) {
    // Requests see the step time of the batch running with them: P(t(B_occ) / speed <= slo), with the
    // occupancy Normal(B, sqrt B) and the cap's speed at the mean batch.
    const double speed = r.replica.step_time_s > 0 ? s.curve.at(std::max(b, 1.0), s.batching.extrapolation).step_time_s /
                                                         r.replica.step_time_s
                                                   : 1.0;
    const double b_star = s.curve.batch_for_step_time(s.slo.tpot_s * speed);
    if (b < 1)
      tpot_share = r.replica.step_time_s <= s.slo.tpot_s ? 1.0 : 0.0;
    else
      tpot_share = std::isinf(b_star) ? 1.0 : normal_cdf((b_star - b) / std::sqrt(b));
  }
  r.slo_attainment = ttft_share * tpot_share;
  return r;
}

} // namespace wattsim::models::inference
