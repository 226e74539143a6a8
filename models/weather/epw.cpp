#include "models/weather/epw.hpp"

#include "models/common/csv_fields.hpp"
#include "models/weather/psychrometrics.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <fstream>
#include <sstream>
#include <string_view>

namespace wattsim::models {

EpwError::EpwError(std::string file, std::size_t line, const std::string& message)
    : std::runtime_error(file + ":" + std::to_string(line) + ": " + message), file_(std::move(file)), line_(line) {}

namespace {

constexpr std::size_t kHeaderLines = 8;
constexpr std::array<std::string_view, kHeaderLines> kHeaderKeywords = {
    "LOCATION",   "DESIGN CONDITIONS", "TYPICAL/EXTREME PERIODS", "GROUND TEMPERATURES", "HOLIDAYS/DAYLIGHT SAVINGS",
    "COMMENTS 1", "COMMENTS 2",        "DATA PERIODS"};
constexpr std::array<int, 12> kDaysInMonth = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

// 0-based field indices of a data record (EPW data dictionary).
constexpr std::size_t kFieldMonth = 1;
constexpr std::size_t kFieldDay = 2;
constexpr std::size_t kFieldHour = 3;
constexpr std::size_t kFieldDryBulb = 6;
constexpr std::size_t kFieldDewPoint = 7;
constexpr std::size_t kFieldRelHum = 8;
constexpr std::size_t kFieldPressure = 9;
constexpr std::size_t kMinDataFields = 10;

// One numeric field: the missing-value code (values at or above it are "missing") and the valid
// range of the data dictionary (exclusive bounds for temperatures and pressure).
struct FieldSpec {
  std::size_t index;
  const char* name;
  double missing_at_or_above;
  double min_valid;
  double max_valid;
};
constexpr FieldSpec kDryBulbSpec{kFieldDryBulb, "dry-bulb temperature", 99.9, -70.0, 70.0};
constexpr FieldSpec kDewPointSpec{kFieldDewPoint, "dew-point temperature", 99.9, -70.0, 70.0};
constexpr FieldSpec kRelHumSpec{kFieldRelHum, "relative humidity", 999.0, 0.0, 110.0};
constexpr FieldSpec kPressureSpec{kFieldPressure, "station pressure", 999999.0, 31000.0, 120000.0};

using csv::split;
using csv::trim;

class Reader {
public:
  explicit Reader(std::string path) : path_(std::move(path)) {}

  [[noreturn]] void fail(std::size_t line, const std::string& message) const { throw EpwError(path_, line, message); }

  double number(std::string_view field, std::size_t line, const char* what) const {
    double v = 0;
    const auto* first = field.data();
    const auto* last = field.data() + field.size();
    if (!field.empty() && *first == '+')
      ++first;
    const auto [ptr, ec] = std::from_chars(first, last, v);
    if (field.empty() || ec != std::errc() || ptr != last || !std::isfinite(v))
      fail(line, std::string(what) + ": not a number: '" + std::string(field) + "'");
    return v;
  }

  int integer(std::string_view field, std::size_t line, const char* what) const {
    int v = 0;
    const auto [ptr, ec] = std::from_chars(field.data(), field.data() + field.size(), v);
    if (field.empty() || ec != std::errc() || ptr != field.data() + field.size())
      fail(line, std::string(what) + ": not an integer: '" + std::string(field) + "'");
    return v;
  }

  // A field value, or NaN for a missing-value code.
  double field_value(const std::vector<std::string_view>& f, const FieldSpec& spec, std::size_t line) const {
    const double v = number(f[spec.index], line, spec.name);
    if (v >= spec.missing_at_or_above)
      return std::nan("");
    if (v < spec.min_valid || v > spec.max_valid) {
      std::ostringstream m;
      m << spec.name << " " << v << " outside the valid range " << spec.min_valid << ".." << spec.max_valid
        << " and not the missing-value code " << spec.missing_at_or_above;
      fail(line, m.str());
    }
    return v;
  }

