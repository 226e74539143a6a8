#include "tools/scenario/inference_loader.hpp"

#include "scenario_test_util.hpp"

#include <gtest/gtest.h>

namespace wattsim::scenario {
namespace {

models::inference::PerformanceTable read_table(const test::TempFiles& files, const std::string& yaml) {
  const ConfigNode root = load_yaml_file(files.write("table.yaml", yaml));
  Reader r(root, "");
  Reader t = r.map("table");
  return read_performance_table(t);
}

std::string error_of(const test::TempFiles& files, const std::string& yaml) {
  try {
    read_table(files, yaml);
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

TEST(InferenceLoader, TableRowsInFriendlyUnits) {
  test::TempFiles files;
  const auto t = read_table(files, R"(table:
  model: Llama-3.1-8B
  accelerator: H100-SXM
  rows:
    - {batch: 8, gpu_power: 486 W, energy_per_output_token: 0.455 J, source: "ML.ENERGY v3.0"}
    - {batch: 64, gpu_power: 0.61 kW, output_tokens_per_s: 5126, mean_output_tokens: 396, source: "ML.ENERGY v3.0"}
)");
  EXPECT_EQ(t.model, "Llama-3.1-8B");
  EXPECT_EQ(t.layout.gpus(), 1);
  ASSERT_EQ(t.rows.size(), 2u);
  EXPECT_DOUBLE_EQ(t.rows[0].output_tokens_s, 486 / 0.455);
  EXPECT_DOUBLE_EQ(t.rows[1].gpu_power_w, 610);
  EXPECT_DOUBLE_EQ(t.rows[1].mean_output_tokens, 396);
}

TEST(InferenceLoader, BadTablesPointAtTheLine) {
  test::TempFiles files;
  const std::string head = "table:\n  model: m\n  accelerator: a\n  rows:\n";
  const std::string both = error_of(files, head + "    - {batch: 8, gpu_power: 1 W, output_tokens_per_s: 1, "
                                                  "energy_per_output_token: 1 J, source: s}\n    - {batch: 9, gpu_power: "
                                                  "1 W, output_tokens_per_s: 2, source: s}\n");
  EXPECT_NE(both.find("table.yaml:5"), std::string::npos) << both;
  EXPECT_NE(both.find("exactly one"), std::string::npos) << both;
  const std::string unit = error_of(files, head + "    - {batch: 8, gpu_power: 1 J, output_tokens_per_s: 1, source: s}\n");
  EXPECT_NE(unit.find("gpu_power"), std::string::npos) << unit;
  const std::string unknown = error_of(files, head + "    - {batch: 8, gpu_power: 1 W, output_tokens_per_s: 1, "
                                                     "source: s, sorce: s}\n");
  EXPECT_NE(unknown.find("sorce"), std::string::npos) << unknown;
  const std::string order = error_of(files, head + "    - {batch: 8, gpu_power: 1 W, output_tokens_per_s: 2, source: s}\n"
                                                   "    - {batch: 4, gpu_power: 1 W, output_tokens_per_s: 3, source: s}\n");
  EXPECT_NE(order.find("ascending"), std::string::npos) << order;
  EXPECT_NE(order.find("table.rows"), std::string::npos) << order;
}

TEST(InferenceLoader, TraceErrorsCarryFileAndLine) {
  test::TempFiles files;
  const auto ok = load_request_trace(files.write("ok.csv", "timestamp_s\n1\n2\n"), "trace");
  EXPECT_EQ(ok.rows(), 2u);
  const std::string path = files.write("bad.csv", "timestamp_s\n1\nx\n");
  try {
    load_request_trace(path, "inference.services[0].trace");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().file, path);
    EXPECT_EQ(e.where().line, 3);
    EXPECT_NE(std::string(e.what()).find("inference.services[0].trace"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("not a finite number"), std::string::npos) << e.what();
  }
  EXPECT_THROW(load_request_trace((files.dir() / "missing.csv").string(), "trace"), InputError);
}

} // namespace
} // namespace wattsim::scenario
