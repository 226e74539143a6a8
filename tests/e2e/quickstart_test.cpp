// End to end: the wattsim command on the quickstart scenario, checked through its output files.

#include "e2e_util.hpp"

#include <gtest/gtest.h>

using namespace wattsim::e2e;

TEST(Quickstart, RunsAndWritesEveryPromisedOutput) {
  TempDir dir;
  auto r = run_wattsim("run " + scenario("quickstart.yaml") + " -o " + dir.str());
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("IT energy"), std::string::npos);
  EXPECT_NE(r.output.find(dir.str()), std::string::npos) << "the summary says where the outputs are";
  auto summary = read_json(dir.path / "summary.json");
  for (const char* key : {"simulated_s", "it_energy_kwh", "facility_energy_kwh", "pue", "peak_it_kw",
                          "peak_facility_kw", "carbon_kg", "cost", "jobs"})
    EXPECT_TRUE(summary.contains(key)) << key;
  for (const auto& job : summary["jobs"])
    for (const char* key : {"name", "nodes", "gpus", "gpu_hours", "start_s", "end_s", "energy_kwh"})
      EXPECT_TRUE(job.contains(key)) << key;
  auto manifest = read_json(dir.path / "manifest.json");
  for (const char* key : {"wattsim_version", "scenario_hash", "seed", "wall_time_s"})
    EXPECT_TRUE(manifest.contains(key)) << key;
  auto ts = read_csv(dir.path / "timeseries.csv");
  ASSERT_GE(ts.header.size(), 3u);
  EXPECT_EQ(ts.header[0], "time_s");
  EXPECT_EQ(ts.column("it_kw").size(), ts.rows.size());
  EXPECT_EQ(ts.column("facility_kw").size(), ts.rows.size());
}
