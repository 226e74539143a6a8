// `wattsim sweep`: sweep files, statistics over seeds, resuming after a kill, failing runs, MPI ranks.

#include "e2e_util.hpp"

#include <cmath>
#include <gtest/gtest.h>
#include <algorithm>
#include <csignal>
#include <set>
#include <unistd.h>

using namespace wattsim::e2e;
namespace fs = std::filesystem;

namespace {

void write(const fs::path& p, const std::string& text) { std::ofstream(p) << text; }

// Quickstart with the Llama 3 failure model for 30 days: seeds give different interruptions, so the
// statistics over seeds are not trivial.
std::string with_failures() {
  return fmt::format("scenario: {}\nset: {{cluster.reliability.model: llama3, duration: 30 d}}\n", scenario("quickstart.yaml"));
}

double sample_sd(const std::vector<double>& xs) {
  double mean = 0;
  for (double x : xs)
    mean += x / static_cast<double>(xs.size());
  double ss = 0;
  for (double x : xs)
    ss += (x - mean) * (x - mean);
  return std::sqrt(ss / static_cast<double>(xs.size() - 1));
}

} // namespace

TEST(Sweep, FileAxesExpandAndSummaryAggregatesTheRuns) {
  TempDir tmp;
  write(tmp.path / "sweep.yaml", with_failures() + R"(seeds: 3
outputs: [it_energy_kwh, jobs.0.interruptions.total]
axes:
  - key: facility.pue
    range: {from: 1.1, to: 1.3, step: 0.1}
  - zip:
      - {key: workload.jobs.0.mfu, values: [0.3, 0.45]}
      - {key: site.electricity_price, log: {from: 0.01, to: 1, count: 2}, unit: $/kWh}
)");
  const auto r = run_wattsim(fmt::format("sweep {} -q -o {}", (tmp.path / "sweep.yaml").string(), (tmp.path / "out").string()));
  ASSERT_EQ(r.status, 0) << r.output;
  const auto runs = read_csv(tmp.path / "out" / "sweep.csv");
  ASSERT_EQ(runs.rows.size(), 3u * 2u * 3u);
  std::set<std::string> pues, prices;
  for (const auto& row : runs.rows) {
    pues.insert(row[runs.index("facility.pue")]);
    prices.insert(row[runs.index("site.electricity_price")]);
  }
  EXPECT_EQ(pues, (std::set<std::string>{"1.1", "1.2", "1.3"}));
  EXPECT_EQ(prices, (std::set<std::string>{"0.01 $/kWh", "1 $/kWh"}));
  // Per point: mean, sample standard deviation, min, max and the 95 % Student-t interval of the runs.
  const auto summary = read_csv(tmp.path / "out" / "sweep_summary.csv");
  ASSERT_EQ(summary.rows.size(), 6u);
  const auto energy = runs.column("it_energy_kwh");
  const auto variant = runs.column("variant");
  bool spread = false;
  for (std::size_t p = 0; p < 6; ++p) {
    std::vector<double> xs;
    for (std::size_t i = 0; i < energy.size(); ++i)
      if (static_cast<std::size_t>(variant[i]) == p)
        xs.push_back(energy[i]);
    ASSERT_EQ(xs.size(), 3u);
    const double mean = (xs[0] + xs[1] + xs[2]) / 3, sd = sample_sd(xs);
    spread |= sd > 0;
    EXPECT_NEAR(summary.column("it_energy_kwh:mean")[p], mean, 1e-9 * mean);
    EXPECT_NEAR(summary.column("it_energy_kwh:std")[p], sd, 1e-6 * mean);
    EXPECT_EQ(summary.column("it_energy_kwh:min")[p], *std::min_element(xs.begin(), xs.end()));
    EXPECT_EQ(summary.column("it_energy_kwh:max")[p], *std::max_element(xs.begin(), xs.end()));
    const double half = 4.302653 * sd / std::sqrt(3.0); // t(0.975, 2)
    EXPECT_NEAR(summary.column("it_energy_kwh:ci_high")[p], mean + half, 1e-6 * mean);
    EXPECT_NEAR(summary.column("it_energy_kwh:ci_low")[p], mean - half, 1e-6 * mean);
  }
  EXPECT_TRUE(spread) << "seeds should change the failures, hence the energy";
  // The collected outputs follow the inputs: a higher MFU trains faster for less energy.
  EXPECT_EQ(read_json(tmp.path / "out" / "sweep.json")["variants"].size(), 6u);
}

