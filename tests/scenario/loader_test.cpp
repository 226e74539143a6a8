#include "scenario_test_util.hpp"

#include "tools/scenario/reader.hpp"

#include <cmath>

using namespace wattsim;
using wattsim::test::kMinimalScenario;
using wattsim::test::load_error;
using wattsim::test::TempFiles;

namespace {
std::string replace(std::string s, const std::string& from, const std::string& to) {
  const auto pos = s.find(from);
  EXPECT_NE(pos, std::string::npos) << from;
  return s.replace(pos, from.size(), to);
}
} // namespace

TEST(Loader, MinimalScenarioInSi) {
  TempFiles tmp;
  auto loaded = scenario::load_scenario(tmp.write("s.yaml", kMinimalScenario));
  const auto& sc = loaded.scenario;
  EXPECT_EQ(sc.name, "minimal");
  EXPECT_EQ(sc.seed, 7u);
  EXPECT_DOUBLE_EQ(sc.duration_s, 2 * 86400);
  EXPECT_DOUBLE_EQ(sc.facility.pue(), 1.25);
  EXPECT_NEAR(sc.site.carbon_kg_per_j.value_at(0), 0.4 / 3.6e6, 1e-20);
  ASSERT_EQ(sc.cluster.partitions.size(), 1u);
  // 40.8 kW / 10.2 kW = 4 DGX H100 per rack; 8 U each fits 5 in 42 U, so power decides.
  EXPECT_EQ(sc.cluster.partitions[0].nodes_per_rack, 4);
  EXPECT_EQ(sc.cluster.partitions[0].racks(), 2);
  ASSERT_EQ(sc.jobs.size(), 1u);
  EXPECT_EQ(sc.jobs[0].accelerators, 32);
  EXPECT_DOUBLE_EQ(sc.jobs[0].training()->work_s, 86400);
  EXPECT_DOUBLE_EQ(sc.outputs.resolution_s, 600);
  EXPECT_EQ(loaded.hash.size(), 64u);
}

TEST(Loader, JobLengthFromFlopsGpuHoursAndParameters) {
  TempFiles tmp;
  std::string text = replace(kMinimalScenario, "      duration: 1 d\n",
                             "      flops: 1e21\n      mfu: 0.4\n");
  auto sc = scenario::load_scenario(tmp.write("f.yaml", text)).scenario;
  // t = FLOPs / (GPUs x peak x MFU), H100 bf16 dense peak from the catalog.
  const double peak = 989.4e12;
  EXPECT_NEAR(sc.jobs[0].training()->work_s, 1e21 / (32 * peak * 0.4), 1e-6);
  EXPECT_EQ(sc.jobs[0].training()->length_basis, "flops");

  text = replace(kMinimalScenario, "      duration: 1 d\n", "      gpu_hours: 3,200\n");
  sc = scenario::load_scenario(tmp.write("g.yaml", text)).scenario;
  EXPECT_NEAR(sc.jobs[0].training()->work_s, 3200.0 / 32 * 3600, 1e-9);

  text = replace(kMinimalScenario, "      duration: 1 d\n", "      parameters: 7e9\n      tokens: 1e9\n      mfu: 0.5\n");
  sc = scenario::load_scenario(tmp.write("p.yaml", text)).scenario;
  EXPECT_NEAR(sc.jobs[0].training()->work_s, 6 * 7e9 * 1e9 / (32 * peak * 0.5), 1e-6);
}

TEST(Loader, ExtendsMergesAndSetOverrides) {
  TempFiles tmp;
  tmp.write("base.yaml", kMinimalScenario);
  const auto variant = tmp.write("variant.yaml", "extends: base.yaml\nname: variant\nfacility: {pue: 1.5}\n");
  auto sc = scenario::load_scenario(variant).scenario;
  EXPECT_EQ(sc.name, "variant");
  EXPECT_DOUBLE_EQ(sc.facility.pue(), 1.5);
  EXPECT_EQ(sc.cluster.partitions[0].nodes, 8); // kept from the base

  auto with_set = scenario::load_scenario(variant, {{"facility.pue=1.1", "workload.jobs.train.nodes=2",
                                                     "cluster.partitions.0.nodes=6"}, {}})
                      .scenario;
  EXPECT_DOUBLE_EQ(with_set.facility.pue(), 1.1);
  EXPECT_EQ(with_set.jobs[0].nodes, 2);
  EXPECT_EQ(with_set.cluster.partitions[0].nodes, 6);
}

TEST(Loader, HashChangesWithAnyInput) {
  TempFiles tmp;
  const auto path = tmp.write("s.yaml", kMinimalScenario);
  const auto a = scenario::load_scenario(path).hash;
  const auto b = scenario::load_scenario(path).hash;
  const auto c = scenario::load_scenario(path, {{"seed=8"}, {}}).hash;
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
}

TEST(Loader, CarbonIntensityFromCsvRepeatsAndIsHashed) {
  TempFiles tmp;
  tmp.write("grid.csv", "time_h,g_per_kwh\n0,400\n12,200\n");
  auto text = replace(kMinimalScenario, "  carbon_intensity: 0.4 kg/kWh\n",
                      "  carbon_intensity: {csv: grid.csv, unit: g/kWh, repeat: true, period: 1 d}\n");
  auto sc = scenario::load_scenario(tmp.write("s.yaml", text)).scenario;
  const auto& ci = sc.site.carbon_kg_per_j;
  EXPECT_NEAR(ci.value_at(3600) * 3.6e6, 0.4, 1e-12);
  EXPECT_NEAR(ci.value_at(13 * 3600) * 3.6e6, 0.2, 1e-12);
  EXPECT_NEAR(ci.value_at(25 * 3600) * 3.6e6, 0.4, 1e-12); // next day
}

TEST(Loader, CatalogTildeUnsetsTheBaseCatalogUnderExtends) {
  // docs/scenario-reference.md: `~` unsets a key of the base. A variant drops the base's catalog file
  // and uses a built-in system instead.
  test::TempFiles tmp;
  tmp.write("extra.yaml", "systems: []\n");
  tmp.write("base.yaml", std::string("catalog: extra.yaml\n") + test::kMinimalScenario);
  const auto variant = tmp.write("variant.yaml", "extends: base.yaml\ncatalog: ~\n");
  const auto loaded = scenario::load_scenario(variant);
  EXPECT_EQ(loaded.scenario.cluster.partitions[0].system.name, "DGX-H100");
  EXPECT_EQ(loaded.tree.find("catalog")->is_null(), true);
}

TEST(Loader, CountedAtIsReadPerPartitionAndChecked) {
  test::TempFiles tmp;
  auto with = [](const std::string& value) {
    std::string text = test::kMinimalScenario;
    const std::string anchor = "rack_power_limit: 40.8 kW";
    return text.replace(text.find(anchor), anchor.size(), anchor + "\n      counted_at: " + value);
  };
  const auto good = scenario::load_scenario(tmp.write("good.yaml", with("700 W")));
  EXPECT_DOUBLE_EQ(good.scenario.cluster.partitions[0].counted_at_w, 700.0);
  const auto err = test::load_error(tmp.write("bad.yaml", with("-700 W")));
  EXPECT_NE(err.key_path().find("counted_at"), std::string::npos) << err.what();
}
