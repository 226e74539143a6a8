#include "scenario_test_util.hpp"

#include "tools/scenario/catalog_loader.hpp"

using namespace wattsim;
using wattsim::test::TempFiles;

TEST(Catalog, BuiltInHasEveryIssueSystem) {
  const auto& cat = scenario::builtin_catalog();
  for (const char* a : {"V100-SXM2", "A100-SXM4-40GB", "A100-SXM4-80GB", "H100-SXM", "H200-SXM", "B200", "TPU-v2",
                        "TPU-v3", "TPU-v4"})
    EXPECT_NE(cat.accelerator(a), nullptr) << a;
  for (const char* s : {"DGX-1-V100", "DGX-A100-320GB", "DGX-A100-640GB", "DGX-H100", "DGX-H200", "DGX-B200",
                        "GB200-NVL72", "TPU-v2-host", "TPU-v3-host", "TPU-v4-host"})
    EXPECT_NE(cat.system(s), nullptr) << s;
}

TEST(Catalog, TpuV2IsTheAirCooledTwoCoreChipOfItsSources) {
  // Issue 7 item 8: TPU v2 with sources. The values are the catalog's; this checks that the entry loads with
  // the units converted (16 GiB HBM, 700 GB/s, 45 TFLOP/s bf16) and that the host is air cooled as deployed.
  const auto& cat = scenario::builtin_catalog();
  const auto* a = cat.accelerator("TPU-v2");
  ASSERT_NE(a, nullptr);
  EXPECT_NEAR(a->memory_bytes, 16.0 * (1ull << 30), 0.05e9);
  EXPECT_DOUBLE_EQ(a->memory_bandwidth_bytes_s, 0.7e12);
  EXPECT_DOUBLE_EQ(*a->peak(models::Precision::bf16), 45e12);
  EXPECT_GT(a->tdp_w, a->idle_power_w);
  const auto* s = cat.system("TPU-v2-host");
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->accelerator, "TPU-v2");
  EXPECT_EQ(s->accelerators_per_node, 4);
  EXPECT_EQ(s->cooling, models::CoolingSupport::air);
}

TEST(Catalog, EveryBuiltInNumberHasASource) {
  const auto& cat = scenario::builtin_catalog();
  for (const auto& [name, a] : cat.accelerators) {
    auto missing = scenario::unsourced_fields(a.sources, scenario::accelerator_fields(a));
    EXPECT_TRUE(missing.empty()) << name << " lacks a source for " << (missing.empty() ? "" : missing.front());
  }
  for (const auto& [name, s] : cat.systems) {
    auto missing = scenario::unsourced_fields(s.sources, scenario::system_fields(s));
    EXPECT_TRUE(missing.empty()) << name << " lacks a source for " << (missing.empty() ? "" : missing.front());
  }
  for (const auto& [name, w] : cat.switches)
    EXPECT_FALSE(w.sources.empty()) << name;
}

TEST(Catalog, UserFileAddsHardwareWithoutRecompiling) {
  TempFiles tmp;
  const auto path = tmp.write("mine.yaml", R"(systems:
  - name: DGX-H100-capped
    accelerator: H100-SXM
    accelerators_per_node: 8
    max_power: 9 kW
    off_power: 40 W
    rack_units: 8
    liquid_heat_fraction: 0.8
    cpu: {count: 2, idle_power: 90 W, max_power: 350 W, busy_utilization: 0.3}
    memory: {idle_power: 100 W, active_power: 200 W}
    nics: {count: 10, idle_power: 10 W, active_power: 20 W}
    storage: {count: 10, idle_power: 5 W, active_power: 10 W}
    other: {idle_power: 300 W, active_power: 500 W}
    fans: {max_power: 1 kW, min_speed: 0.3}
    psu: {count: 6, rating: 3.3 kW, efficiency: [[0.1, 0.9], [0.5, 0.96], [1.0, 0.92]]}
)");
  models::Catalog cat = scenario::builtin_catalog();
  scenario::load_catalog_file(path, cat);
  ASSERT_NE(cat.system("DGX-H100-capped"), nullptr);
  EXPECT_DOUBLE_EQ(cat.system("DGX-H100-capped")->max_power_w, 9000);
  // Redefining a built-in name is refused: copy it under a new name instead.
  EXPECT_THROW(scenario::load_catalog_file(path, cat), scenario::InputError);
}

TEST(Catalog, BadEntryNamesItsKey) {
  TempFiles tmp;
  models::Catalog cat = scenario::builtin_catalog();
  const auto path = tmp.write("bad.yaml", "systems:\n  - name: X\n    accelerator: H100-SMX\n");
  try {
    scenario::load_catalog_file(path, cat);
    FAIL() << "expected an error";
  } catch (const scenario::InputError& e) {
    EXPECT_EQ(e.key_path(), "systems[0].accelerator");
    EXPECT_NE(e.message().find("did you mean 'H100-SXM'"), std::string::npos) << e.what();
  }
}

TEST(Catalog, YamlMergeKeysShareCommonFields) {
  // Two systems from one anchor (`<<: *common`); an explicit key overrides the merged one.
  TempFiles tmp;
  const auto path = tmp.write("merge.yaml", R"(x-common: &common {accelerator: H100-SXM, accelerators_per_node: 8, max_power: 10.2 kW, off_power: 40 W, rack_units: 8, liquid_heat_fraction: 0.8, cpu: {count: 2, idle_power: 90 W, max_power: 350 W, busy_utilization: 0.3}, memory: {idle_power: 100 W, active_power: 200 W}, nics: {count: 10, idle_power: 10 W, active_power: 20 W}, storage: {count: 10, idle_power: 5 W, active_power: 10 W}, other: {idle_power: 300 W, active_power: 500 W}, fans: {max_power: 1 kW, min_speed: 0.3}, psu: {count: 6, rating: 3.3 kW, efficiency: [[0.1, 0.9], [0.5, 0.96], [1.0, 0.92]]}}
systems:
  - name: Mine-A
    <<: *common
  - name: Mine-B
    <<: *common
    max_power: 9 kW
)");
  models::Catalog cat = scenario::builtin_catalog();
  scenario::load_catalog_file(path, cat);
  ASSERT_NE(cat.system("Mine-A"), nullptr);
  ASSERT_NE(cat.system("Mine-B"), nullptr);
  EXPECT_DOUBLE_EQ(cat.system("Mine-A")->max_power_w, 10200);
  EXPECT_DOUBLE_EQ(cat.system("Mine-B")->max_power_w, 9000);
  EXPECT_EQ(cat.system("Mine-B")->cpu.count, 2);
}
