// Queue policies (sim/queue_policy.hpp): EASY with extra nodes, conservative reservations, priority
// order, reservations from the requested walltime, jobs killed at their walltime or not.

#include "sim_test_util.hpp"

#include "sim/job_timeline.hpp"

#include <gtest/gtest.h>

using namespace wattsim;

namespace {
const sim::JobRecord& job(const sim::RunResult& r, const std::string& name) { return test::job_named(r, name); }
constexpr double kDay = 86400;

sim::RunResult run(const std::vector<std::string>& overrides) {
  return sim::run_simulation(test::load_text(test::kEightNodes, overrides).scenario);
}

// a holds 6 of 8 nodes for a day; b (4 nodes) blocks behind it; c (8 nodes) after b; d (2 nodes, 3 days).
const char* kReservations = "workload.jobs=[{name: a, nodes: 6, duration: 1 d}, {name: b, nodes: 4, duration: 1 d}, "
                            "{name: c, nodes: 8, duration: 1 d}, {name: d, nodes: 2, duration: 3 d}]";
} // namespace

TEST(QueuePolicy, EasyBackfillsOnTheExtraNodesOfTheReservation) {
  // At b's shadow time (1 d) 8 nodes are free and b needs 4: 4 extra nodes, so d (2 nodes) starts now
  // although it runs past the shadow time. b is not delayed; c, which has no reservation, is.
  auto r = run({kReservations, "workload.scheduler.queue=easy"});
  EXPECT_DOUBLE_EQ(job(r, "d").start_s, 0);
  EXPECT_DOUBLE_EQ(job(r, "b").start_s, kDay);
  EXPECT_DOUBLE_EQ(job(r, "c").start_s, 3 * kDay); // waits for d
}

TEST(QueuePolicy, ConservativeBackfillDelaysNoReservation) {
  // Every waiting job holds a reservation: b at 1 d, c at 2 d (all 8 nodes); d may not overlap c's,
  // so it starts after c.
  auto r = run({kReservations, "workload.scheduler.queue=conservative"});
  EXPECT_DOUBLE_EQ(job(r, "b").start_s, kDay);
  EXPECT_DOUBLE_EQ(job(r, "c").start_s, 2 * kDay);
  EXPECT_DOUBLE_EQ(job(r, "d").start_s, 3 * kDay);
}

TEST(QueuePolicy, ConservativeBackfillsWhatFitsBeforeTheReservations) {
  // e (2 nodes, 1 d) fits in the 2 free nodes and ends before c's reservation: it starts now.
  auto r = run({"workload.jobs=[{name: a, nodes: 6, duration: 1 d}, {name: b, nodes: 8, duration: 1 d}, "
                "{name: e, nodes: 2, duration: 1 d}]",
                "workload.scheduler.queue=conservative"});
  EXPECT_DOUBLE_EQ(job(r, "e").start_s, 0);
  EXPECT_DOUBLE_EQ(job(r, "b").start_s, kDay);
}

TEST(QueuePolicy, FifoStartsNothingBehindABlockedJob) {
  auto r = run({kReservations, "workload.scheduler.queue=fifo"});
  EXPECT_DOUBLE_EQ(job(r, "b").start_s, kDay);
  EXPECT_DOUBLE_EQ(job(r, "c").start_s, 2 * kDay);
  EXPECT_DOUBLE_EQ(job(r, "d").start_s, 3 * kDay); // behind c, although 4 nodes sat free during b
}

namespace {
const char* kPriorityJobs = "workload.jobs=[{name: a, nodes: 8, duration: 1 d}, {name: b, nodes: 8, duration: 1 d, "
                            "submit: 1 h}, {name: c, nodes: 8, duration: 1 d, submit: 2 h, priority: 5}]";
} // namespace

TEST(QueuePolicy, PriorityOrdersTheQueue) {
  // While a holds the cluster, b (priority 0) and then c (priority 5) arrive: c goes first.
  auto r = run({kPriorityJobs, "workload.scheduler.queue=priority"});
  EXPECT_DOUBLE_EQ(job(r, "c").start_s, kDay);
  EXPECT_DOUBLE_EQ(job(r, "b").start_s, 2 * kDay);
}

