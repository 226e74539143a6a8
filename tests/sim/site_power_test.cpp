// The site's power management in runs (sim/site_power.hpp): a contract power held by capping or
// holding jobs, demand response answered by caps and pauses at a checkpoint, and flexible jobs deferred
// to the cleanest hours of their slack. Expected powers come from the node model directly.

#include "sim_test_util.hpp"

#include <algorithm>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <gtest/gtest.h>

using namespace wattsim;

namespace {
constexpr double kPue = 1.2; // kEightNodes

/// A DGX H100 node running job 0 of the scenario, its GPUs capped at `fraction` of TDP (0: uncapped).
double training_w(const scenario::LoadedScenario& loaded, double fraction) {
  const auto& part = loaded.scenario.cluster.partitions[0];
  models::NodeOperatingPoint op;
  op.accelerator = loaded.scenario.jobs[0].training()->activity;
  op.host_active = true;
  if (fraction > 0)
    op.accelerator_cap_w = std::max(part.accelerator.power_cap_min_w, fraction * part.accelerator.tdp_w);
  return models::node_power(part.system, part.accelerator, op).input_w;
}

const char* kTwoJobs = "workload.jobs=[{name: a, nodes: 4, duration: 10 h}, {name: b, nodes: 4, duration: 10 h}]";
} // namespace

TEST(SitePower, CapStartsTheSecondJobAtTheLeastCappedLevelThatFits) {
  auto loaded = test::load_text(test::kEightNodes, {kTwoJobs});
  const auto [idle_w, train_w] = test::node_powers(loaded);
  // Room for job a at full power and job b only below a 0.8 TDP cap (the default levels are 0.9 ... 0.5).
  const double at_08 = training_w(loaded, 0.8), at_09 = training_w(loaded, 0.9);
  ASSERT_LT(at_08, at_09);
  const double limit_w = kPue * (8 * idle_w + 4 * (train_w - idle_w) + 4 * (0.5 * (at_08 + at_09) - idle_w));
  loaded = test::load_text(test::kEightNodes, {kTwoJobs, fmt::format("site.power_budget={{limit: {} W}}", limit_w)});
  const auto r = sim::run_simulation(loaded.scenario);
  const auto& a = test::job_named(r, "a");
  const auto& b = test::job_named(r, "b");
  EXPECT_EQ(a.start_s, 0);
  EXPECT_EQ(b.start_s, 0); // started capped, not held
  EXPECT_GT(b.end_s, a.end_s); // slower under its cap until a ends
  // While both run the facility draws exactly both jobs' powers, b at the 0.8 level: under the limit.
  EXPECT_NEAR(r.facility_power_w.value_at(3600), kPue * (4 * train_w + 4 * at_08), 1e-6 * limit_w);
  EXPECT_LE(r.facility_power_w.max(0, r.simulated_s), limit_w);
  // b's cap lifts when a ends: from then on it draws the uncapped training power.
  EXPECT_NEAR(r.facility_power_w.value_at(a.end_s + 60), kPue * (4 * train_w + 4 * idle_w), 1e-6 * limit_w);
  EXPECT_NEAR(r.power_budget.capped_gpus.integral(0, r.simulated_s), 32 * a.end_s, 1e-6 * 32 * a.end_s);
  EXPECT_EQ(r.power_budget.jobs_held, 0);
}

