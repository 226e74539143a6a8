// Every bad-input rule: a clear error naming file, line and key, never a crash.

#include "scenario_test_util.hpp"

using namespace wattsim;
using wattsim::test::kMinimalScenario;
using wattsim::test::load_error;
using wattsim::test::TempFiles;

namespace {

std::string with(const std::string& from, const std::string& to) {
  std::string s = kMinimalScenario;
  const auto pos = s.find(from);
  EXPECT_NE(pos, std::string::npos) << from;
  return s.replace(pos, from.size(), to);
}

int line_of(const std::string& text, const std::string& needle) {
  const auto pos = text.find(needle);
  return 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(pos), '\n'));
}

} // namespace

TEST(BadInput, UnknownKeySuggestsTheMeantOne) {
  TempFiles tmp;
  const auto text = with("facility: {model: fixed-pue, pue: 1.25}", "facility: {model: fixed-pue, peu: 1.25}");
  const auto path = tmp.write("s.yaml", text);
  auto e = load_error(path);
  EXPECT_EQ(e.where().file, path);
  EXPECT_EQ(e.where().line, line_of(text, "facility:"));
  EXPECT_EQ(e.key_path(), "facility.peu");
  EXPECT_NE(e.message().find("did you mean 'pue'"), std::string::npos) << e.what();
}

TEST(BadInput, MisspeltSectionAndSystem) {
  TempFiles tmp;
  auto e = load_error(tmp.write("a.yaml", with("workload:", "workloda:")));
  EXPECT_EQ(e.key_path(), "workloda");
  EXPECT_NE(e.message().find("did you mean 'workload'"), std::string::npos) << e.what();

  const auto text = with("system: DGX-H100", "system: DGX-H10");
  e = load_error(tmp.write("b.yaml", text));
  EXPECT_EQ(e.key_path(), "cluster.partitions[0].system");
  EXPECT_EQ(e.where().line, line_of(text, "DGX-H10"));
  EXPECT_NE(e.message().find("did you mean 'DGX-H100'"), std::string::npos) << e.what();
}

TEST(BadInput, WrongMissingAndNegativeUnits) {
  TempFiles tmp;
  auto e = load_error(tmp.write("a.yaml", with("duration: 2 d", "duration: 2 kW")));
  EXPECT_EQ(e.key_path(), "duration");
  EXPECT_NE(e.message().find("a power"), std::string::npos) << e.what();
  EXPECT_NE(e.message().find("a duration"), std::string::npos) << e.what();

  e = load_error(tmp.write("b.yaml", with("rack_power_limit: 40.8 kW", "rack_power_limit: 40.8")));
  EXPECT_NE(e.message().find("no unit"), std::string::npos) << e.what();

  e = load_error(tmp.write("c.yaml", with("electricity_price: 0.1 $/kWh", "electricity_price: -0.1 $/kWh")));
  EXPECT_EQ(e.key_path(), "site.electricity_price");
  EXPECT_NE(e.message().find("out of range"), std::string::npos) << e.what();

  e = load_error(tmp.write("d.yaml", with("pue: 1.25", "pue: 0.9")));
  EXPECT_NE(e.message().find("between 1 and 5"), std::string::npos) << e.what();

  e = load_error(tmp.write("e.yaml", with("nodes: 4", "nodes: -4")));
  EXPECT_EQ(e.key_path(), "workload.jobs[0].nodes");
}

TEST(BadInput, MissingFilesAndSyntaxErrors) {
  TempFiles tmp;
  auto e = load_error((tmp.dir() / "nope.yaml").string());
  EXPECT_NE(e.message().find("file not found"), std::string::npos);

  const auto broken = tmp.write("broken.yaml", "name: x\ncluster:\n  partitions: [\n");
  e = load_error(broken);
  EXPECT_NE(e.message().find("YAML syntax error"), std::string::npos);
  EXPECT_GT(e.where().line, 0);

  e = load_error(tmp.write("ext.yaml", "extends: missing-base.yaml\n"));
  EXPECT_EQ(e.key_path(), "extends");
  EXPECT_NE(e.message().find("file not found"), std::string::npos);

  tmp.write("loop-a.yaml", "extends: loop-b.yaml\n");
  e = load_error(tmp.write("loop-b.yaml", "extends: loop-a.yaml\n"));
  EXPECT_NE(e.message().find("circular"), std::string::npos);

  e = load_error(tmp.write("csv.yaml", with("carbon_intensity: 0.4 kg/kWh", "carbon_intensity: {csv: none.csv, unit: g/kWh}")));
  EXPECT_EQ(e.key_path(), "site.carbon_intensity.csv");
  EXPECT_NE(e.message().find("file not found"), std::string::npos);
}

TEST(BadInput, BadCsvRowNamesItsLine) {
  TempFiles tmp;
  tmp.write("grid.csv", "time_h,g\n0,400\n1,abc\n");
  auto e = load_error(tmp.write("s.yaml", with("carbon_intensity: 0.4 kg/kWh", "carbon_intensity: {csv: grid.csv, unit: g/kWh}")));
  EXPECT_EQ(e.where().line, 3);
  EXPECT_NE(e.where().file.find("grid.csv"), std::string::npos);
  EXPECT_NE(e.message().find("'abc' is not a number"), std::string::npos);
}

