// `wattsim sweep`: an experiment over parameter axes and seeds. Every run is a child process
// (one SimGrid engine per process), as many at once as there are cores. The runs' summaries are
// tabulated per run (sweep.csv) and per variant with mean, standard deviation, min and max over the
// seeds (sweep_summary.csv, sweep.json).

#include "tools/output/atomic_file.hpp"
#include "tools/wattsim/child_process.hpp"
#include "tools/wattsim/commands.hpp"

#include <cmath>
#include <filesystem>
#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <sstream>
#include <unistd.h>

namespace wattsim::tools {

namespace {

struct Axis {
  std::string key;
  std::vector<std::string> values;
};

Axis parse_axis(const std::string& text) {
  const auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 == text.size())
    throw scenario::InputError({"--vary " + text, 0, 0}, "", "expected key.path=v1,v2,...");
  Axis a{text.substr(0, eq), {}};
  // Values split on commas outside brackets, so YAML lists and maps can be values too.
  std::string cur;
  int depth = 0;
  for (char ch : text.substr(eq + 1)) {
    if (ch == '[' || ch == '{')
      ++depth;
    if (ch == ']' || ch == '}')
      --depth;
    if (ch == ',' && depth == 0) {
      a.values.push_back(cur);
      cur.clear();
    } else {
      cur.push_back(ch);
    }
  }
  a.values.push_back(cur);
  return a;
}

const std::vector<std::string>& default_keys() {
  static const std::vector<std::string> keys = {"it_energy_kwh", "facility_energy_kwh", "pue", "peak_facility_kw",
                                                "carbon_kg", "cost"};
  return keys;
}

std::string csv_cell(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos)
    return s;
  std::string out = "\"";
  for (char c : s)
    out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

} // namespace

