#include "sim/node_pool.hpp"

#include <algorithm>
#include <gtest/gtest.h>

using wattsim::sim::NodePool;

TEST(NodePool, FirstFitTakesLowestNodesAndGivesBack) {
  NodePool pool(100, 16, 4);
  auto a = pool.take(6, NodePool::Placement::first_fit);
  ASSERT_EQ(a.size(), 6u);
  EXPECT_EQ(a.front(), 100u);
  EXPECT_EQ(a.back(), 105u);
  EXPECT_EQ(pool.free_count(), 10u);
  EXPECT_TRUE(pool.take(11, NodePool::Placement::first_fit).empty());
  pool.give_back(a);
  EXPECT_EQ(pool.free_count(), 16u);
}

TEST(NodePool, PackRacksPrefersWholeRacksThenFullestPartialRack) {
  NodePool pool(0, 16, 4); // racks {0-3} {4-7} {8-11} {12-15}
  auto one = pool.take(1, NodePool::Placement::first_fit); // node 0: rack 0 now has 3 free
  auto job = pool.take(5, NodePool::Placement::pack_racks);
  ASSERT_EQ(job.size(), 5u);
  // One whole free rack (4 nodes) plus one node from the partly used rack 0.
  int in_rack0 = 0, whole = 0;
  for (auto n : job)
    (n < 4 ? in_rack0 : whole)++;
  EXPECT_EQ(whole, 4);
  EXPECT_EQ(in_rack0, 1);
}

TEST(NodePool, PoweredNodesGoFirst) {
  NodePool pool(0, 4, 4);
  pool.mark_off(0);
  pool.mark_off(1);
  auto job = pool.take(2, NodePool::Placement::first_fit);
  EXPECT_EQ(job, (std::vector<std::uint32_t>{2, 3}));
  auto rest = pool.take(2, NodePool::Placement::first_fit);
  EXPECT_EQ(rest, (std::vector<std::uint32_t>{0, 1}));
}

TEST(NodePool, RefusesNodesItDoesNotOwn) {
  // Issue 12 item 1: a spare node id (past the pool's nodes) handed back wrote past the rack counts.
  NodePool pool(100, 8, 4);
  auto job = pool.take(8, NodePool::Placement::first_fit);
  EXPECT_FALSE(pool.owns(108));
  EXPECT_THROW(pool.give_back({108}), std::logic_error);
  EXPECT_THROW(pool.give_back({99}), std::logic_error);
  pool.give_back({100});
  EXPECT_THROW(pool.give_back({100}), std::logic_error) << "a free node given back twice";
  EXPECT_EQ(pool.free_count(), 1u);
}

TEST(NodePool, SpreadRacksTakesFromTheRackWithMostFreeNodes) {
  NodePool pool(0, 16, 4); // racks {0-3} {4-7} {8-11} {12-15}
  auto first = pool.take(2, NodePool::Placement::first_fit); // rack 0 keeps 2 free
  auto job = pool.take(6, NodePool::Placement::spread_racks);
  std::vector<int> per_rack(4, 0);
  for (auto n : job)
    ++per_rack[n / 4];
  // Racks 1-3 (4 free) give one each, then again (3 free each beat rack 0's 2).
  EXPECT_EQ(per_rack, (std::vector<int>{0, 2, 2, 2}));
  EXPECT_TRUE(std::is_sorted(job.begin(), job.end()));
}
