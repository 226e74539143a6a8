#pragma once
// What a run produces, before it is written: exact step series, per-job records, totals, counters.

#include "models/common/step_series.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace wattsim::sim {

struct JobRecord {
  std::string name;
  std::string partition;
  int nodes = 0;
  int accelerators = 0;
  double submit_s = 0;
  double start_s = -1;    ///< -1: never started
  double end_s = -1;      ///< -1: not finished within the horizon
  double work_s = 0;      ///< failure-free run time at full throughput
  double progress = 0;    ///< share of the work done (1 when finished)
  double throughput = 1;  ///< speed relative to uncapped while training
  double energy_j = 0;    ///< energy of the job's nodes while allocated to it

  [[nodiscard]] bool started() const { return start_s >= 0; }
  [[nodiscard]] bool finished() const { return end_s >= 0; }
};

struct RunCounters {
  std::uint64_t time_advances = 0;      ///< SimGrid clock advances
  std::uint64_t state_changes = 0;      ///< batched power-state changes (job phases, boots, power-offs)
  std::uint64_t host_state_changes = 0; ///< individual host pstate / on-off changes inside them
  std::uint64_t scheduler_passes = 0;
  std::uint64_t actors = 0;             ///< actors created
  [[nodiscard]] std::uint64_t events() const { return time_advances + state_changes + scheduler_passes; }
};

struct RunResult {
  double simulated_s = 0;
  models::StepSeries it_power_w;
  models::StepSeries facility_power_w;
  models::StepSeries nodes_busy;
  models::StepSeries nodes_off;
  models::StepSeries jobs_running;
  models::StepSeries jobs_queued;
  std::vector<std::string> rack_names;
  std::vector<models::StepSeries> rack_power_w; ///< empty unless rack traces were asked for
  std::vector<double> rack_energy_j;
  std::vector<models::StepSeries> job_power_w;  ///< empty unless job traces were asked for
  std::vector<JobRecord> jobs;
  double it_energy_j = 0;        ///< from the ledger
  double simgrid_energy_j = 0;   ///< the same from SimGrid's host energy plugin (cross-check)
  double facility_energy_j = 0;
  std::size_t node_count = 0;
  std::size_t accelerator_count = 0;
  RunCounters counters;
};

} // namespace wattsim::sim
