// The scheduler actor: FIFO order, waiting when full, EASY backfilling, placement, powering idle
// nodes off and booting them, power caps, the horizon.

#include "sim_test_util.hpp"

#include "models/hardware/node_power.hpp"

#include <cmath>
#include <gtest/gtest.h>

using namespace wattsim;

namespace {
const sim::JobRecord& job(const sim::RunResult& r, const std::string& name) { return test::job_named(r, name); }
constexpr double kDay = 86400;
const char* kQueue = "workload.jobs=[{name: a, nodes: 6, duration: 1 d}, {name: b, nodes: 4, duration: 1 d}, "
                     "{name: c, nodes: 2, duration: 12 h}]";
} // namespace

TEST(Scheduler, FifoWaitsWhenTheClusterIsFull) {
  auto r = sim::run_simulation(test::load_text(test::kEightNodes, {kQueue}).scenario);
  EXPECT_DOUBLE_EQ(job(r, "a").start_s, 0);
  EXPECT_DOUBLE_EQ(job(r, "b").start_s, kDay); // 6 + 4 > 8: waits for a
  EXPECT_DOUBLE_EQ(job(r, "c").start_s, kDay); // strict FIFO: c waits behind b although 2 nodes were free
  EXPECT_DOUBLE_EQ(r.simulated_s, 2 * kDay);   // until the workload ends
  for (const auto& j : r.jobs)
    EXPECT_TRUE(j.finished());
}

TEST(Scheduler, EasyBackfillStartsShortJobsWithoutDelayingTheHead) {
  auto r = sim::run_simulation(test::load_text(test::kEightNodes, {kQueue, "workload.scheduler.backfill=true"}).scenario);
  EXPECT_DOUBLE_EQ(job(r, "c").start_s, 0);     // fits in the 2 free nodes and ends before b's reservation
  EXPECT_DOUBLE_EQ(job(r, "b").start_s, kDay);  // the head is not delayed
}

TEST(Scheduler, BackfillNeverDelaysTheHead) {
  // d would fit now but runs past b's reservation, and the reservation leaves only 1 extra node (8 - 7):
  // it must not start before b.
  auto r = sim::run_simulation(
      test::load_text(test::kEightNodes, {"workload.jobs=[{name: a, nodes: 6, duration: 1 d}, {name: b, nodes: 7, "
                                          "duration: 1 d}, {name: d, nodes: 2, duration: 3 d}]",
                                          "workload.scheduler.backfill=true"})
          .scenario);
  EXPECT_DOUBLE_EQ(job(r, "b").start_s, kDay);
  EXPECT_GE(job(r, "d").start_s, kDay);
}

TEST(Scheduler, IdleNodesPowerOffAndBootForTheNextJob) {
  auto r = sim::run_simulation(
      test::load_text(test::kEightNodes,
                      {"workload.jobs=[{name: late, nodes: 8, duration: 1 h, submit: 3 h}]",
                       "workload.scheduler={idle: power-off, power_off_after: 30 min, boot_time: 5 min}"})
          .scenario);
  // All 8 nodes idle from 0 go off at 30 min; the job waits 5 min of boot after its submission.
  EXPECT_DOUBLE_EQ(r.nodes_off.value_at(1800), 8);
  EXPECT_DOUBLE_EQ(r.nodes_off.value_at(1799), 0);
  EXPECT_DOUBLE_EQ(job(r, "late").start_s, 3 * 3600 + 300);
  EXPECT_DOUBLE_EQ(job(r, "late").end_s, 4 * 3600 + 300);
  EXPECT_DOUBLE_EQ(r.nodes_off.value_at(3 * 3600 + 1), 0);
  EXPECT_LT(r.it_power_w.value_at(3600), r.it_power_w.value_at(0)); // off draws less than idle
}

