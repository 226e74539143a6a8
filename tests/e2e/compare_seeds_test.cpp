// `wattsim compare --seeds`: means and spreads over seeds, training overheads, percentages against a
// zero baseline, warnings on stderr.

#include "e2e_util.hpp"

#include <cmath>
#include <gtest/gtest.h>

using namespace wattsim::e2e;
namespace fs = std::filesystem;

namespace {
const nlohmann::json& metric(const nlohmann::json& doc, const std::string& key) {
  for (const auto& m : doc["metrics"])
    if (m["key"] == key)
      return m;
  throw std::runtime_error("no metric " + key);
}
} // namespace

TEST(CompareSeeds, MeansAndSpreadsComeFromTheRunsAndZeroBaselinesHaveNoPercentage) {
  TempDir tmp;
  // B: the same hall with evaporative water on site (fixed WUE) and off-site water; A has neither.
  std::ofstream(tmp.path / "b.yaml") << fmt::format("extends: {}\nname: quickstart-wet\nfacility: {{wue: 1.8 L/kWh}}\n"
                                                    "site: {{ewif: 3.142 L/kWh}}\n", scenario("quickstart.yaml"));
  const auto out = tmp.path / "out";
  const auto r = run_command(fmt::format("({} compare {} {} --seeds 3 --set cluster.reliability.model=llama3 --set duration=30d "
                                         "-o {} 2>{})", WATTSIM_BINARY, scenario("quickstart.yaml"),
                                         (tmp.path / "b.yaml").string(), out.string(), (tmp.path / "stderr").string()));
  ASSERT_EQ(r.status, 0) << r.output << read_text(tmp.path / "stderr");
  const auto doc = read_json(out / "compare.json");
  EXPECT_EQ(doc["seeds"], 3);
  ASSERT_EQ(doc["runs"].size(), 6u);
  // The table's mean and spread are those of the runs' own summaries.
  std::vector<double> energy, failure;
  for (const auto& run : doc["runs"])
    if (run["scenario"] == "quickstart") {
      const auto s = read_json(out / run["dir"].get<std::string>() / "summary.json");
      EXPECT_EQ(s["seed"], run["seed"]);
      energy.push_back(s["facility_energy_kwh"].get<double>() / 1e3);
      double f = 0;
      for (const auto& j : s["jobs"])
        f += j["failure_overhead_kwh"].get<double>() / 1e3;
      failure.push_back(f);
    }
  ASSERT_EQ(energy.size(), 3u);
  const double mean = (energy[0] + energy[1] + energy[2]) / 3;
  double ss = 0;
  for (double e : energy)
    ss += (e - mean) * (e - mean);
  const auto& fe = metric(doc, "facility_energy_kwh");
  EXPECT_NEAR(fe["values"][0].get<double>(), mean, 1e-9 * mean);
  EXPECT_NEAR(fe["spread"][0].get<double>(), std::sqrt(ss / 2), 1e-6 * mean);
  EXPECT_GT(fe["spread"][0].get<double>(), 0) << "seeds should differ in failures";
  EXPECT_NEAR(metric(doc, "overheads.failure_energy_kwh")["values"][0].get<double>(),
              (failure[0] + failure[1] + failure[2]) / 3, 1e-9 * mean);
  for (const char* key : {"overheads.checkpoint_energy_kwh", "jobs.0.effective_training_time_ratio", "jobs.0.time_to_train_s",
                          "carbon_kg", "cost", "water_offsite_m3"})
    EXPECT_NO_THROW(metric(doc, key)) << key;
  // Water on site: 0 in the baseline, positive in B: a difference but no percentage, and a warning.
  const auto& water = metric(doc, "water_onsite_m3");
  EXPECT_EQ(water["values"][0].get<double>(), 0.0);
  EXPECT_GT(water["difference"][0].get<double>(), 0.0);
  EXPECT_TRUE(water["relative"][0].is_null());
  // Same workload and seeds: IT energy is the same, 0 %.
  EXPECT_EQ(metric(doc, "it_energy_kwh")["relative"][0].get<double>(), 0.0);
  const auto err = read_text(tmp.path / "stderr");
  EXPECT_NE(err.find("is 0 for water on site"), std::string::npos) << err;
  EXPECT_EQ(r.output.find("warning"), std::string::npos) << "warnings belong on stderr: " << r.output;
}
