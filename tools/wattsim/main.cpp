// The wattsim command: run, check, catalog. Exit codes: 0 success, 2 bad input, 1 internal error.

#include "sim/recorder.hpp"
#include "sim/simulation.hpp"
#include "sim/training_run.hpp"
#include "tools/output/run_writer.hpp"
#include "tools/scenario/catalog_loader.hpp"
#include "tools/scenario/loader.hpp"
#include "tools/scenario/reader.hpp"
#include "tools/wattsim/progress.hpp"

#include <CLI/CLI.hpp>
#include <chrono>
#include <fmt/format.h>
#include <iostream>
#include <spdlog/spdlog.h>
#include <sys/resource.h>

namespace {

using namespace wattsim;

constexpr int kExitOk = 0;
constexpr int kExitInternal = 1;
constexpr int kExitBadInput = 2;

struct Common {
  std::vector<std::string> overrides;
  std::vector<std::string> catalogs;
  int verbosity = 0;
  bool quiet = false;
};

void add_scenario_options(CLI::App* cmd, Common& c) {
  cmd->add_option("--set", c.overrides, "Override one key: key.path=value (repeatable)")->type_name("KEY=VALUE");
  cmd->add_option("--catalog", c.catalogs, "Extra hardware catalog file (repeatable)")->type_name("FILE");
}

std::string energy_text(double kwh) {
  if (kwh >= 1e6)
    return fmt::format("{:.3f} GWh", kwh / 1e6);
  if (kwh >= 1e3)
    return fmt::format("{:.2f} MWh", kwh / 1e3);
  return fmt::format("{:.1f} kWh", kwh);
}

std::string power_text(double kw) {
  if (kw >= 1e3)
    return fmt::format("{:.2f} MW", kw / 1e3);
  return fmt::format("{:.1f} kW", kw);
}

std::string duration_text(double s) {
  if (s >= 2 * 86400)
    return fmt::format("{:.2f} d", s / 86400);
  if (s >= 2 * 3600)
    return fmt::format("{:.2f} h", s / 3600);
  return fmt::format("{:.0f} s", s);
}

long peak_rss_kb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;
}

int cmd_run(const std::string& path, const std::string& out_dir_arg, const Common& c, const std::string& command_line,
            const std::vector<std::string>& simgrid_cfg) {
  const auto wall0 = std::chrono::steady_clock::now();
  auto loaded = scenario::load_scenario(path, {c.overrides, c.catalogs});
  const std::string out_dir = out_dir_arg.empty() ? "results/" + loaded.scenario.name : out_dir_arg;
  spdlog::debug("scenario {} loaded, hash {}", loaded.scenario.name, loaded.hash);

  tools::ProgressBar bar(loaded.scenario.name);
  sim::RunOptions opts;
  opts.simgrid_config = simgrid_cfg;
  opts.simgrid_verbose = c.verbosity >= 2;
  if (!c.quiet)
    opts.progress = [&](double t, double f) { bar.update(t, f); };
  const auto result = sim::run_simulation(loaded.scenario, opts);
  bar.finish();

  output::RunInfo info;
  info.command_line = command_line;
  info.version = WATTSIM_VERSION;
  info.peak_rss_kb = peak_rss_kb();
  info.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count();
  output::write_run(out_dir, loaded, result, info);

  if (c.quiet)
    return kExitOk;
  const auto s = output::summary_json(loaded, result);
  std::size_t done = 0;
  for (const auto& j : result.jobs)
    done += j.finished();
  fmt::print("{}: {} simulated in {:.2f} s wall\n", loaded.scenario.name, duration_text(result.simulated_s), info.wall_s);
  fmt::print("  cluster     {} nodes, {} accelerators; jobs finished {}/{}\n", result.node_count,
             result.accelerator_count, done, result.jobs.size());
  fmt::print("  IT energy   {}   peak {}\n", energy_text(s["it_energy_kwh"]), power_text(s["peak_it_kw"]));
  fmt::print("  facility    {}   peak {}   PUE {:.3f}\n", energy_text(s["facility_energy_kwh"]),
             power_text(s["peak_facility_kw"]), s["pue"].get<double>());
  fmt::print("  carbon      {:.1f} t CO2e   cost {:.0f} {}\n", s["carbon_kg"].get<double>() / 1e3,
             s["cost"].get<double>(), loaded.scenario.site.currency);
  fmt::print("  outputs     {}/ (summary.json, timeseries.csv, jobs.csv, manifest.json)\n", out_dir);
  return kExitOk;
}

