// Facility keys of issue #7, items 2, 3 and 6: the DX plant kind, containment and the CRAH airflow
// that follows the servers, where distribution losses become heat, and design conditions from the
// site's weather or the scenario.

#include "scenario_test_util.hpp"

#include "sim/facility_kinds.hpp"


using namespace wattsim;

namespace {
std::string source_dir() { return WATTSIM_SOURCE_DIR; }

scenario::LoadedScenario load(const std::vector<std::string>& sets, const char* facility = "facility: {model: air}") {
  test::TempFiles tmp;
  std::string text = test::kMinimalScenario;
  text.replace(text.find("facility: {model: fixed-pue, pue: 1.25}"), 39, facility);
  const std::string epw = source_dir() + "/scenarios/weather/USA_AZ_Phoenix-Sky.Harbor.Intl.AP.722780_TMY3.epw";
  text.replace(text.find("site:\n"), 6, "site:\n  weather: {epw: " + epw + "}\n");
  return scenario::load_scenario(tmp.write("s.yaml", text), {sets, {}});
}
} // namespace

TEST(FacilityKeys, DxIsAFacilityKindWithItsEconomizers) {
  const auto s = load({"facility.dx.economizer=pumped-refrigerant"}, "facility: {model: dx}").scenario;
  EXPECT_EQ(sim::facility_kind_name(s.facility.design), "dx");
  const auto& c = std::get<models::DxPlantConfig>(s.facility.design);
  EXPECT_EQ(c.economizer, models::DxEconomizer::pumped_refrigerant);
  EXPECT_GT(c.design_it_w, 0);
  EXPECT_THROW(load({"facility.dx.economizer=water-side"}, "facility: {model: dx}"), scenario::InputError);
}

TEST(FacilityKeys, CrahAirflowMatchesTheServersUnlessContainmentOrTheKeySaySo) {
  // DGX H100: fans designed for a 25 C inlet and a 20 K rise, so 45 C exhaust; 22 C supply: 23 K.
  auto crah = [](const sim::Scenario& s) { return std::get<models::AirPlantConfig>(s.facility.design).crah; };
  auto rec = [](const sim::Scenario& s) { return std::get<models::AirPlantConfig>(s.facility.design).recirculation_fraction; };
  const auto contained = load({}).scenario;
  EXPECT_NEAR(crah(contained).design_delta_t_k, 23.0, 1e-9);
  EXPECT_EQ(rec(contained), 0.0);
  const auto open = load({"facility.air.containment=none", "facility.air.supply_air=18C"}).scenario;
  EXPECT_NEAR(crah(open).design_delta_t_k, 0.4 * 27.0, 1e-9); // 60 % bypass
  EXPECT_EQ(rec(open), 0.1);
  const auto given = load({"facility.air.air_delta_t=12K", "facility.air.bypass=0.2", "facility.air.recirculation=0.05"}).scenario;
  EXPECT_EQ(crah(given).design_delta_t_k, 12.0);
  EXPECT_EQ(rec(given), 0.05);
  EXPECT_NEAR(crah(load({"facility.air.bypass=0.5"}).scenario).design_delta_t_k, 11.5, 1e-9);
  EXPECT_THROW(load({"facility.air.containment=partial"}), scenario::InputError);
  EXPECT_THROW(load({"facility.air.bypass=1.5"}), scenario::InputError);
}

TEST(FacilityKeys, LossHeatLocationsHaveDefaultsAndKeys) {
  const auto d = load({}).scenario.facility.loss_heat;
  EXPECT_EQ(d.ups, sim::HeatLocation::electrical_room);
  EXPECT_EQ(d.pdu, sim::HeatLocation::white_space);
  EXPECT_EQ(d.transformer, sim::HeatLocation::outdoors);
  EXPECT_EQ(d.switchboard, sim::HeatLocation::electrical_room);
  const auto o = load({"facility.distribution.heat.ups=outdoors", "facility.distribution.heat.transformers=white-space"})
                     .scenario.facility.loss_heat;
  EXPECT_EQ(o.ups, sim::HeatLocation::outdoors);
  EXPECT_EQ(o.transformer, sim::HeatLocation::white_space);
  EXPECT_THROW(load({"facility.distribution.heat.ups=roof"}), scenario::InputError);
  EXPECT_EQ(load({"facility.distribution.ups=legacy"}).scenario.facility.distribution.ups_mode, models::UpsMode::legacy);
}

TEST(FacilityKeys, DesignConditionsComeFromTheEpwHoursOrTheScenario) {
  const auto s = load({}).scenario;
  EXPECT_EQ(s.facility.design_conditions_source, "epw");
  EXPECT_NEAR(s.facility.design_conditions.dry_bulb_c, 43.4, 1.2); // ASHRAE 2009: Phoenix 0.4 % 43.4 C
  EXPECT_NEAR(s.facility.design_conditions.wet_bulb_c, 24.5, 1.0);
  const auto& c = std::get<models::AirPlantConfig>(s.facility.design);
  EXPECT_EQ(c.design_dry_bulb_c, s.facility.design_conditions.dry_bulb_c);
  EXPECT_EQ(c.design_wet_bulb_c, s.facility.design_conditions.wet_bulb_c);
  const auto given = load({"facility.design_conditions.dry_bulb=38C", "facility.design_conditions.wet_bulb=26C"}).scenario;
  EXPECT_EQ(given.facility.design_conditions_source, "scenario");
  EXPECT_DOUBLE_EQ(std::get<models::AirPlantConfig>(given.facility.design).design_dry_bulb_c, 38.0);
  EXPECT_DOUBLE_EQ(std::get<models::AirPlantConfig>(given.facility.design).design_wet_bulb_c, 26.0);
  EXPECT_THROW(load({"facility.design_conditions.coincident_wet_bulb=50C"}), scenario::InputError);
}
