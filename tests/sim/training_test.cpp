// Training runs through the engine: checkpoint stalls through SimGrid's shared storage link,
// asynchronous checkpoints, interruptions, spares and restarts, and the accounting invariants.

#include "sim_test_util.hpp"

#include <cmath>
#include <gtest/gtest.h>

using namespace wattsim;

namespace {
const char* kBase = R"(name: train
seed: 5
site: {carbon_intensity: 0.5 kg/kWh}
facility: {pue: 1.2}
cluster:
  partitions:
    - {name: gpu, system: DGX-H100, nodes: 16, spare_nodes: 2, rack_power_limit: 40.8 kW}
  storage: {bandwidth: 10 GB/s}
workload:
  jobs:
    - name: a
      nodes: 8
      duration: 10 h
      checkpoint: {policy: fixed, interval: 1 h, size: 1 TB}
outputs: {resolution: 10 min}
)";

double sum(const std::array<double, 4>& a) { return a[0] + a[1] + a[2] + a[3]; }
} // namespace

TEST(Training, SynchronousCheckpointsStallForSizeOverBandwidth) {
  auto r = sim::run_simulation(test::load_text(kBase).scenario);
  const auto& j = r.jobs[0];
  // 1 TB at 10 GB/s = 100 s per checkpoint; one after each hour of compute, none at the very end.
  const int n = 9;
  EXPECT_EQ(j.training.checkpoints, n);
  EXPECT_NEAR(j.training.checkpoint_stall_s, n * 100.0, 1e-6);
  EXPECT_NEAR(j.end_s - j.start_s, 10 * 3600 + n * 100.0, 1e-6);
  EXPECT_NEAR(j.training.wall_seconds[1], n * 100.0, 1e-6);
  EXPECT_NEAR(sum(j.training.energy_j), j.energy_j, 1e-6 * j.energy_j);
  EXPECT_LT(j.training.energy_j[1] / n / 100.0, j.training.energy_j[0] / 36000.0) << "stalled GPUs draw less";
}

TEST(Training, ConcurrentCheckpointsShareTheStorageLink) {
  // Two identical jobs checkpoint at the same instants: each write gets half the bandwidth.
  auto r = sim::run_simulation(test::load_text(kBase, {"workload.jobs=[{name: a, nodes: 8, duration: 10 h, checkpoint: "
                                                       "{policy: fixed, interval: 1 h, size: 1 TB}}, {name: b, nodes: 8, "
                                                       "duration: 10 h, checkpoint: {policy: fixed, interval: 1 h, size: 1 TB}}]"})
                                   .scenario);
  for (const auto& j : r.jobs) {
    EXPECT_NEAR(j.training.checkpoint_stall_s, 9 * 200.0, 1e-3) << j.name;
    EXPECT_NEAR(j.end_s - j.start_s, 10 * 3600 + 9 * 200.0, 1e-3) << j.name;
  }
}

TEST(Training, PerNodeBandwidthLimitsASmallJob) {
  // 8 nodes x 0.5 GB/s = 4 GB/s < 10 GB/s of storage: 250 s per checkpoint.
  auto r = sim::run_simulation(test::load_text(kBase, {"cluster.storage.node_bandwidth=0.5 GB/s"}).scenario);
  EXPECT_NEAR(r.jobs[0].training.checkpoint_stall_s, 9 * 250.0, 1e-3);
}

TEST(Training, AsynchronousCheckpointsStallOnlyForTheHostCopy) {
  auto loaded = test::load_text(kBase, {"workload.jobs.a.checkpoint.mode=async",
                                        "workload.jobs.a.checkpoint.host_copy_bandwidth=25 GB/s"});
  auto r = sim::run_simulation(loaded.scenario);
  const auto& j = r.jobs[0];
  // 1 TB over 8 nodes = 125 GB per node at 25 GB/s: 5 s of stall; the write drains in the background.
  EXPECT_EQ(j.training.checkpoints, 9);
  EXPECT_NEAR(j.training.checkpoint_stall_s, 9 * 5.0, 1e-6);
  EXPECT_NEAR(j.end_s - j.start_s, 10 * 3600 + 9 * 5.0, 1e-6);
}

