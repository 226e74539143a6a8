#pragma once
// Exact power accounting. Every node's draw is piecewise constant between events, so energy is the
// exact sum of power x dt. The total is integrated on every SimGrid clock advance; racks and jobs are
// integrated lazily, when their power changes, so the cost grows with state changes only.
// The ledger never samples: what it records are the step functions themselves.

#include "models/common/step_series.hpp"

#include <cstdint>
#include <vector>

namespace wattsim::sim {

/// A quantity integrated over time, updated only when its rate changes.
struct Accumulator {
  double rate = 0;     ///< current value (W)
  double integral = 0; ///< exact integral up to `since` (J)
  double since = 0;

  void advance(double now) {
    integral += rate * (now - since);
    since = now;
  }
  void add(double now, double delta) {
    advance(now);
    rate += delta;
  }
};

class PowerLedger {
public:
  struct Options {
    std::size_t nodes = 0;
    std::vector<std::uint32_t> rack_of_node;
    std::size_t racks = 0;
    std::size_t jobs = 0;
    bool rack_traces = false;
    bool job_traces = false;
  };
  explicit PowerLedger(Options options);

  /// A constant IT load outside the nodes (storage, network), from t = 0.
  void add_fixed_load(double power_w);

  /// Sets a node's draw and owner (job index, or -1). Call within a batch; the totals, racks and jobs
  /// are brought up to date by end_batch().
  void set_node(std::size_t node, double power_w, int job, double now);
  /// Records the step series after a batch of set_node calls at time `now`.
  void end_batch(double now);
  /// Integrates the total to `now` (hooked on SimGrid's clock advance).
  void advance(double now) { total_.advance(now); }
  /// Integrates everything to `t_end`.
  void finish(double t_end);

  [[nodiscard]] double total_power_w() const { return total_.rate; }
  [[nodiscard]] double total_energy_j() const { return total_.integral; }
  [[nodiscard]] double rack_energy_j(std::size_t r) const { return racks_[r].integral; }
  [[nodiscard]] double job_energy_j(std::size_t j) const { return jobs_[j].integral; }
  /// A job's energy up to `now` without touching its accumulator (phase bookkeeping reads it often).
  [[nodiscard]] double job_energy_at(std::size_t j, double now) const {
    return jobs_[j].integral + jobs_[j].rate * (now - jobs_[j].since);
  }
  [[nodiscard]] double job_power_w(std::size_t j) const { return jobs_[j].rate; }
  [[nodiscard]] double node_power_w(std::size_t n) const { return node_power_[n]; }

  [[nodiscard]] const models::StepSeries& total_series() const { return total_series_; }
  [[nodiscard]] const std::vector<models::StepSeries>& rack_series() const { return rack_series_; }
  [[nodiscard]] const std::vector<models::StepSeries>& job_series() const { return job_series_; }
  [[nodiscard]] std::size_t racks() const { return racks_.size(); }

private:
  static constexpr std::uint32_t kNone = 0xffffffffu;
  void job_delta(int job, double delta, int count);
  void flush_rack();
  void flush_job();

  double now_ = 0;
  double batch_delta_ = 0;
  std::uint32_t pending_rack_ = kNone;
  double pending_rack_delta_ = 0;
  int pending_job_ = -1;
  double pending_job_delta_ = 0;
  int pending_job_count_ = 0;
  std::vector<double> node_power_;
  std::vector<int> node_job_;
  std::vector<std::uint32_t> rack_of_;
  std::vector<Accumulator> racks_;
  std::vector<Accumulator> jobs_;
  std::vector<int> job_nodes_;
  Accumulator total_;
  models::StepSeries total_series_;
  std::vector<models::StepSeries> rack_series_;
  std::vector<models::StepSeries> job_series_;
  std::vector<std::uint32_t> dirty_racks_;
  std::vector<char> rack_dirty_;
  std::vector<std::uint32_t> dirty_jobs_;
  std::vector<char> job_dirty_;
};

} // namespace wattsim::sim