int cmd_check(const std::string& path, const Common& c) {
  auto loaded = scenario::load_scenario(path, {c.overrides, c.catalogs});
  const auto& sc = loaded.scenario;
  fmt::print("{}: valid (hash {})\n", path, loaded.hash.substr(0, 16));
  for (const auto& p : sc.cluster.partitions) {
    fmt::print("  partition {}: {} x {} (+{} spare), {} per rack, {} racks, {} {}\n", p.name, p.nodes, p.system.name,
               p.spare_nodes, p.nodes_per_rack, p.racks(), p.accelerator.name,
               p.liquid_cooled ? "liquid-cooled" : "air-cooled");
  }
  fmt::print("  jobs: {}; horizon: {}\n", sc.jobs.size(),
             std::isfinite(sc.duration_s) ? duration_text(sc.duration_s) : "until the workload ends");
  for (std::size_t i = 0; i < sc.jobs.size() && i < 20; ++i) {
    const auto& j = sc.jobs[i];
    fmt::print("    {}: {} nodes ({} accelerators), {} at full speed (from {})\n", j.name, j.nodes, j.accelerators,
               duration_text(j.work_s), j.length_basis);
  }
  if (sc.jobs.size() > 20)
    fmt::print("    ... {} more\n", sc.jobs.size() - 20);
  return kExitOk;
}

int cmd_catalog(const std::string& name, bool sources, const Common& c) {
  models::Catalog cat = scenario::builtin_catalog();
  for (const auto& f : c.catalogs)
    scenario::load_catalog_file(f, cat);
  auto print_sources = [](const models::Sources& s) {
    for (const auto& [k, v] : s)
      fmt::print("      {}: {}\n", k, v);
  };
  if (!name.empty()) {
    if (const auto* a = cat.accelerator(name)) {
      fmt::print("accelerator {} ({}): {}\n", a->name, a->vendor, a->description);
      fmt::print("  TDP {:.0f} W, idle {:.0f} W, cap {:.0f}-{:.0f} W, memory {:.0f} GB\n", a->tdp_w, a->idle_power_w,
                 a->power_cap_min_w, a->power_cap_max_w, a->memory_bytes / 1e9);
      for (const auto& [p, f] : a->peak_flops)
        fmt::print("  peak {}: {:.1f} TFLOP/s\n", models::to_string(p), f / 1e12);
      fmt::print("  sources:\n");
      print_sources(a->sources);
      return kExitOk;
    }
    if (const auto* s = cat.system(name)) {
      fmt::print("system {} ({}): {}\n", s->name, s->vendor, s->description);
      fmt::print("  {} x {}, max {:.2f} kW, {} U, liquid heat fraction {:.2f}\n", s->accelerators_per_node,
                 s->accelerator, s->max_power_w / 1e3, s->rack_units, s->liquid_heat_fraction);
      fmt::print("  sources:\n");
      print_sources(s->sources);
      return kExitOk;
    }
    if (const auto* w = cat.network_switch(name)) {
      fmt::print("switch {} ({}): {} ports, max {:.0f} W, typical {:.0f} W\n", w->name, w->vendor, w->ports,
                 w->max_power_w, w->typical_power_w);
      print_sources(w->sources);
      return kExitOk;
    }
    std::vector<std::string> names;
    for (const auto& [n, _] : cat.accelerators)
      names.push_back(n);
    for (const auto& [n, _] : cat.systems)
      names.push_back(n);
    for (const auto& [n, _] : cat.switches)
      names.push_back(n);
    std::string msg = fmt::format("error: no catalog entry named '{}'", name);
    if (auto guess = scenario::closest_match(name, names))
      msg += fmt::format("; did you mean '{}'?", *guess);
    fmt::print(stderr, "{}\n", msg);
    return kExitBadInput;
  }
  fmt::print("Accelerators\n  {:<16} {:>7} {:>7} {:>9} {:>12}  {}\n", "name", "TDP W", "idle W", "memory", "bf16 TF/s",
             "vendor");
  for (const auto& [n, a] : cat.accelerators) {
    const auto bf16 = a.peak(models::Precision::bf16);
    fmt::print("  {:<16} {:>7.0f} {:>7.0f} {:>6.0f} GB {:>12}  {}\n", n, a.tdp_w, a.idle_power_w, a.memory_bytes / 1e9,
               bf16 ? fmt::format("{:.1f}", *bf16 / 1e12) : "-", a.vendor);
    if (sources)
      print_sources(a.sources);
  }
  fmt::print("Systems\n  {:<16} {:>5} {:<16} {:>9} {:>4} {:>8}\n", "name", "accel", "accelerator", "max kW", "U",
             "liquid");
  for (const auto& [n, s] : cat.systems) {
    fmt::print("  {:<16} {:>5} {:<16} {:>9.2f} {:>4} {:>8.2f}\n", n, s.accelerators_per_node, s.accelerator,
               s.max_power_w / 1e3, s.rack_units, s.liquid_heat_fraction);
    if (sources)
      print_sources(s.sources);
  }
  fmt::print("Switches\n  {:<16} {:>5} {:>10} {:>10}\n", "name", "ports", "max W", "typical W");
  for (const auto& [n, w] : cat.switches) {
    fmt::print("  {:<16} {:>5} {:>10.0f} {:>10.0f}\n", n, w.ports, w.max_power_w, w.typical_power_w);
    if (sources)
      print_sources(w.sources);
  }
  if (!sources)
    fmt::print("(`wattsim catalog NAME` shows one entry with the source of every number; --sources for all)\n");
  return kExitOk;
}

} // namespace