TEST(Training, InterruptionsKeepEveryBalance) {
  // Frequent node failures (Kokolis-type, one per ~10 h for 8 nodes) with spares and repairs.
  auto loaded = test::load_text(kBase, {"cluster.reliability={model: kokolis, failures_per_1000_node_days: 300}",
                                        "workload.jobs.a.duration=4 d"});
  auto r = sim::run_simulation(loaded.scenario);
  const auto& j = r.jobs[0];
  ASSERT_TRUE(j.finished());
  EXPECT_GT(j.training.interruptions, 5);
  EXPECT_EQ(j.training.node_failures, j.training.interruptions); // Kokolis failures take a node down
  EXPECT_GT(j.training.gpu_seconds[2], 0) << "some work was lost";
  EXPECT_GT(j.training.gpu_seconds[3], 0) << "restarts took time";
  // Energy by phase adds up to the job's energy; GPU time adds up to GPUs x elapsed.
  EXPECT_NEAR(sum(j.training.energy_j), j.energy_j, 1e-6 * j.energy_j);
  EXPECT_NEAR(sum(j.training.wall_seconds), j.end_s - j.start_s, 1e-6);
  // GPU time counts the GPUs held: all 64 but for a failed node's 8 until its replacement arrives.
  const double elapsed = j.end_s - j.start_s;
  EXPECT_LE(sum(j.training.gpu_seconds), 64 * elapsed + 1e-3);
  EXPECT_GE(sum(j.training.gpu_seconds), 64 * elapsed - 8 * 600.0 * j.training.interruptions);
  // Productive time is the work itself: the job trained exactly its failure-free duration.
  EXPECT_NEAR(j.training.wall_seconds[0], 4 * 86400, 1e-3);
  // Lost work in the events equals the summary, and every interruption led to a restart.
  double lost = 0;
  int interruptions = 0, restarts = 0, repairs = 0;
  for (const auto& e : r.events) {
    lost += e.lost_gpu_hours;
    interruptions += e.kind == "interruption";
    restarts += e.kind == "restart";
    repairs += e.kind == "repair";
  }
  EXPECT_EQ(interruptions, j.training.interruptions);
  EXPECT_GE(restarts, 1);
  EXPECT_LE(restarts, interruptions);
  EXPECT_NEAR(lost, j.training.lost_work_gpu_hours, 1e-9);
  EXPECT_NEAR(j.training.gpu_seconds[2] / 3600.0, j.training.lost_work_gpu_hours, 1e-6);
  EXPECT_GT(repairs, 0);
  // SimGrid's plugin still agrees with the ledger with nodes going off and on.
  EXPECT_NEAR(r.simgrid_energy_j, r.it_energy_j, 1e-12 * r.it_energy_j);
}

TEST(Training, WithoutSparesTheJobWaitsForTheRepair) {
  auto loaded = test::load_text(kBase, {"cluster.partitions.gpu.spare_nodes=0", "cluster.partitions.gpu.nodes=8",
                                        "cluster.reliability={model: kokolis, failures_per_1000_node_days: 300}",
                                        "workload.jobs.a.duration=1 d"});
  auto r = sim::run_simulation(loaded.scenario);
  double waited = 0;
  for (const auto& e : r.events)
    waited += e.wait_for_spare_s;
  EXPECT_GT(waited, 3600) << "repairs take hours, and the job had no spare";
  EXPECT_TRUE(r.jobs[0].finished());
}

TEST(Training, ShrinkingCarriesOnWithFewerNodes) {
  auto loaded = test::load_text(kBase, {"cluster.partitions.gpu.spare_nodes=0", "cluster.partitions.gpu.nodes=8",
                                        "cluster.reliability={model: kokolis, failures_per_1000_node_days: 300}",
                                        "workload.jobs.a.duration=1 d", "workload.jobs.a.restart.on_no_spare=shrink"});
  auto r = sim::run_simulation(loaded.scenario);
  double waited = 0;
  for (const auto& e : r.events)
    waited += e.wait_for_spare_s;
  EXPECT_EQ(waited, 0);
  ASSERT_TRUE(r.jobs[0].finished());
  // Fewer replicas train slower: more productive wall time than the failure-free day.
  EXPECT_GT(r.jobs[0].training.wall_seconds[0], 86400);
}

TEST(Training, TracesSplitGpuTimeByUse) {
  auto loaded = test::load_text(kBase, {"cluster.reliability={model: kokolis, failures_per_1000_node_days: 300}",
                                        "workload.jobs.a.duration=1 d"});
  auto r = sim::run_simulation(loaded.scenario);
  const auto& j = r.jobs[0];
  for (std::size_t u = 0; u < 4; ++u)
    EXPECT_NEAR(r.gpu_use[u].integral(0, r.simulated_s), j.training.gpu_seconds[u], 1e-6 * (1 + j.training.gpu_seconds[u]));
}

TEST(Training, SparesStaySparesAfterFailuresAndRepairs) {
  // Issue 12 item 1: release and repair handed spare node ids to the pool (a heap overflow in the
  // pool's rack counts) and pool nodes to the spares. Nodes 0-15 are racks 0-3 (4 per rack), the
  // spares 16-17 rack 4. Job a loses nodes and takes spares; a later job b of all 16 pool nodes must
  // run on racks 0-3, never on the spares, which idle while b starts.
  auto loaded = test::load_text(kBase, {"cluster.reliability={model: kokolis, failures_per_1000_node_days: 300}",
                                        "workload.jobs=[{name: a, nodes: 8, duration: 4 d}, "
                                        "{name: b, nodes: 16, duration: 1 h, submit: 10 d}]",
                                        "outputs.traces=[racks]"});
  const auto [p_idle, p_train] = test::node_powers(loaded);
  auto r = sim::run_simulation(loaded.scenario);
  ASSERT_EQ(r.jobs.size(), 2u);
  ASSERT_TRUE(r.jobs[0].finished());
  ASSERT_TRUE(r.jobs[1].finished());
  EXPECT_GT(r.jobs[0].training.node_failures, 0) << "the test needs failures";
  ASSERT_EQ(r.rack_power_w.size(), 5u);
  const double t = r.jobs[1].start_s + 1.0;
  for (std::size_t rack = 0; rack < 4; ++rack)
    EXPECT_NEAR(r.rack_power_w[rack].value_at(t), 4 * p_train, 1e-6 * p_train) << "rack " << rack;
  EXPECT_NEAR(r.rack_power_w[4].value_at(t), 2 * p_idle, 1e-6 * p_idle) << "the spares stay spares";
}
