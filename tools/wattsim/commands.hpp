#pragma once
// The subcommands of `wattsim`. Each returns the process exit code: 0 success, 2 bad input,
// 1 internal error (and, for validate, 3 when a published figure is missed).

#include "tools/scenario/loader.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace wattsim::tools {

inline constexpr int kExitOk = 0;
inline constexpr int kExitInternal = 1;
inline constexpr int kExitBadInput = 2;
inline constexpr int kExitValidationFailed = 3;

/// A command line that cannot work (an output folder that cannot be written, ...): exit code 2.
class UsageError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

/// Creates `dir` if needed and checks that files can be written in it, before any simulation runs.
void prepare_output_dir(const std::filesystem::path& dir);
/// Checks, before any simulation runs, that `dir` can be replaced as a whole by a run's or a
/// comparison's outputs (output::OutputFolder::check).
void prepare_replaced_output_dir(const std::filesystem::path& dir);

struct CommonOptions {
  std::vector<std::string> overrides; ///< --set
  std::vector<std::string> catalogs;  ///< --catalog
  int verbosity = 0;
  bool quiet = false;
  std::string command_line;

  [[nodiscard]] scenario::LoadOptions load_options() const { return {overrides, catalogs}; }
};

/// Runs one loaded scenario in this process (one simulation per process: call it in a child for more),
/// writes its output folder unless `out_dir` is empty, and returns the summary document (without its
/// jobs array when `summary_jobs` is false and a folder is written: `job_count` and `jobs_completed` say
/// what a caller printing totals needs).
nlohmann::json simulate(const scenario::LoadedScenario& loaded, const CommonOptions& options, const std::string& out_dir,
                        bool progress, bool summary_jobs = true);

int cmd_run(const std::string& scenario_path, const std::string& out_dir, const CommonOptions& options);
int cmd_check(const std::string& scenario_path, const CommonOptions& options);
int cmd_catalog(const std::string& entry, bool all_sources, const CommonOptions& options);
int cmd_validate(const std::vector<std::string>& scenario_paths, bool markdown, const CommonOptions& options);

/// The number at a dotted path of a summary ("carbon_kg", "jobs.0.interruptions.total"), if any. A
/// list item is named by its index or by its `name` ("jobs.llm-7b.energy_kwh").
std::optional<double> summary_value(const nlohmann::json& summary, const std::string& key);
/// Checks, before anything runs, that a summary key could name a value of this scenario: a job path
/// must name one of its jobs (by index or name). Throws UsageError (exit 2) otherwise.
void check_summary_key(const std::string& key, const sim::Scenario& scenario);

struct SweepOptions {
  int seeds = 0;                     ///< runs per variant, seeds scenario.seed, +1, ... (0: the sweep file's, or 1)
  std::vector<std::string> vary;     ///< "key=v1,v2,..." axes, crossed
  std::vector<std::string> keys;     ///< summary keys to tabulate (dotted paths)
  std::string out_dir;
  int parallel = 0;                  ///< 0: one per core
  bool keep_outputs = false;         ///< every run's output folder, not just the tables
};
/// `seeds` runs per scenario (the first scenario's seed, +1, ...): the table shows mean ± spread.
int cmd_compare(const std::vector<std::string>& scenario_paths, const std::string& out_dir, int parallel, int seeds,
                const CommonOptions& options);
int cmd_sweep(const std::string& scenario_path, const SweepOptions& sweep, const CommonOptions& options);
/// The HTML page and PNG/SVG figures of an output folder (run, comparison or sweep), in out_dir
/// (default DIR/report).
int cmd_report(const std::string& dir, const std::string& out_dir, const CommonOptions& options);

} // namespace wattsim::tools