TEST(Scheduler, PowerCapStretchesTheJob) {
  auto loaded = test::load_text(test::kEightNodes, {"workload.jobs=[{name: j, nodes: 8, duration: 1 d}]",
                                                    "cluster.partitions.gpu.power_cap=450 W"});
  const auto& part = loaded.scenario.cluster.partitions[0];
  models::NodeOperatingPoint op;
  op.accelerator = loaded.scenario.jobs[0].training()->activity;
  op.host_active = true;
  const auto uncapped = models::node_power(part.system, part.accelerator, op);
  op.accelerator_cap_w = 450;
  const auto capped = models::node_power(part.system, part.accelerator, op);
  ASSERT_LT(capped.throughput, 1.0);

  auto r = sim::run_simulation(loaded.scenario);
  EXPECT_NEAR(job(r, "j").end_s, kDay / capped.throughput, 1e-6);
  EXPECT_NEAR(r.it_power_w.value_at(100), 8 * capped.input_w, 1e-6);
  EXPECT_LT(capped.input_w, uncapped.input_w);
}

TEST(Scheduler, HorizonCutsARunningJob) {
  auto r = sim::run_simulation(
      test::load_text(test::kEightNodes, {"duration=12 h", "workload.jobs=[{name: j, nodes: 8, duration: 2 d}]"}).scenario);
  EXPECT_DOUBLE_EQ(r.simulated_s, 12 * 3600);
  EXPECT_FALSE(job(r, "j").finished());
  EXPECT_NEAR(job(r, "j").progress, 0.25, 1e-12);
}

namespace {
// 16 nodes in 4 racks of 4; a 1-node job, then a 4-node job. Returns the number of nodes of `big`
// in each rack, read from the rack traces (job power above the rack's idle level).
std::vector<int> big_job_racks(const std::string& placement) {
  auto loaded = test::load_text(test::kEightNodes,
                                {"cluster.partitions.gpu.nodes=16", "duration=1 d", "outputs.traces=[racks]",
                                 "workload.jobs=[{name: small, nodes: 1, duration: 1 d}, {name: big, nodes: 4, duration: 1 d}]",
                                 "workload.scheduler.placement=" + placement});
  const auto [p_idle, p_train] = test::node_powers(loaded);
  auto r = sim::run_simulation(loaded.scenario);
  std::vector<int> busy;
  for (const auto& rack : r.rack_power_w)
    busy.push_back(static_cast<int>(std::lround((rack.value_at(3600) - 4 * p_idle) / (p_train - p_idle))));
  return busy;
}
} // namespace

TEST(Scheduler, FirstFitTakesTheLowestNodes) {
  // small on node 0; big on nodes 1-4: racks 0 and 1.
  EXPECT_EQ(big_job_racks("first-fit"), (std::vector<int>{4, 1, 0, 0}));
}

TEST(Scheduler, SpreadRacksPutsOneNodePerRack) {
  // small on node 0; big takes one node from each rack, the fullest-free racks first.
  EXPECT_EQ(big_job_racks("spread-racks"), (std::vector<int>{2, 1, 1, 1}));
}

TEST(Scheduler, PackRacksGivesAJobWholeRacks) {
  // small on node 0; big takes the whole free rack 1.
  EXPECT_EQ(big_job_racks("pack-racks"), (std::vector<int>{1, 4, 0, 0}));
}

TEST(Scheduler, HorizonProgressCountsOnlyTheWorkThatSurvivedFailures) {
  // Many failures and a checkpoint: a job cut by the horizon has done its productive GPU time
  // (lost work rolled back, restarts excluded), not wall time x throughput.
  auto r = sim::run_simulation(
      test::load_text(test::kEightNodes,
                      {"duration=2 d", "cluster.reliability={model: kokolis, failures_per_1000_node_days: 500}", "cluster.storage={capacity: 1 PB, bandwidth: 100 GB/s}",
                       "workload.jobs=[{name: j, nodes: 8, duration: 10 d, checkpoint: {policy: fixed, interval: 2 h, size: 1 TB}}]"})
          .scenario);
  const auto& j = job(r, "j");
  ASSERT_FALSE(j.finished());
  ASSERT_GT(j.training.gpu_seconds[2] + j.training.gpu_seconds[3], 0.0); // some work was lost or restarted
  const double wall_progress = (r.simulated_s - j.start_s) * j.throughput / j.work_s;
  const double productive_progress = j.training.gpu_seconds[0] / j.accelerators / j.work_s;
  EXPECT_NEAR(j.progress, productive_progress, 1e-6);
  EXPECT_LT(j.progress, wall_progress - 0.01);
}