  // Fill NaN gaps by linear interpolation between the nearest valid neighbours, circularly (a typical
  // year is reused end to end). A run of a day or more is an error.
  std::size_t fill(std::vector<double>& v, const char* name) const {
    const std::size_t n = v.size();
    std::size_t first_valid = n;
    for (std::size_t i = 0; i < n; ++i)
      if (!std::isnan(v[i])) {
        first_valid = i;
        break;
      }
    if (first_valid == n)
      fail(0, std::string("every ") + name + " value is missing");
    std::size_t filled = 0;
    // Walk the circle starting at a valid value, so every run has a valid value before it.
    std::size_t k = 0;
    while (k < n) {
      const std::size_t i = (first_valid + k) % n;
      if (!std::isnan(v[i])) {
        ++k;
        continue;
      }
      const std::size_t prev = (i + n - 1) % n;
      std::size_t run = 0;
      while (std::isnan(v[(i + run) % n]))
        ++run;
      if (run >= kEpwMaxMissingRunH)
        fail(kHeaderLines + 1 + i, std::to_string(run) + " consecutive hours of " + name +
                                       " are missing (a whole day or more): not filled");
      const std::size_t next = (i + run) % n;
      for (std::size_t r = 0; r < run; ++r) {
        const double a = static_cast<double>(r + 1) / static_cast<double>(run + 1);
        v[(i + r) % n] = v[prev] + a * (v[next] - v[prev]);
      }
      filled += run;
      k += run;
    }
    return filled;
  }

