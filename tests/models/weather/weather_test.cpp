// WeatherSeries: time alignment, interpolation, wrap-around, heat-wave offsets, builders, cost.

#include "models/weather/psychrometrics.hpp"
#include "models/weather/weather.hpp"
#include "weather_files.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <gtest/gtest.h>
#include <stdexcept>
#include <vector>

using namespace wattsim::models;
using namespace wattsim::test;
namespace fs = std::filesystem;

namespace {

constexpr double kHour = 3600.0;
constexpr double kYear = 8760.0 * kHour;

void expect_same(const WeatherSample& a, const WeatherSample& b, double tol) {
  EXPECT_NEAR(a.dry_bulb_c, b.dry_bulb_c, tol);
  EXPECT_NEAR(a.dew_point_c, b.dew_point_c, tol);
  EXPECT_NEAR(a.relative_humidity, b.relative_humidity, tol);
  EXPECT_NEAR(a.pressure_pa, b.pressure_pa, tol * 1e5);
  EXPECT_NEAR(a.wet_bulb_c, b.wet_bulb_c, tol);
  EXPECT_NEAR(a.humidity_ratio, b.humidity_ratio, tol * 1e-2);
}

} // namespace

TEST(WeatherSeries, HourlyTableInterpolatesLinearly) {
  // Record i is the state at the end of hour i + 1.
  const auto w = WeatherSeries::from_hourly({10.0, 20.0, 16.0}, {5.0, 9.0, 12.0}, {100000.0, 99000.0, 99500.0});
  ASSERT_EQ(w.size(), 3u);
  EXPECT_DOUBLE_EQ(w.period_s(), 3 * kHour);
  expect_same(w.at(1 * kHour), w.records()[0], 1e-12);
  expect_same(w.at(2 * kHour), w.records()[1], 1e-12);
  const auto mid = w.at(1.5 * kHour);
  EXPECT_DOUBLE_EQ(mid.dry_bulb_c, 15.0);
  EXPECT_DOUBLE_EQ(mid.dew_point_c, 7.0);
  EXPECT_DOUBLE_EQ(mid.pressure_pa, 99500.0);
  EXPECT_NEAR(mid.wet_bulb_c, 0.5 * (w.records()[0].wet_bulb_c + w.records()[1].wet_bulb_c), 1e-12);
  EXPECT_NEAR(w.at(1.25 * kHour).dry_bulb_c, 12.5, 1e-12);
  // The interpolated wet bulb is close to the exact one of the interpolated state (0.1 K here, for a
  // 10 K swing of dry bulb within the hour).
  EXPECT_NEAR(mid.wet_bulb_c, wet_bulb_from_dew_point_c(15.0, 7.0, 99500.0), 0.15);
  EXPECT_NEAR(mid.humidity_ratio, humidity_ratio_from_dew_point_kg_kg(7.0, 99500.0), 1e-15);
  // RH follows from the interpolated fields.
  EXPECT_NEAR(mid.relative_humidity, relative_humidity_from_humidity_ratio(15.0, mid.humidity_ratio, 99500.0), 1e-12);
  // Hour 0 (the start) is the last record, as the table repeats; between 0 and 1 h the year-end record
  // blends into the first.
  expect_same(w.at(0.0), w.records()[2], 1e-12);
  EXPECT_DOUBLE_EQ(w.at(0.5 * kHour).dry_bulb_c, 13.0);
}

TEST(WeatherSeries, EpwRecordsSitAtTheEndOfTheirHour) {
  const auto epw = read_epw(weather_dir() / kPhoenix);
  const auto w = WeatherSeries::from_epw(epw);
  ASSERT_EQ(w.size(), 8760u);
  ASSERT_TRUE(w.location().has_value());
  EXPECT_EQ(w.location()->wmo_station, "722780");
  // Jan 1 hour 1 (00:00-01:00, hour-ending) at t = 1 h.
  EXPECT_DOUBLE_EQ(w.at(1 * kHour).dry_bulb_c, epw.records[0].dry_bulb_c);
  EXPECT_DOUBLE_EQ(w.at(1 * kHour).pressure_pa, epw.records[0].pressure_pa);
  // July 15 hour 14: record (195 * 24 + 13), at t = (195 * 24 + 14) h.
  const std::size_t i = 195 * 24 + 13;
  EXPECT_EQ(epw.records[i].month, 7);
  EXPECT_EQ(epw.records[i].day, 15);
  EXPECT_EQ(epw.records[i].hour, 14);
  EXPECT_DOUBLE_EQ(w.at(static_cast<double>(i + 1) * kHour).dry_bulb_c, epw.records[i].dry_bulb_c);
  EXPECT_DOUBLE_EQ(w.at(static_cast<double>(i + 1) * kHour).dew_point_c, epw.records[i].dew_point_c);
  // Half an hour earlier: the mean of hours 13 and 14.
  EXPECT_NEAR(w.at((static_cast<double>(i) + 0.5) * kHour).dry_bulb_c,
              0.5 * (epw.records[i - 1].dry_bulb_c + epw.records[i].dry_bulb_c), 1e-12);
  // t = 0 is Jan 1 00:00, the end of Dec 31 hour 24.
  EXPECT_DOUBLE_EQ(w.at(0.0).dry_bulb_c, epw.records.back().dry_bulb_c);
}

