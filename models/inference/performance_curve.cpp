#include "models/inference/performance_curve.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <limits>

namespace wattsim::models::inference {

PerformanceCurve PerformanceCurve::from_table(const PerformanceTable& t) {
  if (auto problem = table_problem(t))
    throw std::invalid_argument(*problem);
  if (t.rows.size() > kMaxRows)
    throw std::invalid_argument(fmt::format("performance table {} on {}: {} rows, at most {}", t.model,
                                            t.accelerator, t.rows.size(), kMaxRows));
  PerformanceCurve c;
  c.n_ = t.rows.size();
  for (std::size_t i = 0; i < c.n_; ++i)
    c.rows_[i] = {t.rows[i].batch, t.rows[i].step_time_s(), t.rows[i].gpu_power_w};
  return c;
}

PerformanceCurve PerformanceCurve::scaled(const PerformanceTable& t, const Replica& measured, const Replica& target) {
  for (const Replica* r : {&measured, &target})
    if (auto problem = replica_problem(*r))
      throw std::invalid_argument(*problem);
  PerformanceCurve c = from_table(t);
  // Roofline times of one decode step's two parts on each replica (per GPU: tensor/pipeline parallel
  // split weights and FLOPs evenly).
  auto weight_time = [](const Replica& r) { return r.weight_bytes_per_gpu() / r.accelerator.memory_bandwidth_bytes_s; };
  auto flop_time = [](const Replica& r) {
    return r.model.flops_per_token() / r.gpus() / replica_peak_flops_per_gpu(r);
  };
  const double alpha = weight_time(target) / weight_time(measured);
  const double beta = flop_time(target) / flop_time(measured);
  // One roofline split of the measured curve: the line through the first and last rows,
  // t = c0 + s B (c0 > 0 because throughput increases with batch, table_problem).
  const Node& lo = c.rows_[0];
  const Node& hi = c.rows_[c.n_ - 1];
  const double s = (hi.step_time_s - lo.step_time_s) / (hi.batch - lo.batch);
  const double c0 = lo.step_time_s - s * lo.batch;
  const auto& am = measured.accelerator;
  const auto& at = target.accelerator;
  for (std::size_t i = 0; i < c.n_; ++i) {
    Node& n = c.rows_[i];
    const double line = c0 + s * n.batch;
    n.step_time_s *= (alpha * c0 + beta * s * n.batch) / line;
    const double d = std::clamp((n.gpu_power_w / measured.gpus() - am.idle_power_w) / (am.tdp_w - am.idle_power_w), 0.0, 1.0);
    n.gpu_power_w = target.gpus() * (at.idle_power_w + d * (at.tdp_w - at.idle_power_w));
  }
  c.base_warnings_ = kScaledTable;
  return c;
}

CurvePoint PerformanceCurve::at(double batch, Extrapolation e) const {
  CurvePoint p;
  p.batch = batch;
  p.warnings = base_warnings_;
  if (!(batch > 0))
    throw std::invalid_argument(fmt::format("batch {} must be > 0", batch));
  std::size_t i = 0; // segment [i, i+1]
  if (batch < rows_[0].batch) {
    if (e == Extrapolation::refuse)
      throw OutOfTable(fmt::format("batch {:.3g} is below the smallest measured batch {:.3g}", batch, rows_[0].batch));
    p.warnings |= kBelowTable;
  } else if (batch > rows_[n_ - 1].batch) {
    if (e == Extrapolation::refuse)
      throw OutOfTable(fmt::format("batch {:.3g} is above the largest measured batch {:.3g}", batch, rows_[n_ - 1].batch));
    p.warnings |= kAboveTable;
    i = n_ - 2;
  } else {
    while (i + 2 < n_ && batch > rows_[i + 1].batch)
      ++i;
  }
  const Node& a = rows_[i];
  const Node& b = rows_[i + 1];
  const double slope = (b.step_time_s - a.step_time_s) / (b.batch - a.batch);
  // The segment's intercept is positive (throughput rises with batch), so t > 0 for every batch > 0.
  p.step_time_s = a.step_time_s + slope * (batch - a.batch);
  const double x = (std::log2(batch) - std::log2(a.batch)) / (std::log2(b.batch) - std::log2(a.batch));
  p.gpu_power_w = std::max(0.0, a.gpu_power_w + (b.gpu_power_w - a.gpu_power_w) * x);
  p.output_tokens_s = batch / p.step_time_s;
  p.compute_share = std::clamp(slope * batch / p.step_time_s, 0.0, 1.0);
  return p;
}

double PerformanceCurve::batch_for_throughput(double output_tokens_s) const {
  if (!(output_tokens_s > 0))
    return 0;
  // X(B) = B / t(B) rises with B; find the segment whose end throughputs bracket the demand (the end
  // segments are continued outside the table), then solve B = X (c + s B) in closed form.
  std::size_t i = 0;
  while (i + 2 < n_ && output_tokens_s > rows_[i + 1].batch / rows_[i + 1].step_time_s)
    ++i;
  const Node& a = rows_[i];
  const Node& b = rows_[i + 1];
  const double s = (b.step_time_s - a.step_time_s) / (b.batch - a.batch);
  const double c = a.step_time_s - s * a.batch;
  const double denom = 1.0 - output_tokens_s * s;
  if (denom <= 0) // beyond the asymptote 1/s: no batch reaches it
    return std::numeric_limits<double>::infinity();
  return output_tokens_s * c / denom;
}

double PerformanceCurve::batch_for_step_time(double step_time_s) const {
  std::size_t i = 0;
  while (i + 2 < n_ && step_time_s > rows_[i + 1].step_time_s)
    ++i;
  const Node& a = rows_[i];
  const Node& b = rows_[i + 1];
  const double s = (b.step_time_s - a.step_time_s) / (b.batch - a.batch);
  if (s <= 0) // flat segment: every batch of it has the same step time
    return step_time_s >= a.step_time_s ? std::numeric_limits<double>::infinity() : 0.0;
  return std::max(0.0, a.batch + (step_time_s - a.step_time_s) / s);
}

} // namespace wattsim::models::inference