int cmd_sweep(const std::string& path, const SweepOptions& sw, const CommonOptions& c) {
  std::vector<Axis> axes;
  for (const auto& v : sw.vary)
    axes.push_back(parse_axis(v));
  if (sw.seeds < 1)
    throw scenario::InputError({"--seeds", 0, 0}, "", "needs at least one seed");

  // Every variant (the cross product of the axes), each with its seeds.
  std::vector<std::vector<std::string>> variants = {{}};
  for (const auto& axis : axes) {
    std::vector<std::vector<std::string>> next;
    for (const auto& v : variants)
      for (const auto& value : axis.values) {
        auto w = v;
        w.push_back(value);
        next.push_back(std::move(w));
      }
    variants = std::move(next);
  }
  struct Run {
    std::size_t variant;
    std::uint64_t seed;
    scenario::LoadedScenario loaded;
  };
  std::vector<Run> runs;
  std::string name;
  for (std::size_t v = 0; v < variants.size(); ++v) {
    auto opts = c.load_options();
    for (std::size_t a = 0; a < axes.size(); ++a)
      opts.overrides.push_back(axes[a].key + "=" + variants[v][a]);
    // Bad input stops here, before anything runs: the base scenario's seed, then the next ones.
    auto base = scenario::load_scenario(path, opts);
    name = base.scenario.name;
    for (const auto& k : sw.keys)
      check_summary_key(k, base.scenario);
    for (int s = 0; s < sw.seeds; ++s) {
      auto seeded = opts;
      seeded.overrides.push_back(fmt::format("seed={}", base.scenario.seed + static_cast<std::uint64_t>(s)));
      runs.push_back({v, base.scenario.seed + static_cast<std::uint64_t>(s), scenario::load_scenario(path, seeded)});
    }
  }
  const auto& keys = sw.keys.empty() ? default_keys() : sw.keys;
  const std::filesystem::path out = sw.out_dir.empty() ? "results/" + name + "-sweep" : sw.out_dir;
  prepare_output_dir(out);
  const int parallel = sw.parallel > 0 ? sw.parallel : static_cast<int>(std::max(1L, sysconf(_SC_NPROCESSORS_ONLN)));

  std::vector<ChildBody> bodies;
  for (std::size_t i = 0; i < runs.size(); ++i) {
    bodies.push_back([&, i](std::string& text) {
      const auto dir = sw.keep_outputs ? (out / fmt::format("run-{:04d}", i)).string() : std::string();
      text = simulate(runs[i].loaded, c, dir, false).dump();
      return 0;
    });
  }
  std::size_t finished = 0;
  auto results = run_children(bodies, parallel, [&](std::size_t) {
    ++finished;
    if (!c.quiet && isatty(STDERR_FILENO))
      fmt::print(stderr, "\rsweep: {}/{} runs", finished, runs.size());
  });
  if (!c.quiet && isatty(STDERR_FILENO))
    fmt::print(stderr, "\r\033[K");

  // Per run, then per variant over its seeds.
  std::vector<std::vector<double>> values(runs.size(), std::vector<double>(keys.size(), NAN));
  for (std::size_t i = 0; i < runs.size(); ++i) {
    if (results[i].exit_code != 0)
      throw std::runtime_error(fmt::format("sweep run {} failed (exit {}): {}", i, results[i].exit_code, results[i].output));
    const auto summary = nlohmann::json::parse(results[i].output);
    for (std::size_t k = 0; k < keys.size(); ++k)
      if (auto v = summary_value(summary, keys[k]))
        values[i][k] = *v;
  }
  output::AtomicFileSet files(out);
  auto& per_run = files.open("sweep.csv");
  per_run << "run,seed";
  for (const auto& a : axes)
    per_run << ',' << csv_cell(a.key);
  for (const auto& k : keys)
    per_run << ',' << csv_cell(k);
  per_run << '\n';
  for (std::size_t i = 0; i < runs.size(); ++i) {
    per_run << i << ',' << runs[i].seed;
    for (const auto& v : variants[runs[i].variant])
      per_run << ',' << csv_cell(v);
    for (double v : values[i])
      per_run << ',' << (std::isnan(v) ? std::string() : fmt::format("{:.12g}", v));
    per_run << '\n';
  }

  nlohmann::json doc;
  doc["scenario"] = name;
  doc["seeds"] = sw.seeds;
  doc["axes"] = nlohmann::json::array();
  for (const auto& a : axes)
    doc["axes"].push_back({{"key", a.key}, {"values", a.values}});
  doc["variants"] = nlohmann::json::array();
  auto& summary_csv = files.open("sweep_summary.csv");
  summary_csv << "variant,runs";
  for (const auto& a : axes)
    summary_csv << ',' << csv_cell(a.key);
  for (const auto& k : keys)
    summary_csv << ',' << csv_cell(k + ":mean") << ',' << csv_cell(k + ":std") << ',' << csv_cell(k + ":min") << ','
                << csv_cell(k + ":max");
  summary_csv << '\n';
  if (!c.quiet) {
    fmt::print("{:<4}", "#");
    for (const auto& a : axes)
      fmt::print(" {:>16}", a.key.substr(a.key.size() > 16 ? a.key.size() - 16 : 0));
    for (const auto& k : keys)
      fmt::print(" {:>22}", k.substr(k.size() > 22 ? k.size() - 22 : 0));
    fmt::print("\n");
  }
  for (std::size_t v = 0; v < variants.size(); ++v) {
    nlohmann::json entry;
    entry["values"] = variants[v];
    summary_csv << v << ',' << sw.seeds;
    for (const auto& value : variants[v])
      summary_csv << ',' << csv_cell(value);
    if (!c.quiet) {
      fmt::print("{:<4}", v);
      for (const auto& value : variants[v])
        fmt::print(" {:>16}", value);
    }
    for (std::size_t k = 0; k < keys.size(); ++k) {
      double sum = 0, sq = 0, lo = INFINITY, hi = -INFINITY;
      int n = 0;
      for (std::size_t i = 0; i < runs.size(); ++i) {
        const double x = values[i][k];
        if (runs[i].variant != v || std::isnan(x))
          continue;
        sum += x;
        sq += x * x;
        lo = std::min(lo, x);
        hi = std::max(hi, x);
        ++n;
      }
      const double mean = n ? sum / n : NAN;
      const double sd = n > 1 ? std::sqrt(std::max(0.0, (sq - n * mean * mean) / (n - 1))) : 0.0;
      entry["keys"][keys[k]] = {{"mean", mean}, {"std", sd}, {"min", lo}, {"max", hi}, {"runs", n}};
      summary_csv << ',' << fmt::format("{:.12g}", mean) << ',' << fmt::format("{:.12g}", sd) << ','
                  << fmt::format("{:.12g}", lo) << ',' << fmt::format("{:.12g}", hi);
      if (!c.quiet)
        fmt::print(" {:>22}", sw.seeds > 1 ? fmt::format("{:.5g} ±{:.2g}", mean, sd) : fmt::format("{:.6g}", mean));
    }
    summary_csv << '\n';
    if (!c.quiet)
      fmt::print("\n");
    doc["variants"].push_back(std::move(entry));
  }
  files.open("sweep.json") << doc.dump(2) << '\n';
  files.commit();
  if (!c.quiet)
    fmt::print("{} runs; tables in {}/ (sweep.csv, sweep_summary.csv, sweep.json)\n", runs.size(), out.string());
  return kExitOk;
}

} // namespace wattsim::tools
