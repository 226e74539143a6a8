// Node failures in an inference service (the cluster's reliability model, models/reliability): a failure
// takes the replicas of the node hit out of service, their requests go back to the queue for the others,
// the node goes to repair, and the autoscaler replaces the lost capacity from the pool's resting nodes.

#include "e2e_util.hpp"

#include <gtest/gtest.h>

using namespace wattsim::e2e;

namespace {

struct Run {
  nlohmann::json service;
  Csv csv, events;
};

Run run_chat(const TempDir& dir, const std::string& name, const std::string& sets) {
  const auto out = dir.path / name;
  const auto r = run_wattsim("run " + scenario("inference/chat-diurnal.yaml") + " -q " + sets + " -o " + out.string());
  EXPECT_EQ(r.status, 0) << r.output;
  return {read_json(out / "summary.json").at("services").at(0), read_csv(out / "inference.csv"),
          read_csv(out / "events.csv")};
}

const char* kFailing = "--set 'cluster.reliability={model: kokolis, failures_per_1000_node_days: 300}'";

} // namespace

TEST(InferenceFailures, AFailedNodeGoesToRepairAndTheAutoscalerReplacesIt) {
  TempDir dir;
  const auto failing = run_chat(dir, "failing", kFailing);
  const auto healthy = run_chat(dir, "healthy", "");
  const auto& s = failing.service;
  // 16 nodes at 0.3 failures per node-day for a week: tens of expected interruptions, every one in events.
  EXPECT_GT(s.at("replica_failures").get<double>(), 5);
  EXPECT_GE(s.at("replica_failures").get<double>(), s.at("node_failures").get<double>());
  std::size_t interruptions = 0;
  const auto kind = failing.events.index("kind"), job = failing.events.index("job");
  for (const auto& row : failing.events.rows)
    interruptions += row[kind] == "interruption" && row[job] == "chat";
  EXPECT_EQ(static_cast<double>(interruptions), s.at("replica_failures").get<double>());
  // Every replica of the pool is in exactly one state in every interval, repair included.
  const auto serving = failing.csv.column("replicas_serving"), warming = failing.csv.column("replicas_warming"),
             idle = failing.csv.column("replicas_idle"), off = failing.csv.column("replicas_off"),
             repair = failing.csv.column("replicas_repair");
  double repair_max = 0;
  for (std::size_t i = 0; i < serving.size(); ++i) {
    EXPECT_EQ(serving[i] + warming[i] + idle[i] + off[i] + repair[i], 128) << i;
    repair_max = std::max(repair_max, repair[i]);
  }
  EXPECT_GT(repair_max, 0);
  // The requests in flight on a failed replica are served again by the others: the service still serves
  // what arrives, keeps its SLO, and warms more replicas than the healthy run to replace the lost ones.
  EXPECT_GT(s.at("requests_requeued").get<double>(), 0);
  EXPECT_LE(s.at("requests_served").get<double>(), s.at("requests").get<double>());
  EXPECT_GT(s.at("requests_served").get<double>(), 0.999 * s.at("requests").get<double>());
  EXPECT_GT(s.at("slo_attainment").get<double>(), 0.99);
  EXPECT_GT(s.at("warmups").get<double>(), healthy.service.at("warmups").get<double>());
  EXPECT_EQ(healthy.service.at("replica_failures").get<double>(), 0);
  // The pool's node power column integrates to the ledger's energy of the service (nodes in repair are
  // in neither).
  const auto t = failing.csv.column("time_s"), p = failing.csv.column("node_power_kw");
  double kwh = 0;
  for (std::size_t i = 0; i < t.size(); ++i)
    kwh += p[i] * ((i + 1 < t.size() ? t[i + 1] : 7 * 86400.0) - t[i]) / 3600;
  EXPECT_NEAR(kwh, s.at("node_energy_kwh").get<double>(), 1e-6 * kwh);
}

TEST(InferenceFailures, TheAutoscalerWarmsAReplacementWhereTheHealthyRunWarmsNone) {
  TempDir dir;
  const auto failing = run_chat(dir, "failing", kFailing);
  const auto healthy = run_chat(dir, "healthy", "");
  // The same seed draws the same arrivals (failures have their own stream), so the healthy run is the
  // counterfactual: at an interval where a serving node went to repair and the healthy pool warms nothing,
  // the failing pool warms a replacement (the autoscaler wants as many replicas and has fewer).
  const auto repair = failing.csv.column("replicas_repair"), warming = failing.csv.column("replicas_warming"),
             healthy_warming = healthy.csv.column("replicas_warming"), serving = failing.csv.column("replicas_serving");
  int failures_while_serving = 0, replaced = 0;
  for (std::size_t i = 1; i < repair.size(); ++i)
    if (repair[i] > repair[i - 1] && healthy_warming[i] == 0 && serving[i] < serving[i - 1]) {
      ++failures_while_serving;
      replaced += warming[i] > 0;
    }
  EXPECT_GT(failures_while_serving, 0);
  // Not always: a pool still within the autoscaler's tolerance band (10 %) of its target after the loss
  // keeps its size until the load asks for more.
  EXPECT_GE(replaced, 0.8 * failures_while_serving);
}

TEST(InferenceFailures, AServiceWithFailuresOffIsNotInterrupted) {
  TempDir dir;
  const auto run = run_chat(dir, "off", std::string(kFailing) + " --set workload.jobs.chat.failures=false");
  EXPECT_EQ(run.service.at("replica_failures").get<double>(), 0);
  for (double r : run.csv.column("replicas_repair"))
    EXPECT_EQ(r, 0);
}
