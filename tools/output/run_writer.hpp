#pragma once
// Writes a run's folder: summary.json, timeseries.csv, jobs.csv, optional rack_timeseries.csv and
// job_timeseries.csv, and manifest.json. Formats: docs/outputs/*.md.

#include "sim/result.hpp"
#include "tools/scenario/loader.hpp"

#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

namespace wattsim::output {

/// When a run began, on the monotonic clock (for its wall time) and the calendar (for `started_at`).
struct RunStart {
  std::chrono::steady_clock::time_point steady = std::chrono::steady_clock::now();
  std::chrono::system_clock::time_point utc = std::chrono::system_clock::now();
};

struct RunInfo {
  RunStart started; ///< the manifest's wall time runs from here until every other output is written
  std::string command_line;
  std::string version;
  bool summary_jobs = true; ///< write_run's returned summary carries the jobs array (summary.json always does)
  nlohmann::json vs_fifo;   ///< the comparison with first come, first served (null: none; tools/output/vs_fifo.hpp)
};

/// The summary document (also printed by `wattsim run`).
nlohmann::json summary_json(const scenario::LoadedScenario& loaded, const sim::RunResult& result);

/// Writes every output file into a fresh folder and swaps it in place of `dir` (an older set there is
/// replaced as a whole); returns the summary it wrote (its jobs array as RunInfo::summary_jobs says), with
/// `files`, `job_count`, `jobs_completed` and `wall_time_s` added for the caller. The manifest is written
/// last: its wall time and peak memory are taken once every other file is written out and closed, so
/// they include the writing (docs/outputs/manifest.md).
nlohmann::json write_run(const std::filesystem::path& dir, const scenario::LoadedScenario& loaded,
                                   const sim::RunResult& result, const RunInfo& info);

} // namespace wattsim::output