TEST(WeatherSeries, WrapsAroundTheYear) {
  const auto w = WeatherSeries::from_epw(weather_dir() / kChicago);
  for (double t : {0.0, 1234.5, 100 * kHour + 17.0, 8759.5 * kHour}) {
    expect_same(w.at(t + kYear), w.at(t), 1e-9);
    expect_same(w.at(t + 3 * kYear), w.at(t), 1e-9);
  }
  // The last half hour of the year lies between Dec 31 hour 23 (record 8758) and hour 24 (record 8759).
  EXPECT_NEAR(w.at(kYear - 1800.0).dry_bulb_c,
              0.5 * (w.records()[8758].dry_bulb_c + w.records()[8759].dry_bulb_c), 1e-9);
  EXPECT_NEAR(w.at(kYear).dry_bulb_c, w.records()[8759].dry_bulb_c, 1e-9);
  EXPECT_NEAR(w.at(kYear + kHour).dry_bulb_c, w.records()[0].dry_bulb_c, 1e-9);
  // Times before the start wrap too.
  expect_same(w.at(-kHour), w.at(kYear - kHour), 1e-9);
}

TEST(WeatherSeries, StartHourOfYearShiftsTheClock) {
  const auto jan = WeatherSeries::from_epw(weather_dir() / kDenver);
  const auto jul = WeatherSeries::from_epw(weather_dir() / kDenver, 4344.0); // July 1 00:00
  for (double t : {0.0, 3.3 * kHour, 50 * kHour, 5000 * kHour})
    expect_same(jul.at(t), jan.at(t + 4344.0 * kHour), 1e-9);
  EXPECT_GT(jul.at(15 * kHour).dry_bulb_c, jan.at(15 * kHour).dry_bulb_c + 10.0); // summer vs winter afternoon
  EXPECT_THROW((void)WeatherSeries::from_epw(weather_dir() / kDenver, 8760.0), std::invalid_argument);
  EXPECT_THROW((void)WeatherSeries::from_epw(weather_dir() / kDenver, -1.0), std::invalid_argument);
}

TEST(WeatherSeries, HeatWaveOffsetRaisesDryBulbAndWetBulb) {
  const auto w = WeatherSeries::from_epw(weather_dir() / kPhoenix);
  for (double t : {3600.0 * 4000.5, 3600.0 * 4815.0, 3600.0 * 100.25, 3600.0 * 8000.0}) {
    const auto base = w.at(t);
    const auto hot = w.at(t, 5.0);
    EXPECT_DOUBLE_EQ(hot.dry_bulb_c, base.dry_bulb_c + 5.0);
    EXPECT_GT(hot.wet_bulb_c, base.wet_bulb_c + 0.5);  // at least 0.1 K per K
    EXPECT_LT(hot.wet_bulb_c, base.wet_bulb_c + 4.0);  // less than the dry bulb (constant moisture)
    EXPECT_DOUBLE_EQ(hot.dew_point_c, base.dew_point_c);
    EXPECT_NEAR(hot.humidity_ratio, base.humidity_ratio, 1e-12);
    EXPECT_LT(hot.relative_humidity, base.relative_humidity);
    // The rise is the exact wet-bulb change of the interpolated state.
    const double exact_rise = wet_bulb_from_dew_point_c(hot.dry_bulb_c, hot.dew_point_c, hot.pressure_pa) -
                              wet_bulb_from_dew_point_c(base.dry_bulb_c, base.dew_point_c, base.pressure_pa);
    EXPECT_NEAR(hot.wet_bulb_c - base.wet_bulb_c, exact_rise, 1e-7);
    // Continuous at zero offset, monotone in the offset.
    EXPECT_NEAR(w.at(t, 1e-6).wet_bulb_c, base.wet_bulb_c, 1e-5);
    EXPECT_GT(w.at(t, 0.1).wet_bulb_c, base.wet_bulb_c);
    EXPECT_LT(w.at(t, -0.1).wet_bulb_c, base.wet_bulb_c);
  }
  // A cold offset below the dew point saturates the air.
  const auto c = WeatherSeries::constant(20.0, 0.9, 101325.0);
  const auto cold = c.at(0.0, -5.0);
  EXPECT_DOUBLE_EQ(cold.dry_bulb_c, 15.0);
  EXPECT_NEAR(cold.dew_point_c, 15.0, 1e-12);
  EXPECT_NEAR(cold.wet_bulb_c, 15.0, 1e-6);
  EXPECT_NEAR(cold.relative_humidity, 1.0, 1e-12);
}