TEST(Sweep, LatinHypercubePutsOneSampleInEveryStratum) {
  TempDir tmp;
  write(tmp.path / "sweep.yaml", fmt::format(R"(scenario: {}
outputs: [pue]
axes:
  - sample:
      method: latin-hypercube
      count: 5
      seed: 7
      parameters:
        - {{key: facility.pue, from: 1.0, to: 1.5}}
        - {{key: site.carbon_intensity, from: 0.01, to: 1, log: true, unit: kg/kWh}}
)", scenario("quickstart.yaml")));
  const auto r = run_wattsim(fmt::format("sweep {} -q -o {}", (tmp.path / "sweep.yaml").string(), (tmp.path / "out").string()));
  ASSERT_EQ(r.status, 0) << r.output;
  const auto runs = read_csv(tmp.path / "out" / "sweep.csv");
  ASSERT_EQ(runs.rows.size(), 5u);
  std::set<int> pue_strata, carbon_strata;
  for (const auto& row : runs.rows) {
    const double pue = std::stod(row[runs.index("facility.pue")]);
    const double ci = std::stod(row[runs.index("site.carbon_intensity")]);
    pue_strata.insert(static_cast<int>((pue - 1.0) / 0.1));
    carbon_strata.insert(static_cast<int>(std::log10(ci / 0.01) / 0.4));
    // The run saw the sampled value.
    EXPECT_NEAR(std::stod(row[runs.index("pue")]), pue, 1e-9);
  }
  EXPECT_EQ(pue_strata.size(), 5u);
  EXPECT_EQ(carbon_strata.size(), 5u);
}

TEST(Sweep, BadSweepFileNamesFileLineAndKey) {
  TempDir tmp;
  const auto sweep = (tmp.path / "bad.yaml").string();
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"axes:\n  - key: facility.pue\n    range: {from: 1, to: 2, step: 0}\n", "bad.yaml:4:"},
      {"axes:\n  - key: facility.pue\n    valus: [1]\n", "axes.0.valus: unknown key"},
      {"axes:\n  - zip:\n      - {key: a, values: [1, 2]}\n      - {key: b, values: [1]}\n", "bad.yaml:5:"},
      {"seeds: -1\n", "seeds: expected an integer"},
      {"axes:\n  - key: facility.pue\n    values: [banana]\n", "facility.pue"}, // the scenario's own check
      {"axes:\n  - sample: {method: sobol, count: 3, seed: 1, parameters: [{key: a, from: 0, to: 1}]}\n", "sobol"},
  };
  for (const auto& [body, expected] : cases) {
    write(sweep, fmt::format("scenario: {}\n{}", scenario("quickstart.yaml"), body));
    const auto r = run_wattsim(fmt::format("sweep {} -q -o {}", sweep, (tmp.path / "out").string()));
    EXPECT_EQ(r.status, 2) << body << r.output;
    EXPECT_NE(r.output.find(expected), std::string::npos) << body << r.output;
    EXPECT_FALSE(fs::exists(tmp.path / "out" / "runs")) << "nothing may run on bad input";
  }
}

