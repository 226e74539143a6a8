// `wattsim compare`: designs side by side. Every scenario runs in its own child (in parallel) with the
// same seeds (the first scenario's seed, +1, ... with --seeds), and the table gives each metric's mean
// over the seeds (± its sample standard deviation), the difference of the means from the first
// scenario and the relative difference. Written as compare.csv and compare.json beside the run
// folders. Warnings (different workloads, a zero baseline, differences inside the seeds' spread) go
// to stderr.

#include "tools/experiment/running_stats.hpp"
#include "tools/output/atomic_file.hpp"
#include "tools/output/csv_writer.hpp"
#include "tools/output/folder_name.hpp"
#include "tools/wattsim/child_process.hpp"
#include "tools/wattsim/commands.hpp"

#include <cmath>
#include <filesystem>
#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

namespace wattsim::tools {

namespace {

struct Metric {
  const char* label;
  const char* key;  ///< summary key (dotted path)
  const char* unit;
  double scale;     ///< summary unit -> shown unit
};

const std::vector<Metric>& metrics() {
  static const std::vector<Metric> m = {
      {"IT energy", "it_energy_kwh", "MWh", 1e-3},
      {"facility energy", "facility_energy_kwh", "MWh", 1e-3},
      {"PUE", "pue", "", 1},
      {"cooling energy", "cooling_energy_kwh", "MWh", 1e-3},
      {"distribution losses", "distribution_loss_kwh", "MWh", 1e-3},
      {"peak facility power", "peak_facility_kw", "MW", 1e-3},
      {"water on site", "water_onsite_m3", "m3", 1},
      {"water evaporated", "water_evaporated_m3", "m3", 1},
      {"WUE", "wue_l_per_kwh", "L/kWh", 1},
      {"water total (with off-site)", "water_total_m3", "m3", 1},
      {"free cooling", "free_cooling_hours", "h", 1},
      {"water off site", "water_offsite_m3", "m3", 1},
      {"throttled GPU time", "throttled_gpu_hours", "GPU-h", 1},
      {"carbon", "carbon_kg", "t", 1e-3},
      {"cost", "cost", "", 1},
      {"time to train (first job)", "jobs.0.time_to_train_s", "d", 1.0 / 86400},
      // Training overheads (docs/outputs/summary.md, jobs): summed over the jobs by with_overheads().
      {"failure energy (lost + restart)", "overheads.failure_energy_kwh", "MWh", 1e-3},
      {"checkpoint energy", "overheads.checkpoint_energy_kwh", "MWh", 1e-3},
      {"interruptions", "overheads.interruptions", "", 1},
      {"effective training time (first job)", "jobs.0.effective_training_time_ratio", "%", 100},
      {"failure-free time to train (first job)", "jobs.0.failure_free_time_s", "d", 1.0 / 86400},
  };
  return m;
}

/// The summary with `overheads` added: failure and checkpoint energy and interruptions over all jobs.
nlohmann::json with_overheads(nlohmann::json s) {
  double failure = 0, checkpoint = 0, interruptions = 0;
  bool any = false;
  for (const auto& j : s["jobs"]) {
    auto add = [&](double& sum, const nlohmann::json* v) {
      if (v && v->is_number()) {
        sum += v->get<double>();
        any = true;
      }
    };
    add(failure, j.contains("failure_overhead_kwh") ? &j["failure_overhead_kwh"] : nullptr);
    add(checkpoint, j.contains("checkpoint_overhead_kwh") ? &j["checkpoint_overhead_kwh"] : nullptr);
    if (j.contains("interruptions") && j["interruptions"].is_object())
      add(interruptions, j["interruptions"].contains("total") ? &j["interruptions"]["total"] : nullptr);
  }
  if (any)
    s["overheads"] = {{"failure_energy_kwh", failure}, {"checkpoint_energy_kwh", checkpoint}, {"interruptions", interruptions}};
  return s;
}

} // namespace

int cmd_compare(const std::vector<std::string>& paths, const std::string& out_dir, int parallel, int seeds,
                const CommonOptions& c) {
  if (paths.size() < 2)
    throw scenario::InputError({"compare", 0, 0}, "", "give at least two scenarios to compare");
  seeds = std::max(seeds, 1);
  std::vector<scenario::LoadedScenario> loaded;
  for (const auto& p : paths)
    loaded.push_back(scenario::load_scenario(p, c.load_options())); // bad input stops here
  // Same seeds for all: random streams (failures, generated jobs) then differ only through the design.
  for (std::size_t i = 1; i < loaded.size(); ++i) {
    if (loaded[i].scenario.seed != loaded[0].scenario.seed) {
      auto opts = c.load_options();
      opts.overrides.push_back(fmt::format("seed={}", loaded[0].scenario.seed));
      loaded[i] = scenario::load_scenario(paths[i], opts);
    }
    const auto* a = loaded[0].tree.find("workload");
    const auto* b = loaded[i].tree.find("workload");
    if (!a || !b || a->canonical() != b->canonical())
      spdlog::warn("{} and {} have different workloads: differences are not the design's alone", paths[0], paths[i]);
  }
  // Each run's folder inside the comparison's: a safe name, unique even when two scenarios share one.
  std::vector<std::string> names;
  for (const auto& l : loaded)
    names.push_back(l.scenario.name);
  const auto folders = output::unique_folder_names(names);
  std::string joined;
  for (const auto& f : folders)
    joined += (joined.empty() ? "" : "-vs-") + f;
  const std::filesystem::path out = out_dir.empty() ? "results/" + output::folder_name("compare-" + joined) : out_dir;
  prepare_replaced_output_dir(out);
  // The runs and the tables are staged together and replace the folder in one step.
  output::OutputFolder files(out);

  // Runs: scenario-major, seeds together. The first seed's folder is <folder>/, the others <folder>-seed-<seed>/.
  struct Run {
    std::size_t scenario;
    std::uint64_t seed;
    std::string dir;
  };
  std::vector<Run> runs;
  for (std::size_t i = 0; i < loaded.size(); ++i)
    for (int s = 0; s < seeds; ++s) {
      const std::uint64_t seed = loaded[0].scenario.seed + static_cast<std::uint64_t>(s);
      runs.push_back({i, seed, s == 0 ? folders[i] : fmt::format("{}-seed-{}", folders[i], seed)});
    }
  std::vector<ChildBody> bodies;
  for (const auto& r : runs)
    bodies.push_back([&, r](std::string& text) {
      if (r.seed == loaded[r.scenario].scenario.seed) {
        text = simulate(loaded[r.scenario], c, files.staging(r.dir).string(), false).dump();
      } else {
        auto opts = c.load_options();
        opts.overrides.push_back(fmt::format("seed={}", r.seed));
        text = simulate(scenario::load_scenario(paths[r.scenario], opts), c, files.staging(r.dir).string(), false).dump();
      }
      return 0;
    });
  const int jobs = parallel > 0 ? parallel : static_cast<int>(std::max(1L, sysconf(_SC_NPROCESSORS_ONLN)));
  auto results = run_children(bodies, jobs);
  std::vector<std::vector<nlohmann::json>> summaries(loaded.size());
  for (std::size_t i = 0; i < results.size(); ++i) {
    if (results[i].exit_code != 0)
      throw std::runtime_error(fmt::format("{} (seed {}) failed (exit {}): {}", paths[runs[i].scenario], runs[i].seed,
                                           results[i].exit_code, results[i].output));
    summaries[runs[i].scenario].push_back(with_overheads(nlohmann::json::parse(results[i].output)));
  }

  nlohmann::json doc;
  doc["scenarios"] = nlohmann::json::array();
  for (std::size_t i = 0; i < loaded.size(); ++i)
    doc["scenarios"].push_back(
        {{"name", loaded[i].scenario.name}, {"path", loaded[i].path}, {"hash", loaded[i].hash}, {"folder", folders[i]}});
  doc["baseline"] = loaded[0].scenario.name;
  doc["seeds"] = seeds;
  doc["runs"] = nlohmann::json::array();
  for (const auto& r : runs)
    doc["runs"].push_back({{"scenario", loaded[r.scenario].scenario.name}, {"seed", r.seed}, {"dir", r.dir}});
  doc["metrics"] = nlohmann::json::array();
  std::vector<std::string> header = {"metric", "unit"};
  for (const auto& l : loaded)
    header.push_back(l.scenario.name);
  for (std::size_t i = 1; i < loaded.size(); ++i) {
    header.push_back(loaded[i].scenario.name + " - " + loaded[0].scenario.name);
    header.push_back(loaded[i].scenario.name + " vs " + loaded[0].scenario.name + " (%)");
  }
  for (const auto& l : loaded)
    header.push_back(l.scenario.name + " sd");
  output::CsvWriter csv(files.open("compare.csv"), header);

  const std::size_t width = seeds > 1 ? 20 : 16;
  if (!c.quiet) {
    if (seeds > 1)
      fmt::print("mean ± sample standard deviation over {} seeds ({}..{})\n", seeds, loaded[0].scenario.seed,
                 loaded[0].scenario.seed + static_cast<std::uint64_t>(seeds - 1));
    fmt::print("{:<40}{:>8}", "metric", "unit");
    for (const auto& l : loaded)
      fmt::print(" {:>{}}", l.scenario.name.substr(0, width), width);
    for (std::size_t i = 1; i < loaded.size(); ++i)
      fmt::print(" {:>{}}", fmt::format("vs {}", loaded[0].scenario.name).substr(0, width), width);
    fmt::print("\n");
  }
  auto cell = [](std::optional<double> v) { return v ? fmt::format("{:.6g}", *v) : std::string(); };
  auto json_of = [](std::optional<double> v) { return v ? nlohmann::json(*v) : nlohmann::json(nullptr); };
  std::vector<std::string> zero_baseline, within_spread;
  for (const auto& m : metrics()) {
    std::vector<std::optional<double>> v, sd;
    bool any = false;
    for (const auto& per_seed : summaries) {
      experiment::RunningStats st;
      for (const auto& s : per_seed)
        if (auto x = summary_value(s, m.key))
          st.add(*x * m.scale);
      // A metric some seeds lack (an unfinished job's time to train) is not averaged over the others.
      const bool all = st.count() == per_seed.size();
      any |= all;
      v.push_back(all ? std::optional<double>(st.mean()) : std::nullopt);
      sd.push_back(all ? std::optional<double>(st.stddev()) : std::nullopt);
    }
    if (!any)
      continue;
    nlohmann::json row = {{"metric", m.label}, {"key", m.key},  {"unit", m.unit}, {"values", nlohmann::json::array()},
                          {"spread", nlohmann::json::array()}, {"difference", nlohmann::json::array()},
                          {"relative", nlohmann::json::array()}};
    csv.text(m.label).text(m.unit);
    for (std::size_t i = 0; i < v.size(); ++i) {
      csv.text(cell(v[i]));
      row["values"].push_back(json_of(v[i]));
      row["spread"].push_back(json_of(sd[i]));
    }
    if (!c.quiet) {
      fmt::print("{:<40}{:>8}", m.label, m.unit);
      for (std::size_t i = 0; i < v.size(); ++i)
        fmt::print(" {:>{}}", !v[i] ? std::string("-")
                              : seeds > 1 ? fmt::format("{:.5g} ±{:.2g}", *v[i], *sd[i])
                                          : fmt::format("{:.5g}", *v[i]),
                   width);
    }
    for (std::size_t i = 1; i < v.size(); ++i) {
      std::optional<double> diff, rel;
      if (v[i] && v[0]) {
        diff = *v[i] - *v[0];
        // A percentage of nothing means nothing: 0 → 0 is 0 %, 0 → x has no percentage (warned).
        if (*v[0] != 0)
          rel = *diff / std::abs(*v[0]);
        else if (*diff == 0)
          rel = 0.0;
        else
          zero_baseline.push_back(fmt::format("{} ({})", m.label, loaded[i].scenario.name));
        if (seeds > 1 && *diff != 0 && std::abs(*diff) <= *sd[0] + *sd[i])
          within_spread.push_back(fmt::format("{} ({})", m.label, loaded[i].scenario.name));
      }
      csv.text(cell(diff)).text(rel ? fmt::format("{:.4g}", 100 * *rel) : std::string());
      row["difference"].push_back(json_of(diff));
      row["relative"].push_back(json_of(rel));
      if (!c.quiet)
        fmt::print(" {:>{}}", !diff ? std::string("-")
                              : rel ? fmt::format("{:+.4g} ({:+.1f}%)", *diff, 100 * *rel)
                                    : fmt::format("{:+.4g} (new)", *diff),
                   width);
    }
    for (const auto& x : sd)
      csv.text(cell(x));
    csv.end_row();
    if (!c.quiet)
      fmt::print("\n");
    doc["metrics"].push_back(std::move(row));
  }
  csv.flush();
  files.open("compare.json") << doc.dump(2) << '\n';
  files.commit();
  if (!zero_baseline.empty())
    spdlog::warn("the baseline {} is 0 for {}: no percentage given, only the difference", loaded[0].scenario.name,
                 fmt::join(zero_baseline, ", "));
  if (!within_spread.empty())
    spdlog::warn("differences within the seeds' spread (mean difference ≤ sum of the standard deviations), "
                 "not resolved by {} seeds: {}", seeds, fmt::join(within_spread, ", "));
  if (!c.quiet)
    fmt::print("tables in {}/ (compare.csv, compare.json), each run's outputs beside them\n", out.string());
  return kExitOk;
}

} // namespace wattsim::tools
