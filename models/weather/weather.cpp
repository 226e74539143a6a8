#include "models/weather/weather.hpp"

#include "models/weather/psychrometrics.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace wattsim::models {

namespace {

// The complete state of one record from its three independent fields.
WeatherSample make_sample(double dry_bulb_c, double dew_point_c, double pressure_pa) {
  WeatherSample s;
  s.dry_bulb_c = dry_bulb_c;
  s.dew_point_c = std::min(dew_point_c, dry_bulb_c);
  s.pressure_pa = pressure_pa;
  const double p_w = saturation_pressure_pa(s.dew_point_c);
  s.humidity_ratio = humidity_ratio_from_vapour_pressure_kg_kg(p_w, pressure_pa);
  s.relative_humidity = p_w / saturation_pressure_pa(dry_bulb_c);
  s.wet_bulb_c = wet_bulb_from_dew_point_c(dry_bulb_c, s.dew_point_c, pressure_pa);
  return s;
}

void require_finite(double v, const char* what) {
  if (!std::isfinite(v))
    throw std::invalid_argument(std::string("WeatherSeries: ") + what + " must be finite");
}

} // namespace

WeatherSeries WeatherSeries::from_hourly(const std::vector<double>& dry_bulb_c, const std::vector<double>& dew_point_c,
                                         const std::vector<double>& pressure_pa, double start_hour) {
  const std::size_t n = dry_bulb_c.size();
  if (n == 0 || dew_point_c.size() != n || pressure_pa.size() != n)
    throw std::invalid_argument("WeatherSeries::from_hourly: need equally long, non-empty dry bulb, dew point and "
                                "pressure tables");
  if (!(start_hour >= 0.0 && start_hour < static_cast<double>(n)))
    throw std::invalid_argument("WeatherSeries::from_hourly: start hour " + std::to_string(start_hour) +
                                " outside [0, " + std::to_string(n) + ")");
  WeatherSeries w;
  w.records_.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    require_finite(dry_bulb_c[i], "dry bulb");
    require_finite(dew_point_c[i], "dew point");
    if (!(pressure_pa[i] > 0.0) || !std::isfinite(pressure_pa[i]))
      throw std::invalid_argument("WeatherSeries::from_hourly: pressure must be > 0 Pa");
    w.records_.push_back(make_sample(dry_bulb_c[i], dew_point_c[i], pressure_pa[i]));
  }
  w.start_s_ = start_hour * kStepS;
  return w;
}

WeatherSeries WeatherSeries::from_epw(const EpwData& epw, double start_hour_of_year) {
  std::vector<double> tdb, tdp, p;
  tdb.reserve(epw.records.size());
  tdp.reserve(epw.records.size());
  p.reserve(epw.records.size());
  for (const auto& r : epw.records) {
    tdb.push_back(r.dry_bulb_c);
    tdp.push_back(r.dew_point_c);
    p.push_back(r.pressure_pa);
  }
  auto w = from_hourly(tdb, tdp, p, start_hour_of_year);
  w.location_ = epw.location;
  return w;
}

WeatherSeries WeatherSeries::from_epw(const std::filesystem::path& path, double start_hour_of_year) {
  if (!(start_hour_of_year >= 0.0 && start_hour_of_year < static_cast<double>(kEpwHoursPerYear)))
    throw std::invalid_argument("WeatherSeries::from_epw: start hour of year " + std::to_string(start_hour_of_year) +
                                " outside [0, 8760)");
  return from_epw(read_epw(path), start_hour_of_year);
}

WeatherSeries WeatherSeries::constant(double dry_bulb_c, double relative_humidity, double pressure_pa) {
  require_finite(dry_bulb_c, "dry bulb");
  if (!(relative_humidity >= 0.0 && relative_humidity <= 1.0))
    throw std::invalid_argument("WeatherSeries::constant: relative humidity must be in [0, 1], got " +
                                std::to_string(relative_humidity));
  // Bone-dry air has no finite dew point: floor the humidity ratio at 1e-7 kg/kg (frost point ~ -88 degC).
  const double w =
      std::max(humidity_ratio_from_relative_humidity_kg_kg(dry_bulb_c, relative_humidity, pressure_pa), 1e-7);
  return from_hourly({dry_bulb_c}, {dew_point_from_humidity_ratio_c(w, pressure_pa)}, {pressure_pa});
}

WeatherSeries WeatherSeries::design_day(double max_dry_bulb_c, double daily_range_k, double coincident_wet_bulb_c,
                                        double pressure_pa) {
  require_finite(max_dry_bulb_c, "design dry bulb");
  require_finite(coincident_wet_bulb_c, "coincident wet bulb");
  if (!(daily_range_k >= 0.0) || !std::isfinite(daily_range_k))
    throw std::invalid_argument("WeatherSeries::design_day: daily range must be >= 0 K");
  if (coincident_wet_bulb_c > max_dry_bulb_c)
    throw std::invalid_argument("WeatherSeries::design_day: the coincident wet bulb exceeds the dry bulb");
  const double w = humidity_ratio_from_wet_bulb_kg_kg(max_dry_bulb_c, coincident_wet_bulb_c, pressure_pa);
  if (!(w > 0.0))
    throw std::invalid_argument("WeatherSeries::design_day: a wet bulb of " + std::to_string(coincident_wet_bulb_c) +
                                " degC is below that of dry air at " + std::to_string(max_dry_bulb_c) + " degC");
  const double dew = dew_point_from_humidity_ratio_c(w, pressure_pa);
  std::vector<double> tdb(24), tdp(24), p(24, pressure_pa);
  for (std::size_t h = 0; h < 24; ++h) {
    tdb[h] = max_dry_bulb_c - daily_range_k * kAshraeDailyRangeFraction[h];
    tdp[h] = std::min(dew, tdb[h]);
  }
  return from_hourly(tdb, tdp, p);
}

