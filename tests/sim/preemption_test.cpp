// Preemption of training by an inference service (docs/engine.md, "Preemption"), through the engine:
// scenarios/inference/mixed-cluster.yaml, whose chat service borrows nodes at its afternoon peak and,
// with none free on day 2, preempts the fine-tuning job. One simulation per test (SimGrid allows one
// engine per process); comparisons between runs are in tests/e2e/preemption_test.cpp.

#include "sim_test_util.hpp"

#include <cmath>
#include <fstream>
#include <gtest/gtest.h>
#include <iterator>

using namespace wattsim;

namespace {

sim::RunResult run_mixed(std::vector<std::string> sets) {
  sets.insert(sets.begin(), "duration=3d");
  auto loaded = scenario::load_scenario(std::string(WATTSIM_SOURCE_DIR) + "/scenarios/inference/mixed-cluster.yaml",
                                        {sets, {}});
  return sim::run_simulation(loaded.scenario);
}

double relative(double a, double b) { return std::abs(a - b) / std::max(std::abs(b), 1e-300); }

double sum(const std::array<double, 4>& a) { return a[0] + a[1] + a[2] + a[3]; }

const sim::ServiceRecord& chat(const sim::RunResult& r) { return r.services.at(0); }

} // namespace

TEST(Preemption, NodesChangeHandsWithEveryLedgerAndTimelineInvariantHolding) {
  // One SimGrid host per node: the plugin integrates every node on its own while the fine-tuning job's
  // nodes go to the service and come back.
  const auto r = run_mixed({"engine.hosts=per-node"});
  const auto& ft = test::job_named(r, "finetune");
  ASSERT_GE(ft.training.preemptions, 1);
  ASSERT_GT(ft.training.preempted_s, 0);
  ASSERT_TRUE(ft.finished());
  for (std::size_t k = 0; k < r.rack_energy_j.size(); ++k)
    EXPECT_LT(relative(r.rack_energy_j[k], r.simgrid_rack_energy_j[k]), 1e-9) << r.rack_names[k];
  EXPECT_LT(relative(r.simgrid_energy_j, r.it_energy_j), 1e-12);
  // The timeline: wall time by phase adds up to the elapsed time; GPU time to the GPUs x the time the
  // job held them (none while preempted); energy by phase to the job's ledger energy.
  EXPECT_NEAR(sum(ft.training.wall_seconds), ft.end_s - ft.start_s, 1e-6);
  EXPECT_NEAR(sum(ft.training.gpu_seconds), ft.accelerators * (ft.end_s - ft.allocated_s - ft.training.preempted_s),
              1e-6 * sum(ft.training.gpu_seconds));
  EXPECT_LT(relative(sum(ft.training.energy_j), ft.energy_j), 1e-9);
  // The preemption's checkpoint and restart are part of the checkpoint and restart phases.
  EXPECT_LE(ft.training.preemption_checkpoint_gpu_s, ft.training.gpu_seconds[1] + 1e-9);
  EXPECT_LE(ft.training.preemption_restart_gpu_s, ft.training.gpu_seconds[3] + 1e-9);
  EXPECT_GT(ft.training.preemption_restart_gpu_s, 0);
  EXPECT_GT(ft.training.preemption_energy_j, 0);
  EXPECT_LT(ft.training.preemption_energy_j, ft.training.energy_j[1] + ft.training.energy_j[3]);
}

TEST(Preemption, TheServiceWaitsExactlyAsLongAsThePreemptionCheckpointTakes) {
  const auto r = run_mixed({});
  const auto& ft = test::job_named(r, "finetune");
  const auto& s = chat(r);
  ASSERT_EQ(ft.training.preemptions, 1);
  EXPECT_EQ(s.preemptions, 1);
  // The borrowed node arrives when the checkpoint is written: the service's wait is that checkpoint's
  // duration, which the job's GPU time in it (64 GPUs) also measures.
  const double checkpoint_s = ft.training.preemption_checkpoint_gpu_s / ft.accelerators;
  ASSERT_GT(checkpoint_s, 0);
  EXPECT_NEAR(s.awaiting_s, checkpoint_s, 1e-6);
  // One node of 8 single-GPU replicas awaited: replica-seconds = 8 x the wait.
  EXPECT_NEAR(s.awaiting_replica_s, 8 * checkpoint_s, 1e-6);
  // The checkpoint the preemption asked for is the event just after the preemption, with that duration.
  double preempted_at = -1, checkpoint_duration = -1;
  for (const auto& e : r.events) {
    if (e.job == "finetune" && e.kind == "preemption") {
      EXPECT_EQ(e.cause, "chat");
      preempted_at = e.time_s;
    }
    if (e.job == "finetune" && e.kind == "checkpoint" && preempted_at >= 0 && checkpoint_duration < 0 &&
        e.time_s == preempted_at)
      checkpoint_duration = e.duration_s;
  }
  ASSERT_GE(preempted_at, 0);
  EXPECT_NEAR(checkpoint_duration, checkpoint_s, 1e-6);
  // The intervals record the replicas awaiting nodes and those on borrowed nodes; some interval had both
  // a replica awaiting and, later, borrowed replicas serving.
  int awaiting_rows = 0, borrowed_rows = 0;
  for (const auto& row : s.intervals) {
    awaiting_rows += row.awaiting > 0;
    borrowed_rows += row.borrowed > 0;
    EXPECT_LE(row.serving + row.warming, 64) << row.start_s; // never beyond replicas.max
  }
  EXPECT_GE(awaiting_rows, 1);
  EXPECT_GT(borrowed_rows, awaiting_rows);
  EXPECT_GE(s.affected_intervals, awaiting_rows);
  EXPECT_GT(s.affected_requests_served, 0);
}

