// Facility validation and plausibility (docs/validation.md, "Facility"): annual PUE of the shipped
// air and direct-to-chip halls in the four shipped climates, tower evaporation at the cooling-tower
// rating point, GPT-3's training water with Li et al.'s inputs, and `wattsim compare`.

#include "e2e_util.hpp"

#include <gtest/gtest.h>

using namespace wattsim::e2e;

namespace {
nlohmann::json compare(const std::vector<std::string>& files, const TempDir& dir, const std::string& extra = "") {
  std::string args = "compare -q -o ";
  args += dir.str();
  args += ' ';
  args += extra;
  for (const auto& f : files) {
    args += ' ';
    args += scenario("facility/" + f);
  }
  auto r = run_wattsim(args);
  EXPECT_EQ(r.status, 0) << r.output;
  return read_json(dir.path / "compare.json");
}
std::vector<double> metric(const nlohmann::json& doc, const std::string& key) {
  for (const auto& m : doc["metrics"])
    if (m["key"] == key)
      return m["values"].get<std::vector<double>>();
  ADD_FAILURE() << "no metric " << key;
  return {};
}
} // namespace

TEST(FacilityValidation, AnnualPueOfAirAndDirectToChipHalls) {
  for (const std::string climate : {"san-francisco", "chicago", "denver", "phoenix"}) {
    TempDir dir;
    auto doc = compare({"air-" + climate + ".yaml", "d2c-dry-" + climate + ".yaml", "d2c-tower-" + climate + ".yaml"}, dir);
    const auto pue = metric(doc, "pue");
    ASSERT_EQ(pue.size(), 3u);
    // Air-cooled chilled-water hall: 1.3-1.6 in a temperate climate (industry average 1.56-1.58,
    // new large air halls 1.3 or better). San Francisco is the shipped temperate climate; the cold
    // and continental sites economize more, the desert less (docs/validation.md gives each value).
    if (climate == "san-francisco") {
      EXPECT_GE(pue[0], 1.3) << climate;
      EXPECT_LE(pue[0], 1.6) << climate;
    } else {
      EXPECT_GE(pue[0], 1.2) << climate;
      EXPECT_LE(pue[0], 1.6) << climate;
    }
    // Direct-to-chip warm-water halls: 1.05-1.2 (liquid new builds, a rule of thumb for designs whose
    // heat all leaves through economized warm water). The dry design's residual air heat and the hall's
    // loss heat go to air-cooled chillers (nothing evaporates), which costs up to 0.05 in a hot desert
    // (docs/validation.md: 1.219 in Phoenix); cold-plate halls in general 1.15-1.25.
    EXPECT_GE(pue[1], 1.05) << climate;
    EXPECT_LE(pue[1], 1.25) << climate;
    EXPECT_GE(pue[2], 1.05) << climate;
    EXPECT_LE(pue[2], 1.20) << climate;
    // The plant's balances held on every step of every run.
    for (const char* f : {"air-", "d2c-dry-", "d2c-tower-"}) {
      const auto s = read_json(dir.path / (std::string(f) + climate) / "summary.json");
      EXPECT_LT(s["balance_check"]["max_heat_balance_error"].get<double>(), 1e-6) << f << climate;
      EXPECT_LT(s["balance_check"]["max_water_balance_error"].get<double>(), 1e-9) << f << climate;
      double elements = 0;
      for (const auto& [name, kwh] : s["distribution_loss_kwh_by_element"].items())
        elements += kwh.get<double>();
      EXPECT_NEAR(elements, s["distribution_loss_kwh"].get<double>(), 1e-6 * s["distribution_loss_kwh"].get<double>());
    }
    // The dry-cooler hall evaporates far less on site than the tower halls.
    const auto water = metric(doc, "water_onsite_m3");
    EXPECT_LT(water[1], 0.5 * water[0]) << climate;
    EXPECT_LT(water[1], 0.5 * water[2]) << climate;
  }
}

