// `wattsim report`: figures made from real runs, comparisons and sweeps, and the page checked in a
// real headless browser (Chromium): every image decodes, no script error, nothing fetched.

#include "../e2e_util.hpp"

#include <gtest/gtest.h>
#include <regex>

using namespace wattsim::e2e;
namespace fs = std::filesystem;

namespace {

const char* kChromium = "/usr/bin/chromium";

/// Loads the page in headless Chromium and returns (images attribute, browser log).
std::pair<std::string, std::string> load_in_browser(const fs::path& page, const fs::path& tmp) {
  const auto log = tmp / "chromium.log";
  const auto dom = run_command(fmt::format("timeout 120 {} --headless --no-sandbox --disable-gpu --no-first-run "
                                           "--user-data-dir={} --virtual-time-budget=10000 --enable-logging=stderr --v=0 "
                                           "--dump-dom file://{} 2>{}",
                                           kChromium, (tmp / "profile").string(), fs::absolute(page).string(), log.string()));
  std::smatch m;
  const std::regex attr("data-images=\"([^\"]*)\"");
  std::string images = std::regex_search(dom.output, m, attr) ? m[1].str() : "no body attribute";
  return {images, read_text(log)};
}

void expect_page_works(const fs::path& report, std::size_t figures, const fs::path& tmp) {
  const auto page = report / "report.html";
  ASSERT_TRUE(fs::exists(page));
  const auto html = read_text(page);
  // Self-contained: no reference to anything outside the page (figures are embedded).
  EXPECT_EQ(html.find("src=\"http"), std::string::npos);
  EXPECT_EQ(html.find("href=\"http"), std::string::npos);
  EXPECT_EQ(html.find("<link"), std::string::npos);
  if (!fs::exists(kChromium))
    GTEST_SKIP() << "chromium is not installed (tools/setup.sh installs it): page not loaded in a browser";
  const auto [images, log] = load_in_browser(page, tmp);
  EXPECT_EQ(images, fmt::format("ok:{}", figures)) << log;
  EXPECT_EQ(log.find("Uncaught"), std::string::npos) << log;
}

std::size_t count_figures(const fs::path& report) {
  std::size_t n = 0;
  for (const auto& e : fs::directory_iterator(report))
    if (e.path().extension() == ".png") {
      ++n;
      EXPECT_GT(fs::file_size(e.path()), 2000u) << e.path();
      auto svg = e.path();
      svg.replace_extension(".svg");
      EXPECT_TRUE(fs::exists(svg)) << svg;
      EXPECT_NE(read_text(svg).find("<svg"), std::string::npos) << svg;
    }
  return n;
}

} // namespace

TEST(Report, RunWithCalendarStartFailuresAndInference) {
  TempDir tmp;
  const auto run = tmp.path / "run";
  auto r = run_wattsim(fmt::format("run {} -q -o {} --set start=2025-07-01 --set cluster.reliability.model=llama3 "
                                   "--set duration=20d", scenario("quickstart.yaml"), run.string()));
  ASSERT_EQ(r.status, 0) << r.output;
  // The trace carries calendar time: row k at start + time_s.
  const auto trace = read_csv(run / "timeseries.csv");
  EXPECT_EQ(trace.rows.front()[trace.index("timestamp")], "2025-07-01T00:00:00Z");
  EXPECT_EQ(trace.rows[1][trace.index("timestamp")].substr(0, 10), "2025-07-01");
  EXPECT_EQ(read_json(run / "summary.json")["start"], "2025-07-01T00:00:00Z");
  // An inference trace (docs/outputs/inference.md) beside the run is drawn when present.
  std::ofstream(run / "inference.csv") << "time_s,fleet,requests_per_s,it_kw\n0,chat,100,50\n3600,chat,150,60\n"
                                          "0,code,20,10\n3600,code,30,12\n";
  r = run_wattsim(fmt::format("report {} -q", run.string()));
  ASSERT_EQ(r.status, 0) << r.output;
  const auto report = run / "report";
  for (const char* f : {"power", "pue_water", "energy_breakdown", "overheads", "gpu_states", "inference"})
    EXPECT_TRUE(fs::exists(report / (std::string(f) + ".png"))) << f;
  const auto html = read_text(report / "report.html");
  EXPECT_NE(html.find("2025-07-01"), std::string::npos) << "the start date should be on the page";
  expect_page_works(report, count_figures(report), tmp.path);
}

