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

TEST(Determinism, InferenceServiceSameSeedSameBytesOtherSeedOtherArrivals) {
  TempDir a, b, c;
  const std::string args = "run " + scenario("inference/chat-diurnal.yaml") + " -q --set duration=2d";
  ASSERT_EQ(run_wattsim(args + " -o " + a.str()).status, 0);
  ASSERT_EQ(run_wattsim(args + " -o " + b.str()).status, 0);
  ASSERT_EQ(run_wattsim(args + " --set seed=8 -o " + c.str()).status, 0);
  for (const char* f : {"summary.json", "timeseries.csv", "inference.csv"})
    EXPECT_EQ(read_text(a.path / f), read_text(b.path / f)) << f;
  EXPECT_NE(read_text(a.path / "inference.csv"), read_text(c.path / "inference.csv"));
}

TEST(Inference, PoweringIdleReplicasOffSavesEnergyForTheSameRequests) {
  TempDir on, off;
  const std::string args = "run " + scenario("inference/chat-diurnal.yaml") + " -q --set duration=2d";
  ASSERT_EQ(run_wattsim(args + " --set workload.jobs.chat.idle=stay-on -o " + on.str()).status, 0);
  ASSERT_EQ(run_wattsim(args + " --set workload.jobs.chat.idle=power-off -o " + off.str()).status, 0);
  const auto s_on = read_json(on.path / "summary.json")["services"][0];
  const auto s_off = read_json(off.path / "summary.json")["services"][0];
  EXPECT_EQ(s_on["requests"], s_off["requests"]); // same seed: same arrivals
  EXPECT_LT(s_off["node_energy_kwh"].get<double>(), s_on["node_energy_kwh"].get<double>());
  EXPECT_LT(s_off["energy_per_request_wh"]["facility"].get<double>(),
            s_on["energy_per_request_wh"]["facility"].get<double>());
}