  EpwData read() {
    std::ifstream in(path_, std::ios::binary);
    if (!in)
      fail(0, "cannot open the file");
    std::vector<std::string> lines;
    for (std::string s; std::getline(in, s);) {
      if (!s.empty() && s.back() == '\r')
        s.pop_back();
      lines.push_back(std::move(s));
    }
    while (!lines.empty() && trim(lines.back()).empty())
      lines.pop_back(); // trailing blank lines
    if (lines.size() < kHeaderLines)
      fail(lines.size(), "expected 8 header lines, the file has " + std::to_string(lines.size()) + " lines");
    for (std::size_t i = 0; i < kHeaderLines; ++i)
      if (lines[i].rfind(kHeaderKeywords[i], 0) != 0)
        fail(i + 1, "expected header line '" + std::string(kHeaderKeywords[i]) + ",...'");

    EpwData data;
    data.path = path_;
    parse_location(lines[0], data.location);
    check_data_periods(lines[kHeaderLines - 1]);

    const std::size_t rows = lines.size() - kHeaderLines;
    if (rows != kEpwHoursPerYear)
      fail(0, "expected " + std::to_string(kEpwHoursPerYear) + " hourly records (one non-leap year), found " +
                  std::to_string(rows));

    std::vector<double> tdb(rows), tdp(rows), rh(rows), p(rows);
    data.records.resize(rows);
    std::size_t field_count = 0;
    int month = 1, day = 1;
    for (std::size_t i = 0; i < rows; ++i) {
      const std::size_t line = kHeaderLines + 1 + i;
      const auto f = split(lines[kHeaderLines + i]);
      if (i == 0)
        field_count = f.size();
      if (f.size() < kMinDataFields || f.size() != field_count)
        fail(line, "record has " + std::to_string(f.size()) + " fields, expected " +
                       std::to_string(std::max(field_count, kMinDataFields)));
      const int hour = static_cast<int>(i % 24) + 1;
      if (i > 0 && hour == 1 && ++day > kDaysInMonth[static_cast<std::size_t>(month - 1)]) {
        day = 1;
        ++month;
      }
      const int m = integer(f[kFieldMonth], line, "month");
      const int d = integer(f[kFieldDay], line, "day");
      const int h = integer(f[kFieldHour], line, "hour");
      if (m != month || d != day || h != hour)
        fail(line, "record dated " + std::to_string(m) + "/" + std::to_string(d) + " hour " + std::to_string(h) +
                       ", expected " + std::to_string(month) + "/" + std::to_string(day) + " hour " +
                       std::to_string(hour) + " (hourly records of a non-leap year, in order)");
      data.records[i].month = m;
      data.records[i].day = d;
      data.records[i].hour = h;
      tdb[i] = field_value(f, kDryBulbSpec, line);
      tdp[i] = field_value(f, kDewPointSpec, line);
      rh[i] = field_value(f, kRelHumSpec, line);
      p[i] = field_value(f, kPressureSpec, line);
    }

    std::size_t filled = fill(tdb, kDryBulbSpec.name) + fill(p, kPressureSpec.name);
    // A missing dew point with a valid RH: recompute it from RH and dry bulb rather than interpolate.
    std::vector<bool> rh_missing(rows);
    for (std::size_t i = 0; i < rows; ++i) {
      rh_missing[i] = std::isnan(rh[i]);
      if (std::isnan(tdp[i]) && !rh_missing[i] && rh[i] > 0.0) {
        tdp[i] = dew_point_from_vapour_pressure_c(std::min(rh[i], 100.0) / 100.0 * saturation_pressure_pa(tdb[i]));
        ++filled;
      }
    }
    filled += fill(tdp, kDewPointSpec.name);
    for (std::size_t i = 0; i < rows; ++i) {
      auto& r = data.records[i];
      r.dry_bulb_c = tdb[i];
      r.dew_point_c = std::min(tdp[i], tdb[i]);
      r.pressure_pa = p[i];
      if (rh_missing[i]) {
        r.relative_humidity = saturation_pressure_pa(r.dew_point_c) / saturation_pressure_pa(r.dry_bulb_c);
        ++filled;
      } else {
        r.relative_humidity = std::min(rh[i], 100.0) / 100.0;
      }
    }
    data.filled_values = filled;
    return data;
  }

private:
  void parse_location(const std::string& line, EpwLocation& loc) const {
    const auto f = split(line);
    if (f.size() < 10)
      fail(1, "LOCATION needs 9 fields (city, state, country, source, WMO, latitude, longitude, time zone, "
              "elevation), found " +
                  std::to_string(f.size() - 1));
    loc.city = f[1];
    loc.state_province = f[2];
    loc.country = f[3];
    loc.data_source = f[4];
    loc.wmo_station = f[5];
    loc.latitude_deg = number(f[6], 1, "latitude");
    loc.longitude_deg = number(f[7], 1, "longitude");
    loc.time_zone_h = number(f[8], 1, "time zone");
    loc.elevation_m = number(f[9], 1, "elevation");
    if (std::abs(loc.latitude_deg) > 90 || std::abs(loc.longitude_deg) > 180 || std::abs(loc.time_zone_h) > 14 ||
        loc.elevation_m < -1000 || loc.elevation_m > 9999.9)
      fail(1, "LOCATION latitude/longitude/time zone/elevation out of range");
  }

  void check_data_periods(const std::string& line) const {
    const auto f = split(line);
    const std::size_t ln = kHeaderLines;
    if (f.size() < 7)
      fail(ln, "DATA PERIODS needs: count, records per hour, name, start weekday, start date, end date");
    if (integer(f[1], ln, "number of data periods") != 1)
      fail(ln, "only one data period is supported");
    if (integer(f[2], ln, "records per hour") != 1)
      fail(ln, "only hourly records (1 per hour) are supported");
    auto compact = [](std::string_view s) {
      std::string out;
      for (char c : s)
        if (c != ' ')
          out.push_back(c);
      return out;
    };
    if (compact(f[5]) != "1/1" || compact(f[6]) != "12/31")
      fail(ln, "the data period must cover a whole year, 1/1 to 12/31; found " + std::string(f[5]) + " to " +
                   std::string(f[6]));
  }

  std::string path_;
};

} // namespace

EpwData read_epw(const std::filesystem::path& path) { return Reader(path.string()).read(); }

} // namespace wattsim::models