WeatherSeries WeatherSeries::with_dry_bulb_offset(double offset_k) const {
  require_finite(offset_k, "dry-bulb offset");
  std::vector<double> tdb, tdp, p;
  tdb.reserve(records_.size());
  tdp.reserve(records_.size());
  p.reserve(records_.size());
  for (const auto& r : records_) {
    tdb.push_back(r.dry_bulb_c + offset_k);
    tdp.push_back(r.dew_point_c);
    p.push_back(r.pressure_pa);
  }
  auto w = from_hourly(tdb, tdp, p, 0.0);
  w.start_s_ = start_s_;
  w.location_ = location_;
  return w;
}

WeatherSample WeatherSeries::at(double t_s, double dry_bulb_offset_k) const {
  const std::size_t n = records_.size();
  if (n == 0)
    throw std::logic_error("WeatherSeries::at: empty series (default-constructed; use a builder)");
  if (!std::isfinite(t_s) || !std::isfinite(dry_bulb_offset_k))
    throw std::invalid_argument("WeatherSeries::at: time and offset must be finite");
  WeatherSample s;
  if (n == 1) {
    s = records_[0];
  } else {
    // Hours into the table, wrapped into [0, n) (floor rather than fmod: several times cheaper).
    const double nd = static_cast<double>(n);
    double k = (t_s + start_s_) * (1.0 / kStepS);
    if (k < 0.0 || k >= nd)
      k -= nd * std::floor(k / nd);
    const std::size_t m = std::min(static_cast<std::size_t>(k), n - 1);
    const double a = k - static_cast<double>(m);
    // Record j sits at hour j + 1, so hour m lies between record m - 1 (circular) and record m.
    const WeatherSample& lo = records_[(m + n - 1) % n];
    const WeatherSample& hi = records_[m];
    auto lerp = [a](double x, double y) { return x + a * (y - x); };
    s.dry_bulb_c = lerp(lo.dry_bulb_c, hi.dry_bulb_c);
    s.dew_point_c = lerp(lo.dew_point_c, hi.dew_point_c); // <= dry bulb, as both ends are
    s.pressure_pa = lerp(lo.pressure_pa, hi.pressure_pa);
    s.wet_bulb_c = lerp(lo.wet_bulb_c, hi.wet_bulb_c);
    // Humidity ratio and RH follow exactly from the interpolated dew point, dry bulb and pressure, so
    // the moisture fields stay mutually consistent; only the wet bulb is an interpolated value.
    const double p_w = saturation_pressure_pa(s.dew_point_c);
    s.humidity_ratio = kWaterAirMolarMassRatio * p_w / (s.pressure_pa - p_w);
    s.relative_humidity = p_w / saturation_pressure_pa(s.dry_bulb_c);
  }
  if (dry_bulb_offset_k != 0.0) {
    // Same moisture, warmer (or cooler) air; cooling below the dew point condenses the excess. The wet
    // bulb moves by the exact change between the unshifted and shifted states, added to the
    // interpolated wet bulb so that at(t, offset) is continuous at offset 0. Guesses: the interpolated
    // wet bulb is within 0.6 K of the exact one, and at constant humidity ratio the wet bulb moves by
    // 0.15-0.75 K per K of dry bulb (docs/models/weather.md).
    const double wb0 = wet_bulb_from_dew_point_c(s.dry_bulb_c, s.dew_point_c, s.pressure_pa, s.wet_bulb_c);
    s.dry_bulb_c += dry_bulb_offset_k;
    s.dew_point_c = std::min(s.dew_point_c, s.dry_bulb_c);
    const double wb1 =
        wet_bulb_from_dew_point_c(s.dry_bulb_c, s.dew_point_c, s.pressure_pa, wb0 + 0.35 * dry_bulb_offset_k);
    s.wet_bulb_c = std::min(s.wet_bulb_c + (wb1 - wb0), s.dry_bulb_c);
    const double p_w = saturation_pressure_pa(s.dew_point_c);
    s.humidity_ratio = kWaterAirMolarMassRatio * p_w / (s.pressure_pa - p_w);
    s.relative_humidity = p_w / saturation_pressure_pa(s.dry_bulb_c);
  }
  return s;
}

double value_exceeded_by_fraction(std::vector<double> values, double fraction) {
  if (values.empty())
    throw std::invalid_argument("value_exceeded_by_fraction: no values");
  if (!(fraction >= 0.0 && fraction <= 1.0))
    throw std::invalid_argument("value_exceeded_by_fraction: fraction must be in [0, 1]");
  std::sort(values.begin(), values.end());
  const double pos = (1.0 - fraction) * static_cast<double>(values.size() - 1);
  const auto i = static_cast<std::size_t>(pos);
  if (i + 1 >= values.size())
    return values.back();
  return values[i] + (pos - static_cast<double>(i)) * (values[i + 1] - values[i]);
}

} // namespace wattsim::models
