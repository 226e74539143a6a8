// Workload traces: the Standard Workload Format reader (fields, comments, malformed lines named by
// file and line) and CSV job lists (job keys as columns, errors naming the cell).

#include "scenario_test_util.hpp"

#include "tools/scenario/swf_reader.hpp"

#include <filesystem>

using namespace wattsim;
using wattsim::test::kMinimalScenario;
using wattsim::test::load_error;
using wattsim::test::TempFiles;

namespace {

// Two jobs; the second never ran (cancelled: runtime -1).
const char* kSwf = "; Version: 2.2\n"
                   "; a comment\n"
                   "\n"
                   "1 0 10 3600 16 -1 -1 16 7200 -1 1 7 1 -1 2 1 -1 -1\n"
                   "2 60 5 -1 -1 -1 -1 8 600 -1 5 3 1 -1 1 1 -1 -1\n"
                   "3 120 0 1800 8 -1 -1 8 -1 -1 1 3 1 -1 1 1 -1 -1\n";

std::string scenario_with_trace(const std::string& trace) {
  std::string s = kMinimalScenario;
  const std::string jobs = "workload:\n  jobs:\n    - name: train\n      nodes: 4\n      duration: 1 d\n";
  const auto pos = s.find(jobs);
  EXPECT_NE(pos, std::string::npos);
  return s.replace(pos, jobs.size(), "workload:\n  trace: " + trace + "\n");
}

} // namespace

TEST(Swf, ReadsTheFieldsWattsimUses) {
  const auto jobs = scenario::parse_swf(kSwf, "t.swf");
  ASSERT_EQ(jobs.size(), 3u);
  EXPECT_EQ(jobs[0].line, 4);
  EXPECT_EQ(jobs[0].id, 1);
  EXPECT_DOUBLE_EQ(jobs[0].submit_s, 0);
  EXPECT_DOUBLE_EQ(jobs[0].wait_s, 10);
  EXPECT_DOUBLE_EQ(jobs[0].runtime_s, 3600);
  EXPECT_EQ(jobs[0].processors, 16);
  EXPECT_DOUBLE_EQ(jobs[0].requested_s, 7200);
  EXPECT_EQ(jobs[0].user, 7);
  EXPECT_EQ(jobs[0].queue, 2);
  EXPECT_EQ(jobs[1].processors, 8); // no allocated count: the requested one
  EXPECT_DOUBLE_EQ(jobs[1].runtime_s, -1);
}

TEST(Swf, MalformedLinesNameFileAndLine) {
  const auto error_of = [](const std::string& text) -> scenario::InputError {
    try {
      scenario::parse_swf(text, "bad.swf");
    } catch (const scenario::InputError& e) {
      return e;
    }
    ADD_FAILURE() << "no error for: " << text;
    return scenario::InputError({}, "", "");
  };
  const std::string good = "1 0 10 3600 16 -1 -1 16 7200 -1 1 7 1 -1 2 1 -1 -1\n";
  auto e = error_of(good + "2 60 5 abc 8 -1 -1 8 600 -1 1 3 1 -1 1 1 -1 -1\n");
  EXPECT_EQ(e.where().file, "bad.swf");
  EXPECT_EQ(e.where().line, 2);
  EXPECT_NE(e.message().find("run time"), std::string::npos) << e.what();
  e = error_of(good + "; comment\n2 60 5 100 8\n");
  EXPECT_EQ(e.where().line, 3);
  EXPECT_NE(e.message().find("5 fields"), std::string::npos) << e.what();
  e = error_of("1 0 10 3600 16 -1 -1 16 7200 -1 1 7 1 -1 2 1 -1 -1 99\n");
  EXPECT_NE(e.message().find("more than 18"), std::string::npos) << e.what();
  e = error_of("1 0 10 3600 2.5 -1 -1 16 7200 -1 1 7 1 -1 2 1 -1 -1\n");
  EXPECT_NE(e.message().find("whole number"), std::string::npos) << e.what();
  e = error_of("1 0 10 -5 16 -1 -1 16 7200 -1 1 7 1 -1 2 1 -1 -1\n");
  EXPECT_NE(e.message().find("-1 when missing"), std::string::npos) << e.what();
  e = error_of("1 -1 10 5 16 -1 -1 16 7200 -1 1 7 1 -1 2 1 -1 -1\n");
  EXPECT_NE(e.message().find("submit time"), std::string::npos) << e.what();
  e = error_of("1 0 10 nan 16 -1 -1 16 7200 -1 1 7 1 -1 2 1 -1 -1\n");
  EXPECT_NE(e.message().find("not a number"), std::string::npos) << e.what();
}

