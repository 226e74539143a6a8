// The wattsim command line. Exit codes: 0 success, 2 bad input, 1 internal error
// (validate: 3 when a published figure is missed).

#include "tools/scenario/config_tree.hpp"
#include "tools/wattsim/commands.hpp"

#include <CLI/CLI.hpp>
#include <sstream>
#include <fmt/format.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

using namespace wattsim::tools;

namespace {
void add_scenario_options(CLI::App* cmd, CommonOptions& c) {
  // One value per flag (repeat the flag for more), so a scenario list after them is not swallowed.
  cmd->add_option("--set", c.overrides, "Override one key: key.path=value (repeatable)")->type_name("KEY=VALUE")->allow_extra_args(false);
  cmd->add_option("--catalog", c.catalogs, "Extra hardware catalog file (repeatable)")->type_name("FILE")->allow_extra_args(false);
}
} // namespace

int main(int argc, char** argv) {
  CLI::App app{"wattsim: discrete-event datacenter power simulation (SimGrid)"};
  app.set_version_flag("--version", std::string("wattsim ") + WATTSIM_VERSION);
  app.require_subcommand(1);
  app.fallthrough(); // -v and -q also after the subcommand
  CommonOptions common;
  app.add_flag("-v,--verbose", common.verbosity, "More logging (-vv: SimGrid's own too)");
  app.add_flag("-q,--quiet", common.quiet, "Only warnings and errors");

  std::string scenario_path, out_dir, entry;
  std::vector<std::string> scenario_paths;
  bool all_sources = false, markdown = false;

  auto* run = app.add_subcommand("run", "Simulate a scenario and write its outputs");
  run->add_option("scenario", scenario_path, "Scenario file (YAML)")->required()->type_name("SCENARIO");
  run->add_option("-o,--output", out_dir, "Output folder (default: results/<scenario name>)")->type_name("DIR");
  add_scenario_options(run, common);

  auto* check = app.add_subcommand("check", "Validate a scenario without running it");
  check->add_option("scenario", scenario_path, "Scenario file (YAML)")->required()->type_name("SCENARIO");
  add_scenario_options(check, common);

  auto* catalog = app.add_subcommand("catalog", "List the hardware catalog, or show one entry with its sources");
  catalog->add_option("name", entry, "Entry to show")->type_name("NAME");
  catalog->add_flag("--sources", all_sources, "Print the source of every number");
  catalog->add_option("--catalog", common.catalogs, "Extra hardware catalog file (repeatable)")->type_name("FILE")->allow_extra_args(false);

  auto* validate = app.add_subcommand("validate", "Run validation scenarios and compare with their published figures");
  validate->add_option("scenarios", scenario_paths, "Scenario files with a validation: section")
      ->required()
      ->type_name("SCENARIO...");
  validate->add_flag("--markdown", markdown, "Print the table as Markdown (for docs/validation.md)");
  add_scenario_options(validate, common);

  int compare_jobs = 0;
  auto* compare = app.add_subcommand("compare", "Run designs under the same workload and seed, side by side");
  compare->add_option("scenarios", scenario_paths, "Scenario files; the first is the baseline")
      ->required()
      ->type_name("A.yaml B.yaml...");
  compare->add_option("-o,--output", out_dir, "Output folder (default: results/compare-<names>)")->type_name("DIR");
  compare->add_option("-j,--jobs", compare_jobs, "Runs at once (default: one per core)");
  int compare_seeds = 1;
  compare->add_option("--seeds", compare_seeds, "Runs per scenario (seeds: the first scenario's, +1, ...); mean ± spread")
      ->check(CLI::Range(1, 10000));
  add_scenario_options(compare, common);

  SweepOptions sweep;
  std::string sweep_keys;
  auto* sweep_cmd = app.add_subcommand("sweep", "Run a scenario over parameter values and seeds, on all cores");
  sweep_cmd->add_option("scenario", scenario_path, "Scenario file (YAML)")->required()->type_name("SCENARIO");
  sweep_cmd->add_option("--vary", sweep.vary, "An axis: key.path=v1,v2,... (repeatable; axes are crossed)")
      ->type_name("KEY=V1,V2")
      ->allow_extra_args(false);
  sweep_cmd->add_option("--seeds", sweep.seeds, "Runs per variant (seeds scenario.seed, +1, ...)")->check(CLI::Range(1, 1000000));
  sweep_cmd->add_option("--keys", sweep_keys, "Summary keys to tabulate, comma-separated (dotted paths)")->type_name("K1,K2");
  sweep_cmd->add_option("-o,--output", sweep.out_dir, "Output folder (default: results/<scenario name>-sweep)")
      ->type_name("DIR");
  sweep_cmd->add_option("-j,--jobs", sweep.parallel, "Runs at once (default: one per core)");
  sweep_cmd->add_flag("--keep-outputs", sweep.keep_outputs, "Keep every run's output folder (run-0000/, ...)");
  add_scenario_options(sweep_cmd, common);

  std::string report_dir;
  auto* report = app.add_subcommand("report", "HTML page and PNG/SVG figures of a run, comparison or sweep folder");
  report->add_option("dir", report_dir, "Output folder of wattsim run, compare or sweep")->required()->type_name("DIR");
  report->add_option("-o,--output", out_dir, "Where the page and figures go (default: DIR/report)")->type_name("DIR");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? kExitOk : kExitBadInput;
  }
  // Warnings and logs go to stderr: stdout carries the tables, which scripts may read.
  spdlog::set_default_logger(spdlog::stderr_color_mt("wattsim"));
  spdlog::set_pattern("%^%l%$: %v");
  spdlog::set_level(common.quiet ? spdlog::level::warn
                    : common.verbosity > 0 ? spdlog::level::debug
                                           : spdlog::level::info);
  for (int i = 0; i < argc; ++i)
    common.command_line += (i ? " " : "") + std::string(argv[i]);

  try {
    if (*run)
      return cmd_run(scenario_path, out_dir, common);
    if (*check)
      return cmd_check(scenario_path, common);
    if (*catalog)
      return cmd_catalog(entry, all_sources, common);
    if (*validate)
      return cmd_validate(scenario_paths, markdown, common);
    if (*compare)
      return cmd_compare(scenario_paths, out_dir, compare_jobs, compare_seeds, common);
    if (*report)
      return cmd_report(report_dir, out_dir, common);
    if (*sweep_cmd) {
      std::stringstream ss(sweep_keys);
      for (std::string k; std::getline(ss, k, ',');)
        if (!k.empty())
          sweep.keys.push_back(k);
      return cmd_sweep(scenario_path, sweep, common);
    }
  } catch (const wattsim::scenario::InputError& e) {
    fmt::print(stderr, "error: {}\n", e.what());
    return kExitBadInput;
  } catch (const UsageError& e) {
    fmt::print(stderr, "error: {}\n", e.what());
    return kExitBadInput;
  } catch (const std::exception& e) {
    fmt::print(stderr, "internal error: {}\n", e.what());
    return kExitInternal;
  }
  return kExitOk;
}
