// scenarios/grid/checkpoint-swing-rack-batteries.yaml: GB200 NVL72 racks whose checkpoint dips the rack
// batteries ride through, against the same site without them; the run is reproducible under its seed;
// bad rack battery keys stop the run with file:line and exit code 2.

#include "e2e_util.hpp"

#include <gtest/gtest.h>

using namespace wattsim::e2e;

namespace {
const char* kWithout = " --set \"cluster.partitions=[{name: nvl72, system: GB200-NVL72, nodes: 144}]\"";

nlohmann::json run_swing(const TempDir& dir, const std::string& name, const std::string& sets = "") {
  const auto out = dir.path / name;
  const auto r = run_wattsim("run " + scenario("grid/checkpoint-swing-rack-batteries.yaml") + " -q -o " + out.string() + sets);
  EXPECT_EQ(r.status, 0) << r.output;
  return read_json(out / "summary.json");
}
} // namespace

TEST(RackBatteryScenario, RackBatteriesRideThroughTheCheckpointDips) {
  TempDir dir;
  const auto with = run_swing(dir, "with", " --set outputs.traces=[racks]");
  const auto without = run_swing(dir, "without", kWithout);
  ASSERT_TRUE(with.contains("rack_batteries"));
  EXPECT_FALSE(without.contains("rack_batteries"));
  const auto& rb = with["rack_batteries"];
  EXPECT_EQ(rb["racks"], 8);
  // Each rack steps by tens of kW at a checkpoint; behind its battery by at most the 2 kW ramp step.
  EXPECT_GT(rb["largest_rack_step_kw"]["before"].get<double>(), 50.0);
  EXPECT_LE(rb["largest_rack_step_kw"]["after"].get<double>(), 2.0 * (1 + 1e-9));
  // The site: the facility's largest step without the batteries against with them (8 racks x 2 kW x PUE).
  const double pue = 1.15;
  EXPECT_GT(without["power_swings"]["largest_step_mw"].get<double>(), 0.5);
  EXPECT_LE(with["power_swings"]["largest_step_mw"].get<double>(), 8 * 2e-3 * pue * (1 + 1e-9));
  // The energy balance at the site: the facility draws PUE x what the batteries took in, net.
  const double net_kwh = rb["charged_kwh"].get<double>() - rb["discharged_kwh"].get<double>();
  EXPECT_GT(rb["smoothing_losses_kwh"].get<double>(), 0.0);
  EXPECT_NEAR(with["facility_energy_kwh"].get<double>() - without["facility_energy_kwh"].get<double>(), pue * net_kwh,
              1e-6 * with["facility_energy_kwh"].get<double>());
  // Per rack: the feed side is IT plus what the battery took in.
  const auto racks = read_csv(dir.path / "with" / "rack_batteries.csv");
  ASSERT_EQ(racks.rows.size(), 8u);
  const auto it = racks.column("it_kwh"), feed = racks.column("feed_kwh"), in = racks.column("charged_kwh"),
             out = racks.column("discharged_kwh");
  for (std::size_t i = 0; i < it.size(); ++i)
    EXPECT_NEAR(feed[i], it[i] + in[i] - out[i], 1e-6 * it[i]);
  // The site's trace, row by row: PUE x (the racks' feed draws + the rest of IT).
  const auto ts = read_csv(dir.path / "with" / "timeseries.csv");
  const auto traces = read_csv(dir.path / "with" / "rack_timeseries.csv");
  const auto facility_kw = ts.column("facility_kw"), it_kw = ts.column("it_kw");
  const auto rack_it = traces.column("it_kw"), rack_feed = traces.column("feed_kw");
  ASSERT_EQ(rack_it.size(), 8 * it_kw.size());
  double moved_kw = 0;
  for (std::size_t k = 0; k < it_kw.size(); ++k) {
    double feed_kw = 0, racks_it_kw = 0;
    for (std::size_t i = 0; i < 8; ++i) {
      feed_kw += rack_feed[8 * k + i];
      racks_it_kw += rack_it[8 * k + i];
    }
    moved_kw = std::max(moved_kw, std::abs(feed_kw - racks_it_kw));
    EXPECT_NEAR(facility_kw[k], pue * (feed_kw + it_kw[k] - racks_it_kw), 1e-6 * facility_kw[k]) << "row " << k;
  }
  EXPECT_GT(moved_kw, 0.1); // the batteries moved power in some minute
}

