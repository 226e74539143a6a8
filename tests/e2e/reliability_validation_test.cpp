// Validation of training runs with failures (docs/validation.md, "Training runs"): the Llama 3 405B
// snapshot over 20 seeds, job MTTF against Kokolis et al. 2024, and the simulated optimum checkpoint
// interval against Daly's. All through `wattsim sweep`, from physical inputs.

#include "e2e_util.hpp"

#include <cmath>
#include <fmt/format.h>
#include <gtest/gtest.h>

using namespace wattsim::e2e;

namespace {
nlohmann::json sweep(const std::string& scenario_file, const std::string& args, const TempDir& dir) {
  auto r = run_wattsim("sweep " + scenario(scenario_file) + " -q -o " + dir.str() + " " + args);
  EXPECT_EQ(r.status, 0) << r.output;
  return read_json(dir.path / "sweep.json");
}
double mean(const nlohmann::json& variant, const std::string& key) { return variant["keys"][key]["mean"].get<double>(); }
} // namespace

TEST(ReliabilityValidation, Llama3InterruptionsOverTwentySeeds) {
  TempDir dir;
  const std::string keys = "jobs.0.interruptions.total,jobs.0.interruptions.unexpected,jobs.0.interruptions.planned,"
                           "jobs.0.interruptions.by_category.gpu,jobs.0.interruptions.by_category.host,"
                           "jobs.0.interruptions.by_category.unplanned_maintenance,"
                           "jobs.0.effective_training_time_ratio";
  auto doc = sweep("validation/llama3-reliability.yaml",
                   "--seeds 20 --set outputs.iteration_window=null --set outputs.events=false --keys " + keys, dir);
  const auto& v = doc["variants"][0];
  // Llama Team 2024 s3.3.4: 466 interruptions in 54 days, 419 unexpected, 47 planned.
  EXPECT_NEAR(mean(v, "jobs.0.interruptions.total"), 466, 0.10 * 466);
  EXPECT_NEAR(mean(v, "jobs.0.interruptions.unexpected"), 419, 0.10 * 419);
  EXPECT_NEAR(mean(v, "jobs.0.interruptions.planned"), 47, 0.20 * 47);
  // ~78% of unexpected interruptions attributed to confirmed or suspected hardware (GPU, host
  // components, unplanned host maintenance).
  const double hardware = mean(v, "jobs.0.interruptions.by_category.gpu") + mean(v, "jobs.0.interruptions.by_category.host") +
                          mean(v, "jobs.0.interruptions.by_category.unplanned_maintenance");
  EXPECT_NEAR(hardware / mean(v, "jobs.0.interruptions.unexpected"), 0.78, 0.04);
  // Effective training time above 90%.
  EXPECT_GT(mean(v, "jobs.0.effective_training_time_ratio"), 0.90);
}

TEST(ReliabilityValidation, KokolisJobMttfIsOneOverNodesTimesRate) {
  // r_f = 6.50 (RSC-1) and 2.34 (RSC-2) failures per 1,000 node-days; horizons long enough for
  // ~1,000+ failures per size.
  struct Case {
    double rate_per_1000_node_days;
    int nodes, days;
  };
  for (const auto& c : std::vector<Case>{{6.50, 64, 2000}, {6.50, 512, 300}, {6.50, 2048, 80}, {2.34, 512, 900}, {2.34, 2048, 240}}) {
    TempDir dir;
    auto doc = sweep("validation/kokolis-mttf.yaml",
                     fmt::format("--seeds 4 --keys jobs.0.observed_mtti_s --set duration={}d --set workload.jobs.job.nodes={} "
                                 "--set cluster.reliability.failures_per_1000_node_days={}",
                                 c.days, c.nodes, c.rate_per_1000_node_days),
                     dir);
    const double expected = 1.0 / (c.nodes * c.rate_per_1000_node_days / 1000 / 86400);
    EXPECT_NEAR(mean(doc["variants"][0], "jobs.0.observed_mtti_s") / expected, 1.0, 0.05)
        << c.nodes << " nodes at " << c.rate_per_1000_node_days;
  }
}

TEST(ReliabilityValidation, SimulatedOptimumIntervalIsWithinOneGridStepOfDaly) {
  TempDir dir;
  const std::vector<double> grid = {150, 300, 600, 1200, 2400};
  std::string axis;
  for (double g : grid) {
    if (!axis.empty())
      axis += ',';
    axis += std::to_string(static_cast<int>(g));
    axis += 's';
  }
  auto doc = sweep("validation/daly-interval.yaml",
                   "--seeds 4 --vary workload.jobs.job.checkpoint.interval=" + axis +
                       " --keys jobs.0.effective_training_time_ratio,jobs.0.daly_interval_s,jobs.0.young_interval_s,"
                       "jobs.0.daly_expected_ettr",
                   dir);
  // At every interval the simulated effective training time follows Daly's complete model.
  for (std::size_t i = 0; i < grid.size(); ++i)
    EXPECT_NEAR(mean(doc["variants"][i], "jobs.0.effective_training_time_ratio"),
                mean(doc["variants"][i], "jobs.0.daly_expected_ettr"), 0.03)
        << grid[i] << " s";
  std::size_t best = 0;
  for (std::size_t i = 0; i < grid.size(); ++i)
    if (mean(doc["variants"][i], "jobs.0.effective_training_time_ratio") >
        mean(doc["variants"][best], "jobs.0.effective_training_time_ratio"))
      best = i;
  const double daly = mean(doc["variants"][0], "jobs.0.daly_interval_s");
  const double young = mean(doc["variants"][0], "jobs.0.young_interval_s");
  // One step of a doubling grid: the optimum is within a factor 2 of Daly's interval.
  EXPECT_LT(std::abs(std::log2(grid[best] / daly)), 1.0) << "best " << grid[best] << " s, Daly " << daly << " s";
  EXPECT_GT(young, daly) << "Young's first-order interval exceeds Daly's for delta << M";
}