TEST(Report, ComparisonOfAirAndLiquidSideBySide) {
  TempDir tmp;
  const auto out = tmp.path / "cmp";
  auto r = run_wattsim(fmt::format("compare {} {} -q --set duration=3d -o {}", scenario("facility/air-phoenix.yaml"),
                                   scenario("facility/d2c-dry-phoenix.yaml"), out.string()));
  ASSERT_EQ(r.status, 0) << r.output;
  r = run_wattsim(fmt::format("report {} -q -o {}", out.string(), (tmp.path / "rep").string()));
  ASSERT_EQ(r.status, 0) << r.output;
  for (const char* f : {"compare_metrics", "compare_power_pue", "compare_energy", "compare_water"})
    EXPECT_TRUE(fs::exists(tmp.path / "rep" / (std::string(f) + ".png"))) << f;
  expect_page_works(tmp.path / "rep", count_figures(tmp.path / "rep"), tmp.path);
}

TEST(Report, SweepLinesHeatmapAndParetoFront) {
  TempDir tmp;
  std::ofstream(tmp.path / "sweep.yaml") << fmt::format(R"(scenario: {}
set: {{duration: 14 d, site.ewif: 3.142 L/kWh}}
outputs: [facility_energy_kwh, water_total_m3, jobs.0.time_to_train_s]
axes:
  - key: facility.pue
    values: [1.1, 1.3]
  - key: workload.jobs.0.mfu
    values: [0.3, 0.4, 0.5]
)", scenario("quickstart.yaml"));
  const auto out = tmp.path / "sw";
  auto r = run_wattsim(fmt::format("sweep {} -q -o {}", (tmp.path / "sweep.yaml").string(), out.string()));
  ASSERT_EQ(r.status, 0) << r.output;
  r = run_wattsim(fmt::format("report {} -q", out.string()));
  ASSERT_EQ(r.status, 0) << r.output;
  const auto report = out / "report";
  for (const char* f : {"sweep_lines_0", "sweep_lines_1", "sweep_heatmap_facility_energy_kwh", "sweep_pareto"})
    EXPECT_TRUE(fs::exists(report / (std::string(f) + ".png"))) << f;
  expect_page_works(report, count_figures(report), tmp.path);
}

TEST(Report, NotAnOutputFolderIsBadInput) {
  TempDir tmp;
  const auto r = run_wattsim(fmt::format("report {}", tmp.str()));
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_NE(r.output.find("not a wattsim output folder"), std::string::npos) << r.output;
}

TEST(Report, UserGuidePandasExamplesWork) {
  // Every `python3 -c "import pandas ..."` example of the user guide, run as written on a fresh
  // quickstart run (with Debian's python3, which setup gives pandas and matplotlib).
  TempDir tmp;
  auto r = run_wattsim(fmt::format("run {} -q -o {}", scenario("quickstart.yaml"), (tmp.path / "results" / "quickstart").string()));
  ASSERT_EQ(r.status, 0) << r.output;
  const auto guide = read_text(fs::path(WATTSIM_SOURCE_DIR) / "docs" / "user-guide.md");
  const std::regex example("`(python3 -c \"import pandas[^`]*)`");
  std::size_t n = 0;
  for (auto it = std::sregex_iterator(guide.begin(), guide.end(), example); it != std::sregex_iterator(); ++it) {
    std::string cmd = (*it)[1].str();
    if (fs::exists("/usr/bin/python3"))
      cmd = "/usr/bin/" + cmd;
    fs::remove(tmp.path / "power.png");
    const auto run = run_command(fmt::format("cd {} && MPLBACKEND=Agg {}", tmp.str(), cmd));
    EXPECT_EQ(run.status, 0) << cmd << "\n" << run.output;
    EXPECT_TRUE(fs::exists(tmp.path / "power.png")) << cmd;
    ++n;
  }
  EXPECT_GE(n, 2u) << "the guide's pandas examples were not found";
}
