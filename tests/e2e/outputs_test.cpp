// The output folder's promises (docs/outputs/README.md): cells quoted per RFC 4180, the set replaced
// as a whole, temporaries created exclusively, folder names that stay where they are asked to.

#include "e2e_util.hpp"

#include <csignal>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <gtest/gtest.h>
#include <set>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace wattsim::e2e;

TEST(Outputs, CellsWithCommasQuotesAndNewlinesAreQuoted) {
  TempDir dir;
  const std::string name = "fine, \"tune\"\nv2";
  auto r = run_wattsim("run " + scenario("quickstart.yaml") + " -q -o " + dir.str() +
                       " --set 'workload.jobs.0.name=\"fine, \\\"tune\\\"\\nv2\"'" +
                       " --set 'workload.jobs.0.checkpoint={policy: fixed, interval: 6 h}'");
  ASSERT_EQ(r.status, 0) << r.output;
  // read_csv checks every row has the header's width and throws on malformed quoting.
  const auto jobs = read_csv(dir.path / "jobs.csv");
  ASSERT_EQ(jobs.rows.size(), 3u);
  EXPECT_EQ(jobs.rows[0][jobs.index("name")], name);
  EXPECT_EQ(jobs.rows[0][jobs.index("partition")], "h100");
  const auto events = read_csv(dir.path / "events.csv");
  std::size_t checkpoints = 0;
  for (const auto& row : events.rows)
    if (row[events.index("job")] == name && row[events.index("kind")] == "checkpoint")
      ++checkpoints;
  EXPECT_GT(checkpoints, 0u) << "the renamed job's checkpoints, with its name in one cell";
  const auto traces = read_csv(dir.path / "job_timeseries.csv");
  std::size_t rows_of_job = 0;
  for (const auto& row : traces.rows)
    rows_of_job += row[traces.index("job")] == name;
  EXPECT_GT(rows_of_job, 0u);
}

namespace {

namespace fs = std::filesystem;

// wattsim started by fork + exec (through `sh -c 'exec ...'`, so its process id is the child's): the
// test knows the id before the program runs, to plant files named after it, and can stop it.
struct Spawned {
  pid_t pid = -1;
  int go_fd = -1;
  void go() {
    (void)!write(go_fd, "g", 1);
    close(go_fd);
  }
  /// Waits until it exits, is killed or stops; the raw waitpid status.
  int wait_change() const {
    int status = 0;
    waitpid(pid, &status, WUNTRACED);
    return status;
  }
};

Spawned spawn_wattsim(const std::string& args, bool stop_before_commit) {
  int fds[2];
  if (pipe(fds) != 0)
    throw std::runtime_error("pipe");
  const pid_t pid = fork();
  if (pid == 0) {
    close(fds[1]);
    char c;
    (void)!read(fds[0], &c, 1);
    if (stop_before_commit)
      setenv("WATTSIM_TEST_STOP_BEFORE_COMMIT", "1", 1);
    const auto cmd = fmt::format("exec {} {} >/dev/null 2>&1", WATTSIM_BINARY, args);
    execl("/bin/sh", "sh", "-c", cmd.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  close(fds[0]);
  return {pid, fds[1]};
}

// Everything in `dir` whose name starts with a dot: staging folders, temporaries.
std::vector<std::string> hidden_entries(const fs::path& dir) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().filename().string().front() == '.')
      out.push_back(e.path().filename().string());
  return out;
}

// The folder holds one run's set: the files its manifest lists and no other, from the run it names.
void expect_whole_set(const fs::path& dir, int seed) {
  const auto manifest = read_json(dir / "manifest.json");
  const auto summary = read_json(dir / "summary.json");
  EXPECT_EQ(manifest["seed"], seed);
  EXPECT_EQ(summary["seed"], seed) << "summary.json and manifest.json from one run";
  std::set<std::string> listed, present;
  for (const auto& f : manifest["files"])
    listed.insert(f.get<std::string>());
  for (const auto& e : fs::directory_iterator(dir))
    present.insert(e.path().filename().string());
  EXPECT_EQ(listed, present);
}

std::string quickstart_args(const fs::path& out, int seed) {
  return fmt::format("run {} -q -o {} --set seed={}", scenario("quickstart.yaml"), out.string(), seed);
}

} // namespace

