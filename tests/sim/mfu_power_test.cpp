// A job's MFU moves its power through the engine: the same FLOPs at MFU 0.2 and 0.5 on DGX H100.
// (One SimGrid engine per process: the MFU 0.5 job is evaluated with the node model, not run.)

#include "sim/simulation.hpp"
#include "sim_test_util.hpp"

#include <gtest/gtest.h>

using namespace wattsim;

namespace {
scenario::LoadedScenario job_at(const std::string& mfu) {
  return test::load_text(test::kEightNodes, {"workload.jobs=[{name: j, nodes: 8, flops: 1e21, mfu: " + mfu + "}]"});
}
} // namespace

TEST(MfuPower, LowMfuDrawsLessPowerAndMoreEnergyForTheSameFlops) {
  const auto low = job_at("0.2"), high = job_at("0.5");
  const double w_low = test::node_powers(low).training_w, w_high = test::node_powers(high).training_w;
  EXPECT_LT(w_low, 0.8 * w_high);

  auto r = sim::run_simulation(low.scenario);
  const auto& j = r.jobs[0];
  ASSERT_TRUE(j.finished());
  EXPECT_NEAR(j.energy_j, 8 * w_low * (j.end_s - j.start_s), 1e-6 * j.energy_j);
  // MFU 0.5 does the same FLOPs in 0.4x the time: node energy per FLOP is lower.
  const double high_energy_j = 8 * w_high * high.scenario.jobs[0].training()->work_s;
  EXPECT_GT(j.energy_j, 1.2 * high_energy_j);
}