TEST(SitePower, HoldStartsOnlyAtFullPowerAndCountsTheDelay) {
  auto loaded = test::load_text(test::kEightNodes, {kTwoJobs});
  const auto [idle_w, train_w] = test::node_powers(loaded);
  const double limit_w = kPue * (8 * idle_w + 4 * (train_w - idle_w) + 2 * (train_w - idle_w));
  loaded = test::load_text(test::kEightNodes,
                           {kTwoJobs, fmt::format("site.power_budget={{limit: {} W, action: hold}}", limit_w)});
  const auto r = sim::run_simulation(loaded.scenario);
  const auto& a = test::job_named(r, "a");
  const auto& b = test::job_named(r, "b");
  EXPECT_DOUBLE_EQ(b.start_s, a.end_s); // held until a's power came back
  EXPECT_DOUBLE_EQ(b.power_held_s, a.end_s);
  EXPECT_DOUBLE_EQ(r.power_budget.held_job_s, a.end_s);
  EXPECT_EQ(r.power_budget.jobs_held, 1);
  EXPECT_DOUBLE_EQ(r.power_budget.capped_gpus.integral(0, r.simulated_s), 0);
  EXPECT_LE(r.facility_power_w.max(0, r.simulated_s), limit_w);
  // The budget binds exactly while b waits.
  EXPECT_NEAR(r.power_budget.binding.integral(0, r.simulated_s), a.end_s, 1e-9 * a.end_s);
}

TEST(SitePower, DemandResponseCapsThenPausesAFlexibleJobAtACheckpoint) {
  // Two jobs; b is flexible and checkpoints. The event asks for more than capping both can shed.
  const char* jobs = "workload.jobs=[{name: a, nodes: 4, duration: 10 h},"
                     " {name: b, nodes: 4, duration: 10 h, slack: 1 d, parameters: 8e9,"
                     " checkpoint: {policy: fixed, interval: 30 min, size: 100 GB}}]";
  const char* storage = "cluster.storage={capacity: 1 PB, bandwidth: 100 GB/s, power: 0 W}";
  auto loaded = test::load_text(test::kEightNodes, {jobs, storage});
  const auto [idle_w, train_w] = test::node_powers(loaded);
  const double capped_w = training_w(loaded, 0.5);
  // Shedding: a and b to 0.5 TDP frees 8 (train - capped); ask for more, less than that plus pausing b.
  const double shed_w = kPue * (8 * (train_w - capped_w) + 0.5 * 4 * (capped_w - idle_w));
  loaded = test::load_text(
      test::kEightNodes,
      {jobs, storage,
       fmt::format("site.demand_response=[{{start: 2 h, duration: 1 h, shed: {} W}}]", shed_w)});
  const auto r = sim::run_simulation(loaded.scenario);
  EXPECT_EQ(r.power_budget.pauses, 1);
  // During the event: a capped (after the pause some of its cap may lift), b's nodes idle.
  const double during = r.facility_power_w.value_at(2.5 * 3600);
  const double baseline = r.power_budget.demand_response_baseline_w.at(0);
  EXPECT_NEAR(baseline, kPue * 8 * train_w, 1e-6 * baseline);
  EXPECT_LE(during, baseline - shed_w + 1e-6 * baseline);
  EXPECT_GE(during, kPue * (4 * capped_w + 4 * idle_w) - 1e-6 * baseline);
  // b resumes after the event through a restart from its checkpoint: it lost the whole hour; a, capped
  // for that hour, lost less.
  int pauses = 0, restarts_after = 0;
  for (const auto& e : r.events) {
    pauses += e.kind == "pause" && e.job == "b";
    restarts_after += e.kind == "restart" && e.job == "b" && e.time_s >= 3 * 3600;
  }
  EXPECT_EQ(pauses, 1);
  EXPECT_EQ(restarts_after, 1);
  EXPECT_GT(test::job_named(r, "b").end_s, 10 * 3600 + 3600);
  EXPECT_GT(test::job_named(r, "a").end_s, 10 * 3600);
  EXPECT_LT(test::job_named(r, "a").end_s, test::job_named(r, "b").end_s);
  // After the event both train uncapped again.
  EXPECT_NEAR(r.facility_power_w.value_at(3.5 * 3600), kPue * 8 * train_w, 1e-6 * baseline);
}

