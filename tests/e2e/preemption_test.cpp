// Training and inference on one cluster (issue #8): an inference service with `preempt: true` borrows
// nodes beyond its reserved replicas; with none free it preempts a `preemptible` training job, which
// checkpoints, waits and restarts from that checkpoint. scenarios/inference/mixed-cluster.yaml, whose
// chat service preempts the fine-tuning job at its day-2 peak, against the same run without preemption.

#include "e2e_util.hpp"

#include <cmath>
#include <fstream>
#include <gtest/gtest.h>

using namespace wattsim::e2e;

namespace {

struct Run {
  nlohmann::json summary;
  Csv jobs, events, inference;
};

Run run_mixed(const TempDir& dir, const std::string& name, const std::string& sets) {
  const auto out = dir.path / name;
  const auto r = run_wattsim("run " + scenario("inference/mixed-cluster.yaml") + " -q --set duration=3d " + sets +
                             " -o " + out.string());
  EXPECT_EQ(r.status, 0) << r.output;
  return {read_json(out / "summary.json"), read_csv(out / "jobs.csv"), read_csv(out / "events.csv"),
          read_csv(out / "inference.csv")};
}

const nlohmann::json& job(const Run& r, const std::string& name) {
  for (const auto& j : r.summary.at("jobs"))
    if (j.at("name") == name)
      return j;
  throw std::runtime_error("no job " + name);
}

double wall(const nlohmann::json& j, const char* phase) { return j.at("wall_s_by_phase").at(phase).get<double>(); }

} // namespace

TEST(Preemption, AtItsPeakTheServicePreemptsFineTuningWhichLosesExactlyItsWaitAndRestart) {
  TempDir dir;
  const auto with = run_mixed(dir, "with", "");
  const auto without = run_mixed(dir, "without", "--set workload.jobs.finetune.preemptible=false");
  const auto& ft = job(with, "finetune");
  const auto& ft0 = job(without, "finetune");
  const auto& p = ft.at("preemption");
  ASSERT_EQ(p.at("count").get<int>(), 1);
  EXPECT_EQ(ft0.at("preemption").at("count").get<int>(), 0);
  EXPECT_EQ(job(with, "pretrain-7b").at("preemption").at("count").get<int>(), 0); // not preemptible

  // The preemption came at the service's afternoon peak of day 2 (peak_hour 15), when no node was free.
  double at = -1;
  const auto kind = with.events.index("kind"), who = with.events.index("job"), cause = with.events.index("cause");
  const auto time = with.events.index("time_s");
  for (const auto& row : with.events.rows)
    if (row[kind] == "preemption") {
      EXPECT_EQ(row[who], "finetune");
      EXPECT_EQ(row[cause], "chat");
      at = std::stod(row[time]);
    }
  ASSERT_GT(at, 86400);
  const double hour = std::fmod(at, 86400) / 3600;
  EXPECT_GT(hour, 12);
  EXPECT_LT(hour, 18);

  // Both runs do the same work at the same speed; the preempted one finishes later by exactly its extra
  // checkpoint and restart time, and its restart time is the wait for nodes plus the restart phases.
  EXPECT_NEAR(wall(ft, "productive"), wall(ft0, "productive"), 1e-6);
  const double delay = ft.at("end_s").get<double>() - ft0.at("end_s").get<double>();
  const double gpus = ft.at("gpus").get<double>();
  const double restart_phases_s = p.at("restart_gpu_hours").get<double>() * 3600 / gpus;
  EXPECT_GT(delay, p.at("waiting_s").get<double>());
  EXPECT_NEAR(delay, (wall(ft, "restart") - wall(ft0, "restart")) + (wall(ft, "checkpoint") - wall(ft0, "checkpoint")), 1e-6);
  EXPECT_NEAR(wall(ft, "restart"), p.at("waiting_s").get<double>() + restart_phases_s, 1e-6);
  EXPECT_EQ(wall(ft0, "restart"), 0);
  // The restart is as after a failure: re-allocation and initialization (the defaults) and the load.
  EXPECT_GE(restart_phases_s, 120 + 300);
  // GPU-hours: the phases add up to the hours the job held its GPUs, the wait excluded.
  double phases = 0;
  for (const auto& [name, h] : ft.at("gpu_hours_by_phase").items())
    phases += h.get<double>();
  EXPECT_NEAR(phases, ft.at("gpu_hours").get<double>(), 1e-9 * phases);
  EXPECT_NEAR(ft.at("gpu_hours").get<double>(),
              gpus * (ft.at("end_s").get<double>() - ft.at("start_s").get<double>() - p.at("waiting_s").get<double>()) / 3600,
              1e-6);
  // jobs.csv carries the same count and wait.
  const auto names = with.jobs.index("name");
  for (std::size_t i = 0; i < with.jobs.rows.size(); ++i)
    if (with.jobs.rows[i][names] == "finetune") {
      EXPECT_EQ(with.jobs.column("preemptions")[i], 1);
      EXPECT_NEAR(with.jobs.column("preempted_s")[i], p.at("waiting_s").get<double>(), 1e-3);
    }

  // The service: what it borrowed and waited for.
  const auto& s = with.summary.at("services").at(0).at("preemption");
  const auto& s0 = without.summary.at("services").at(0).at("preemption");
  EXPECT_EQ(s.at("preemptions").get<double>(), 1);
  EXPECT_GT(s.at("awaiting_s").get<double>(), 0);
  EXPECT_EQ(s0.at("awaiting_s").get<double>(), 0);
  EXPECT_GT(s.at("nodes_borrowed").get<double>(), s0.at("nodes_borrowed").get<double>());
  EXPECT_GT(s.at("borrowed_replica_hours").get<double>(), s0.at("borrowed_replica_hours").get<double>());
  // Every replica is in exactly one state per interval: the reserved 24 plus those on borrowed nodes.
  const auto serving = with.inference.column("replicas_serving"), warming = with.inference.column("replicas_warming"),
             idle = with.inference.column("replicas_idle"), off = with.inference.column("replicas_off"),
             borrowed = with.inference.column("replicas_borrowed");
  for (std::size_t i = 0; i < serving.size(); ++i)
    EXPECT_EQ(serving[i] + warming[i] + idle[i] + off[i], 24 + borrowed[i]) << i;
}