TEST(Outputs, ARerunWithFewerOutputsLeavesNoOlderFiles) {
  TempDir dir;
  const auto out = dir.path / "out";
  ASSERT_EQ(run_wattsim(quickstart_args(out, 1)).status, 0);
  ASSERT_TRUE(fs::exists(out / "rack_timeseries.csv"));
  ASSERT_TRUE(fs::exists(out / "events.csv"));
  ASSERT_EQ(run_wattsim(quickstart_args(out, 2) + " --set outputs.events=false --set 'outputs.traces=[]'").status, 0);
  EXPECT_FALSE(fs::exists(out / "rack_timeseries.csv"));
  EXPECT_FALSE(fs::exists(out / "events.csv"));
  expect_whole_set(out, 2);
  EXPECT_TRUE(hidden_entries(dir.path).empty());
}

TEST(Outputs, AKillDuringCommitLeavesTheOldSetAndTheNextRunCleansUp) {
  TempDir dir;
  const auto out = dir.path / "out";
  ASSERT_EQ(run_wattsim(quickstart_args(out, 1)).status, 0);
  const auto before = read_text(out / "summary.json");
  auto p = spawn_wattsim(quickstart_args(out, 2), true);
  p.go();
  const int status = p.wait_change();
  ASSERT_TRUE(WIFSTOPPED(status)) << "the run stops with every file staged, before its commit";
  EXPECT_FALSE(hidden_entries(dir.path).empty()) << "its staging folder is there";
  kill(p.pid, SIGKILL);
  p.wait_change();
  EXPECT_EQ(read_text(out / "summary.json"), before);
  expect_whole_set(out, 1);
  // The killed run's staging is removed by the next run beside it, which replaces the set whole.
  ASSERT_EQ(run_wattsim(quickstart_args(out, 3) + " --set outputs.events=false").status, 0);
  expect_whole_set(out, 3);
  EXPECT_TRUE(hidden_entries(dir.path).empty());
  EXPECT_TRUE(hidden_entries(out).empty());
}

namespace {

// Seconds since the epoch of the manifest's "YYYY-MM-DDTHH:MM:SS.mmmZ".
double utc_seconds(const std::string& iso) {
  std::tm tm{};
  int ms = 0;
  if (std::sscanf(iso.c_str(), "%d-%d-%dT%d:%d:%d.%dZ", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min,
                  &tm.tm_sec, &ms) != 7)
    throw std::runtime_error("not an ISO time to the millisecond: " + iso);
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  return static_cast<double>(timegm(&tm)) + ms / 1e3;
}

double mtime_s(const fs::path& p) {
  struct stat st {};
  if (::stat(p.c_str(), &st) != 0)
    throw std::runtime_error("stat " + p.string());
  return static_cast<double>(st.st_mtim.tv_sec) + static_cast<double>(st.st_mtim.tv_nsec) / 1e9;
}

// The process's peak resident memory so far, from /proc/PID/status (the counter getrusage reads).
double peak_rss_mb_of(pid_t pid) {
  std::ifstream in(fmt::format("/proc/{}/status", pid));
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("VmHWM:", 0) == 0)
      return std::stod(line.substr(6)) / 1024.0;
  throw std::runtime_error("no VmHWM");
}

} // namespace

