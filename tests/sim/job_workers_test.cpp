// Job actors are reused (sim/job_workers.hpp): a run creates as many as jobs ever ran at once, every job
// still runs, and the run ends when the workload does (idle actors do not keep it alive).

#include "sim_test_util.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <string>

using namespace wattsim;

namespace {
constexpr double kHour = 3600;

/// `count` one-node jobs of one hour, all submitted at 0, on the eight-node cluster (FIFO).
sim::RunResult one_node_jobs(int count) {
  std::string jobs = "workload.jobs=[";
  for (int i = 0; i < count; ++i)
    jobs += fmt::format("{}{{name: j{}, nodes: 1, duration: 1 h}}", i ? ", " : "", i);
  jobs += "]";
  return sim::run_simulation(test::load_text(test::kEightNodes, {jobs, "workload.scheduler.queue=fifo"}).scenario);
}
} // namespace

TEST(JobWorkers, ActorsAreReusedAcrossWaves) {
  // 80 jobs on 8 nodes: ten waves of 8, each starting when the previous one ends. A job's nodes come back
  // (and the next wave starts) while its actor is still finishing, so a wave may need an actor more than
  // the 8 that ran at once; without reuse the run would create 80.
  const auto r = one_node_jobs(80);
  EXPECT_GE(r.counters.actors, 8u);
  EXPECT_LE(r.counters.actors, 16u);
  for (int i = 0; i < 80; ++i) {
    const auto& j = test::job_named(r, fmt::format("j{}", i));
    EXPECT_TRUE(j.finished()) << j.name;
    EXPECT_DOUBLE_EQ(j.start_s, (i / 8) * kHour) << j.name;
    EXPECT_DOUBLE_EQ(j.end_s, (i / 8 + 1) * kHour) << j.name;
  }
  EXPECT_DOUBLE_EQ(r.simulated_s, 10 * kHour); // ends with the workload, though idle actors remain
}

TEST(JobWorkers, OneJobOneActor) {
  const auto r = one_node_jobs(1);
  EXPECT_EQ(r.counters.actors, 1u);
  EXPECT_TRUE(r.jobs[0].finished());
  EXPECT_DOUBLE_EQ(r.simulated_s, kHour);
}
