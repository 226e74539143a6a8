#include "models/weather/psychrometrics.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace wattsim::models {

namespace {

// Hyland-Wexler coefficients, ASHRAE Handbook - Fundamentals 2017 (SI), ch. 1, eq. 5 (over ice,
// -100..0 degC) and eq. 6 (over liquid water, 0..200 degC); T in K, p_ws in Pa.
constexpr double kC1 = -5.6745359e3;
constexpr double kC2 = 6.3925247;
constexpr double kC3 = -9.6778430e-3;
constexpr double kC4 = 6.2215701e-7;
constexpr double kC5 = 2.0747825e-9;
constexpr double kC6 = -9.4840240e-13;
constexpr double kC7 = 4.1635019;
constexpr double kC8 = -5.8002206e3;
constexpr double kC9 = 1.3914993;
constexpr double kC10 = -4.8640239e-2;
constexpr double kC11 = 4.1764768e-5;
constexpr double kC12 = -1.4452093e-8;
constexpr double kC13 = 6.5459673;

// Smallest humidity ratio the wet-bulb solver works with: bone-dry air has a dew point of -infinity,
// which would leave the bracket open. 1e-7 kg/kg is a frost point near -88 degC at sea level.
constexpr double kMinHumidityRatio = 1e-7;
// No initial guess for the wet-bulb solver (NaN fails every comparison, so the default guess is used).
constexpr double kNoGuess = std::numeric_limits<double>::quiet_NaN();

double ln_psat_ice(double t_k) {
  return kC1 / t_k + kC2 + t_k * (kC3 + t_k * (kC4 + t_k * (kC5 + t_k * kC6))) + kC7 * std::log(t_k);
}
double dln_psat_ice(double t_k) {
  return -kC1 / (t_k * t_k) + kC3 + t_k * (2 * kC4 + t_k * (3 * kC5 + t_k * 4 * kC6)) + kC7 / t_k;
}
double ln_psat_water(double t_k) {
  return kC8 / t_k + kC9 + t_k * (kC10 + t_k * (kC11 + t_k * kC12)) + kC13 * std::log(t_k);
}
double dln_psat_water(double t_k) {
  return -kC8 / (t_k * t_k) + kC10 + t_k * (2 * kC11 + t_k * 3 * kC12) + kC13 / t_k;
}

void require_pressure(double pressure_pa, const char* where) {
  if (!(pressure_pa > 0.0) || !std::isfinite(pressure_pa))
    throw std::invalid_argument(std::string(where) + ": pressure must be > 0 Pa, got " +
                                std::to_string(pressure_pa));
}

// Newton's method on ln p_ws(T) = ln p_w on one smooth branch of the correlation.
template <class F, class DF> double invert_branch(double ln_pw, double t_k, F f, DF df) {
  for (int i = 0; i < 50; ++i) {
    const double step = (f(t_k) - ln_pw) / df(t_k);
    t_k -= step;
    if (std::abs(step) < 1e-10)
      break;
  }
  return t_k;
}

// Coefficients of ASHRAE 2017 ch. 1 eq. 33 (wet bulb on water, t* >= 0 degC) and eq. 35 (on ice,
// t* < 0 degC), kJ/kg units as printed:
//   W = ((a - b t*) Ws(t*) - 1.006 (t - t*)) / (a + 1.86 t - c t*)
struct WetBulbBranch {
  double a, b, c;
};
constexpr WetBulbBranch kOnWater{2501.0, 2.326, 4.186};
constexpr WetBulbBranch kOnIce{2830.0, 0.24, 2.1};

// f(t*) = W(t, t*, p) - w and its derivative in t*; the wet bulb is the root. Between the dew point
// and the dry bulb f goes from <= 0 to >= 0 (docs/models/weather.md), so the root is bracketed without
// evaluating the ends.
struct WetBulbResidual {
  double t_db, w, p;
  void eval(double t, double& f, double& df) const {
    const WetBulbBranch& k = t >= 0.0 ? kOnWater : kOnIce;
    const double t_k = t + kZeroCelsiusK;
    const double ps = t >= 0.0 ? std::exp(ln_psat_water(t_k)) : std::exp(ln_psat_ice(t_k));
    const double dps = ps * (t >= 0.0 ? dln_psat_water(t_k) : dln_psat_ice(t_k));
    const double ws = kWaterAirMolarMassRatio * ps / (p - ps);
    const double dws = kWaterAirMolarMassRatio * p * dps / ((p - ps) * (p - ps));
    const double num = (k.a - k.b * t) * ws - 1.006 * (t_db - t);
    const double den = k.a + 1.86 * t_db - k.c * t;
    const double w_t = num / den;
    f = w_t - w;
    df = (-k.b * ws + (k.a - k.b * t) * dws + 1.006 + k.c * w_t) / den;
  }
};

// Newton's method kept inside the shrinking bracket [lo, hi] (a bisection step whenever Newton would
// leave it), from the guess x. Converges in 2-4 evaluations from a guess within a few kelvin.
double solve_wet_bulb(double t_db, double w, double p, double dew_point_c, double x) {
  double lo = std::min(dew_point_c, t_db);
  double hi = t_db;
  if (hi - lo <= 0.0)
    return t_db; // saturated air
  if (!(x > lo && x < hi))
    x = lo + 0.35 * (hi - lo); // typical position of the wet bulb between dew point and dry bulb
  const WetBulbResidual r{t_db, w, p};
  for (int i = 0; i < 100; ++i) {
    double f = 0, df = 0;
    r.eval(x, f, df);
    if (f == 0.0)
      return x;
    (f < 0.0 ? lo : hi) = x;
    double next = x - f / df;
    if (!(df > 0.0) || !(next > lo && next < hi))
      next = 0.5 * (lo + hi);
    if (std::abs(next - x) < 1e-9 || hi - lo < 1e-9)
      return next;
    x = next;
  }
  return x;
}

} // namespace

