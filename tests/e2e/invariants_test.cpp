// Whole-run invariants through the wattsim command: same seed, same bytes; cost grows with events,
// not with simulated time.

#include "e2e_util.hpp"

#include <gtest/gtest.h>

using namespace wattsim::e2e;

TEST(Determinism, SameSeedGivesByteIdenticalOutputs) {
  TempDir a, b;
  const std::string args = "run " + scenario("quickstart.yaml") + " -q --set outputs.traces=[racks,jobs]";
  ASSERT_EQ(run_wattsim(args + " -o " + a.str()).status, 0);
  ASSERT_EQ(run_wattsim(args + " -o " + b.str()).status, 0);
  for (const char* f : {"summary.json", "timeseries.csv", "jobs.csv", "rack_timeseries.csv", "job_timeseries.csv"})
    EXPECT_EQ(read_text(a.path / f), read_text(b.path / f)) << f;
  auto ma = read_json(a.path / "manifest.json"), mb = read_json(b.path / "manifest.json");
  EXPECT_EQ(ma["scenario_hash"], mb["scenario_hash"]);
  EXPECT_EQ(ma["events"], mb["events"]);
}

TEST(Determinism, AnotherSeedChangesAGeneratedWorkload) {
  TempDir a, b;
  const std::string args = "run " + scenario("examples/queue.yaml") + " -q --set duration=5d";
  ASSERT_EQ(run_wattsim(args + " -o " + a.str()).status, 0);
  ASSERT_EQ(run_wattsim(args + " --set seed=99 -o " + b.str()).status, 0);
  EXPECT_NE(read_text(a.path / "jobs.csv"), read_text(b.path / "jobs.csv"));
}

TEST(EventEconomy, EventCountDoesNotGrowWithSimulatedTime) {
  // The same job sequence stretched 40 times in time: the same number of events.
  TempDir a, b;
  const std::string base = "run " + scenario("quickstart.yaml") + " -q --set outputs.resolution=1h";
  ASSERT_EQ(run_wattsim(base + " --set duration=10d --set 'workload.jobs=[{name: j, nodes: 32, duration: 5 d}, "
                               "{name: k, nodes: 4, duration: 1 d, submit: 6 d}]' -o " + a.str()).status, 0);
  ASSERT_EQ(run_wattsim(base + " --set duration=400d --set 'workload.jobs=[{name: j, nodes: 32, duration: 200 d}, "
                               "{name: k, nodes: 4, duration: 40 d, submit: 240 d}]' -o " + b.str()).status, 0);
  auto ea = read_json(a.path / "summary.json")["events"], eb = read_json(b.path / "summary.json")["events"];
  EXPECT_EQ(ea, eb);
}