TEST(Sweep, KilledAtAnyPointAndRestartedLosesNothing) {
  TempDir tmp;
  write(tmp.path / "sweep.yaml", with_failures() + "seeds: 8\noutputs: [it_energy_kwh, jobs.0.interruptions.total]\n");
  const auto cmd = [&](const std::string& out, bool quiet = true) {
    return fmt::format("sweep {}{} -j 2 -o {}", (tmp.path / "sweep.yaml").string(), quiet ? " -q" : "",
                       (tmp.path / out).string());
  };
  const auto ref = run_wattsim(cmd("ref"));
  ASSERT_EQ(ref.status, 0) << ref.output;
  // SIGKILL the sweep (not its children) after growing delays, then once more to completion.
  bool resumed = false;
  for (double delay : {0.05, 0.1, 0.2, 0.3})
    run_command(fmt::format("timeout -s KILL {} {} {}", delay, WATTSIM_BINARY, cmd("killed")));
  const auto last = run_wattsim(cmd("killed", false));
  ASSERT_EQ(last.status, 0) << last.output;
  resumed = last.output.find("already finished") != std::string::npos;
  EXPECT_EQ(read_text(tmp.path / "killed" / "sweep.csv"), read_text(tmp.path / "ref" / "sweep.csv"));
  EXPECT_EQ(read_text(tmp.path / "killed" / "sweep_summary.csv"), read_text(tmp.path / "ref" / "sweep_summary.csv"));
  for (const auto& e : fs::directory_iterator(tmp.path / "killed" / "runs"))
    EXPECT_NE(e.path().filename().string().front(), '.') << "a temporary was left: " << e.path();
  // A restart of a finished sweep runs nothing and says so.
  const auto again = run_wattsim(cmd("ref", false));
  EXPECT_NE(again.output.find("8 of 8 runs already finished"), std::string::npos) << again.output;
  RecordProperty("resumed_after_kill", resumed ? "yes" : "finished before the kills");
}

namespace {
/// (parent pid, state) of a process, from /proc/PID/stat; state 0 when it is gone.
std::pair<int, char> proc_stat(int pid) {
  std::ifstream in(fmt::format("/proc/{}/stat", pid));
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto close = text.rfind(')');
  if (close == std::string::npos || close + 4 >= text.size())
    return {0, 0};
  std::istringstream rest(text.substr(close + 2));
  char state = 0;
  int ppid = 0;
  rest >> state >> ppid;
  return {ppid, state};
}

std::vector<int> children_of(int pid) {
  std::vector<int> out;
  for (const auto& e : fs::directory_iterator("/proc")) {
    const auto name = e.path().filename().string();
    if (name.find_first_not_of("0123456789") == std::string::npos && proc_stat(std::stoi(name)).first == pid)
      out.push_back(std::stoi(name));
  }
  std::sort(out.begin(), out.end());
  return out;
}
} // namespace

TEST(Sweep, FailingRunIsNamedAndTheOthersGoOn) {
  TempDir tmp;
  const auto out = tmp.path / "out";
  const auto cmd = fmt::format("{} sweep {} --vary facility.pue=1.1,1.2,1.3 --keep-outputs -j 3 -q -o {}", WATTSIM_BINARY,
                               scenario("quickstart.yaml"), out.string());
  // Every process stops (SIGSTOP) just before committing its outputs (the output layer's test hook):
  // the three runs, then the sweep at its tables. Run 1 is killed there, as a crash or the OOM killer
  // would; the others are continued.
  const auto started = run_command(fmt::format("(WATTSIM_TEST_STOP_BEFORE_COMMIT=1 {} >{} 2>&1; echo $? >{}) </dev/null >/dev/null 2>&1 & echo $!", cmd,
                                               (tmp.path / "log").string(), (tmp.path / "status").string()));
  const int shell = std::stoi(started.output);
  int sweep = 0;
  std::vector<int> runs;
  for (int i = 0; i < 3000 && (runs.size() < 3 || !std::all_of(runs.begin(), runs.end(), [](int p) {
                                 return proc_stat(p).second == 'T';
                               })); ++i) {
    usleep(100000);
    if (!sweep) {
      const auto c = children_of(shell);
      sweep = c.empty() ? 0 : c.front();
    }
    if (sweep)
      runs = children_of(sweep);
  }
  ASSERT_EQ(runs.size(), 3u) << "the runs did not reach their commit";
  kill(runs[1], SIGKILL);
  kill(runs[0], SIGCONT);
  kill(runs[2], SIGCONT);
  for (int i = 0; i < 3000 && !fs::exists(tmp.path / "status"); ++i) {
    usleep(100000);
    if (proc_stat(sweep).second == 'T')
      kill(sweep, SIGCONT);
  }
  usleep(200000);
  ASSERT_TRUE(fs::exists(tmp.path / "status"));
  EXPECT_EQ(read_text(tmp.path / "status"), "1\n") << read_text(tmp.path / "log");
  const auto log = read_text(tmp.path / "log");
  EXPECT_NE(log.find("run p00001-s42 (facility.pue=1.2 seed=42) failed: killed by signal 9"), std::string::npos) << log;
  const auto doc = read_json(out / "sweep.json");
  ASSERT_EQ(doc["failures"].size(), 1u);
  EXPECT_EQ(doc["failures"][0]["run"], 1);
  const auto pue = read_csv(out / "sweep.csv").column("pue");
  EXPECT_NEAR(pue[0], 1.1, 1e-12);
  EXPECT_NEAR(pue[2], 1.3, 1e-12);
  // The next start re-runs only the failed run.
  const auto mtime = fs::last_write_time(out / "runs" / "p00000-s42.json");
  const auto again = run_command(cmd);
  EXPECT_EQ(again.status, 0) << again.output;
  EXPECT_EQ(fs::last_write_time(out / "runs" / "p00000-s42.json"), mtime);
  EXPECT_NEAR(read_csv(out / "sweep.csv").column("pue")[1], 1.2, 1e-12);
  EXPECT_TRUE(read_json(out / "sweep.json")["failures"].empty());
}

