// The facility as one choice (issue #7, item 9): every alternative of FacilityDesign has exactly one
// row in sim/facility_kinds.hpp (name, plant factory), names round-trip, and the scenario loader
// reads each kind through that same table.

#include "sim_test_util.hpp"

#include "sim/facility_kinds.hpp"

#include <gtest/gtest.h>
#include <set>
#include <string>

using namespace wattsim;

namespace {
const char* kHall = R"(name: hall
site:
  weather: {constant: {dry_bulb: 20 C, relative_humidity: 0.5}}
facility: {model: fixed-pue, pue: 1.3}
cluster:
  partitions:
    - {name: h100, system: DGX-H100, nodes: 8, rack_power_limit: 40.8 kW}
workload:
  jobs: []
duration: 1 h
)";
} // namespace

TEST(FacilityKinds, EveryAlternativeHasOneUniqueNameThatRoundTrips) {
  std::set<std::string_view> seen;
  for (const auto name : sim::kFacilityKindNames) {
    EXPECT_TRUE(seen.insert(name).second) << "name used twice: " << name;
    const auto design = sim::facility_design_named(name);
    ASSERT_TRUE(design.has_value()) << name;
    EXPECT_EQ(sim::facility_kind_name(*design), name);
  }
  EXPECT_EQ(seen.size(), std::variant_size_v<sim::FacilityDesign>);
  EXPECT_FALSE(sim::facility_design_named("immersion").has_value());
  // The table's order is the variant's order.
  for (std::size_t i = 0; i < sim::kFacilityKindCount; ++i)
    EXPECT_EQ(sim::facility_design_named(sim::kFacilityKindNames[i])->index(), i);
}

TEST(FacilityKinds, EveryPlantKindBuildsItsPlantAndAFixedPueBuildsNone) {
  for (const auto name : sim::kFacilityKindNames) {
    const auto design = *sim::facility_design_named(name);
    auto plant = sim::make_plant(design);
    const bool fixed = std::holds_alternative<sim::FixedPue>(design);
    EXPECT_EQ(plant == nullptr, fixed) << name;
    if (plant) {
      // A default plant runs a step at its design load.
      const auto s = plant->step({0.5 * plant->design_it_w(), 0.0}, {25, 18, 0.5, 101325}, 60);
      EXPECT_GT(s.total_w(), 0) << name;
    }
  }
}

TEST(FacilityKinds, TheLoaderReadsEveryKindByItsNameAndIgnoresTheOtherKindsOptionMaps) {
  for (const auto name : sim::kFacilityKindNames) {
    std::vector<std::string> sets = {"facility.model=" + std::string(name)};
    if (name != "fixed-pue")
      sets.push_back("facility.pue=null");
    // A design extended from another keeps that one's option maps: each kind ignores the others'.
    for (const auto other : sim::kFacilityKindNames)
      if (other != name && other != "fixed-pue")
        sets.push_back("facility." + std::string(other) + "={}");
    if (name == "liquid")
      sets.push_back("cluster.partitions.h100.cooling=liquid");
    const auto loaded = test::load_text(kHall, sets);
    EXPECT_EQ(sim::facility_kind_name(loaded.scenario.facility.design), name);
    EXPECT_EQ(loaded.scenario.facility.has_plant(), name != "fixed-pue");
  }
}

TEST(FacilityKinds, AnUnknownModelNamesTheKnownOnes) {
  try {
    test::load_text(kHall, {"facility.model=immersion"});
    FAIL() << "expected an input error";
  } catch (const scenario::InputError& e) {
    const std::string what = e.what();
    for (const auto name : sim::kFacilityKindNames)
      EXPECT_NE(what.find(std::string(name)), std::string::npos) << what;
  }
}