TEST(WeatherSeries, ShiftedSeriesMatchesPerCallOffsetAtRecords) {
  const auto w = WeatherSeries::from_epw(weather_dir() / kSanFrancisco, 100.0);
  const auto warm = w.with_dry_bulb_offset(2.0);
  for (double h : {1.0, 500.0, 4000.0, 8700.0}) {
    const double t = (h - 100.0) * kHour; // on a record
    const auto a = warm.at(t);
    const auto b = w.at(t, 2.0);
    EXPECT_NEAR(a.dry_bulb_c, b.dry_bulb_c, 1e-9);
    EXPECT_NEAR(a.wet_bulb_c, b.wet_bulb_c, 1e-6);
    EXPECT_NEAR(a.humidity_ratio, b.humidity_ratio, 1e-12);
  }
}

TEST(WeatherSeries, ConstantConditions) {
  const auto w = WeatherSeries::constant(30.0, 0.5, 101325.0);
  EXPECT_EQ(w.size(), 1u);
  EXPECT_DOUBLE_EQ(w.period_s(), 0.0);
  const auto a = w.at(0.0);
  expect_same(w.at(12345.0), a, 0.0);
  expect_same(w.at(-5.0 * kYear), a, 0.0);
  EXPECT_NEAR(a.relative_humidity, 0.5, 1e-12);
  EXPECT_NEAR(a.wet_bulb_c, wet_bulb_from_relative_humidity_c(30.0, 0.5, 101325.0), 1e-7);
  EXPECT_NEAR(a.humidity_ratio, humidity_ratio_from_relative_humidity_kg_kg(30.0, 0.5, 101325.0), 1e-12);
  EXPECT_FALSE(w.location().has_value());
  EXPECT_NO_THROW((void)WeatherSeries::constant(30.0, 0.0, 101325.0));
  EXPECT_THROW((void)WeatherSeries::constant(30.0, 1.5, 101325.0), std::invalid_argument);
  EXPECT_THROW((void)w.at(std::nan("")), std::invalid_argument);
  EXPECT_THROW((void)WeatherSeries().at(0.0), std::logic_error);
  EXPECT_THROW((void)WeatherSeries::constant(30.0, 0.5, -1.0), std::invalid_argument);
}

TEST(WeatherSeries, DesignDayFollowsTheAshraeProfile) {
  // Phoenix 0.4 % cooling design: 43.4 degC dry bulb, 12 K daily range, 21.1 degC mean coincident wet
  // bulb (the EPW header's ASHRAE 2009 design conditions); station pressure at 337 m.
  const double p = standard_pressure_pa(337.0);
  const auto d = WeatherSeries::design_day(43.4, 12.0, 21.1, p);
  ASSERT_EQ(d.size(), 24u);
  EXPECT_DOUBLE_EQ(d.period_s(), 24 * kHour);
  // Peak at 15:00 (and 14:00), minimum at 05:00; every hour on the profile.
  EXPECT_DOUBLE_EQ(d.at(15 * kHour).dry_bulb_c, 43.4);
  EXPECT_DOUBLE_EQ(d.at(14 * kHour).dry_bulb_c, 43.4);
  EXPECT_DOUBLE_EQ(d.at(5 * kHour).dry_bulb_c, 43.4 - 12.0);
  for (int h = 1; h <= 24; ++h)
    EXPECT_NEAR(d.at(h * kHour).dry_bulb_c, 43.4 - 12.0 * kAshraeDailyRangeFraction[h - 1], 1e-12) << h;
  for (double t = 0; t < 24 * kHour; t += 600) {
    EXPECT_LE(d.at(t).dry_bulb_c, 43.4 + 1e-12);
    EXPECT_GE(d.at(t).dry_bulb_c, 43.4 - 12.0 - 1e-12);
  }
  // Wet bulb at the peak equals the coincident value; the moisture is the same all day.
  EXPECT_NEAR(d.at(15 * kHour).wet_bulb_c, 21.1, 1e-6);
  EXPECT_NEAR(d.at(3 * kHour).humidity_ratio, d.at(15 * kHour).humidity_ratio, 1e-12);
  EXPECT_LT(d.at(5 * kHour).wet_bulb_c, 21.1);
  // Repeats daily.
  expect_same(d.at(7.5 * kHour + 10 * 24 * kHour), d.at(7.5 * kHour), 1e-9);
  // Humid night: the dew point is capped at the dry bulb.
  const auto humid = WeatherSeries::design_day(30.0, 12.0, 27.0, 101325.0);
  for (const auto& r : humid.records())
    EXPECT_LE(r.dew_point_c, r.dry_bulb_c);
  EXPECT_THROW((void)WeatherSeries::design_day(30.0, 10.0, 31.0, 101325.0), std::invalid_argument);
  EXPECT_THROW((void)WeatherSeries::design_day(40.0, 10.0, 5.0, 101325.0), std::invalid_argument);
  EXPECT_THROW((void)WeatherSeries::design_day(40.0, -1.0, 20.0, 101325.0), std::invalid_argument);
}

