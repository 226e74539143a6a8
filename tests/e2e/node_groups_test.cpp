// Node groups against one SimGrid host per node (docs/engine.md, "Node groups"): the same scenarios,
// seeds and outputs with both representations give the same energies, events and per-job results;
// only the number of SimGrid host changes differs.

#include "e2e_util.hpp"

#include <cmath>
#include <gtest/gtest.h>

using namespace wattsim::e2e;
namespace fs = std::filesystem;

namespace {

// Every number of `a` equals `b`'s to 1e-9 (relative), every other value exactly; `skip` keys are the
// representation's own counters.
void expect_same_json(const nlohmann::json& a, const nlohmann::json& b, const std::string& at) {
  if (a.is_object()) {
    ASSERT_TRUE(b.is_object()) << at;
    EXPECT_EQ(a.size(), b.size()) << at;
    for (const auto& [k, v] : a.items()) {
      if (k == "host_state_changes")
        continue;
      ASSERT_TRUE(b.contains(k)) << at << "." << k;
      expect_same_json(v, b[k], at + "." + k);
    }
  } else if (a.is_array()) {
    ASSERT_EQ(a.size(), b.size()) << at;
    for (std::size_t i = 0; i < a.size(); ++i)
      expect_same_json(a[i], b[i], at + "[" + std::to_string(i) + "]");
  } else if (a.is_number() && b.is_number()) {
    const double x = a.get<double>(), y = b.get<double>();
    EXPECT_LE(std::abs(x - y), 1e-9 * std::max(1.0, std::abs(y))) << at;
  } else {
    EXPECT_EQ(a, b) << at;
  }
}

struct Case {
  std::string scenario;
  std::string extra;
};

void expect_same_with_both_representations(const Case& c, int seed) {
  SCOPED_TRACE(c.scenario + " seed " + std::to_string(seed));
  TempDir grouped, per_node;
  const std::string args = "run " + scenario(c.scenario) + " -q " + c.extra + " --set seed=" + std::to_string(seed) +
                           " --set outputs.traces=[racks,jobs]";
  ASSERT_EQ(run_wattsim(args + " -o " + grouped.str()).status, 0);
  ASSERT_EQ(run_wattsim(args + " --set engine.hosts=per-node -o " + per_node.str()).status, 0);
  std::size_t files = 0;
  for (const auto& f : fs::directory_iterator(grouped.path)) {
    const auto name = f.path().filename().string();
    if (f.path().extension() == ".csv") {
      ++files;
      EXPECT_EQ(read_text(f.path()), read_text(per_node.path / name)) << name;
    }
  }
  EXPECT_GE(files, 4u);
  const auto sa = read_json(grouped.path / "summary.json"), sb = read_json(per_node.path / "summary.json");
  expect_same_json(sa, sb, "summary");
  EXPECT_LE(sa["events"]["host_state_changes"].get<double>(), sb["events"]["host_state_changes"].get<double>());
  EXPECT_LT(std::abs(sa["energy_check"]["relative_difference"].get<double>()), 1e-9);
  EXPECT_LT(std::abs(sb["energy_check"]["relative_difference"].get<double>()), 1e-9);
}

} // namespace

TEST(NodeGroups, SameResultsAsOneHostPerNodeWithFailuresSparesAndRepairs) {
  const std::vector<Case> cases = {
      {"validation/kokolis-mttf.yaml", "--set duration=10d --set outputs.events=true"},
      {"validation/llama3-reliability.yaml", "--set duration=3d --set outputs.iteration_window=~"},
  };
  for (const auto& c : cases)
    for (int seed : {1, 2, 3})
      expect_same_with_both_representations(c, seed);
}

TEST(NodeGroups, SameResultsAsOneHostPerNodeForQueuesServicesAndPlants) {
  for (const Case& c : std::vector<Case>{
           {"examples/queue.yaml", "--set duration=5d"},            // boots, idle power-off, backfilling
           {"inference/mixed-cluster.yaml", "--set duration=3d"},   // a service beside training
           {"facility/training-hall.yaml", "--set duration=3d"},    // a plant and its throttling levels
       })
    for (int seed : {1, 2})
      expect_same_with_both_representations(c, seed);
}

TEST(NodeGroups, AFailureCostsTheSameHostChangesWhateverTheJobSize) {
  // The same failure pattern on a job 8 times larger: SimGrid host changes per group change and per
  // node move stay bounded (at most four each), not proportional to the nodes.
  TempDir small, large;
  const std::string base = "run " + scenario("validation/kokolis-mttf.yaml") + " -q --set duration=20d";
  ASSERT_EQ(run_wattsim(base + " -o " + small.str()).status, 0);
  ASSERT_EQ(run_wattsim(base + " --set cluster.partitions.a100.nodes=16384 --set cluster.partitions.a100.spare_nodes=1024"
                               " --set workload.jobs.job.nodes=16384 -o " + large.str()).status, 0);
  for (const auto* dir : {&small, &large}) {
    const auto ev = read_json(dir->path / "summary.json")["events"];
    EXPECT_LE(ev["host_state_changes"].get<double>(),
              4 * (ev["group_changes"].get<double>() + ev["node_moves"].get<double>()) + 8);
  }
  const auto ev_small = read_json(small.path / "summary.json")["events"];
  const auto ev_large = read_json(large.path / "summary.json")["events"];
  // 8x the nodes, about 8x the failures: host changes grow with the failures, not with nodes x failures.
  EXPECT_LT(ev_large["host_state_changes"].get<double>(), 16 * ev_small["host_state_changes"].get<double>());
}
