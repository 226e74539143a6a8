#pragma once
// Private fluid-property helpers for the cooling, water and thermal models. The weather team owns
// the full psychrometrics (models/weather/); these few closed forms keep the plant models free of
// that dependency (they take dry-bulb, wet-bulb, humidity and pressure as plain inputs).
// Sources and tags: docs/models/cooling.md, "Properties".

#include <cmath>

namespace wattsim::models::props {

/// Specific heat of liquid water near 20-40 °C, J/(kg K). [V] textbook value (steam tables: 4.18 kJ/(kg K)
/// from 20 to 40 °C).
inline constexpr double kWaterCp = 4186.0;
/// Density of liquid water at 20 °C, kg/m³. Used only to turn mass flows into pump volume flows.
inline constexpr double kWaterDensity = 998.2;
/// Specific heat of dry air, J/(kg K) (textbook value near 20 °C).
inline constexpr double kAirCp = 1005.0;
/// Gas constant of dry air, J/(kg K).
inline constexpr double kDryAirGasConstant = 287.05;
/// Standard sea-level pressure, Pa.
inline constexpr double kStandardPressure = 101325.0;

/// Dry-air density from the ideal gas law. Humidity lowers it by < 1 % at data-centre
/// conditions, so it is ignored.
inline double air_density_kg_m3(double pressure_pa, double t_c) {
  return pressure_pa / (kDryAirGasConstant * (t_c + 273.15));
}

/// Latent heat of vaporisation of water, J/kg, EnergyPlus PsyHfgAirFnWTdb form
/// (EnergyPlus `PsyHfgAirFnWTdb`, Psychrometrics.hh): 2,500,940 + 1,858.95 T − 4,180 T. 2.4545 MJ/kg at 20 °C.
inline double latent_heat_j_kg(double t_c) { return 2500940.0 + (1858.95 - 4180.0) * t_c; }

/// Saturation vapour pressure over water, Pa: Magnus fit 610.94 exp(17.625 T / (T + 243.04)),
/// ~0.1 % from 0 to 50 °C (Magnus form, Alduchov & Eskridge 1996 coefficients; unverified [M]).
inline double saturation_pressure_pa(double t_c) {
  return 610.94 * std::exp(17.625 * t_c / (t_c + 243.04));
}

/// Dew point from dry-bulb and relative humidity (fraction 0..1), inverse of the Magnus fit.
inline double dew_point_c(double dry_bulb_c, double relative_humidity) {
  const double rh = relative_humidity < 1e-6 ? 1e-6 : (relative_humidity > 1.0 ? 1.0 : relative_humidity);
  const double g = std::log(rh) + 17.625 * dry_bulb_c / (243.04 + dry_bulb_c);
  return 243.04 * g / (17.625 - g);
}

/// Water volume flow (m³/s) that carries `heat_w` with a temperature change `delta_t_k`.
inline double water_flow_m3_s(double heat_w, double delta_t_k) {
  return heat_w / (kWaterDensity * kWaterCp * delta_t_k);
}

} // namespace wattsim::models::props
