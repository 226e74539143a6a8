#include "models/reliability/repair_model.hpp"

#include <cmath>
#include <gtest/gtest.h>

using namespace wattsim::models;

namespace {
const FailureProcess& process(const FailureModel& m, const char* name) { return m.processes.at(m.find(name)); }
double normal_cdf(double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); }
} // namespace

TEST(RepairModel, SoftwareNeedsNoRepairAndHardwareTakesHoursToDays) {
  const RepairModel r = RepairModel::defaults();
  EXPECT_NO_THROW(r.validate());
  const FailureModel m = FailureModel::llama3_defaults();
  RandomStream rng(1, "repairs");
  for (const char* sw : {"software_bug", "dependency", "nccl_watchdog_timeouts"}) {
    EXPECT_EQ(r.mean_s(process(m, sw)), 0.0) << sw;
    EXPECT_EQ(r.sample_s(process(m, sw), rng), 0.0) << sw;
  }
  // Every node-down process has a repair of at least tens of minutes on average and at most days.
  for (const auto& p : m.processes) {
    if (!p.takes_node_down)
      continue;
    EXPECT_GT(r.mean_s(p), 0.5 * 3600) << p.name;
    EXPECT_LT(r.mean_s(p), 7 * 86400) << p.name;
  }
  // A GPU swap: slow branch median 48 h.
  EXPECT_DOUBLE_EQ(r.for_process(process(m, "faulty_gpu")).slow.median_s, 48 * 3600.0);
}

TEST(RepairModel, SampleMeanAndQuantileMatchTheMixture) {
  const RepairModel r = RepairModel::defaults();
  const FailureModel m = FailureModel::llama3_defaults();
  const FailureProcess& gpu = process(m, "faulty_gpu");
  const RepairDistribution& d = r.for_process(gpu);
  // Analytic mean by hand: (0.32 x 1 h + 0.68 x 48 h) x e^(0.8^2 / 2) = 32.96 h x 1.3771 = 45.39 h.
  const double mean_h = (0.32 * 1.0 + 0.68 * 48.0) * std::exp(0.5 * 0.8 * 0.8);
  EXPECT_NEAR(mean_h, 45.39, 0.005);
  EXPECT_NEAR(d.mean_s() / 3600.0, mean_h, 1e-9);
  // P(repair < 6 h) = 0.32 Phi(ln 6 / 0.8) + 0.68 Phi(ln(6/48) / 0.8).
  const double p6 = 0.32 * normal_cdf(std::log(6.0) / 0.8) + 0.68 * normal_cdf(std::log(6.0 / 48.0) / 0.8);
  RandomStream rng(2, "repairs/gpu");
  const int n = 200000;
  double sum = 0, below6 = 0;
  for (int i = 0; i < n; ++i) {
    const double s = r.sample_s(gpu, rng);
    sum += s;
    below6 += s < 6 * 3600.0;
  }
  EXPECT_NEAR(sum / n / 3600.0, mean_h, 0.02 * mean_h);
  EXPECT_NEAR(below6 / n, p6, 0.005);
}

TEST(RepairModel, PlannedHoldMedianAndOverrides) {
  RepairModel r = RepairModel::defaults();
  const FailureModel m = FailureModel::llama3_defaults();
  const FailureProcess& planned = process(m, "planned_maintenance");
  RandomStream rng(3, "repairs/planned");
  int below = 0;
  const int n = 20000;
  for (int i = 0; i < n; ++i)
    below += r.sample_s(planned, rng) < 600.0;
  EXPECT_NEAR(static_cast<double>(below) / n, 0.5, 0.02); // median 10 min
  // A per-process override wins over the category.
  r.by_process["faulty_gpu"] = {0.0, {}, {3600.0, 0.0}, "test"};
  EXPECT_DOUBLE_EQ(r.sample_s(process(m, "faulty_gpu"), rng), 3600.0);
  EXPECT_NE(r.mean_s(process(m, "gpu_hbm3_memory")), 3600.0);
  r.by_process["x"] = {1.5, {}, {}, "bad"};
  EXPECT_THROW(r.validate(), std::invalid_argument);
}

TEST(RepairModel, DrawsUseAFixedNumberOfUniforms) {
  // Three uniforms per draw whatever the branch: two streams that draw from different categories stay
  // in step.
  const RepairModel r = RepairModel::defaults();
  const FailureModel m = FailureModel::llama3_defaults();
  RandomStream a(9, "r"), b(9, "r");
  for (int i = 0; i < 100; ++i) {
    r.sample_s(process(m, "faulty_gpu"), a);
    r.sample_s(process(m, "software_bug"), b);
  }
  EXPECT_EQ(a.next(), b.next());
}
