#pragma once
// Outdoor air over simulated time: the input of every weather-dependent facility model (chillers,
// cooling towers, economizers, dry coolers). A WeatherSeries is a table of hourly states loaded once;
// at(t) is called every facility step (10-60 s) for a whole run, so it must be cheap: the wet bulb of
// each hour is solved at load time and interpolated linearly between hours, like the other fields.
//
// Time alignment (see docs/models/weather.md): record i of a table is the state at the END of hour
// i + 1 of its day/year, i.e. at (i + 1) * 3600 s after 00:00 of its first day. EPW rows are
// hour-ending and TMY3 meteorological fields are instantaneous values at the timestamp (TMY3 User's
// Manual, NREL/TP-581-43156, 2008), which is also how EnergyPlus places them before interpolating
// between hours. The table repeats with its own period (8,760 h for an EPW year, 24 h for a design
// day), so a multi-year run reuses the typical year end to end.
//
// Heat-wave faults: at(t, offset_k) adds offset_k to the dry bulb and keeps the humidity ratio
// (absolute humidity) of the hour: warmer air with the same moisture. The wet bulb then rises by less
// than the offset (0.15-0.45 K per K between 20 and 40 degC), solved exactly; see the docs for the
// choice. For an offset that holds for a whole run (a warmer-climate sweep), with_dry_bulb_offset()
// builds a shifted table once instead.

#include "models/weather/epw.hpp"

#include <cstddef>
#include <filesystem>
#include <optional>
#include <vector>

namespace wattsim::models {

struct WeatherSample {
  double dry_bulb_c = 0;
  double dew_point_c = 0;         ///< frost point below 0 degC (saturation over ice)
  double relative_humidity = 0;   ///< 0..1
  double pressure_pa = 0;         ///< station pressure
  double wet_bulb_c = 0;          ///< thermodynamic wet bulb (ASHRAE 2017 ch. 1 eq. 33/35)
  double humidity_ratio = 0;      ///< kg water per kg dry air
};

/// The ASHRAE fraction of the daily dry-bulb range below the daily maximum, for the hours 1..24 of
/// local time (element 0 is hour 1): ASHRAE Handbook - Fundamentals 2009, ch. 14, Table 6 (the
/// profile EnergyPlus uses for SizingPeriod:DesignDay). Minimum at 05:00, maximum (0.00) at 14:00-15:00.
inline constexpr double kAshraeDailyRangeFraction[24] = {0.88, 0.92, 0.95, 0.98, 1.00, 0.98, 0.91, 0.74,
                                                         0.55, 0.38, 0.23, 0.13, 0.05, 0.00, 0.00, 0.06,
                                                         0.14, 0.24, 0.39, 0.50, 0.59, 0.68, 0.75, 0.82};

class WeatherSeries {
public:
  /// An empty series (at() throws); use one of the builders.
  WeatherSeries() = default;

  /// An EPW year. start_hour_of_year (0 <= h < 8760, fractional allowed) is the time of year at which
  /// the simulation starts, in hours after Jan 1 00:00 local standard time. Throws EpwError.
  static WeatherSeries from_epw(const std::filesystem::path& path, double start_hour_of_year = 0.0);
  static WeatherSeries from_epw(const EpwData& epw, double start_hour_of_year = 0.0);
  /// Fixed conditions (relative humidity 0..1).
  static WeatherSeries constant(double dry_bulb_c, double relative_humidity, double pressure_pa);
  /// A repeating 24-hour ASHRAE design day starting at 00:00: dry bulb = max - range * fraction(hour)
  /// (kAshraeDailyRangeFraction), the humidity ratio held all day at the value for which the wet bulb
  /// at the daily maximum equals coincident_wet_bulb_c (where the night air would fall below that dew
  /// point, the dew point is capped at the dry bulb). Throws std::invalid_argument for an impossible
  /// wet bulb (above the dry bulb, or too low to have any moisture).
  static WeatherSeries design_day(double max_dry_bulb_c, double daily_range_k, double coincident_wet_bulb_c,
                                  double pressure_pa);
  /// Any hourly table (equal lengths, >= 1 value): element i is the state at the end of hour i + 1;
  /// the table repeats every size() hours; the simulation starts start_hour hours into the table.
  static WeatherSeries from_hourly(const std::vector<double>& dry_bulb_c, const std::vector<double>& dew_point_c,
                                   const std::vector<double>& pressure_pa, double start_hour = 0.0);

  /// Outdoor state at t_s seconds after the simulation start (any real t_s; the table wraps).
  /// Dry bulb, dew point, pressure and the per-hour wet bulb are interpolated linearly between the two
  /// surrounding records; humidity ratio and RH follow from the interpolated dew point, dry bulb and
  /// pressure. A non-zero dry_bulb_offset_k shifts the dry bulb at constant humidity ratio and adds
  /// the exact change of wet bulb this causes (two warm-started wet-bulb solves, ~0.4 us; a zero offset
  /// costs nothing extra).
  [[nodiscard]] WeatherSample at(double t_s, double dry_bulb_offset_k = 0.0) const;

  /// The same table with every record's dry bulb shifted by offset_k at constant humidity ratio (dew
  /// point capped at the new dry bulb), wet bulbs re-solved: a long-lasting offset at no per-call cost.
  [[nodiscard]] WeatherSeries with_dry_bulb_offset(double offset_k) const;

  /// The table's records (state at the end of each hour), wet bulb and humidity ratio included.
  [[nodiscard]] const std::vector<WeatherSample>& records() const { return records_; }
  [[nodiscard]] std::size_t size() const { return records_.size(); }
  /// The repeat period, s (0 for constant conditions).
  [[nodiscard]] double period_s() const {
    return records_.size() > 1 ? kStepS * static_cast<double>(records_.size()) : 0.0;
  }
  /// The station header, for a series read from an EPW file.
  [[nodiscard]] const std::optional<EpwLocation>& location() const { return location_; }

private:
  static constexpr double kStepS = 3600.0;
  std::vector<WeatherSample> records_;
  double start_s_ = 0.0;
  std::optional<EpwLocation> location_;
};

/// The value exceeded by `fraction` of the given (hourly) values, e.g. 0.004 for the ASHRAE "0.4 %"
/// design wet bulb: the (1 - fraction) quantile with linear interpolation between order statistics.
double value_exceeded_by_fraction(std::vector<double> values, double fraction);

} // namespace wattsim::models
