#pragma once
// Psychrometrics of moist air: the state functions the cooling models need (wet-bulb for cooling towers
// and evaporative assist, humidity ratio and enthalpy for air-side economizers, density for fan power,
// latent heat for evaporation). Plain functions of SI inputs, no state.
//
// Sources (equation numbers refer to these editions):
//   [A] ASHRAE Handbook - Fundamentals (SI), 2017, chapter 1 "Psychrometrics".
//   [E] EnergyPlus Engineering Reference, "Psychrometric Services" (PsyTwbFnTdbWPb and friends),
//       which uses the same ASHRAE relations and solves wet-bulb by iteration.
//   [F] Allen, Pereira, Raes, Smith (1998), FAO Irrigation and Drainage Paper 56, Annex 3, eq. 3-1.
// Units: temperatures in degC, pressures in Pa, humidity ratio in kg water / kg dry air, enthalpy in
// J per kg dry air, density in kg of moist air per m3.
//
// Convention below freezing: saturation is taken over ice for t < 0 degC and over liquid water for
// t >= 0 degC, as [A] Table 3 and EnergyPlus do. A "dew point" below 0 degC is therefore the frost
// point; this keeps dew point <-> humidity ratio an exact round trip across 0 degC.

namespace wattsim::models {

/// Ratio of the molar masses of water and dry air, 18.015268 / 28.966 ([A] eq. 22).
inline constexpr double kWaterAirMolarMassRatio = 0.621945;
/// Gas constant of dry air, J/(kg K) ([A] eq. 28 uses 0.287042 kJ/(kg K)).
inline constexpr double kDryAirGasConstantJKgK = 287.042;
/// Standard sea-level atmospheric pressure, Pa ([A] Table 1).
inline constexpr double kStandardPressurePa = 101325.0;
/// 0 degC in kelvin.
inline constexpr double kZeroCelsiusK = 273.15;

/// Saturation vapour pressure over liquid water, Hyland-Wexler correlation, [A] eq. 6.
/// Fitted for 0..200 degC; below 0 degC it gives the (metastable) supercooled-water value.
double saturation_pressure_water_pa(double t_c);
/// Saturation vapour pressure over ice, Hyland-Wexler correlation, [A] eq. 5, fitted for -100..0 degC.
double saturation_pressure_ice_pa(double t_c);
/// Saturation vapour pressure: over ice below 0 degC, over water at and above ([A] Table 3 convention).
double saturation_pressure_pa(double t_c);

/// Humidity ratio from the partial pressure of water vapour, [A] eq. 22: W = 0.621945 p_w / (p - p_w).
double humidity_ratio_from_vapour_pressure_kg_kg(double vapour_pressure_pa, double pressure_pa);
/// Partial pressure of water vapour from the humidity ratio (eq. 22 inverted).
double vapour_pressure_from_humidity_ratio_pa(double humidity_ratio_kg_kg, double pressure_pa);
/// Humidity ratio of saturated air, [A] eq. 23.
double saturation_humidity_ratio_kg_kg(double t_c, double pressure_pa);
/// Humidity ratio from the dew point: by definition the vapour pressure is the saturation pressure at
/// the dew point ([A]), then eq. 22.
double humidity_ratio_from_dew_point_kg_kg(double dew_point_c, double pressure_pa);
/// Humidity ratio from relative humidity (0..1): p_w = RH * p_ws(t_db) (the ideal-gas form of [A]'s
/// definition of RH), then eq. 22.
double humidity_ratio_from_relative_humidity_kg_kg(double dry_bulb_c, double relative_humidity,
                                                   double pressure_pa);
/// Relative humidity (0..1) of air of the given humidity ratio.
double relative_humidity_from_humidity_ratio(double dry_bulb_c, double humidity_ratio_kg_kg,
                                             double pressure_pa);
/// Dew point (frost point below 0 degC) of a vapour partial pressure: the exact inverse of
/// saturation_pressure_pa, solved by Newton's method on ln p_ws (instead of [A]'s dew-point
/// regressions, which would not round-trip exactly).
double dew_point_from_vapour_pressure_c(double vapour_pressure_pa);
/// Dew point from the humidity ratio and the total pressure.
double dew_point_from_humidity_ratio_c(double humidity_ratio_kg_kg, double pressure_pa);

/// Humidity ratio of air at dry bulb t with thermodynamic wet bulb t* ([A] eq. 33 for t* >= 0 degC,
/// eq. 35 for t* < 0 degC, the energy balance of adiabatic saturation).
double humidity_ratio_from_wet_bulb_kg_kg(double dry_bulb_c, double wet_bulb_c, double pressure_pa);
/// Thermodynamic wet-bulb temperature: the t* for which humidity_ratio_from_wet_bulb(t, t*, p) equals
/// the air's humidity ratio. Like [E] PsyTwbFnTdbWPb it iterates on that relation; here with Newton's
/// method (analytic derivative) kept inside the bracket [dew point, dry bulb], to 1e-9 K, typically
/// in 2-4 saturation-pressure evaluations. Humidity ratios below 1e-7 kg/kg are treated as 1e-7.
double wet_bulb_from_humidity_ratio_c(double dry_bulb_c, double humidity_ratio_kg_kg, double pressure_pa);
/// Wet bulb from dry bulb and dew point (the EPW fields); skips the dew-point inversion.
double wet_bulb_from_dew_point_c(double dry_bulb_c, double dew_point_c, double pressure_pa);
/// The same from an initial guess (e.g. the wet bulb of a nearby state), which saves iterations; the
/// result does not depend on the guess beyond the 1e-9 K tolerance (a guess outside [dew point, dry bulb]
/// is ignored), except inside the narrow band near 0 degC where eq. 33 and 35 overlap (see the docs).
double wet_bulb_from_dew_point_c(double dry_bulb_c, double dew_point_c, double pressure_pa, double guess_c);
/// Convenience: wet bulb from dry bulb and relative humidity (0..1).
double wet_bulb_from_relative_humidity_c(double dry_bulb_c, double relative_humidity, double pressure_pa);

/// Specific enthalpy of moist air per kg of dry air, [A] eq. 32:
/// h = 1006 t + W (2 501 000 + 1860 t)  J/kg, zero for dry air at 0 degC and liquid water at 0 degC.
double moist_air_enthalpy_j_kg(double dry_bulb_c, double humidity_ratio_kg_kg);
/// Density of moist air (dry air + vapour per m3), (1 + W) / v with the specific volume of [A] eq. 28:
/// v = R_da T (1 + 1.607858 W) / p  m3 per kg dry air.
double moist_air_density_kg_m3(double dry_bulb_c, double humidity_ratio_kg_kg, double pressure_pa);

/// Latent heat of vaporisation of water at t, J/kg: 2 501 000 - 2361 t ([F] eq. 3-1). Within 0.05 % of
/// the IAPWS-IF97 steam-table values from 0 to 50 degC (2500.9, 2441.7, 2382.0 kJ/kg at 0, 25, 50 degC).
double latent_heat_vaporisation_j_kg(double t_c);

/// Standard atmospheric pressure at an elevation above sea level, [A] eq. 3:
/// p = 101 325 (1 - 2.25577e-5 Z)^5.2559  Pa, Z in m.
double standard_pressure_pa(double elevation_m);

} // namespace wattsim::models
