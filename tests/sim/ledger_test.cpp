// Power accounting: the ledger against SimGrid's energy plugin and against hand computation;
// the traces against the totals.

#include "sim_test_util.hpp"

#include "models/hardware/node_power.hpp"
#include "sim/node_hosts.hpp"
#include "sim/recorder.hpp"

#include <cmath>
#include <gtest/gtest.h>

using namespace wattsim;

namespace {
double relative(double a, double b) { return std::abs(a - b) / std::max(std::abs(b), 1e-300); }

const char* kMixed = R"(name: mixed
seed: 11
duration: 3 d
site: {carbon_intensity: 0.5 kg/kWh, electricity_price: 0.1 $/kWh}
facility: {pue: 1.3}
cluster:
  partitions:
    - {name: h100, system: DGX-H100, nodes: 12, spare_nodes: 2, rack_power_limit: 40.8 kW, power_cap: 600 W}
    - {name: a100, system: DGX-A100-640GB, nodes: 6, rack_power_limit: 30 kW}
  storage: {capacity: 1 PB, bandwidth: 100 GB/s, power: 12 kW}
  network: {topology: fat-tree, switch: QM9700}
workload:
  scheduler: {idle: power-off, power_off_after: 2 h, boot_time: 10 min, backfill: true}
  jobs:
    - {name: a, nodes: 8, duration: 20 h}
    - {name: b, nodes: 8, duration: 10 h, submit: 1 h}
    - {name: c, nodes: 2, duration: 3 h, submit: 2 h}
    - {name: d, partition: a100, nodes: 6, gpu_hours: 1000, submit: 5 h}
    - {name: e, nodes: 12, duration: 2 d, submit: 1 d}
outputs: {resolution: 13 min, traces: [racks, jobs]}
)";
} // namespace

TEST(Ledger, MatchesSimGridEnergyPlugin) {
  auto loaded = test::load_text(kMixed);
  auto r = sim::run_simulation(loaded.scenario);
  EXPECT_GT(r.counters.group_changes + r.counters.node_moves, 40u);
  EXPECT_GT(r.counters.host_state_changes, 0u);
  EXPECT_LT(relative(r.simgrid_energy_j, r.it_energy_j), 1e-12);
}

TEST(Ledger, RacksAndJobsAddUp) {
  auto loaded = test::load_text(kMixed);
  auto r = sim::run_simulation(loaded.scenario);
  double racks = 0;
  for (double e : r.rack_energy_j)
    racks += e;
  const double fixed = (12e3 + loaded.scenario.cluster.network.power_w) * r.simulated_s;
  EXPECT_LT(relative(racks + fixed, r.it_energy_j), 1e-12);
  for (std::size_t j = 0; j < r.jobs.size(); ++j)
    EXPECT_LT(relative(r.job_power_w[j].integral(0, r.simulated_s), r.jobs[j].energy_j), 1e-9) << r.jobs[j].name;
  for (std::size_t k = 0; k < r.rack_power_w.size(); ++k)
    EXPECT_LT(relative(r.rack_power_w[k].integral(0, r.simulated_s), r.rack_energy_j[k]), 1e-9) << r.rack_names[k];
}

TEST(Ledger, TraceIntegratesBackToTheSummary) {
  auto loaded = test::load_text(kMixed, {"duration=2.9 d"});
  auto r = sim::run_simulation(loaded.scenario);
  const auto totals = sim::compute_totals(loaded.scenario, r);
  const auto tr = sim::facility_trace(loaded.scenario, r);
  auto integral = [&](const std::string& name, double scale) {
    for (std::size_t c = 0; c < tr.names.size(); ++c)
      if (tr.names[c] == name) {
        double sum = 0;
        for (std::size_t k = 0; k < tr.rows(); ++k)
          sum += tr.columns[c][k] * tr.row_length(k);
        return sum * scale;
      }
    ADD_FAILURE() << "no column " << name;
    return 0.0;
  };
  EXPECT_LT(relative(integral("it_kw", 1e3), totals.it_energy_j), 1e-9);
  EXPECT_LT(relative(integral("facility_kw", 1e3), totals.facility_energy_j), 1e-9);
  double carbon = 0, cost = 0;
  for (std::size_t c = 0; c < tr.names.size(); ++c)
    for (std::size_t k = 0; k < tr.rows(); ++k) {
      if (tr.names[c] == "carbon_kg")
        carbon += tr.columns[c][k];
      if (tr.names[c] == "cost")
        cost += tr.columns[c][k];
    }
  EXPECT_LT(relative(carbon, totals.carbon_kg), 1e-9);
  EXPECT_LT(relative(cost, totals.cost), 1e-9);
  EXPECT_NEAR(totals.facility_energy_j, 1.3 * totals.it_energy_j, 1e-6 * totals.it_energy_j);
  EXPECT_NEAR(totals.carbon_kg, totals.facility_energy_j * 0.5 / 3.6e6, 1e-9 * totals.carbon_kg);
}