double saturation_pressure_water_pa(double t_c) { return std::exp(ln_psat_water(t_c + kZeroCelsiusK)); }

double saturation_pressure_ice_pa(double t_c) { return std::exp(ln_psat_ice(t_c + kZeroCelsiusK)); }

double saturation_pressure_pa(double t_c) {
  return t_c < 0.0 ? saturation_pressure_ice_pa(t_c) : saturation_pressure_water_pa(t_c);
}

double humidity_ratio_from_vapour_pressure_kg_kg(double vapour_pressure_pa, double pressure_pa) {
  require_pressure(pressure_pa, "humidity_ratio_from_vapour_pressure_kg_kg");
  if (vapour_pressure_pa < 0.0 || vapour_pressure_pa >= pressure_pa)
    throw std::invalid_argument("humidity_ratio_from_vapour_pressure_kg_kg: vapour pressure " +
                                std::to_string(vapour_pressure_pa) + " Pa outside [0, total pressure)");
  return kWaterAirMolarMassRatio * vapour_pressure_pa / (pressure_pa - vapour_pressure_pa);
}

double vapour_pressure_from_humidity_ratio_pa(double humidity_ratio_kg_kg, double pressure_pa) {
  require_pressure(pressure_pa, "vapour_pressure_from_humidity_ratio_pa");
  if (humidity_ratio_kg_kg < 0.0)
    throw std::invalid_argument("vapour_pressure_from_humidity_ratio_pa: humidity ratio must be >= 0");
  return pressure_pa * humidity_ratio_kg_kg / (kWaterAirMolarMassRatio + humidity_ratio_kg_kg);
}

double saturation_humidity_ratio_kg_kg(double t_c, double pressure_pa) {
  return humidity_ratio_from_vapour_pressure_kg_kg(saturation_pressure_pa(t_c), pressure_pa);
}

double humidity_ratio_from_dew_point_kg_kg(double dew_point_c, double pressure_pa) {
  return humidity_ratio_from_vapour_pressure_kg_kg(saturation_pressure_pa(dew_point_c), pressure_pa);
}

double humidity_ratio_from_relative_humidity_kg_kg(double dry_bulb_c, double relative_humidity,
                                                   double pressure_pa) {
  if (!(relative_humidity >= 0.0 && relative_humidity <= 1.0))
    throw std::invalid_argument("humidity_ratio_from_relative_humidity_kg_kg: relative humidity " +
                                std::to_string(relative_humidity) + " outside 0..1");
  return humidity_ratio_from_vapour_pressure_kg_kg(relative_humidity * saturation_pressure_pa(dry_bulb_c),
                                                   pressure_pa);
}

double relative_humidity_from_humidity_ratio(double dry_bulb_c, double humidity_ratio_kg_kg,
                                             double pressure_pa) {
  return vapour_pressure_from_humidity_ratio_pa(humidity_ratio_kg_kg, pressure_pa) /
         saturation_pressure_pa(dry_bulb_c);
}