TEST(RackBatteryScenario, TheSameSeedGivesTheSameRackBatteries) {
  TempDir dir;
  run_swing(dir, "a");
  run_swing(dir, "b");
  for (const char* file : {"rack_batteries.csv", "timeseries.csv"})
    EXPECT_EQ(read_text(dir.path / "a" / file), read_text(dir.path / "b" / file)) << file;
}

TEST(RackBatteryScenario, BadRackBatteryKeysStopWithFileLineAndExitCode2) {
  TempDir dir;
  const auto path = dir.path / "bad.yaml";
  std::ofstream(path) << "name: bad\nduration: 1 h\nfacility: {pue: 1.2}\ncluster:\n  partitions:\n"
                         "    - name: gpu\n      system: DGX-H100\n      nodes: 4\n      rack_battery:\n"
                         "        capacity: 10 kWh\n        power: -5 kW\n        max_step: 1 kW\n"
                         "workload:\n  jobs: [{nodes: 1, duration: 1 h}]\n";
  const auto r = run_wattsim("run " + path.string() + " -q -o " + (dir.path / "out").string());
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_NE(r.output.find("bad.yaml:11"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("rack_battery.power"), std::string::npos) << r.output;
  EXPECT_FALSE(std::filesystem::exists(dir.path / "out" / "summary.json"));
}

TEST(RackBatteryScenario, WithACoolingPlantTheLossesAreCooledAndTheFeedCarriesTheIntake) {
  // The same hall with and without rack batteries behind an air plant: the IT is the same; the
  // facility draws the batteries' net intake (their losses, and the charge they end with) plus the
  // extra cooling of their heat and the extra distribution losses of what the racks draw.
  TempDir dir;
  const auto path = dir.path / "plant.yaml";
  std::ofstream(path) << "name: plant\nseed: 3\nduration: 6 h\n"
                         "site: {weather: {constant: {dry_bulb: 25 C, relative_humidity: 0.5}}}\n"
                         "facility: {model: air, step: 60 s}\ncluster:\n  partitions:\n"
                         "    - {name: bat, system: DGX-H100, nodes: 8, rack_power_limit: 30 kW,\n"
                         "       rack_battery: {capacity: 20 kWh, power: 40 kW, policy: ramp-limiting, max_step: 2 kW}}\n"
                         "  storage: {power: 5 kW, bandwidth: 100 GB/s}\n"
                         "workload:\n  jobs:\n"
                         "    - {name: a, nodes: 8, duration: 2 h, parameters: 70e9, checkpoint: {policy: fixed, interval: 20 min}}\n"
                         "    - {name: b, nodes: 4, duration: 1 h, submit: 3 h}\n";
  auto run = [&](const std::string& name, const std::string& sets) {
    const auto out = dir.path / name;
    const auto r = run_wattsim("run " + path.string() + " -q -o " + out.string() + sets);
    EXPECT_EQ(r.status, 0) << r.output;
    return read_json(out / "summary.json");
  };
  const auto with = run("with", "");
  const auto without = run("without", " --set \"cluster.partitions=[{name: bat, system: DGX-H100, nodes: 8, "
                                      "rack_power_limit: 40.8 kW}]\"");
  auto kwh = [](const nlohmann::json& s, const char* key) { return s[key].get<double>(); };
  EXPECT_DOUBLE_EQ(kwh(with, "it_energy_kwh"), kwh(without, "it_energy_kwh"));
  const auto& rb = with["rack_batteries"];
  const double net = rb["charged_kwh"].get<double>() - rb["discharged_kwh"].get<double>();
  ASSERT_GT(rb["smoothing_losses_kwh"].get<double>(), 0.1);
  const double d_cooling = kwh(with, "cooling_energy_kwh") - kwh(without, "cooling_energy_kwh");
  const double d_distribution = kwh(with, "distribution_loss_kwh") - kwh(without, "distribution_loss_kwh");
  EXPECT_GT(d_cooling, 0.0);      // the batteries' heat is cooled
  EXPECT_GT(d_distribution, 0.0); // the feed carries their intake
  EXPECT_NEAR(kwh(with, "facility_energy_kwh") - kwh(without, "facility_energy_kwh"), net + d_cooling + d_distribution,
              1e-9 * kwh(with, "facility_energy_kwh"));
}