TEST(Sweep, KeptRunFolderHoldingOtherFilesIsBadInput) {
  TempDir tmp;
  const auto out = tmp.path / "out";
  fs::create_directories(out / "run-0001");
  write(out / "run-0001" / "thesis.tex", "not a wattsim output\n");
  const auto r = run_wattsim(fmt::format("sweep {} --vary facility.pue=1.1,1.2 --keep-outputs -q -o {}",
                                         scenario("quickstart.yaml"), out.string()));
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_TRUE(fs::exists(out / "run-0001" / "thesis.tex"));
  EXPECT_FALSE(fs::exists(out / "runs")) << "nothing may run on bad input";
}

TEST(Sweep, MpiRanksShareTheRunsAndAgreeWithOneProcess) {
  const std::string mpiexec = WATTSIM_MPIEXEC;
  if (mpiexec.empty())
    GTEST_SKIP() << "built without MPI (libopenmpi-dev): nothing to test";
  TempDir tmp;
  write(tmp.path / "sweep.yaml", with_failures() + "seeds: 6\noutputs: [it_energy_kwh, jobs.0.interruptions.total]\n");
  const auto sweep = [&](const std::string& prefix, const std::string& out) {
    return run_command(fmt::format("{} {} sweep {} -q -o {}", prefix, WATTSIM_BINARY, (tmp.path / "sweep.yaml").string(),
                                   (tmp.path / out).string()));
  };
  const auto one = sweep("", "one");
  ASSERT_EQ(one.status, 0) << one.output;
  // CI runs as root in a container with 2 cores: allow root, more ranks than cores, and shared
  // memory without the kernel's cross-memory attach. Under AddressSanitizer, leak detection is off for
  // the ranks only: OpenMPI's own plugins leak at MPI_Finalize (unloaded modules, not wattsim's memory);
  // every other sanitizer check stays on.
  const std::string env = "ASAN_OPTIONS=\"$ASAN_OPTIONS:detect_leaks=0\" "
                          "OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 "
                          "OMPI_MCA_btl_vader_single_copy_mechanism=none OMPI_MCA_rmaps_base_oversubscribe=1 "
                          "OMPI_MCA_btl=self,vader OMPI_MCA_plm_rsh_agent=";
  for (int ranks : {2, 3}) {
    const auto out = fmt::format("mpi{}", ranks);
    const auto r = sweep(fmt::format("{} timeout 300 {} -np {}", env, mpiexec, ranks), out);
    ASSERT_EQ(r.status, 0) << r.output;
    EXPECT_EQ(read_text(tmp.path / out / "sweep.csv"), read_text(tmp.path / "one" / "sweep.csv"));
    std::set<int> used;
    for (const auto& e : fs::directory_iterator(tmp.path / out / "runs"))
      used.insert(read_json(e.path())["rank"].get<int>());
    EXPECT_EQ(used.size(), static_cast<std::size_t>(ranks)) << "every rank should have run a share";
  }
}