// The manifest is the run's cost, writing included (#12 item 5): its wall time ends, and its peak memory
// is taken, after every other file is written out. The run is stopped once all its files are staged;
// the staged files' modification times and the process's peak memory at that point are the evidence.
TEST(Outputs, TheManifestCostsTheRunWithItsOutputsWritten) {
  TempDir dir;
  const auto out = dir.path / "out";
  // Fine traces over a month: writing them takes time and memory (the facility trace, the rows).
  auto p = spawn_wattsim(quickstart_args(out, 1) + " --set duration=30d --set outputs.resolution=1min", true);
  p.go();
  const int status = p.wait_change();
  ASSERT_TRUE(WIFSTOPPED(status)) << "the run stops with every file staged, before its commit";
  const double hwm_mb = peak_rss_mb_of(p.pid);
  const auto staging = hidden_entries(dir.path);
  ASSERT_EQ(staging.size(), 1u);
  const auto staged = dir.path / staging[0];
  const auto manifest = read_json(staged / "manifest.json");
  const double measured_at = utc_seconds(manifest["started_at"].get<std::string>()) + manifest["wall_time_s"].get<double>();
  std::size_t outputs = 0;
  for (const auto& f : manifest["files"]) {
    const auto name = f.get<std::string>();
    if (name == "manifest.json")
      continue;
    ++outputs;
    // Modification times come from a coarse clock that lags, never leads; started_at is rounded
    // down to the millisecond: 1 ms of slack covers it.
    const double late_s = mtime_s(staged / name) - measured_at;
    EXPECT_LE(late_s, 1e-3) << name << " was written " << late_s << " s after the manifest's wall time ended";
  }
  EXPECT_GE(outputs, 5u);
  // After the measurement only the small manifest is made: far less than 2 MiB.
  EXPECT_GE(manifest["peak_rss_mb"].get<double>(), hwm_mb - 2.0) << "peak memory taken before the outputs were written";
  kill(p.pid, SIGCONT);
  const int done = p.wait_change();
  ASSERT_TRUE(WIFEXITED(done) && WEXITSTATUS(done) == 0);
  EXPECT_EQ(read_json(out / "manifest.json"), manifest);
}

TEST(Outputs, SigintAndSigtermLeaveNothingHalfMade) {
  for (int sig : {SIGINT, SIGTERM}) {
    TempDir dir;
    const auto out = dir.path / "out";
    ASSERT_EQ(run_wattsim(quickstart_args(out, 1)).status, 0);
    const auto before = read_text(out / "summary.json");
    auto p = spawn_wattsim(quickstart_args(out, 2), true);
    p.go();
    ASSERT_TRUE(WIFSTOPPED(p.wait_change()));
    kill(p.pid, sig);
    kill(p.pid, SIGCONT);
    int status = p.wait_change();
    while (WIFSTOPPED(status))
      status = p.wait_change();
    EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == sig) << "ends as the signal asks: " << status;
    EXPECT_TRUE(hidden_entries(dir.path).empty()) << "its staging folder removed";
    EXPECT_EQ(read_text(out / "summary.json"), before);
    expect_whole_set(out, 1);
  }
}

TEST(Outputs, PlantedLinksAreNeverFollowed) {
  TempDir dir;
  const auto victim = dir.path / "victim.txt";
  const auto victim_dir = dir.path / "victim-dir";
  fs::create_directories(victim_dir);
  std::ofstream(victim) << "precious\n";
  std::ofstream(victim_dir / "keep.txt") << "precious\n";
  const auto out = dir.path / "out";
  ASSERT_EQ(run_wattsim(quickstart_args(out, 1)).status, 0);
  // Links at every name an older wattsim used for its write test and temporaries, for this process id.
  auto p = spawn_wattsim(fmt::format("run {} -q -o {}", scenario("quickstart.yaml"), out.string()), false);
  for (const char* name : {"summary.json", "timeseries.csv", "jobs.csv", "events.csv", "rack_timeseries.csv",
                           "job_timeseries.csv", "manifest.json"})
    fs::create_symlink(victim, out / fmt::format(".{}.tmp-{}", name, p.pid));
  fs::create_symlink(victim, out / fmt::format(".wattsim-write-test-{}", p.pid));
  p.go();
  int status = p.wait_change();
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  EXPECT_TRUE(read_text(victim) == "precious\n") << "the link target is untouched";
  expect_whole_set(out, 42);

  // A link at the final name of the folder, and at a final file name of a sweep's tables.
  const auto linked = dir.path / "linked";
  fs::create_directory_symlink(victim_dir, linked);
  ASSERT_EQ(run_wattsim(fmt::format("run {} -q -o {}", scenario("quickstart.yaml"), linked.string())).status, 0);
  EXPECT_FALSE(fs::is_symlink(linked)) << "the link is replaced, not written through";
  EXPECT_EQ(read_text(victim_dir / "keep.txt"), "precious\n");
  EXPECT_EQ(std::distance(fs::directory_iterator(victim_dir), fs::directory_iterator()), 1);
  const auto sweep = dir.path / "sweep";
  fs::create_directories(sweep);
  fs::create_symlink(victim, sweep / "sweep.csv");
  ASSERT_EQ(run_wattsim(fmt::format("sweep {} -q -o {} --vary facility.pue=1.1,1.2", scenario("quickstart.yaml"),
                                    sweep.string())).status, 0);
  EXPECT_FALSE(fs::is_symlink(sweep / "sweep.csv"));
  EXPECT_TRUE(read_text(victim) == "precious\n") << "the link target is untouched";
  EXPECT_TRUE(hidden_entries(sweep).empty());
}