TEST(Swf, JobsBecomeTrainingJobsOnWholeNodes) {
  TempFiles tmp;
  tmp.write("t.swf", kSwf);
  auto loaded = scenario::load_scenario(tmp.write("s.yaml", scenario_with_trace("{file: t.swf}")));
  const auto& jobs = loaded.scenario.jobs;
  ASSERT_EQ(jobs.size(), 2u); // the cancelled job has nothing to replay
  EXPECT_EQ(jobs[0].name, "swf-1");
  EXPECT_EQ(jobs[0].nodes, 2); // 16 processors, 8 GPUs per DGX H100
  EXPECT_EQ(jobs[0].accelerators, 16);
  EXPECT_DOUBLE_EQ(jobs[0].training()->work_s, 3600);
  EXPECT_DOUBLE_EQ(jobs[0].walltime_s, 7200);
  EXPECT_EQ(jobs[0].user, "7");
  EXPECT_EQ(jobs[0].queue, "2");
  EXPECT_EQ(jobs[1].name, "swf-3");
  EXPECT_DOUBLE_EQ(jobs[1].submit_s, 120);
  EXPECT_DOUBLE_EQ(jobs[1].walltime_s, 0); // none requested
  // One processor per node instead: 16 nodes do not fit in 8.
  auto e = load_error(tmp.write("n.yaml", scenario_with_trace("{file: t.swf, processors_per_node: 1}")));
  EXPECT_EQ(e.where().line, 4);
  EXPECT_NE(e.message().find("needs 16 nodes"), std::string::npos) << e.what();
  auto skipped = scenario::load_scenario(
      tmp.write("k.yaml", scenario_with_trace("{file: t.swf, processors_per_node: 1, oversize: skip}")));
  ASSERT_EQ(skipped.scenario.jobs.size(), 1u);
  EXPECT_EQ(skipped.scenario.jobs[0].nodes, 8);
  auto first = scenario::load_scenario(tmp.write("m.yaml", scenario_with_trace("{file: t.swf, max_jobs: 1}")));
  EXPECT_EQ(first.scenario.jobs.size(), 1u);
}

TEST(Swf, BadTraceInScenarioIsAnInputError) {
  TempFiles tmp;
  const auto bad = tmp.write("b.swf", "1 0 10 3600 16 -1 -1 16 7200\n");
  auto e = load_error(tmp.write("s.yaml", scenario_with_trace("{file: b.swf}")));
  EXPECT_EQ(e.where().file, bad);
  EXPECT_EQ(e.where().line, 1);
  e = load_error(tmp.write("m.yaml", scenario_with_trace("{file: missing.swf}")));
  EXPECT_NE(e.message().find("not found"), std::string::npos) << e.what();
}

TEST(Swf, TheShippedSampleLoads) {
  const auto path = std::filesystem::path(WATTSIM_SOURCE_DIR) / "scenarios" / "grid" / "swf-sample.yaml";
  auto loaded = scenario::load_scenario(path.string());
  EXPECT_EQ(loaded.scenario.jobs.size(), 22u); // 24 lines, 2 cancelled
}

TEST(JobListCsv, RowsAreJobsWithTheScenarioKeys) {
  TempFiles tmp;
  tmp.write("jobs.csv", "name,nodes,duration,submit,walltime,priority,checkpoint.policy\n"
                        "a,4,1 d,,2 d,3,none\n"
                        "b,2,6 h,1 h,,,\n");
  auto loaded = scenario::load_scenario(tmp.write("s.yaml", scenario_with_trace("{file: jobs.csv}")));
  const auto& jobs = loaded.scenario.jobs;
  ASSERT_EQ(jobs.size(), 2u);
  EXPECT_EQ(jobs[0].name, "a");
  EXPECT_EQ(jobs[0].nodes, 4);
  EXPECT_DOUBLE_EQ(jobs[0].training()->work_s, 86400);
  EXPECT_DOUBLE_EQ(jobs[0].walltime_s, 2 * 86400);
  EXPECT_EQ(jobs[0].priority, 3);
  EXPECT_DOUBLE_EQ(jobs[1].submit_s, 3600);
  EXPECT_DOUBLE_EQ(jobs[1].training()->work_s, 6 * 3600);
}

TEST(JobListCsv, BadCellsNameTheirLineAndKey) {
  TempFiles tmp;
  const auto csv = tmp.write("jobs.csv", "name,nodes,duration\na,4,1 d\nb,-2,1 d\n");
  auto e = load_error(tmp.write("s.yaml", scenario_with_trace("{file: jobs.csv}")));
  EXPECT_EQ(e.where().file, csv);
  EXPECT_EQ(e.where().line, 3);
  EXPECT_EQ(e.where().column, 3);
  EXPECT_EQ(e.key_path(), "nodes");
  tmp.write("typo.csv", "name,nodes,duration,priorty\na,4,1 d,2\n");
  e = load_error(tmp.write("t.yaml", scenario_with_trace("{file: typo.csv}")));
  EXPECT_EQ(e.where().line, 2);
  EXPECT_NE(e.message().find("did you mean 'priority'"), std::string::npos) << e.what();
  tmp.write("wide.csv", "name,nodes,duration\na,4,1 d,extra\n");
  e = load_error(tmp.write("w.yaml", scenario_with_trace("{file: wide.csv}")));
  EXPECT_EQ(e.where().line, 2);
}
