// EPW reader: the four shipped TMY3 files, and malformed files written to a temporary folder.

#include "models/weather/epw.hpp"
#include "models/weather/psychrometrics.hpp"
#include "weather_files.hpp"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <sstream>
#include <string>
#include <unistd.h>
#include <vector>

using namespace wattsim::models;
using namespace wattsim::test;
namespace fs = std::filesystem;

namespace {


std::vector<std::string> read_lines(const fs::path& p) {
  std::ifstream in(p);
  std::vector<std::string> lines;
  for (std::string s; std::getline(in, s);)
    lines.push_back(s);
  return lines;
}

// Replace 0-based field `field` of a comma-separated line.
std::string with_field(const std::string& line, std::size_t field, const std::string& value) {
  std::vector<std::string> f;
  std::stringstream ss(line);
  for (std::string x; std::getline(ss, x, ',');)
    f.push_back(x);
  f.at(field) = value;
  std::string out;
  for (std::size_t i = 0; i < f.size(); ++i)
    out += (i ? "," : "") + f[i];
  return out;
}

// Writes a (modified) copy of a shipped file to a unique temporary path, removed on destruction.
class TempEpw {
public:
  TempEpw(const std::vector<std::string>& lines, const std::string& eol = "\n") {
    static int counter = 0;
    path_ = fs::temp_directory_path() /
            ("wattsim_epw_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++) + ".epw");
    std::ofstream out(path_, std::ios::binary);
    for (const auto& l : lines)
      out << l << eol;
  }
  ~TempEpw() {
    std::error_code ec;
    fs::remove(path_, ec);
  }
  [[nodiscard]] const fs::path& path() const { return path_; }

private:
  fs::path path_;
};

// Line numbers are 1-based: data record i (0-based) is on line 9 + i.
std::size_t line_of_record(std::size_t i) { return 9 + i; }

// Expect read_epw to throw an EpwError naming the given line (and the file).
void expect_epw_error(const TempEpw& f, std::size_t line, const std::string& fragment) {
  try {
    (void)read_epw(f.path());
    ADD_FAILURE() << "no EpwError";
  } catch (const EpwError& e) {
    EXPECT_EQ(e.line(), line) << e.what();
    EXPECT_EQ(e.file(), f.path().string());
    const std::string what = e.what();
    EXPECT_NE(what.find(f.path().string() + ":" + std::to_string(line) + ":"), std::string::npos) << what;
    EXPECT_NE(what.find(fragment), std::string::npos) << what;
  }
}

double mean(const std::vector<EpwRecord>& r, double EpwRecord::*field) {
  double s = 0;
  for (const auto& x : r)
    s += x.*field;
  return s / static_cast<double>(r.size());
}

} // namespace

TEST(EpwReader, ParsesEachShippedFile) {
  for (const char* name : {kPhoenix, kSanFrancisco, kDenver, kChicago}) {
    const auto epw = read_epw(weather_dir() / name);
    ASSERT_EQ(epw.records.size(), 8760u) << name;
    EXPECT_EQ(epw.location.data_source, "TMY3");
    EXPECT_EQ(epw.location.country, "USA");
    EXPECT_EQ(epw.records.front().month, 1);
    EXPECT_EQ(epw.records.front().day, 1);
    EXPECT_EQ(epw.records.front().hour, 1);
    EXPECT_EQ(epw.records.back().month, 12);
    EXPECT_EQ(epw.records.back().day, 31);
    EXPECT_EQ(epw.records.back().hour, 24);
    EXPECT_EQ(epw.filled_values, 0u) << name;
    for (const auto& r : epw.records) {
      ASSERT_LE(r.dew_point_c, r.dry_bulb_c);
      ASSERT_GE(r.relative_humidity, 0.0);
      ASSERT_LE(r.relative_humidity, 1.0);
    }
    // Station pressure is near the standard atmosphere at the station's elevation.
    EXPECT_NEAR(mean(epw.records, &EpwRecord::pressure_pa), standard_pressure_pa(epw.location.elevation_m),
                0.02 * standard_pressure_pa(epw.location.elevation_m))
        << name;
  }
}

TEST(EpwReader, ReadsTheLocationHeaderAndFirstRecord) {
  const auto phx = read_epw(weather_dir() / kPhoenix);
  EXPECT_EQ(phx.location.city, "Phoenix Sky Harbor Intl Ap");
  EXPECT_EQ(phx.location.state_province, "AZ");
  EXPECT_EQ(phx.location.wmo_station, "722780");
  EXPECT_DOUBLE_EQ(phx.location.latitude_deg, 33.45);
  EXPECT_DOUBLE_EQ(phx.location.longitude_deg, -111.98);
  EXPECT_DOUBLE_EQ(phx.location.time_zone_h, -7.0);
  EXPECT_DOUBLE_EQ(phx.location.elevation_m, 337.0);
  // 2002,1,1,1,0,...,10.0,5.6,74,97700,...
  EXPECT_DOUBLE_EQ(phx.records[0].dry_bulb_c, 10.0);
  EXPECT_DOUBLE_EQ(phx.records[0].dew_point_c, 5.6);
  EXPECT_DOUBLE_EQ(phx.records[0].relative_humidity, 0.74);
  EXPECT_DOUBLE_EQ(phx.records[0].pressure_pa, 97700.0);
  EXPECT_DOUBLE_EQ(read_epw(weather_dir() / kDenver).location.elevation_m, 1650.0);
}

TEST(EpwReader, AnnualMeansArePlausible) {
  const auto phx = read_epw(weather_dir() / kPhoenix);
  const auto sfo = read_epw(weather_dir() / kSanFrancisco);
  const auto den = read_epw(weather_dir() / kDenver);
  const auto chi = read_epw(weather_dir() / kChicago);
  const double phx_t = mean(phx.records, &EpwRecord::dry_bulb_c);
  const double sfo_t = mean(sfo.records, &EpwRecord::dry_bulb_c);
  const double den_t = mean(den.records, &EpwRecord::dry_bulb_c);
  const double chi_t = mean(chi.records, &EpwRecord::dry_bulb_c);
  // Phoenix is a hot desert (~24 degC mean), San Francisco mild (~14), Denver and Chicago ~10-11.
  EXPECT_GT(phx_t, sfo_t + 5.0);
  EXPECT_GT(phx_t, 20.0);
  EXPECT_LT(phx_t, 27.0);
  EXPECT_GT(sfo_t, 11.0);
  EXPECT_LT(sfo_t, 16.0);
  EXPECT_GT(den_t, 7.0);
  EXPECT_LT(den_t, 13.0);
  EXPECT_GT(chi_t, 7.0);
  EXPECT_LT(chi_t, 12.0);
  // Denver's station pressure is ~83 kPa, the others within a few kPa of sea level.
  EXPECT_NEAR(mean(den.records, &EpwRecord::pressure_pa), 83400.0, 1000.0);
  EXPECT_GT(mean(sfo.records, &EpwRecord::pressure_pa), 100000.0);
  // Phoenix is dry, San Francisco humid.
  EXPECT_LT(mean(phx.records, &EpwRecord::relative_humidity), 0.45);
  EXPECT_GT(mean(sfo.records, &EpwRecord::relative_humidity), 0.65);
}

TEST(EpwReader, AcceptsCrLfLineEndings) {
  TempEpw f(read_lines(weather_dir() / kChicago), "\r\n");
  const auto a = read_epw(f.path());
  const auto b = read_epw(weather_dir() / kChicago);
  ASSERT_EQ(a.records.size(), b.records.size());
  EXPECT_DOUBLE_EQ(a.records[4000].dry_bulb_c, b.records[4000].dry_bulb_c);
  EXPECT_DOUBLE_EQ(a.location.elevation_m, b.location.elevation_m);
}

TEST(EpwReader, ShortRowNamesTheLine) {
  auto lines = read_lines(weather_dir() / kDenver);
  const std::size_t rec = 100;
  lines[line_of_record(rec) - 1] = "1995,1,5,5,0,?9?9,-3.0"; // truncated
  TempEpw f(lines);
  expect_epw_error(f, line_of_record(rec), "fields");
}

TEST(EpwReader, NonNumericFieldNamesTheLine) {
  auto lines = read_lines(weather_dir() / kSanFrancisco);
  const std::size_t rec = 4321;
  lines[line_of_record(rec) - 1] = with_field(lines[line_of_record(rec) - 1], 6, "warm");
  TempEpw f(lines);
  expect_epw_error(f, line_of_record(rec), "dry-bulb temperature: not a number: 'warm'");

  auto lines2 = read_lines(weather_dir() / kSanFrancisco);
  lines2[line_of_record(17) - 1] = with_field(lines2[line_of_record(17) - 1], 9, "101.3kPa");
  TempEpw f2(lines2);
  expect_epw_error(f2, line_of_record(17), "station pressure");
}

TEST(EpwReader, OutOfRangeValueIsAnErrorNotMissing) {
  auto lines = read_lines(weather_dir() / kPhoenix);
  lines[line_of_record(5000) - 1] = with_field(lines[line_of_record(5000) - 1], 6, "85.0");
  TempEpw f(lines);
  expect_epw_error(f, line_of_record(5000), "outside the valid range");
}

TEST(EpwReader, DatesOutOfSequenceNameTheLine) {
  auto lines = read_lines(weather_dir() / kPhoenix);
  std::swap(lines[line_of_record(30) - 1], lines[line_of_record(31) - 1]);
  TempEpw f(lines);
  expect_epw_error(f, line_of_record(30), "expected 1/2 hour 7");
}

TEST(EpwReader, WrongRecordCountOrHeaderIsAnError) {
  auto lines = read_lines(weather_dir() / kPhoenix);
  lines.pop_back(); // 8,759 records
  TempEpw f(lines);
  expect_epw_error(f, 0, "8760");

  auto lines2 = read_lines(weather_dir() / kPhoenix);
  lines2.erase(lines2.begin() + 3); // no GROUND TEMPERATURES line
  TempEpw f2(lines2);
  expect_epw_error(f2, 4, "GROUND TEMPERATURES");

  auto lines3 = read_lines(weather_dir() / kPhoenix);
  lines3[7] = "DATA PERIODS,1,4,Data,Sunday, 1/ 1,12/31"; // 15-minute data
  TempEpw f3(lines3);
  expect_epw_error(f3, 8, "hourly");

  auto lines4 = read_lines(weather_dir() / kPhoenix);
  lines4[0] = "LOCATION,Phoenix Sky Harbor Intl Ap,AZ,USA,TMY3,722780,33.45,-111.98,-7.0,high";
  TempEpw f4(lines4);
  expect_epw_error(f4, 1, "elevation");
}

TEST(EpwReader, MissingFileIsAnEpwError) {
  try {
    (void)read_epw("/nonexistent/wattsim/no_such_file.epw");
    ADD_FAILURE() << "no EpwError";
  } catch (const EpwError& e) {
    EXPECT_EQ(e.line(), 0u);
    EXPECT_NE(std::string(e.what()).find("no_such_file.epw"), std::string::npos);
  }
}

TEST(EpwReader, FillsIsolatedMissingValuesByInterpolation) {
  const auto original = read_epw(weather_dir() / kChicago);
  auto lines = read_lines(weather_dir() / kChicago);
  // Hours 200-202 of dry bulb and hour 300 of pressure missing; hour 400 dew point missing with RH given.
  for (std::size_t i = 200; i <= 202; ++i)
    lines[line_of_record(i) - 1] = with_field(lines[line_of_record(i) - 1], 6, "99.9");
  lines[line_of_record(300) - 1] = with_field(lines[line_of_record(300) - 1], 9, "999999");
  lines[line_of_record(400) - 1] = with_field(lines[line_of_record(400) - 1], 7, "99.9");
  lines[line_of_record(500) - 1] = with_field(lines[line_of_record(500) - 1], 8, "999");
  TempEpw f(lines);
  const auto epw = read_epw(f.path());
  EXPECT_EQ(epw.filled_values, 3u + 1u + 1u + 1u);
  const auto& r = epw.records;
  const auto& o = original.records;
  for (std::size_t i = 200; i <= 202; ++i) {
    const double a = static_cast<double>(i - 199) / 4.0;
    EXPECT_NEAR(r[i].dry_bulb_c, o[199].dry_bulb_c + a * (o[203].dry_bulb_c - o[199].dry_bulb_c), 1e-12);
  }
  EXPECT_NEAR(r[300].pressure_pa, 0.5 * (o[299].pressure_pa + o[301].pressure_pa), 1e-9);
  // Dew point recomputed from the file's (rounded) RH: within 0.5 K of the original.
  EXPECT_NEAR(r[400].dew_point_c, o[400].dew_point_c, 0.5);
  // Missing RH recomputed from dew point and dry bulb: within 2 % RH of the file's.
  EXPECT_NEAR(r[500].relative_humidity, o[500].relative_humidity, 0.02);
}

TEST(EpwReader, AWholeMissingDayIsAnError) {
  auto lines = read_lines(weather_dir() / kChicago);
  for (std::size_t i = 1000; i < 1024; ++i)
    lines[line_of_record(i) - 1] = with_field(lines[line_of_record(i) - 1], 9, "999999");
  TempEpw f(lines);
  expect_epw_error(f, line_of_record(1000), "24 consecutive hours of station pressure");

  // 23 hours is filled.
  auto lines2 = read_lines(weather_dir() / kChicago);
  for (std::size_t i = 1000; i < 1023; ++i)
    lines2[line_of_record(i) - 1] = with_field(lines2[line_of_record(i) - 1], 9, "999999");
  TempEpw f2(lines2);
  EXPECT_EQ(read_epw(f2.path()).filled_values, 23u);
}
