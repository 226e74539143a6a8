#include "sim/job_timeline.hpp"

#include <gtest/gtest.h>

using namespace wattsim::sim;

TEST(JobTimeline, DurableWorkStaysProductiveAndInterruptedWorkIsLost) {
  JobTimeline t;
  t.begin(0, GpuUse::productive, 8, 0);    // train 0-100
  t.begin(100, GpuUse::checkpoint, 8, 1000); // checkpoint 100-110, durable at 110
  t.begin(110, GpuUse::productive, 8, 1050);
  t.mark_durable(110);
  t.begin(200, GpuUse::restart, 8, 1950); // interruption at 200: 110-200 is lost
  t.mark_lost();
  t.begin(260, GpuUse::productive, 8, 2100);
  t.finish(300, 2500);
  EXPECT_DOUBLE_EQ(t.wall_seconds(GpuUse::productive), 100 + 40);
  EXPECT_DOUBLE_EQ(t.wall_seconds(GpuUse::checkpoint), 10);
  EXPECT_DOUBLE_EQ(t.wall_seconds(GpuUse::lost), 90);
  EXPECT_DOUBLE_EQ(t.wall_seconds(GpuUse::restart), 60);
  EXPECT_DOUBLE_EQ(t.gpu_seconds(GpuUse::lost), 8 * 90);
  EXPECT_DOUBLE_EQ(t.energy_j(GpuUse::productive), 1000 + 400);
  EXPECT_DOUBLE_EQ(t.energy_j(GpuUse::lost), 900);
  EXPECT_DOUBLE_EQ(t.energy_j(GpuUse::restart), 150);
  auto lost = t.gpu_series(GpuUse::lost);
  EXPECT_DOUBLE_EQ(lost.value_at(150), 8);
  EXPECT_DOUBLE_EQ(lost.value_at(50), 0);
  EXPECT_DOUBLE_EQ(t.gpu_series(GpuUse::productive).integral(0, 300), 8 * 140);
}

TEST(JobTimeline, AsyncCheckpointCoversOnlyWorkBeforeItsCopy) {
  JobTimeline t;
  t.begin(0, GpuUse::productive, 4, 0);
  t.begin(100, GpuUse::checkpoint, 4, 100); // copy 100-101
  t.begin(101, GpuUse::productive, 4, 101); // the write drains while training continues
  t.begin(150, GpuUse::productive, 4, 150); // a phase boundary inside the drain
  t.mark_durable(100);                      // the write lands at 150 and covers work before 100
  t.begin(180, GpuUse::restart, 4, 180);
  t.mark_lost();
  t.finish(200, 200);
  EXPECT_DOUBLE_EQ(t.wall_seconds(GpuUse::productive), 100);
  EXPECT_DOUBLE_EQ(t.wall_seconds(GpuUse::lost), 79);
}
