// wattsim-bench: runs benchmark scenarios through the wattsim command and prints wall time, peak
// memory and event counts (docs/performance.md). Each run is its own process, timed from outside
// with wait4(), best of --repeat runs.
//
//   wattsim-bench [--wattsim PATH] [--repeat N] [--markdown] [SCENARIO[::--set k=v...]]...
// Without scenarios it runs the standard set in scenarios/bench/ with the targets of issue #2.

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace fs = std::filesystem;

namespace {

struct Case {
  std::string label;
  std::string scenario;
  std::vector<std::string> extra_args;
  double target_wall_s = 0; // 0: no target
  double target_rss_mb = 0;
};

struct Measurement {
  double wall_s = 1e300;
  double rss_mb = 0;
  nlohmann::json manifest;
  nlohmann::json summary;
  int status = 0;
};

Measurement run_once(const std::string& wattsim, const Case& c, const fs::path& out) {
  std::vector<std::string> args = {wattsim, "run", c.scenario, "-q", "-o", out.string()};
  args.insert(args.end(), c.extra_args.begin(), c.extra_args.end());
  std::vector<char*> argv;
  for (auto& a : args)
    argv.push_back(a.data());
  argv.push_back(nullptr);
  const auto t0 = std::chrono::steady_clock::now();
  const pid_t pid = fork();
  if (pid == 0) {
    execv(argv[0], argv.data());
    _exit(127);
  }
  int status = 0;
  rusage usage{};
  wait4(pid, &status, 0, &usage);
  Measurement m;
  m.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  m.rss_mb = static_cast<double>(usage.ru_maxrss) / 1024.0;
  m.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  if (m.status == 0) {
    std::ifstream mf(out / "manifest.json"), sf(out / "summary.json");
    m.manifest = nlohmann::json::parse(mf);
    m.summary = nlohmann::json::parse(sf);
  }
  return m;
}

std::string default_wattsim(const char* argv0) {
  const fs::path self = fs::canonical(fs::path("/proc/self/exe"));
  for (auto p : {self.parent_path().parent_path() / "tools" / "wattsim", self.parent_path() / "wattsim"})
    if (fs::exists(p))
      return p.string();
  return argv0;
}

} // namespace

int main(int argc, char** argv) {
  std::string wattsim = default_wattsim(argv[0]);
  int repeat = 3;
  bool markdown = false;
  std::vector<Case> cases;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--wattsim" && i + 1 < argc)
      wattsim = argv[++i];
    else if (a == "--repeat" && i + 1 < argc)
      repeat = std::max(1, std::atoi(argv[++i]));
    else if (a == "--markdown")
      markdown = true;
    else if (a == "--help" || a == "-h") {
      fmt::print("usage: wattsim-bench [--wattsim PATH] [--repeat N] [--markdown] [SCENARIO [--set k=v]...]...\n");
      return 0;
    } else if (a == "--set" && i + 1 < argc && !cases.empty()) {
      cases.back().extra_args.push_back("--set");
      cases.back().extra_args.push_back(argv[++i]);
      cases.back().label += " " + std::string(argv[i]);
    } else
      cases.push_back({fs::path(a).stem().string(), a, {}, 0, 0});
  }
  if (cases.empty()) {
    const fs::path root = fs::path(WATTSIM_SOURCE_DIR) / "scenarios" / "bench";
    // Targets for a 2-core machine from issue #2 (foundation) and #3 (training failures).
    cases = {
        {"(a) 2,048 nodes, 1 job, 54 d, 1-min trace", (root / "a-llama-scale.yaml").string(), {}, 1.0, 500},
        {"(a) same, 540 d (10x simulated time)", (root / "a-llama-scale.yaml").string(),
         {"--set", "duration=540d", "--set", "workload.jobs.llama3-405b.duration=540d", "--set", "outputs.resolution=10min"},
         0, 500},
        {"(b) 16,384 nodes, 20 jobs, 30 d", (root / "b-20-jobs.yaml").string(), {}, 10.0, 500},
        {"(c) 1,000 queued jobs, 512 nodes, 30 d", (root / "c-queue.yaml").string(), {}, 2.0, 500},
    };
    for (const auto& extra : {"d-llama3-failures.yaml", "e-100k-gpus.yaml"})
      if (fs::exists(root / extra))
        cases.push_back({fs::path(extra).stem().string(), (root / extra).string(), {}, 0, 0});
  }

  const fs::path tmp = fs::temp_directory_path() / fmt::format("wattsim-bench-{}", getpid());
  struct Row {
    Case c;
    Measurement m;
  };
  std::vector<Row> rows;
  bool all_ok = true;
  for (const auto& c : cases) {
    Measurement best;
    for (int r = 0; r < repeat; ++r) {
      auto m = run_once(wattsim, c, tmp / "run");
      if (m.status != 0) {
        fmt::print(stderr, "{}: wattsim exited with {}\n", c.label, m.status);
        return 1;
      }
      best.rss_mb = std::max(best.rss_mb, m.rss_mb);
      if (m.wall_s < best.wall_s) {
        best.wall_s = m.wall_s;
        best.manifest = m.manifest;
        best.summary = m.summary;
      }
    }
    rows.push_back({c, best});
    if (c.target_wall_s > 0)
      all_ok &= best.wall_s <= c.target_wall_s && best.rss_mb <= c.target_rss_mb;
  }
  fs::remove_all(tmp);

  auto target = [](const Case& c) {
    return c.target_wall_s > 0 ? fmt::format("≤ {:g} s, ≤ {:g} MB", c.target_wall_s, c.target_rss_mb) : std::string("-");
  };
  if (markdown) {
    fmt::print("| case | simulated | nodes | jobs | wall s | peak RSS MB | events | host state changes | target |\n");
    fmt::print("|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
  } else {
    fmt::print("{:<44} {:>9} {:>7} {:>6} {:>8} {:>8} {:>10} {:>12}  {}\n", "case", "sim days", "nodes", "jobs", "wall s",
               "RSS MB", "events", "host changes", "target");
  }
  for (const auto& [c, m] : rows) {
    const auto& ev = m.manifest["events"];
    const double days = m.summary["simulated_days"].get<double>();
    const auto nodes = m.summary["nodes"].get<long>();
    const auto jobs = m.summary["jobs"].size();
    if (markdown)
      fmt::print("| {} | {:.0f} d | {} | {} | {:.3f} | {:.0f} | {} | {} | {} |\n", c.label, days, nodes, jobs, m.wall_s,
                 m.rss_mb, ev["total"].get<long>(), ev["host_state_changes"].get<long>(), target(c));
    else
      fmt::print("{:<44} {:>9.0f} {:>7} {:>6} {:>8.3f} {:>8.0f} {:>10} {:>12}  {}\n", c.label, days, nodes, jobs,
                 m.wall_s, m.rss_mb, ev["total"].get<long>(), ev["host_state_changes"].get<long>(), target(c));
  }
  return all_ok ? 0 : 2;
}
