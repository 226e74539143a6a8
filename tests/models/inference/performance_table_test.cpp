#include "models/inference/performance_table.hpp"

#include <gtest/gtest.h>

namespace wattsim::models::inference {
namespace {

TEST(PerformanceTable, BuiltinTablesAreUsableAndSourced) {
  ASSERT_GE(builtin_performance_tables().size(), 2u);
  for (const auto& t : builtin_performance_tables()) {
    EXPECT_FALSE(table_problem(t)) << *table_problem(t);
    EXPECT_NE(find_served_model(t.model), nullptr) << t.model;
    EXPECT_EQ(find_performance_table(t.model, t.accelerator, t.layout), &t);
  }
  for (const auto& r : builtin_phase_latencies()) {
    EXPECT_FALSE(r.source.empty());
    EXPECT_NE(find_served_model(r.model), nullptr) << r.model;
  }
  EXPECT_EQ(find_performance_table("Llama-3.1-8B", "H100-SXM", {2, 1}), nullptr);
}

TEST(PerformanceTable, RowDerivedQuantities) {
  const PerformanceRow row{64, 5000, 600, 0, 400, "test"};
  EXPECT_DOUBLE_EQ(row.step_time_s(), 64.0 / 5000);
  EXPECT_DOUBLE_EQ(row.energy_per_output_token_j(), 600.0 / 5000);
}

TEST(PerformanceTable, ProblemsNameTheRow) {
  PerformanceTable t{"m", "a", {1, 1}, ServingPhase::mixed, {{8, 1000, 500, 0, 0, "s"}, {64, 5000, 600, 0, 0, "s"}}};
  EXPECT_FALSE(table_problem(t));
  auto expect_problem = [](PerformanceTable bad, const std::string& words) {
    auto p = table_problem(bad);
    ASSERT_TRUE(p);
    EXPECT_NE(p->find(words), std::string::npos) << *p;
  };
  auto one = t;
  one.rows.pop_back();
  expect_problem(one, "at least two rows");
  auto order = t;
  order.rows[1].batch = 8;
  expect_problem(order, "row 2");
  auto power = t;
  power.rows[0].gpu_power_w = 0;
  expect_problem(power, "gpu_power_w");
  auto unsourced = t;
  unsourced.rows[1].source.clear();
  expect_problem(unsourced, "source");
  auto slower = t;
  slower.rows[1].output_tokens_s = 900; // more sequences, fewer tokens/s
  expect_problem(slower, "throughput must increase");
}

} // namespace
} // namespace wattsim::models::inference
