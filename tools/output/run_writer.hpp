#pragma once
// Writes a run's folder: summary.json, timeseries.csv, jobs.csv, optional rack_timeseries.csv and
// job_timeseries.csv, and manifest.json. Formats: docs/outputs/*.md.

#include "sim/result.hpp"
#include "tools/scenario/loader.hpp"

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

namespace wattsim::output {

struct RunInfo {
  double wall_s = 0;
  std::string command_line;
  std::string version;
  long peak_rss_kb = 0;
  bool summary_jobs = true; ///< write_run's returned summary carries the jobs array (summary.json always does)
};

/// The summary document (also printed by `wattsim run`).
nlohmann::json summary_json(const scenario::LoadedScenario& loaded, const sim::RunResult& result);

/// Writes every output file into a fresh folder and swaps it in place of `dir` (an older set there is
/// replaced as a whole); returns the summary it wrote (its jobs array as RunInfo::summary_jobs says), with
/// `files`, `job_count` and `jobs_completed` added for the caller.
nlohmann::json write_run(const std::filesystem::path& dir, const scenario::LoadedScenario& loaded,
                                   const sim::RunResult& result, const RunInfo& info);

} // namespace wattsim::output
