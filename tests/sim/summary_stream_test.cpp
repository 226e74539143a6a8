// summary.json is streamed one job at a time (tools/output/run_writer.cpp): the file on disk must be
// byte for byte the document summary_json() builds whole, with jobs and without.

#include "sim_test_util.hpp"

#include "tools/output/run_writer.hpp"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <sstream>

using namespace wattsim;

namespace {
std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void expect_streamed_equals_whole(const scenario::LoadedScenario& loaded) {
  const auto r = sim::run_simulation(loaded.scenario);
  char tmpl[] = "/tmp/wattsim-stream-XXXXXX";
  const std::filesystem::path dir = mkdtemp(tmpl);
  output::RunInfo info;
  info.summary_jobs = false;
  const auto returned = output::write_run(dir / "run", loaded, r, info);
  const std::string disk = read_file(dir / "run" / "summary.json");
  std::filesystem::remove_all(dir);
  EXPECT_EQ(disk, output::summary_json(loaded, r).dump(2) + "\n");
  EXPECT_FALSE(returned.contains("jobs"));
  EXPECT_EQ(returned["job_count"].get<std::size_t>(), r.jobs.size());
}
} // namespace

TEST(SummaryStream, ManyJobsAreStreamedByteForByte) {
  expect_streamed_equals_whole(test::load_text(
      test::kEightNodes, {"workload.jobs=[{name: a, nodes: 4, duration: 2 h}, {name: b, nodes: 4, duration: 1 h},"
                          " {name: c, nodes: 8, duration: 1 h, walltime: 2 h}]"}));
}

TEST(SummaryStream, NoJobsIsAnEmptyArray) {
  expect_streamed_equals_whole(test::load_text(test::kEightNodes, {"duration=1 h"}));
}
