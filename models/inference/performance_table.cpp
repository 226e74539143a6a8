#include "models/inference/performance_table.hpp"

#include <cmath>
#include <fmt/format.h>

namespace wattsim::models::inference {

std::string_view to_string(ServingPhase p) {
  switch (p) {
  case ServingPhase::mixed:
    return "mixed";
  case ServingPhase::prefill:
    return "prefill";
  case ServingPhase::decode:
    return "decode";
  }
  return "mixed";
}

const PerformanceTable* find_performance_table(std::string_view model, std::string_view accelerator,
                                               const ReplicaLayout& layout) {
  for (const auto& t : builtin_performance_tables())
    if (t.model == model && t.accelerator == accelerator && t.layout == layout)
      return &t;
  return nullptr;
}

std::optional<std::string> table_problem(const PerformanceTable& t) {
  const std::string name = fmt::format("performance table {} on {} (tp {}, pp {})", t.model, t.accelerator,
                                       t.layout.tensor_parallel, t.layout.pipeline_parallel);
  if (t.rows.size() < 2)
    return name + ": needs at least two rows (batch sizes) to interpolate";
  for (std::size_t i = 0; i < t.rows.size(); ++i) {
    const auto& r = t.rows[i];
    auto bad = [&](const char* what) { return fmt::format("{}, row {} (batch {}): {}", name, i + 1, r.batch, what); };
    if (!(r.batch >= 1) || !std::isfinite(r.batch))
      return bad("batch must be >= 1");
    if (!(r.output_tokens_s > 0) || !std::isfinite(r.output_tokens_s))
      return bad("output_tokens_s must be > 0");
    if (!(r.gpu_power_w > 0) || !std::isfinite(r.gpu_power_w))
      return bad("gpu_power_w must be > 0");
    if (r.source.empty())
      return bad("every row needs its source");
    if (i > 0) {
      const auto& p = t.rows[i - 1];
      if (!(r.batch > p.batch))
        return bad("batch sizes must be strictly ascending");
      // A longer batch never makes a decode step shorter: t = B / X must not decrease.
      if (r.step_time_s() < p.step_time_s())
        return bad("step time (batch / throughput) decreases with batch");
      // Throughput must grow with the batch, or the inverse batch(throughput) is not unique.
      if (!(r.output_tokens_s > p.output_tokens_s))
        return bad("throughput must increase with batch");
    }
  }
  return std::nullopt;
}

} // namespace wattsim::models::inference