double dew_point_from_vapour_pressure_c(double vapour_pressure_pa) {
  if (!(vapour_pressure_pa > 0.0) || !std::isfinite(vapour_pressure_pa))
    throw std::invalid_argument("dew_point_from_vapour_pressure_c: vapour pressure must be > 0 Pa, got " +
                                std::to_string(vapour_pressure_pa));
  // The two branches meet at 0 degC with a 0.01 % step (611.15 Pa over ice, 611.21 Pa over water); a
  // vapour pressure inside that step has its dew point at 0 degC.
  const double p_ice0 = saturation_pressure_ice_pa(0.0);
  const double p_water0 = saturation_pressure_water_pa(0.0);
  const double ln_pw = std::log(vapour_pressure_pa);
  // Start from the inverse of a Magnus fit (610.94 exp(17.625 t / (t + 243.04)) Pa), within ~0.1 K
  // of the root from -40 to 50 degC; Newton then converges in 2-4 steps.
  const double g = std::log(vapour_pressure_pa / 610.94);
  const double guess_c = 243.04 * g / (17.625 - g);
  if (vapour_pressure_pa >= p_water0)
    return invert_branch(ln_pw, std::max(guess_c, 0.0) + kZeroCelsiusK, ln_psat_water, dln_psat_water) -
           kZeroCelsiusK;
  if (vapour_pressure_pa < p_ice0)
    return std::min(invert_branch(ln_pw, std::min(guess_c, 0.0) + kZeroCelsiusK, ln_psat_ice, dln_psat_ice) -
                        kZeroCelsiusK,
                    -1e-12);
  return 0.0;
}

double dew_point_from_humidity_ratio_c(double humidity_ratio_kg_kg, double pressure_pa) {
  return dew_point_from_vapour_pressure_c(vapour_pressure_from_humidity_ratio_pa(humidity_ratio_kg_kg, pressure_pa));
}

double humidity_ratio_from_wet_bulb_kg_kg(double dry_bulb_c, double wet_bulb_c, double pressure_pa) {
  const WetBulbBranch& k = wet_bulb_c >= 0.0 ? kOnWater : kOnIce;
  const double ws = saturation_humidity_ratio_kg_kg(wet_bulb_c, pressure_pa);
  return ((k.a - k.b * wet_bulb_c) * ws - 1.006 * (dry_bulb_c - wet_bulb_c)) /
         (k.a + 1.86 * dry_bulb_c - k.c * wet_bulb_c);
}

double wet_bulb_from_humidity_ratio_c(double dry_bulb_c, double humidity_ratio_kg_kg, double pressure_pa) {
  require_pressure(pressure_pa, "wet_bulb_from_humidity_ratio_c");
  if (!(humidity_ratio_kg_kg >= 0.0))
    throw std::invalid_argument("wet_bulb_from_humidity_ratio_c: humidity ratio must be >= 0");
  const double w = std::max(humidity_ratio_kg_kg, kMinHumidityRatio);
  return solve_wet_bulb(dry_bulb_c, w, pressure_pa, dew_point_from_humidity_ratio_c(w, pressure_pa), kNoGuess);
}

double wet_bulb_from_relative_humidity_c(double dry_bulb_c, double relative_humidity, double pressure_pa) {
  const double w = humidity_ratio_from_relative_humidity_kg_kg(dry_bulb_c, relative_humidity, pressure_pa);
  return wet_bulb_from_humidity_ratio_c(dry_bulb_c, w, pressure_pa);
}

double wet_bulb_from_dew_point_c(double dry_bulb_c, double dew_point_c, double pressure_pa, double guess_c) {
  require_pressure(pressure_pa, "wet_bulb_from_dew_point_c");
  const double w = humidity_ratio_from_dew_point_kg_kg(dew_point_c, pressure_pa);
  if (w < kMinHumidityRatio)
    return wet_bulb_from_humidity_ratio_c(dry_bulb_c, w, pressure_pa);
  return solve_wet_bulb(dry_bulb_c, w, pressure_pa, dew_point_c, guess_c);
}

double wet_bulb_from_dew_point_c(double dry_bulb_c, double dew_point_c, double pressure_pa) {
  return wet_bulb_from_dew_point_c(dry_bulb_c, dew_point_c, pressure_pa, kNoGuess);
}

double moist_air_enthalpy_j_kg(double dry_bulb_c, double humidity_ratio_kg_kg) {
  return 1006.0 * dry_bulb_c + humidity_ratio_kg_kg * (2501000.0 + 1860.0 * dry_bulb_c);
}

double moist_air_density_kg_m3(double dry_bulb_c, double humidity_ratio_kg_kg, double pressure_pa) {
  require_pressure(pressure_pa, "moist_air_density_kg_m3");
  const double v_m3_kg_da =
      kDryAirGasConstantJKgK * (dry_bulb_c + kZeroCelsiusK) * (1.0 + 1.607858 * humidity_ratio_kg_kg) / pressure_pa;
  return (1.0 + humidity_ratio_kg_kg) / v_m3_kg_da;
}

double latent_heat_vaporisation_j_kg(double t_c) { return 2501000.0 - 2361.0 * t_c; }

double standard_pressure_pa(double elevation_m) {
  return kStandardPressurePa * std::pow(1.0 - 2.25577e-5 * elevation_m, 5.2559);
}

} // namespace wattsim::models
