#pragma once
// The interpolation rule between measured batch sizes, and the roofline rule that carries a measured
// table to another model size, accelerator or layout. Equations: docs/models/inference.md
// ("Interpolation rule", "Scaling to another model or accelerator").
//
//   step time   t(B) = a_i + b_i B      piecewise linear in the batch B between measured rows: the roofline
//                                       form of a decode step (a: reading the weights, b: per-sequence KV
//                                       reads and FLOPs), exact at every measured row
//   power       P(B) piecewise linear in log2 B between rows (power follows the doubling of the batch)
//   throughput  X(B) = B / t(B) output tokens/s;   energy per output token  e(B) = P(B) / X(B)
//
// Outside [first row, last row] the end segment is continued only with Extrapolation::allow, and every
// answer says so in its `warnings` bits; with Extrapolation::refuse such a query throws OutOfTable.
// Queries never allocate (the engine calls them once per service per interval).

#include "models/inference/performance_table.hpp"
#include "models/inference/served_model.hpp"

#include <array>
#include <cstddef>
#include <stdexcept>
#include <string>

namespace wattsim::models::inference {

enum class Extrapolation { refuse, allow };

/// Warning bits returned to the caller (never printed here).
enum Warning : unsigned {
  kNoWarning = 0,
  kBelowTable = 1u << 0,    ///< batch under the smallest measured batch: first segment continued
  kAboveTable = 1u << 1,    ///< batch over the largest measured batch: last segment continued
  kScaledTable = 1u << 2,   ///< the curve was carried to another model/accelerator/layout by the roofline rule
  kSaturated = 1u << 3,     ///< demand above the replica's capacity at its maximum batch: a queue builds
};

class OutOfTable : public std::out_of_range {
public:
  using std::out_of_range::out_of_range;
};

struct CurvePoint {
  double batch = 0;
  double step_time_s = 0;     ///< one decode step (one token for each running sequence)
  double output_tokens_s = 0; ///< replica throughput
  double gpu_power_w = 0;     ///< replica GPU power, all GPUs
  double compute_share = 0;   ///< b B / t(B): share of the step that grows with the batch (for power caps)
  unsigned warnings = kNoWarning;
  [[nodiscard]] double energy_per_output_token_j() const { return gpu_power_w / output_tokens_s; }
};

class PerformanceCurve {
public:
  /// Largest table the curve holds (rows); enough for every published sweep we know of.
  static constexpr std::size_t kMaxRows = 16;

  /// Throws std::invalid_argument naming the row when table_problem() finds one, or when it has more
  /// than kMaxRows rows.
  static PerformanceCurve from_table(const PerformanceTable& t);

  /// The roofline rule: the table measured on `measured` carried to `target`:
  ///   a' = a (W'/g'/BW') / (W/g/BW)         (weights per GPU over memory bandwidth)
  ///   b' = b (F'/g'/peak') / (F/g/peak)     (FLOPs per token per GPU over peak at the weight precision)
  ///   P'(B)/g' = idle' + d(B)(tdp' - idle'),  d(B) = (P(B)/g - idle)/(tdp - idle)  (same dynamic fraction)
  /// Every answer of the result carries kScaledTable. Throws std::invalid_argument on missing catalog numbers.
  static PerformanceCurve scaled(const PerformanceTable& t, const Replica& measured, const Replica& target);

  [[nodiscard]] double min_batch() const { return rows_[0].batch; }
  [[nodiscard]] double max_batch() const { return rows_[n_ - 1].batch; }
  [[nodiscard]] unsigned base_warnings() const { return base_warnings_; }

  /// The curve at `batch` (> 0). Throws OutOfTable outside the table under Extrapolation::refuse.
  [[nodiscard]] CurvePoint at(double batch, Extrapolation e) const;

  /// The batch at which the replica produces `output_tokens_s` (inverse of X(B) = B / t(B), increasing
  /// in B); may lie outside the table (then the caller decides). Returns 0 for a demand of 0.
  [[nodiscard]] double batch_for_throughput(double output_tokens_s) const;

  /// The batch whose decode step takes `step_time_s` (inverse of t(B), end segments continued); 0 when
  /// even the smallest batch is slower, +infinity when the curve never gets that slow.
  [[nodiscard]] double batch_for_step_time(double step_time_s) const;

private:
  struct Node {
    double batch = 0;
    double step_time_s = 0;
    double gpu_power_w = 0;
  };
  std::array<Node, kMaxRows> rows_{};
  std::size_t n_ = 0;
  unsigned base_warnings_ = kNoWarning;
};

} // namespace wattsim::models::inference