TEST(FacilityValidation, TowerEvaporationAtTheRatingPoint) {
  // CTI rating conditions, 35 C dry-bulb / 25.6 C wet-bulb (95 F / 78 F): 1.4-1.6 L per kWh rejected.
  TempDir dir;
  auto r = run_wattsim("run " + scenario("facility/air-chicago.yaml") +
                       " -q --set duration=3d --set 'site.weather={constant: {dry_bulb: 35 C, relative_humidity: 0.47}}'"
                       " -o " + dir.str());
  ASSERT_EQ(r.status, 0) << r.output;
  const auto s = read_json(dir.path / "summary.json");
  EXPECT_GE(s["evaporation_l_per_kwh_rejected"].get<double>(), 1.4);
  EXPECT_LE(s["evaporation_l_per_kwh_rejected"].get<double>(), 1.6);
  EXPECT_NEAR(s["water_makeup_m3"].get<double>(),
              s["water_evaporated_m3"].get<double>() + s["water_blowdown_m3"].get<double>() + s["water_drift_m3"].get<double>(),
              1e-9 * s["water_makeup_m3"].get<double>());
}

TEST(FacilityValidation, Gpt3WaterWithLiEtAlInputs) {
  auto r = run_wattsim("validate " + scenario("validation/gpt3-water-li.yaml"));
  EXPECT_EQ(r.status, 0) << r.output;
}

TEST(FacilityValidation, CompareTablesAbsoluteAndRelativeDifferencesUnderOneSeed) {
  TempDir dir;
  auto doc = compare({"air-chicago.yaml", "d2c-dry-chicago.yaml"}, dir, "--set duration=7d");
  EXPECT_EQ(doc["baseline"], "air-chicago");
  for (const auto& m : doc["metrics"]) {
    if (m["values"][0].is_null() || m["values"][1].is_null())
      continue;
    const double a = m["values"][0], b = m["values"][1];
    EXPECT_NEAR(m["difference"][0].get<double>(), b - a, 1e-9 * (1 + std::abs(a))) << m["key"];
    if (a != 0) {
      EXPECT_NEAR(m["relative"][0].get<double>(), (b - a) / std::abs(a), 1e-9) << m["key"];
    }
  }
  EXPECT_TRUE(std::filesystem::exists(dir.path / "compare.csv"));
  EXPECT_TRUE(std::filesystem::exists(dir.path / "air-chicago" / "summary.json"));
  const auto s0 = read_json(dir.path / "air-chicago" / "summary.json");
  const auto s1 = read_json(dir.path / "d2c-dry-chicago" / "summary.json");
  EXPECT_EQ(s0["seed"], s1["seed"]);
  EXPECT_EQ(s0["jobs"][0]["gpu_hours"], s1["jobs"][0]["gpu_hours"]) << "the same workload, so the same GPU time";
}

TEST(FacilityValidation, WaterIsReportedByWithdrawalConsumptionAndDischarge) {
  // A tower plant: make-up (withdrawal) = evaporation + drift (consumption) + blowdown (discharge);
  // the documented water_onsite_m3 keeps its meaning (make-up); WUE by The Green Grid and by Li et al.
  TempDir dir;
  auto r = run_wattsim("run " + scenario("validation/gpt3-water-chicago.yaml") + " --set duration=3d -o " +
                       dir.path.string() + " -q");
  ASSERT_EQ(r.status, 0) << r.output;
  const auto s = read_json(dir.path / "summary.json");
  const double withdrawal = s["water_onsite_withdrawal_m3"], consumption = s["water_onsite_consumption_m3"],
               discharge = s["water_onsite_discharge_m3"];
  EXPECT_GT(discharge, 0.0);
  EXPECT_NEAR(withdrawal, consumption + discharge, 1e-9 * withdrawal);
  EXPECT_NEAR(withdrawal, s["water_onsite_m3"].get<double>(), 1e-9 * withdrawal);
  EXPECT_NEAR(consumption, s["water_evaporated_m3"].get<double>() + s["water_drift_m3"].get<double>(), 1e-9 * consumption);
  const double it_kwh = s["it_energy_kwh"];
  EXPECT_NEAR(s["wue_l_per_kwh"].get<double>(), withdrawal * 1000 / it_kwh, 1e-9);
  EXPECT_NEAR(s["wue_consumption_l_per_kwh"].get<double>(), consumption * 1000 / it_kwh, 1e-9);
  EXPECT_NEAR(s["water_consumption_m3"].get<double>(), consumption + s["water_offsite_consumption_m3"].get<double>(), 1e-9 * consumption);
}
