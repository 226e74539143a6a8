// `wattsim compare`: designs side by side. Every scenario runs in its own child (in parallel), with the
// first scenario's seed, and the table gives each metric, its difference from the first scenario and
// the relative difference. Written as compare.csv and compare.json beside the run folders.

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
      {"throttled GPU time", "throttled_gpu_hours", "GPU-h", 1},
      {"carbon", "carbon_kg", "t", 1e-3},
      {"cost", "cost", "", 1},
      {"time to train (first job)", "jobs.0.time_to_train_s", "d", 1.0 / 86400},
  };
  return m;
}

} // namespace

int cmd_compare(const std::vector<std::string>& paths, const std::string& out_dir, int parallel, const CommonOptions& c) {
  if (paths.size() < 2)
    throw scenario::InputError({"compare", 0, 0}, "", "give at least two scenarios to compare");
  std::vector<scenario::LoadedScenario> loaded;
  for (const auto& p : paths)
    loaded.push_back(scenario::load_scenario(p, c.load_options())); // bad input stops here
  // Same seed for all: random streams (failures, generated jobs) then differ only through the design.
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

  std::vector<ChildBody> bodies;
  for (std::size_t i = 0; i < loaded.size(); ++i)
    bodies.push_back([&, i](std::string& text) {
      text = simulate(loaded[i], c, files.staging(folders[i]).string(), false).dump();
      return 0;
    });
  const int jobs = parallel > 0 ? parallel : static_cast<int>(std::max(1L, sysconf(_SC_NPROCESSORS_ONLN)));
  auto results = run_children(bodies, jobs);
  std::vector<nlohmann::json> summaries;
  for (std::size_t i = 0; i < results.size(); ++i) {
    if (results[i].exit_code != 0)
      throw std::runtime_error(fmt::format("{} failed (exit {}): {}", paths[i], results[i].exit_code, results[i].output));
    summaries.push_back(nlohmann::json::parse(results[i].output));
  }

  nlohmann::json doc;
  doc["scenarios"] = nlohmann::json::array();
  for (std::size_t i = 0; i < loaded.size(); ++i)
    doc["scenarios"].push_back(
        {{"name", loaded[i].scenario.name}, {"path", loaded[i].path}, {"hash", loaded[i].hash}, {"folder", folders[i]}});
  doc["baseline"] = loaded[0].scenario.name;
  doc["metrics"] = nlohmann::json::array();
  std::vector<std::string> header = {"metric", "unit"};
  for (const auto& l : loaded)
    header.push_back(l.scenario.name);
  for (std::size_t i = 1; i < loaded.size(); ++i) {
    header.push_back(loaded[i].scenario.name + " - " + loaded[0].scenario.name);
    header.push_back(loaded[i].scenario.name + " vs " + loaded[0].scenario.name + " (%)");
  }
  output::CsvWriter csv(files.open("compare.csv"), header);

  const std::size_t width = 16;
  if (!c.quiet) {
    fmt::print("{:<30}{:>8}", "metric", "unit");
    for (const auto& l : loaded)
      fmt::print(" {:>{}}", l.scenario.name.substr(0, width), width);
    for (std::size_t i = 1; i < loaded.size(); ++i)
      fmt::print(" {:>{}}", fmt::format("vs {}", loaded[0].scenario.name).substr(0, width), width);
    fmt::print("\n");
  }
  auto cell = [](std::optional<double> v) { return v ? fmt::format("{:.6g}", *v) : std::string(); };
  for (const auto& m : metrics()) {
    std::vector<std::optional<double>> v;
    bool any = false;
    for (const auto& s : summaries) {
      auto x = summary_value(s, m.key);
      if (x)
        *x *= m.scale;
      any |= x.has_value();
      v.push_back(x);
    }
    if (!any)
      continue;
    nlohmann::json row = {{"metric", m.label}, {"key", m.key}, {"unit", m.unit}, {"values", nlohmann::json::array()},
                          {"difference", nlohmann::json::array()}, {"relative", nlohmann::json::array()}};
    csv.text(m.label).text(m.unit);
    for (const auto& x : v) {
      csv.text(cell(x));
      row["values"].push_back(x ? nlohmann::json(*x) : nlohmann::json(nullptr));
    }
    if (!c.quiet) {
      fmt::print("{:<30}{:>8}", m.label, m.unit);
      for (const auto& x : v)
        fmt::print(" {:>{}}", x ? fmt::format("{:.5g}", *x) : "-", width);
    }
    for (std::size_t i = 1; i < v.size(); ++i) {
      std::optional<double> diff, rel;
      if (v[i] && v[0]) {
        diff = *v[i] - *v[0];
        if (*v[0] != 0)
          rel = *diff / std::abs(*v[0]);
      }
      csv.text(cell(diff)).text(rel ? fmt::format("{:.4g}", 100 * *rel) : std::string());
      row["difference"].push_back(diff ? nlohmann::json(*diff) : nlohmann::json(nullptr));
      row["relative"].push_back(rel ? nlohmann::json(*rel) : nlohmann::json(nullptr));
      if (!c.quiet)
        fmt::print(" {:>{}}", diff ? fmt::format("{:+.4g} ({:+.1f}%)", *diff, rel ? 100 * *rel : 0.0) : "-", width);
    }
    csv.end_row();
    if (!c.quiet)
      fmt::print("\n");
    doc["metrics"].push_back(std::move(row));
  }
  csv.flush();
  files.open("compare.json") << doc.dump(2) << '\n';
  files.commit();
  if (!c.quiet)
    fmt::print("tables in {}/ (compare.csv, compare.json), each run's outputs beside them\n", out.string());
  return kExitOk;
}

} // namespace wattsim::tools
