// The output folder's promises (docs/outputs/README.md): cells quoted per RFC 4180, the set replaced
// as a whole, temporaries created exclusively, folder names that stay where they are asked to.

#include "e2e_util.hpp"

#include <gtest/gtest.h>

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