TEST(WeatherSeries, InterpolatedWetBulbIsCloseToExact) {
  // Documented accuracy of interpolating the hourly wet bulbs instead of solving at every call.
  for (const char* name : {kPhoenix, kSanFrancisco, kDenver, kChicago}) {
    const auto w = WeatherSeries::from_epw(weather_dir() / name);
    std::vector<double> err;
    for (std::size_t i = 0; i < w.size(); ++i) {
      const auto s = w.at((static_cast<double>(i) + 0.5) * kHour);
      err.push_back(std::abs(s.wet_bulb_c - wet_bulb_from_dew_point_c(s.dry_bulb_c, s.dew_point_c, s.pressure_pa)));
    }
    std::sort(err.begin(), err.end());
    EXPECT_LT(err[err.size() / 2], 0.01) << name;
    EXPECT_LT(err[err.size() * 99 / 100], 0.25) << name;
    EXPECT_LT(err.back(), 0.6) << name;
  }
}

TEST(WeatherSeries, YearOfMinuteCallsGiveTheClimateMean) {
  const auto w = WeatherSeries::from_epw(weather_dir() / kChicago);
  double sum = 0.0;
  const auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < 525600; ++i)
    sum += w.at(60.0 * i).wet_bulb_c;
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_NEAR(sum / 525600.0, 7.1, 0.5); // uses the result, and Chicago's mean wet bulb is ~7 degC
  // Printed for information only: speed is measured by wattsim-bench (case f steps the weather every
  // minute for a year), never asserted in a unit test, whose wall time depends on the machine's load.
  std::printf("[ timing ] 525,600 WeatherSeries::at() calls: %.1f ms\n", s * 1e3);
}

TEST(WeatherSeries, ClimateSummaryOfTheShippedFiles) {
  // The table in scenarios/weather/README.md comes from this printout. Each file's 0.4 % wet bulb
  // (typical year) must lie within 1 K of the ASHRAE 2009 design value printed in its own header
  // (DESIGN CONDITIONS, cooling, WB 0.4 %), which is based on a multi-year record.
  struct Case {
    const char* file;
    double ashrae_wb_04_c;
  };
  const Case cases[] = {{kPhoenix, 24.5}, {kSanFrancisco, 18.6}, {kDenver, 18.3}, {kChicago, 25.5}};
  std::printf("| file | mean dry bulb (degC) | mean wet bulb (degC) | 0.4%% wet bulb (degC) | mean pressure (kPa) |\n");
  std::vector<double> mean_db;
  for (const auto& c : cases) {
    const auto w = WeatherSeries::from_epw(weather_dir() / c.file);
    double db = 0, wb = 0, p = 0;
    std::vector<double> wbs;
    for (const auto& r : w.records()) {
      db += r.dry_bulb_c;
      wb += r.wet_bulb_c;
      p += r.pressure_pa;
      wbs.push_back(r.wet_bulb_c);
    }
    const double n = static_cast<double>(w.size());
    const double wb04 = value_exceeded_by_fraction(wbs, 0.004);
    std::printf("| %s | %.1f | %.1f | %.1f | %.1f |\n", c.file, db / n, wb / n, wb04, p / n / 1000.0);
    EXPECT_NEAR(wb04, c.ashrae_wb_04_c, 1.0) << c.file;
    EXPECT_LT(wb / n, db / n) << c.file;
    mean_db.push_back(db / n);
  }
  EXPECT_GT(mean_db[0], mean_db[1]); // Phoenix hotter than San Francisco
  EXPECT_GT(mean_db[1], mean_db[2]); // San Francisco milder than Denver
}

TEST(WeatherSeries, ValueExceededByFraction) {
  std::vector<double> v(1001);
  for (std::size_t i = 0; i < v.size(); ++i)
    v[i] = static_cast<double>(1000 - i); // 0..1000, unsorted
  EXPECT_DOUBLE_EQ(value_exceeded_by_fraction(v, 0.0), 1000.0);
  EXPECT_DOUBLE_EQ(value_exceeded_by_fraction(v, 1.0), 0.0);
  EXPECT_DOUBLE_EQ(value_exceeded_by_fraction(v, 0.004), 996.0);
  EXPECT_THROW((void)value_exceeded_by_fraction({}, 0.5), std::invalid_argument);
}
