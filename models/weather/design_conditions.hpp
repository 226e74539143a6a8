#pragma once
// ASHRAE annual cooling design conditions of a site from its hourly weather (docs/models/weather.md,
// "Design conditions"): the dry-bulb exceeded in 0.4 % of the hours with its mean coincident wet-bulb,
// and the wet-bulb exceeded in 0.4 % of the hours (ASHRAE Handbook - Fundamentals 2009, ch. 14: the
// "0.4 % annual cooling" columns that the EPW header's DESIGN CONDITIONS line also carries, there
// computed from 1982-2006 station hours rather than the typical year).

#include "models/weather/weather.hpp"

#include <vector>

namespace wattsim::models {

struct DesignConditions {
  double dry_bulb_c = 35.0;              ///< exceeded in `percent` of the hours
  double coincident_wet_bulb_c = 25.55;  ///< mean wet-bulb of the hours at that dry-bulb
  double wet_bulb_c = 25.55;             ///< wet-bulb exceeded in `percent` of the hours
};

/// The value exceeded in `percent` % of `values` (linear interpolation between order statistics).
double exceeded_in_percent(std::vector<double> values, double percent);

/// Design conditions of `hours` (≥ 1 record). The mean coincident wet-bulb averages the hours whose
/// dry-bulb lies within ±1 K of the design dry-bulb (ASHRAE bins the joint distribution; ±1 K holds
/// 30-110 hours of a typical year) [D].
DesignConditions cooling_design_conditions(const std::vector<WeatherSample>& hours, double percent = 0.4);

} // namespace wattsim::models