TEST(SitePower, FlexibleJobsStartAtTheCleanestWindowOfTheirSlack) {
  // Carbon: 0.5 kg/kWh except 0.1 from 6 h to 9 h; a 2-hour flexible job submitted at 1 h with 12 h of
  // slack starts at 6 h; a job without slack starts at once.
  char tmpl[] = "/tmp/wattsim-defer-XXXXXX";
  const std::filesystem::path dir = mkdtemp(tmpl);
  std::ofstream(dir / "ci.csv") << "time_h,ci\n0,500\n6,100\n9,500\n";
  std::string yaml = test::kEightNodes;
  yaml.replace(yaml.find("{carbon_intensity: 0.5 kg/kWh, "),
               std::string("{carbon_intensity: 0.5 kg/kWh, ").size(),
               "{carbon_intensity: {csv: " + (dir / "ci.csv").string() + ", unit: g/kWh}, ");
  auto loaded = test::load_text(yaml, {"workload.scheduler={defer: carbon}",
                                       "workload.jobs=[{name: flex, nodes: 2, duration: 2 h, submit: 1 h, slack: 12 h},"
                                       " {name: rigid, nodes: 2, duration: 2 h, submit: 1 h}]",
                                       "duration=1 d"});
  std::filesystem::remove_all(dir);
  const auto r = sim::run_simulation(loaded.scenario);
  EXPECT_DOUBLE_EQ(test::job_named(r, "flex").start_s, 6 * 3600.0);
  EXPECT_DOUBLE_EQ(test::job_named(r, "flex").deferred_s, 5 * 3600.0);
  EXPECT_DOUBLE_EQ(test::job_named(r, "rigid").start_s, 3600.0);
  EXPECT_DOUBLE_EQ(test::job_named(r, "rigid").deferred_s, 0.0);
}

TEST(SitePower, PriceAwareJobsStartAtTheCheapestWindow) {
  // Price 0.2 $/kWh except 0.05 from 10 h to 12 h: a 1-hour job with 20 h of slack starts at 10 h.
  char tmpl[] = "/tmp/wattsim-defer-XXXXXX";
  const std::filesystem::path dir = mkdtemp(tmpl);
  std::ofstream(dir / "price.csv") << "time_h,usd\n0,0.2\n10,0.05\n12,0.2\n";
  std::string yaml = test::kEightNodes;
  const std::string from = "electricity_price: 0.1 $/kWh}";
  yaml.replace(yaml.find(from), from.size(), "electricity_price: {csv: " + (dir / "price.csv").string() + ", unit: $/kWh}}");
  auto loaded = test::load_text(yaml, {"workload.scheduler={defer: price}",
                                       "workload.jobs=[{name: flex, nodes: 2, duration: 1 h, slack: 20 h}]", "duration=1 d"});
  std::filesystem::remove_all(dir);
  const auto r = sim::run_simulation(loaded.scenario);
  EXPECT_DOUBLE_EQ(test::job_named(r, "flex").start_s, 10 * 3600.0);
}

namespace {
std::string load_error(const std::vector<std::string>& overrides) {
  try {
    test::load_text(test::kEightNodes, overrides);
  } catch (const scenario::InputError& e) {
    return e.key_path() + ": " + e.message();
  }
  return "no error";
}
} // namespace

TEST(SitePower, BadKeysAreInputErrors) {
  const std::string job = "workload.jobs=[{nodes: 1, duration: 1 h}]";
  EXPECT_NE(load_error({job, "site.power_budget={action: cap}"}).find("limit"), std::string::npos);
  EXPECT_NE(load_error({job, "site.power_budget={limit: 1 MW, action: shed}"}).find("action"), std::string::npos);
  EXPECT_NE(load_error({job, "site.demand_response=[{start: 2 h, duration: 2 h, shed: 1 MW}, {start: 3 h, duration: 1 h, shed: 1 MW}]"})
                .find("overlap"),
            std::string::npos);
  EXPECT_NE(load_error({job, "site.demand_response=[{start: 2 h, duration: 2 h, shed: -1 MW}]"}).find("shed"),
            std::string::npos);
  EXPECT_NE(load_error({job, "workload.scheduler={defer: greenest}"}).find("defer"), std::string::npos);
  EXPECT_NE(load_error({"workload.jobs=[{nodes: 1, duration: 1 h, slack: -1 h}]"}).find("slack"), std::string::npos);
}
