// `wattsim check` runs the plant at its design conditions and warns when the GPUs would throttle
// there; `wattsim run` reports throttled GPU-hours whenever there are any (issue #7, item 1).

#include "e2e_util.hpp"

#include <gtest/gtest.h>

using namespace wattsim::e2e;

TEST(DesignCheck, CheckWarnsWhenADesignThrottlesAtItsDesignConditions) {
  const auto file = scenario("facility/d2c-dry-phoenix.yaml");
  auto ok = run_wattsim("check " + file);
  ASSERT_EQ(ok.status, 0) << ok.output;
  EXPECT_NE(ok.output.find("cold-plate coolant"), std::string::npos) << ok.output;
  EXPECT_EQ(ok.output.find("warning"), std::string::npos) << ok.output;
  // The same hall on W45 facility water with cold plates limited to 45 C: 48 C at the plates.
  auto hot = run_wattsim("check " + file + " --set facility.liquid.class=W45 --set facility.throttle.coolant_limit=45C");
  ASSERT_EQ(hot.status, 0) << hot.output;
  EXPECT_NE(hot.output.find("warning"), std::string::npos) << hot.output;
  EXPECT_NE(hot.output.find("will throttle"), std::string::npos) << hot.output;
}

TEST(DesignCheck, RunSummaryShowsThrottledGpuHoursWhenThereAreAny) {
  TempDir dir;
  auto r = run_wattsim("run " + scenario("facility/d2c-dry-phoenix.yaml") +
                       " --set duration=2d --set workload.jobs.pretrain.gpus=512 --set facility.throttle.coolant_limit=40C"
                       " -o " + dir.str());
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("throttled"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("GPU-hours"), std::string::npos) << r.output;
  TempDir cool;
  auto c = run_wattsim("run " + scenario("facility/d2c-dry-phoenix.yaml") +
                       " --set duration=1d --set workload.jobs.pretrain.gpus=512 -o " + cool.str());
  ASSERT_EQ(c.status, 0) << c.output;
  EXPECT_EQ(c.output.find("throttled"), std::string::npos) << c.output;
  // The design conditions the plant was sized for: Phoenix's ASHRAE 0.4 % dry bulb from its EPW hours.
  EXPECT_NE(c.output.find("42.8 °C dry bulb"), std::string::npos) << c.output;
  EXPECT_NE(c.output.find("(epw): 0 h above the dry bulb"), std::string::npos) << c.output; // its first day (1 January) has none
}