TEST(Preemption, TheLowestPriorityPreemptibleJobGoesFirst) {
  // Both training jobs preemptible; the fine-tuning job now has the higher priority: the pre-training
  // job (priority 0) is the one preempted, and it gives all its 21 nodes back.
  const auto r = run_mixed({"workload.jobs.pretrain-7b.preemptible=true",
                            "workload.jobs.pretrain-7b.checkpoint={policy: fixed, interval: 2 h}",
                            "workload.jobs.finetune.priority=10"});
  EXPECT_GE(test::job_named(r, "pretrain-7b").training.preemptions, 1);
  EXPECT_EQ(test::job_named(r, "finetune").training.preemptions, 0);
}

TEST(Preemption, ANonPreemptibleJobIsNeverPreempted) {
  const auto r = run_mixed({"workload.jobs.finetune.preemptible=false"});
  for (const auto& j : r.jobs)
    EXPECT_EQ(j.training.preemptions, 0) << j.name;
  for (const auto& e : r.events)
    EXPECT_NE(e.kind, "preemption");
  // The service still borrows what is free (day 1), but on day 2 none is, and nobody can be preempted.
  EXPECT_GT(chat(r).nodes_borrowed, 0);
  EXPECT_EQ(chat(r).preemptions, 0);
  EXPECT_EQ(chat(r).awaiting_s, 0);
}

TEST(Preemption, KilledOnPreemptionTheJobLosesItsWorkSinceTheLastCheckpointAndTheServiceWaitsForNothing) {
  const auto r = run_mixed({"workload.jobs.finetune.on_preemption=kill"});
  const auto& ft = test::job_named(r, "finetune");
  const auto& s = chat(r);
  ASSERT_GE(ft.training.preemptions, 1);
  ASSERT_TRUE(ft.finished());
  // No checkpoint first: the nodes are the service's at once.
  EXPECT_EQ(ft.training.preemption_checkpoint_gpu_s, 0);
  EXPECT_EQ(s.awaiting_s, 0);
  // The work since the last durable checkpoint (1 h of compute apart) is lost at each preemption:
  // reported, and in the lost phase.
  double lost = 0;
  int preemptions = 0;
  for (const auto& e : r.events)
    if (e.kind == "preemption") {
      EXPECT_GT(e.lost_gpu_hours, 0);
      EXPECT_LE(e.lost_gpu_hours, 1.0 * ft.accelerators + 1e-9);
      lost += e.lost_gpu_hours;
      ++preemptions;
    }
  EXPECT_EQ(preemptions, ft.training.preemptions);
  EXPECT_NEAR(ft.training.lost_work_gpu_hours, lost, 1e-9);
  EXPECT_NEAR(ft.training.gpu_seconds[2] / 3600.0, lost, 1e-6);
  // The timeline still adds up: GPUs x held time, the wait excluded.
  EXPECT_NEAR(sum(ft.training.gpu_seconds), ft.accelerators * (ft.end_s - ft.allocated_s - ft.training.preempted_s),
              1e-6 * sum(ft.training.gpu_seconds));
  EXPECT_NEAR(sum(ft.training.wall_seconds), ft.end_s - ft.start_s, 1e-6);
}

