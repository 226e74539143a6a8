#pragma once
// Server fans: speed follows the air-side heat load and the inlet temperature; power follows the
// fan affinity (cube) law, P = P_max (n / n_max)^3 (docs/models/node-power.md).

namespace wattsim::models {

struct FanSpec {
  double max_power_w = 0;     ///< all fans at full speed
  double min_speed = 0.3;     ///< floor of the speed fraction
  double design_inlet_c = 25; ///< inlet at which full design heat needs full speed
  double design_rise_k = 20;  ///< allowed air temperature rise at the design point
};

/// Speed fraction needed to carry `air_heat_fraction` of the design air heat at inlet `inlet_c`:
/// airflow = Q / (rho cp dT) and the usable rise shrinks as the inlet warms toward the exhaust limit.
double fan_speed(const FanSpec& fans, double air_heat_fraction, double inlet_c);
/// Electric power at a speed fraction.
double fan_power_w(const FanSpec& fans, double speed);

} // namespace wattsim::models