TEST(BadInput, DuplicateKeysAndInconsistentJobs) {
  TempFiles tmp;
  auto e = load_error(tmp.write("a.yaml", std::string(kMinimalScenario) + "seed: 8\n"));
  EXPECT_NE(e.message().find("twice"), std::string::npos) << e.what();

  e = load_error(tmp.write("b.yaml", with("nodes: 4", "nodes: 9")));
  EXPECT_NE(e.message().find("out of range"), std::string::npos) << e.what();

  e = load_error(tmp.write("c.yaml", with("duration: 1 d\n", "duration: 1 d\n      gpu_hours: 10\n")));
  EXPECT_NE(e.message().find("exactly one of"), std::string::npos) << e.what();

  e = load_error(tmp.write("d.yaml", with("nodes: 4", "nodes: 4\n      gpus: 32")));
  EXPECT_NE(e.message().find("either nodes or gpus"), std::string::npos) << e.what();

  e = load_error(tmp.write("e.yaml", with("rack_power_limit: 40.8 kW", "rack_power_limit: 9 kW")));
  EXPECT_NE(e.message().find("below one DGX-H100"), std::string::npos) << e.what();

  e = load_error(tmp.write("f.yaml", with("resolution: 10 min", "resolution: 10 min\n  traces: [rack]")));
  EXPECT_NE(e.message().find("did you mean 'racks'"), std::string::npos) << e.what();

  e = load_error(tmp.write("g.yaml", with("      duration: 1 d\n", "      duration: 1 d\n      partition: cpu\n")));
  EXPECT_NE(e.message().find("unknown partition 'cpu'"), std::string::npos) << e.what();
}

TEST(BadInput, BadCommandLineOverride) {
  TempFiles tmp;
  const auto path = tmp.write("s.yaml", kMinimalScenario);
  auto e = load_error(path, {{"facility.pue"}, {}});
  EXPECT_NE(e.message().find("key.path=value"), std::string::npos);
  e = load_error(path, {{"workload.jobs.nosuchjob.nodes=2"}, {}});
  EXPECT_NE(e.message().find("no item of this list has that name"), std::string::npos);
  e = load_error(path, {{"facility.pue=abc"}, {}});
  EXPECT_EQ(e.key_path(), "facility.pue");
  EXPECT_NE(e.where().file.find("--set"), std::string::npos);
}

TEST(BadInput, FacilityNeedsWeatherAndSensibleKeys) {
  TempFiles tmp;
  auto e = load_error(tmp.write("a.yaml", with("facility: {model: fixed-pue, pue: 1.25}", "facility: {model: air}")));
  EXPECT_NE(e.message().find("site.weather"), std::string::npos) << e.what();
  e = load_error(tmp.write("b.yaml", with("facility: {model: fixed-pue, pue: 1.25}", "facility: {model: air, pue: 1.2}")));
  EXPECT_EQ(e.key_path(), "facility.pue");
  e = load_error(tmp.write("c.yaml", with("  carbon_intensity: 0.4 kg/kWh\n", "  carbon_intensity: 0.4 kg/kWh\n  weather: {epw: nowhere.epw}\n")));
  EXPECT_EQ(e.key_path(), "site.weather.epw");
  EXPECT_NE(e.message().find("file not found"), std::string::npos) << e.what();
  tmp.write("bad.epw", "LOCATION,x\nonly one line\n");
  e = load_error(tmp.write("d.yaml", with("  carbon_intensity: 0.4 kg/kWh\n", "  carbon_intensity: 0.4 kg/kWh\n  weather: {epw: bad.epw}\n")));
  EXPECT_NE(e.where().file.find("bad.epw"), std::string::npos) << e.what();
  e = load_error(tmp.write("e.yaml", with("facility: {model: fixed-pue, pue: 1.25}",
                                          "facility: {model: liquid}\n  weather: {constant: {dry_bulb: 20 C, relative_humidity: 0.5}}")));
  (void)e; // the weather line lands under facility: any error here is fine, it must not crash
  e = load_error(tmp.write("f.yaml", with("  carbon_intensity: 0.4 kg/kWh\n",
                                          "  carbon_intensity: 0.4 kg/kWh\n  weather: {constant: {dry_bulb: 20 C, relative_humidity: 50}}\n")));
  EXPECT_EQ(e.key_path(), "site.weather.constant.relative_humidity");
}

TEST(BadInput, FlexibleRunKeys) {
  TempFiles tmp;
  // An unknown mode names the choices.
  auto text = with("workload:", "workload:\n  scheduler: {defer: carbon, flex: sometimes}");
  auto e = load_error(tmp.write("a.yaml", text));
  EXPECT_EQ(e.key_path(), "workload.scheduler.flex");
  EXPECT_EQ(e.where().line, line_of(text, "flex:"));
  EXPECT_NE(e.message().find("pause"), std::string::npos) << e.what();
  // Pausing or slowing plans on a signal: it needs defer.
  text = with("workload:", "workload:\n  scheduler: {flex: pause}");
  e = load_error(tmp.write("b.yaml", text));
  EXPECT_EQ(e.key_path(), "workload.scheduler.flex");
  EXPECT_NE(e.message().find("defer"), std::string::npos) << e.what();
  // Slowing and a power budget would both set the GPU caps.
  text = with("workload:", "workload:\n  scheduler: {defer: carbon, flex: slow}");
  text = text.replace(text.find("site:\n"), 6, "site:\n  power_budget: {limit: 1 MW}\n");
  e = load_error(tmp.write("c.yaml", text));
  EXPECT_EQ(e.key_path(), "workload.scheduler.flex");
  EXPECT_NE(e.message().find("power budget"), std::string::npos) << e.what();
  // The comparison switch is a boolean.
  e = load_error(tmp.write("d.yaml", with("outputs:", "outputs:\n  compare_fifo: maybe")));
  EXPECT_EQ(e.key_path(), "outputs.compare_fifo");
}
