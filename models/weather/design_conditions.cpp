#include "models/weather/design_conditions.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace wattsim::models {

double exceeded_in_percent(std::vector<double> values, double percent) {
  if (values.empty())
    throw std::invalid_argument("exceeded_in_percent: no values");
  if (!(percent >= 0 && percent <= 100))
    throw std::invalid_argument("exceeded_in_percent: percent must be in [0, 100]");
  std::sort(values.begin(), values.end());
  const double pos = (1.0 - percent / 100.0) * static_cast<double>(values.size() - 1);
  const auto i = static_cast<std::size_t>(std::floor(pos));
  if (i + 1 >= values.size())
    return values.back();
  return values[i] + (pos - static_cast<double>(i)) * (values[i + 1] - values[i]);
}

DesignConditions cooling_design_conditions(const std::vector<WeatherSample>& hours, double percent) {
  if (hours.empty())
    throw std::invalid_argument("cooling_design_conditions: no weather records");
  std::vector<double> db, wb;
  db.reserve(hours.size());
  wb.reserve(hours.size());
  for (const auto& h : hours) {
    db.push_back(h.dry_bulb_c);
    wb.push_back(h.wet_bulb_c);
  }
  DesignConditions d;
  d.dry_bulb_c = exceeded_in_percent(db, percent);
  d.wet_bulb_c = exceeded_in_percent(wb, percent);
  double sum = 0;
  int n = 0;
  for (const auto& h : hours)
    if (std::abs(h.dry_bulb_c - d.dry_bulb_c) <= 1.0) {
      sum += h.wet_bulb_c;
      ++n;
    }
  d.coincident_wet_bulb_c = n > 0 ? sum / n : d.wet_bulb_c;
  d.coincident_wet_bulb_c = std::min(d.coincident_wet_bulb_c, d.dry_bulb_c);
  return d;
}

} // namespace wattsim::models