int main(int argc, char** argv) {
  CLI::App app{"wattsim: discrete-event datacenter power simulation (SimGrid)"};
  app.set_version_flag("--version", std::string("wattsim ") + WATTSIM_VERSION);
  app.require_subcommand(1);
  app.fallthrough(); // -v and -q also after the subcommand
  Common common;
  app.add_flag("-v,--verbose", common.verbosity, "More logging (-vv: SimGrid's own too)");
  app.add_flag("-q,--quiet", common.quiet, "Only warnings and errors");

  std::string scenario_path, out_dir, entry;
  std::vector<std::string> simgrid_cfg;
  bool sources = false;
  auto* run = app.add_subcommand("run", "Simulate a scenario and write its outputs");
  run->add_option("scenario", scenario_path, "Scenario file (YAML)")->required()->type_name("SCENARIO");
  run->add_option("-o,--output", out_dir, "Output folder (default: results/<scenario name>)")->type_name("DIR");
  run->add_option("--simgrid-cfg", simgrid_cfg, "SimGrid configuration key:value (repeatable)")->type_name("KEY:VALUE");
  add_scenario_options(run, common);
  auto* check = app.add_subcommand("check", "Validate a scenario without running it");
  check->add_option("scenario", scenario_path, "Scenario file (YAML)")->required()->type_name("SCENARIO");
  add_scenario_options(check, common);
  auto* catalog = app.add_subcommand("catalog", "List the hardware catalog, or show one entry with its sources");
  catalog->add_option("name", entry, "Entry to show")->type_name("NAME");
  catalog->add_flag("--sources", sources, "Print the source of every number");
  catalog->add_option("--catalog", common.catalogs, "Extra hardware catalog file (repeatable)")->type_name("FILE");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? kExitOk : kExitBadInput;
  }
  spdlog::set_pattern("%^%l%$: %v");
  spdlog::set_level(common.quiet ? spdlog::level::warn
                                 : common.verbosity > 0 ? spdlog::level::debug : spdlog::level::info);
  std::string command_line;
  for (int i = 0; i < argc; ++i)
    command_line += (i ? " " : "") + std::string(argv[i]);

  try {
    if (*run)
      return cmd_run(scenario_path, out_dir, common, command_line, simgrid_cfg);
    if (*check)
      return cmd_check(scenario_path, common);
    if (*catalog)
      return cmd_catalog(entry, sources, common);
  } catch (const scenario::InputError& e) {
    fmt::print(stderr, "error: {}\n", e.what());
    return kExitBadInput;
  } catch (const std::exception& e) {
    fmt::print(stderr, "internal error: {}\n", e.what());
    return kExitInternal;
  }
  return kExitOk;
}