TEST(Preemption, UnderNodeFailuresTheLedgerAndTheTimelinesStillHold) {
  // Both training jobs preemptible, a heavier load and node failures (seed 5 gives both preemptions
  // and interruptions on both jobs): nodes leave for repair, come back, go to the service and back.
  const auto r = run_mixed({"duration=5d", "seed=5", "engine.hosts=per-node", "workload.jobs.chat.load.rate=1500 Hz",
                            "cluster.reliability={model: kokolis, failures_per_1000_node_days: 100}",
                            "workload.jobs.pretrain-7b.preemptible=true",
                            "workload.jobs.pretrain-7b.checkpoint={policy: fixed, interval: 30 min}"});
  int preemptions = 0, interruptions = 0;
  for (const auto& j : r.jobs) {
    preemptions += j.training.preemptions;
    interruptions += j.training.interruptions;
    if (j.finished() && j.name != "chat") {
      EXPECT_NEAR(sum(j.training.wall_seconds), j.end_s - j.start_s, 1e-6) << j.name;
      EXPECT_LT(relative(sum(j.training.energy_j), j.energy_j), 1e-9) << j.name;
    }
  }
  EXPECT_GE(preemptions, 2);
  EXPECT_GT(interruptions, 0);
  EXPECT_EQ(chat(r).preemptions, preemptions);
  for (std::size_t k = 0; k < r.rack_energy_j.size(); ++k)
    EXPECT_LT(relative(r.rack_energy_j[k], r.simgrid_rack_energy_j[k]), 1e-9) << r.rack_names[k];
  EXPECT_LT(relative(r.simgrid_energy_j, r.it_energy_j), 1e-12);
}

TEST(Preemption, APreemptedJobWaitsAtTheHeadOfItsPartition) {
  // The pre-training job (preemptible, lowest priority) is preempted at the day-2 peak and 20 of its 21
  // nodes sit free while it waits; a small job submitted then must not take them before it resumes.
  std::ifstream in(std::string(WATTSIM_SOURCE_DIR) + "/scenarios/inference/mixed-cluster.yaml");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  text.insert(text.find("outputs:"), "    - {name: late, nodes: 4, duration: 1 h, submit: 39 h}\n");
  const auto loaded = test::load_text(text, {"duration=3d", "workload.jobs.pretrain-7b.preemptible=true",
                                             "workload.jobs.pretrain-7b.checkpoint={policy: fixed, interval: 2 h}",
                                             "workload.jobs.finetune.priority=10"});
  const auto r = sim::run_simulation(loaded.scenario);
  const auto& pre = test::job_named(r, "pretrain-7b");
  ASSERT_EQ(pre.training.preemptions, 1);
  double preempted_at = -1;
  for (const auto& e : r.events)
    if (e.kind == "preemption")
      preempted_at = e.time_s;
  ASSERT_GT(preempted_at, 0);
  const auto& late = test::job_named(r, "late");
  ASSERT_LT(late.submit_s, preempted_at + pre.training.preempted_s); // submitted while it waited
  EXPECT_GE(late.allocated_s, preempted_at + pre.training.preempted_s);
}

TEST(Preemption, AFailureDuringThePreemptionCheckpointHandsTheNodesOverAtOnce) {
  // A 1 PB checkpoint takes 5,000 s at 8 x 25 GB/s; with seed 24 a node of the fine-tuning job fails
  // during the one its preemption asked for. The checkpoint is lost with the failure, the job gives its
  // remaining nodes up then, and the service's wait ends there; the ledger holds node by node.
  const auto r = run_mixed({"seed=24", "engine.hosts=per-node",
                            "workload.jobs.finetune.checkpoint={policy: fixed, interval: 1 h, size: 1 PB}",
                            "workload.jobs.finetune.restart={on_no_spare: shrink}",
                            "cluster.reliability={model: kokolis, failures_per_1000_node_days: 1000}",
                            "workload.jobs.pretrain-7b.failures=false", "workload.jobs.chat.failures=false"});
  double preempted_at = -1, failed_at = -1;
  for (const auto& e : r.events) {
    if (e.job == "finetune" && e.kind == "preemption")
      preempted_at = e.time_s;
    if (e.job == "finetune" && e.kind == "interruption" && preempted_at >= 0 && failed_at < 0)
      failed_at = e.time_s;
  }
  ASSERT_GE(preempted_at, 0);
  ASSERT_GT(failed_at, preempted_at);
  ASSERT_LT(failed_at, preempted_at + 5000) << "the failure must fall inside the preemption's checkpoint";
  const auto& ft = test::job_named(r, "finetune");
  EXPECT_EQ(ft.training.preemptions, 1);
  EXPECT_NEAR(chat(r).awaiting_s, failed_at - preempted_at, 1e-6);
  // The checkpoint's GPU time: the GPUs the job held (fewer than 64 after shrinking) until the failure.
  EXPECT_GT(ft.training.preemption_checkpoint_gpu_s, 0);
  EXPECT_LE(ft.training.preemption_checkpoint_gpu_s, (failed_at - preempted_at) * ft.accelerators + 1e-6);
  const double gpus = ft.training.preemption_checkpoint_gpu_s / (failed_at - preempted_at);
  EXPECT_NEAR(gpus, 8 * std::round(gpus / 8), 1e-6) << "whole nodes of 8 GPUs";
  for (std::size_t k = 0; k < r.rack_energy_j.size(); ++k)
    EXPECT_LT(relative(r.rack_energy_j[k], r.simgrid_rack_energy_j[k]), 1e-9) << r.rack_names[k];
  EXPECT_LT(relative(r.simgrid_energy_j, r.it_energy_j), 1e-12);
}
