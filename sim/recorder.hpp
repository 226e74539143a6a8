#pragma once
// Turns a run's exact step series into what users read: totals (energy, carbon, cost, peaks) and
// traces resampled to the output resolution, each row the mean over its interval, so the trace
// integrates back to the totals exactly. Pure post-processing, no SimGrid.

#include "sim/result.hpp"
#include "sim/scenario.hpp"

#include <string>
#include <vector>

namespace wattsim::sim {

struct Totals {
  double simulated_s = 0;
  double it_energy_j = 0;
  double facility_energy_j = 0;
  double carbon_kg = 0;
  double cost = 0;
  double peak_it_w = 0;
  double peak_facility_w = 0;
  double mean_carbon_kg_per_j = 0; ///< energy-weighted
  double mean_price_per_j = 0;     ///< energy-weighted
  [[nodiscard]] double pue() const { return it_energy_j > 0 ? facility_energy_j / it_energy_j : 0.0; }
};

Totals compute_totals(const Scenario& scenario, const RunResult& result);

/// Columns sampled on a common grid: column i holds the interval means of series i.
struct Trace {
  double t0_s = 0;
  double dt_s = 0;
  double t_end_s = 0;
  std::vector<std::string> names;
  std::vector<std::vector<double>> columns;
  [[nodiscard]] std::size_t rows() const { return columns.empty() ? 0 : columns.front().size(); }
  [[nodiscard]] double row_start(std::size_t k) const { return t0_s + static_cast<double>(k) * dt_s; }
  [[nodiscard]] double row_length(std::size_t k) const;
};

/// The facility-level trace: time_s plus it_kw, facility_kw, pue, carbon and price, node and job
/// counts, GPUs by use. Column units are in the names (docs/outputs/timeseries.md).
Trace facility_trace(const Scenario& scenario, const RunResult& result);

/// GPUs training under thermal throttling, over time (0 without a plant).
models::StepSeries throttled_gpus(const RunResult& result);

/// Steps and ramps of facility power: what a grid operator sees of checkpoints, failures and job
/// starts. The engine's power is piecewise constant, so a step is instantaneous; ramps are reported
/// over the 1 s and 1 min windows grid codes use.
struct PowerSwings {
  double largest_step_w = 0;  ///< largest |change| at one instant
  double largest_rise_w = 0;
  double largest_drop_w = 0;
  double max_ramp_1s_w_per_s = 0;   ///< largest change of 1-s mean power between adjacent seconds, per second
  double max_ramp_1min_w_per_s = 0; ///< same over 1-minute windows
  std::vector<double> bin_edges_w;  ///< histogram of |step| sizes: [edge_i, edge_i+1)
  std::vector<std::size_t> counts;
  std::size_t steps = 0;
};
PowerSwings power_swings(const models::StepSeries& power_w, double t_end_s);

/// The iteration-resolution window: facility-level IT power with the chosen job's compute /
/// communication alternation rendered at sub-second resolution.
struct IterationTrace {
  double start_s = 0;
  double resolution_s = 0;
  std::vector<double> it_w;
  std::vector<double> facility_w;  ///< IT plus the facility's overhead at that moment
  double iteration_period_s = 0;
  double compute_fraction = 0;
  double compute_node_w = 0;       ///< one node in the compute phase
  double communication_node_w = 0; ///< one node in the communication phase
  double dominant_frequency_hz = 0;
  int training_nodes = 0;          ///< nodes of the job training in the window (0: it was not)
};
IterationTrace iteration_trace(const Scenario& scenario, const RunResult& result);

} // namespace wattsim::sim
