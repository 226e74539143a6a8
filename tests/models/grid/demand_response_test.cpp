#include "models/grid/demand_response.hpp"
#include "models/grid/limit_excess.hpp"

#include <gtest/gtest.h>

using namespace wattsim::models;

TEST(DemandResponse, BaselineIsTheMeteredMeanBeforeTheEvent) {
  StepSeries g;
  g.set(0, 100);
  g.set(3000, 200);
  // The 15 min before 3600, [2700, 3600): 300 s at 100, 600 s at 200.
  EXPECT_DOUBLE_EQ(baseline_w(g, 3600), (300 * 100 + 600 * 200) / 900.0);
  EXPECT_DOUBLE_EQ(baseline_w(g, 600), 100); // shorter window at the start of the run
  EXPECT_DOUBLE_EQ(baseline_w(g, 0), 100);   // an event at 0: the value then
}

TEST(DemandResponse, DeliveredIsBaselineMinusTheGridOverTheEvent) {
  StepSeries g;
  g.set(0, 1000);
  g.set(3600, 700);  // shed 300 for 30 min
  g.set(5400, 850);  // then only 150 for 30 min
  g.set(7200, 1000);
  const DemandResponseEvent ev{3600, 3600, 250};
  const auto out = evaluate_demand_response(g, ev, 1000);
  EXPECT_DOUBLE_EQ(out.asked_j, 250 * 3600.0);
  EXPECT_DOUBLE_EQ(out.delivered_j, 300 * 1800.0 + 150 * 1800.0);
  EXPECT_DOUBLE_EQ(out.mean_w, 775);
  EXPECT_DOUBLE_EQ(out.delivered_w, 225);
  EXPECT_DOUBLE_EQ(out.target_w, 750);
  EXPECT_EQ(out.short_minutes, 30); // the second half hour sits 100 W above the target
}

TEST(LimitExcess, CountsMinuteMeansAboveAndTheExactEnergy) {
  StepSeries p, limit;
  limit.set(0, 100);
  p.set(0, 90);
  p.set(120, 130); // 10 s at 130 inside the third minute: its mean is 96.7, under the limit
  p.set(130, 90);
  p.set(300, 110); // minutes 5 and 6 at 110
  p.set(420, 100); // exactly at the limit: not above
  const auto e = excess_over(p, limit, 0, 600, 60);
  EXPECT_EQ(e.windows_above, 2);
  EXPECT_DOUBLE_EQ(e.max_excess_w, 10);
  EXPECT_DOUBLE_EQ(e.energy_above_j, 10 * 30 + 120 * 10);
}