TEST(QueuePolicy, FifoIgnoresPriorities) {
  auto r = run({kPriorityJobs, "workload.scheduler.queue=fifo"});
  EXPECT_DOUBLE_EQ(job(r, "b").start_s, kDay);
  EXPECT_DOUBLE_EQ(job(r, "c").start_s, 2 * kDay);
}

namespace {
// a holds 6 nodes for a day; b needs all 8 (shadow 1 d, no extra node); c (2 nodes) truly runs 12 h.
std::string short_job_with(const std::string& walltime) {
  return "workload.jobs=[{name: a, nodes: 6, duration: 1 d}, {name: b, nodes: 8, duration: 1 d}, "
         "{name: c, nodes: 2, duration: 12 h" + walltime + "}]";
}
} // namespace

TEST(QueuePolicy, BackfillWithAPerfectEstimate) {
  // Without a walltime the estimate is perfect: c ends before the shadow time and backfills.
  auto r = run({short_job_with(""), "workload.scheduler.queue=easy"});
  EXPECT_DOUBLE_EQ(job(r, "c").start_s, 0);
}

TEST(QueuePolicy, BackfillTrustsTheRequestedWalltimeNotTheTrueRuntime) {
  // Asking for 2 days, c looks as if it would delay b: it waits although it would have fit.
  auto r = run({short_job_with(", walltime: 2 d"), "workload.scheduler.queue=easy"});
  EXPECT_DOUBLE_EQ(job(r, "b").start_s, kDay);
  EXPECT_DOUBLE_EQ(job(r, "c").start_s, 2 * kDay);
}

namespace {
const char* kOverrun = "workload.jobs=[{name: long, nodes: 8, duration: 2 d, walltime: 1 d}, "
                       "{name: next, nodes: 8, duration: 1 h}]";
} // namespace

TEST(QueuePolicy, OverrunningJobsAreKilledAtTheirWalltime) {
  auto r = run({kOverrun, "workload.scheduler.on_walltime=kill"});
  EXPECT_DOUBLE_EQ(job(r, "long").killed_s, kDay);
  EXPECT_FALSE(job(r, "long").finished());
  EXPECT_DOUBLE_EQ(job(r, "long").progress, 0); // no checkpoint: the work is lost
  EXPECT_NEAR(job(r, "long").training.gpu_seconds[static_cast<int>(sim::GpuUse::lost)], kDay * 64, 1e-6);
  EXPECT_DOUBLE_EQ(job(r, "next").start_s, kDay);
  EXPECT_DOUBLE_EQ(r.simulated_s, kDay + 3600);
}

TEST(QueuePolicy, OverrunningJobsContinueByDefault) {
  auto r = run({kOverrun});
  EXPECT_LT(job(r, "long").killed_s, 0);
  EXPECT_DOUBLE_EQ(job(r, "long").end_s, 2 * kDay);
  EXPECT_DOUBLE_EQ(job(r, "next").start_s, 2 * kDay);
}

TEST(QueuePolicy, OlderBackfillKeyMeansEasy) {
  const std::string one = "workload.jobs=[{nodes: 1, duration: 1 h}]";
  auto loaded = test::load_text(test::kEightNodes, {one, "workload.scheduler.backfill=true"});
  EXPECT_EQ(loaded.scenario.scheduler.queue, sim::QueuePolicyKind::easy);
  EXPECT_EQ(test::load_text(test::kEightNodes, {one}).scenario.scheduler.queue, sim::QueuePolicyKind::fifo);
  EXPECT_EQ(test::load_text(test::kEightNodes, {one, "workload.scheduler={backfill: true, queue: easy}"})
                .scenario.scheduler.queue,
            sim::QueuePolicyKind::easy);
  EXPECT_THROW(test::load_text(test::kEightNodes, {one, "workload.scheduler={backfill: true, queue: fifo}"}),
               scenario::InputError);
  EXPECT_THROW(test::load_text(test::kEightNodes, {one, "workload.scheduler.queue=sjf"}), scenario::InputError);
  EXPECT_THROW(test::load_text(test::kEightNodes, {"workload.jobs=[{nodes: 1, duration: 1 h, walltime: -1 h}]"}),
               scenario::InputError);
}
