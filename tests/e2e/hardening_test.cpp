// Issue 12 reproducers through the wattsim command: hostile or mistaken input is bad input (exit 2,
// located, before simulating) in bounded memory, never a crash, an internal error or a NaN.

#include "e2e_util.hpp"

#include <fstream>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sys/resource.h>

using namespace wattsim::e2e;

namespace {
std::string check(const std::string& extra) { return "check " + scenario("quickstart.yaml") + " " + extra; }

void write(const std::filesystem::path& p, const std::string& text) { std::ofstream(p, std::ios::binary) << text; }
} // namespace

TEST(Hardening, NonFiniteOrHugeQuantitiesAreBadInput) {
  // Item 6: NaN from unit arithmetic, infinity from overflow, values past any datacenter.
  for (const char* set : {"'cluster.storage.power=1 kW^1000/kW^999'", "'cluster.storage.power=1e308 TW'",
                          "'site.carbon_intensity=1e308 kg/kWh'", "workload.jobs.sweep.gpu_hours=1e308",
                          "'workload.jobs.finetune.duration=1e308 h'"}) {
    const auto r = run_wattsim(check(std::string("--set ") + set));
    EXPECT_EQ(r.status, 2) << set << "\n" << r.output;
    EXPECT_EQ(r.output.find("internal error"), std::string::npos) << r.output;
  }
}

TEST(Hardening, UnitExponentsCannotOverflow) {
  // Item 7: W^-2147483648 overflowed the signed exponent arithmetic.
  for (const char* unit : {"1 W^-2147483648", "1 W^2147483647", "1 W^99999999999"}) {
    const auto r = run_wattsim(check(std::string("--set 'cluster.storage.power=") + unit + "'"));
    EXPECT_EQ(r.status, 2) << unit << "\n" << r.output;
    EXPECT_NE(r.output.find("bad exponent"), std::string::npos) << r.output;
  }
}

TEST(Hardening, BadInputThatExitedOneExitsTwo) {
  // Item 8: a huge list index, invalid UTF-8 in a name, a sweep key naming no job.
  auto r = run_wattsim(check("--set workload.jobs.99999999999999999999999.nodes=1"));
  EXPECT_EQ(r.status, 2) << r.output;
  r = run_wattsim(check("--set \"name=$(printf 'x\\377\\376y')\""));
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_NE(r.output.find("UTF-8"), std::string::npos) << r.output;
  TempDir out;
  r = run_wattsim("sweep " + scenario("quickstart.yaml") + " -q --vary facility.pue=1.1,1.2 --keys jobs.x.energy_kwh -o " +
                  out.str() + "/s");
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_NE(r.output.find("no job 'x'"), std::string::npos) << r.output;
  EXPECT_FALSE(std::filesystem::exists(out.path / "s")) << "rejected before running";
  // An output path with a component over NAME_MAX (255 bytes): bad input, named, before simulating.
  for (const char* sub : {"run", "sweep"}) {
    r = run_wattsim(std::string(sub) + " " + scenario("quickstart.yaml") + " -q -o " + out.str() + "/" +
                    std::string(300, 'a') + "/o");
    EXPECT_EQ(r.status, 2) << sub << ": " << r.output;
    EXPECT_NE(r.output.find("output folder"), std::string::npos) << r.output;
  }
}

TEST(Hardening, ErrorsAreLocatedAndListedTogether) {
  // Item 9: a missing section had no location; a missing catalog did not name the line that named it;
  // only the first error was reported.
  TempDir dir;
  write(dir.path / "a.yaml", "name: a\nworkload: {jobs: []}\n");
  auto r = run_wattsim("check " + (dir.path / "a.yaml").string());
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.output.find("error: : "), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("a.yaml:1:1: cluster.partitions: missing"), std::string::npos) << r.output;

  write(dir.path / "b.yaml", "name: b\ncatalog: nothere.yaml\n");
  r = run_wattsim("check " + (dir.path / "b.yaml").string());
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.output.find("b.yaml:2:10: catalog: file not found"), std::string::npos) << r.output;

  write(dir.path / "c.yaml", "name: c\nsite: {carbon_intensity: -1 kg/kWh}\n"
                             "cluster: {partitions: [{name: g, system: DGX-H100, nodes: 2}]}\n"
                             "workload: {jobs: [{name: j, nodes: 3, duration: 1 h}]}\nbogus: 1\n");
  r = run_wattsim("check " + (dir.path / "c.yaml").string());
  EXPECT_EQ(r.status, 2);
  for (const char* where : {"c.yaml:2:26: site.carbon_intensity", "c.yaml:4:36: workload.jobs[0].nodes", "c.yaml:5:8: bogus"})
    EXPECT_NE(r.output.find(where), std::string::npos) << where << "\n" << r.output;
}