TEST(Outputs, AFolderOfOtherFilesIsNotReplaced) {
  TempDir dir;
  std::ofstream(dir.path / "thesis.tex") << "precious\n";
  auto r = run_wattsim(fmt::format("run {} -q -o {}", scenario("quickstart.yaml"), dir.str()));
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_NE(r.output.find("output folder"), std::string::npos) << r.output;
  EXPECT_EQ(read_text(dir.path / "thesis.tex"), "precious\n");
}

TEST(Outputs, ScenarioNamesDoNotDecideWhereFilesGo) {
  TempDir dir;
  const auto cwd = dir.path / "a" / "b" / "c";
  fs::create_directories(cwd);
  auto r = run_command(fmt::format("cd {} && {} run {} -q --set 'name=../../../x'", cwd.string(), WATTSIM_BINARY,
                                   scenario("quickstart.yaml")));
  ASSERT_EQ(r.status, 0) << r.output;
  for (const auto& e : fs::recursive_directory_iterator(dir.path))
    if (e.is_regular_file()) {
      EXPECT_EQ(e.path().string().rfind((cwd / "results").string() + "/", 0), 0u) << e.path() << " outside results/";
    }

  // compare: an absolute name stays inside -o; two scenarios of one name get a folder each.
  const auto other = dir.path / "other.yaml";
  std::ofstream(other) << "extends: " << scenario("quickstart.yaml") << "\nfacility: {pue: 1.5}\n";
  const auto abs_name = dir.path / "abs";
  const auto cmp = dir.path / "cmp";
  r = run_wattsim(fmt::format("compare {} {} -q -o {} --set 'name={}'", scenario("quickstart.yaml"), other.string(),
                              cmp.string(), abs_name.string()));
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_FALSE(fs::exists(abs_name));
  const auto doc = read_json(cmp / "compare.json");
  ASSERT_EQ(doc["scenarios"].size(), 2u);
  const auto a = doc["scenarios"][0]["folder"].get<std::string>();
  const auto b = doc["scenarios"][1]["folder"].get<std::string>();
  EXPECT_NE(a, b);
  EXPECT_NEAR(read_json(cmp / a / "summary.json")["pue"].get<double>(), 1.2, 1e-9);
  EXPECT_NEAR(read_json(cmp / b / "summary.json")["pue"].get<double>(), 1.5, 1e-9);

  // Names with commas and quotes stay one cell of compare.csv.
  const std::string odd = "hall \"A\", 2027";
  r = run_wattsim(fmt::format("compare {} {} -q -o {} --set 'name={}'", scenario("quickstart.yaml"), other.string(),
                              cmp.string(), odd));
  ASSERT_EQ(r.status, 0) << r.output;
  const auto table = read_csv(cmp / "compare.csv");
  ASSERT_GE(table.header.size(), 4u);
  EXPECT_EQ(table.header[2], odd);
  EXPECT_EQ(table.header[3], odd);
  EXPECT_EQ(table.rows.front()[table.index("metric")], "IT energy");
}