TEST(Preemption, NoPreemptionWhenFreeNodesSuffice) {
  // Day 1: the fine-tuning job is not submitted yet, 8 nodes are free: the service borrows, preempts nobody.
  TempDir dir;
  const auto out = dir.path / "day1";
  ASSERT_EQ(run_wattsim("run " + scenario("inference/mixed-cluster.yaml") + " -q --set duration=1d -o " + out.string()).status, 0);
  const auto summary = read_json(out / "summary.json");
  const auto& s = summary.at("services").at(0).at("preemption");
  EXPECT_GT(s.at("nodes_borrowed").get<double>(), 0);
  EXPECT_EQ(s.at("preemptions").get<double>(), 0);
  EXPECT_EQ(s.at("awaiting_s").get<double>(), 0);
  for (const auto& j : summary.at("jobs"))
    EXPECT_EQ(j.at("preemption").at("count").get<int>(), 0) << j.at("name");
}

TEST(Preemption, SameSeedSameBytes) {
  TempDir dir;
  const auto a = dir.path / "a", b = dir.path / "b";
  for (const auto& out : {a, b})
    ASSERT_EQ(run_wattsim("run " + scenario("inference/mixed-cluster.yaml") + " -q --set duration=3d -o " + out.string()).status, 0);
  for (const char* f : {"jobs.csv", "events.csv", "inference.csv", "timeseries.csv"})
    EXPECT_EQ(read_text(a / f), read_text(b / f)) << f;
  EXPECT_EQ(read_json(a / "summary.json").at("jobs"), read_json(b / "summary.json").at("jobs"));
  EXPECT_EQ(read_json(a / "summary.json").at("services"), read_json(b / "summary.json").at("services"));
}

TEST(Preemption, BadKeysNameFileLineAndKey) {
  // Each case edits one line of the scenario; the error names that file, line and key, exit 2.
  TempDir dir;
  const std::string text = read_text(scenario("inference/mixed-cluster.yaml"));
  struct Case {
    const char* from;
    const char* to;
    const char* where;
  };
  const Case cases[] = {
      // Replicas above the reserved ones need preempt: true.
      {"      preempt: true\n", "      preempt: false\n", ":27:58: workload.jobs[0].replicas.reserved"},
      {"reserved: 24}", "reserved: 72}", ":27:58: workload.jobs[0].replicas.reserved"}, // above max
      {"reserved: 24}", "reserved: 12}", ":27:58: workload.jobs[0].replicas.reserved"}, // not whole nodes
      {"initial: 16,", "initial: 32,", ":27:44: workload.jobs[0].replicas.initial"},    // beyond reserved
      {"      preempt: true\n", "      preempt: maybe\n", ":28:16: workload.jobs[0].preempt"},
      {"      preemptible: true\n", "      preemptible: yes-please\n", ":45:20: workload.jobs[2].preemptible"},
      // Nothing to save: no checkpoint policy.
      {"      checkpoint: {policy: fixed, interval: 1 h}\n", "", ":44:20: workload.jobs[2].preemptible"},
      {"      preemptible: true\n", "      preemptable: true\n", "workload.jobs[2].preemptable"}, // unknown key
      {"      preemptible: true\n", "      preemptible: true\n      on_preemption: suspend\n", ":46:22: workload.jobs[2].on_preemption"},
      {"      preemptible: true\n", "      on_preemption: kill\n", ":45:22: workload.jobs[2].on_preemption"}, // not preemptible
  };
  for (const auto& c : cases) {
    std::string edited = text;
    const auto at = edited.find(c.from);
    ASSERT_NE(at, std::string::npos) << c.from;
    edited.replace(at, std::string(c.from).size(), c.to);
    const auto path = dir.path / "bad.yaml";
    std::ofstream(path) << edited;
    const auto r = run_wattsim("check " + path.string());
    EXPECT_EQ(r.status, 2) << c.to << "\n" << r.output;
    // "bad.yaml:line:column: key", or for an unknown key at least the file and the key.
    const std::string where = c.where[0] == ':' ? "bad.yaml" + std::string(c.where) : std::string(c.where);
    EXPECT_NE(r.output.find(where), std::string::npos) << c.to << "\n" << r.output;
    EXPECT_NE(r.output.find("bad.yaml:"), std::string::npos) << c.to << "\n" << r.output;
  }
}

TEST(Preemption, CheckShowsWhatTheServiceMayBorrowAndWhichJobsArePreemptible) {
  const auto r = run_wattsim("check " + scenario("inference/mixed-cluster.yaml"));
  ASSERT_EQ(r.status, 0) << r.output;
  // 64 - 24 replicas of 8 per node: 5 nodes.
  EXPECT_NE(r.output.find("chat: 3 nodes (24 accelerators), borrows up to 5 more nodes (preempt)"), std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("(from duration), preemptible\n"), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find("(from tokens), preemptible"), std::string::npos) << r.output;
}