TEST(Ledger, EnergyEqualsHandComputedNodePower) {
  // 8 nodes for 2 days; a 4-node job trains for exactly 1 day; everything else idles.
  auto loaded = test::load_text(test::kEightNodes, {"duration=2 d", "workload.jobs=[{name: j, nodes: 4, duration: 1 d}]"});
  auto r = sim::run_simulation(loaded.scenario);
  const auto [p_idle, p_train] = test::node_powers(loaded);
  const double day = 86400;
  const double expected = 4 * p_train * day + (8 * 2 * day - 4 * day) * p_idle;
  EXPECT_LT(relative(r.it_energy_j, expected), 1e-12);
  EXPECT_LT(relative(r.jobs[0].energy_j, 4 * p_train * day), 1e-12);
  EXPECT_DOUBLE_EQ(r.jobs[0].start_s, 0);
  EXPECT_DOUBLE_EQ(r.jobs[0].end_s, day);
  EXPECT_NEAR(r.it_power_w.max(0, 2 * day), 4 * p_train + 4 * p_idle, 1e-6);
}


TEST(Ledger, RackEnergiesMatchOneSimGridHostPerNode) {
  // With one host per node, SimGrid integrates every node on its own: the sum of its hosts per rack
  // checks the ledger's group settlement (nodes leaving groups on failures, repairs, power-offs).
  auto loaded = test::load_text(kMixed, {"engine.hosts=per-node",
                                         "cluster.reliability={model: kokolis, failures_per_1000_node_days: 300}"});
  auto r = sim::run_simulation(loaded.scenario);
  ASSERT_EQ(r.simgrid_rack_energy_j.size(), r.rack_energy_j.size());
  int node_failures = 0;
  for (const auto& j : r.jobs)
    node_failures += j.training.node_failures;
  EXPECT_GT(node_failures, 0); // nodes left their groups on failures and came back from repair
  for (std::size_t k = 0; k < r.rack_energy_j.size(); ++k)
    EXPECT_LT(relative(r.rack_energy_j[k], r.simgrid_rack_energy_j[k]), 1e-9) << r.rack_names[k];
  EXPECT_LT(relative(r.simgrid_energy_j, r.it_energy_j), 1e-12);
}

TEST(Ledger, GroupedHostsMatchTheEnergyPluginWithFewHostChanges) {
  auto loaded = test::load_text(kMixed, {"cluster.reliability={model: kokolis, failures_per_1000_node_days: 300}"});
  auto r = sim::run_simulation(loaded.scenario);
  EXPECT_TRUE(r.simgrid_rack_energy_j.empty());
  EXPECT_LT(relative(r.simgrid_energy_j, r.it_energy_j), 1e-12);
  // A group change is at most four host changes (two counts, two hosts each), a node move too.
  EXPECT_LE(r.counters.host_state_changes, 4 * (r.counters.group_changes + r.counters.node_moves + 1));
}

TEST(NodeHosts, TwoCountingHostsCoverEveryCountOfThePartition) {
  // B = ceil(sqrt(N + 1)): every count 0..N is (units < B, blocks <= N / B), with B x B >= N + 1.
  for (std::uint64_t n : {0ull, 1ull, 2ull, 3ull, 8ull, 99ull, 2112ull, 127000ull, 1000000ull, 999999999ull}) {
    const auto b = sim::NodeHosts::base_for(n);
    EXPECT_GE(b * b, n + 1) << n;
    EXPECT_LT((b - 1) * (b - 1), n + 1) << n;
    EXPECT_LE(n / b, b) << n; // the blocks host needs no more pstates than the units host
  }
  EXPECT_EQ(sim::NodeHosts::base_for(1000000), 1001u);
}