TEST(Hardening, InputsAreBoundedInSize) {
  // Item 5: files pointing at /dev/zero, a YAML alias bomb and a huge generated queue are bad input
  // (exit 2, with the limit or the estimate), read no further than the limit.
  TempDir dir;
  write(dir.path / "extends.yaml", "extends: /dev/zero\n");
  write(dir.path / "catalog.yaml", "name: c\ncatalog: /dev/zero\n");
  std::string bomb = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i < 10; ++i) {
    bomb += fmt::format("a{0}: &a{0} [", i); // (string + to_string trips a GCC 12 -Wrestrict false positive)
    for (int k = 0; k < 10; ++k)
      bomb += fmt::format("{}*a{}", k ? ", " : "", i - 1);
    bomb += "]\n";
  }
  write(dir.path / "bomb.yaml", bomb);
  write(dir.path / "self.yaml", "name: s\nsite: &a [*a, *a]\n");
  for (const char* f : {"extends.yaml", "catalog.yaml", "bomb.yaml", "self.yaml"}) {
    const auto r = run_wattsim("check " + (dir.path / f).string());
    EXPECT_EQ(r.status, 2) << f << "\n" << r.output;
  }
  const auto csv = run_wattsim(check("--set 'site.carbon_intensity={csv: /dev/zero, unit: g/kWh}'"));
  EXPECT_EQ(csv.status, 2) << csv.output;
  EXPECT_NE(csv.output.find("MiB limit"), std::string::npos) << csv.output;
  const auto gen = run_wattsim("check " + scenario("examples/queue.yaml") + " --set workload.generate.count=1000000");
  EXPECT_EQ(gen.status, 2) << gen.output;
  EXPECT_NE(gen.output.find("GB of memory"), std::string::npos) << gen.output;
}

TEST(Hardening, OutputRowsAreBoundedForRackTracesAndUntilDoneRuns) {
  // Item 5: the row guard skipped until-done runs and rack traces (a 1-minute rack trace of a one-year
  // 100 MW site wrote 43 GB and exited 0). Both are bad input with the estimate; check prints it.
  const std::string site = "check " + scenario("bench/f-100mw-year.yaml") + " --set 'outputs.traces=[racks]'";
  for (const char* extra : {"", " --set duration=until-done"}) {
    const auto r = run_wattsim(site + " --set outputs.resolution=1min" + extra);
    EXPECT_EQ(r.status, 2) << extra << "\n" << r.output;
    EXPECT_NE(r.output.find("trace rows"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("at most 50 million"), std::string::npos) << r.output;
  }
  const auto ok = run_wattsim(site + " --set duration=until-done");
  EXPECT_EQ(ok.status, 0) << ok.output;
  EXPECT_NE(ok.output.find("estimated outputs:"), std::string::npos) << ok.output;
  EXPECT_NE(ok.output.find("MB on disk; memory about"), std::string::npos) << ok.output;
}

TEST(Hardening, AScenarioReadFromAPipeIsNoInternalError) {
  // Item 8 class, found running the reproducers with the sanitizer build: a scenario named by a pipe (/dev/stdin fed by a pipe,
  // bash's <(...)) failed with exit 1 (its path has no canonical form). It loads; a pipe extending
  // itself is a circular chain (exit 2).
  const std::string wattsim = WATTSIM_BINARY;
  auto r = run_command("cat " + scenario("quickstart.yaml") + " | " + wattsim + " check /dev/stdin");
  EXPECT_EQ(r.status, 0) << r.output;
  r = run_command("printf 'extends: /dev/stdin\\n' | " + wattsim + " check /dev/stdin");
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_NE(r.output.find("/dev/stdin:1:10: extends: circular extends chain"), std::string::npos) << r.output;
}

TEST(Hardening, AnEndlessDataFileIsReadNoFurtherThanItsLimit) {
  // Item 5, in bounded memory: csv: /dev/zero is refused at the 256 MiB limit for data files. The read
  // that crossed the limit used to double the text to 512 MiB first (563 MB resident in a release
  // build); now no chunk past the limit is kept. The peak is that of wattsim, this test's only child.
  const auto r = run_wattsim(check("--set 'site.carbon_intensity={csv: /dev/zero, unit: g/kWh}'"));
  ASSERT_EQ(r.status, 2) << r.output;
  EXPECT_NE(r.output.find("256 MiB limit"), std::string::npos) << r.output;
#if !defined(__SANITIZE_ADDRESS__) // under AddressSanitizer resident memory is the sanitizer's (freed blocks quarantined)
  rusage children{};
  getrusage(RUSAGE_CHILDREN, &children);
  EXPECT_LT(static_cast<double>(children.ru_maxrss) / 1024.0, 1.75 * 256) << "MiB resident";
#endif
}

TEST(Hardening, GpuHoursByPhaseAddUpWithABoot) {
  // Item 11: jobs that boot powered-off nodes held their GPUs through the boot (restart phase) but
  // gpu_hours started after it; the phases exceeded gpu_hours.
  TempDir out;
  ASSERT_EQ(run_wattsim("run " + scenario("examples/queue.yaml") + " -q --set duration=4d -o " + out.str()).status, 0);
  const auto summary = read_json(out.path / "summary.json");
  int booted = 0;
  for (const auto& j : summary["jobs"]) {
    double phases = 0;
    for (const auto& [phase, h] : j["gpu_hours_by_phase"].items())
      phases += h.get<double>();
    const double total = j["gpu_hours"].get<double>();
    EXPECT_NEAR(phases, total, 1e-9 * std::max(1.0, total)) << j["name"];
    booted += j["gpu_hours_by_phase"]["restart"].get<double>() > 0;
  }
  EXPECT_GT(booted, 0) << "the test needs jobs that boot nodes";
}
