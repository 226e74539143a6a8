#pragma once
// Economizers (docs/models/cooling.md, "Economizers").
//
// Water-side economizer (WSE): a plate heat exchanger on the chilled-water return, upstream of the
// chillers, cooled by tower water. Constant effectiveness ε = 0.8 (Modelica DataCenter example):
//     T_WSE,leaving = T_CHW,return − ε (T_CHW,return − T_tower,leaving).
// Mode control after Stein (2009) as implemented by Modelica Buildings
// Applications.DataCenters.ChillerCooled.Controls.CoolingMode: three modes and four transitions,
// each firing only when its condition has held for the waiting time (20 min) while the source mode
// is active, which also enforces a minimum dwell of 20 min in every mode:
//   free → partial   T_WSE,leaving > T_CHWS,set + db1
//   partial → full   T_CHW,return  < T_WSE,leaving + db2      (WSE no longer helps)
//   full → partial   T_CHW,return  > T_wb + tower approach + db3
//   partial → free   T_WSE,leaving ≤ T_CHWS,set + db4
// Deadbands 1.1 / 0.5 / 1.1 / 0.5 K and 1,200 s are the values of the Modelica data-centre
// examples.
//
// Air-side economizer: outdoor air is usable when its dew point and relative humidity lie inside the
// ASHRAE recommended envelope (mixing with return air only raises dry-bulb, so the dry-bulb floor is
// met by mixing) and its dry-bulb is below the envelope's upper limit.

namespace wattsim::models {

enum class EconomizerMode { free_cooling, partial_mechanical, full_mechanical };

const char* to_string(EconomizerMode m);

struct WaterSideEconomizerConfig {
  double hx_effectiveness = 0.8;     ///< Modelica Buildings ChillerPlant DataCenter example [V]
  double wait_s = 1200.0;            ///< Modelica CoolingMode tWai in the data-centre examples [V]
  double deadband_free_to_partial_k = 1.1;  ///< deaBan1 [V]
  double deadband_partial_to_full_k = 0.5;  ///< deaBan2 [V]
  double deadband_full_to_partial_k = 1.1;  ///< deaBan3 [V]
  double deadband_partial_to_free_k = 0.5;  ///< deaBan4 [V]
};

/// Sensor values the mode controller sees (all °C or K).
struct WseSensors {
  double chw_return_c = 0;          ///< chilled water entering the WSE
  double wse_leaving_c = 0;         ///< chilled water leaving the WSE (= return when bypassed)
  double chw_supply_setpoint_c = 0;
  double wet_bulb_c = 0;
  double tower_approach_k = 0;
};

/// Leaving temperature of the hot (chilled-water) side of a constant-effectiveness HX whose
/// chilled-water side is the minimum capacity stream.
double wse_leaving_c(double chw_entering_c, double tower_water_c, double effectiveness);

/// Stateless availability from design-style approaches (after Modelica Buildings `ChillerCooled.Controls.CoolingMode`, Stein 2009): free cooling when
/// T_wb + a_tower + a_HX ≤ T_CHWS,set; partial when T_wb + a_tower + a_HX < T_CHW,return; else full.
EconomizerMode free_cooling_availability(double wet_bulb_c, double tower_approach_k, double hx_approach_k,
                                         double chw_supply_setpoint_c, double chw_return_c);

/// The stateful mode controller.
class WaterSideEconomizer {
 public:
  explicit WaterSideEconomizer(WaterSideEconomizerConfig config = {},
                               EconomizerMode initial = EconomizerMode::full_mechanical);

  /// Advances the controller by `dt_s` with the sensor values of that interval; returns the mode
  /// for the next interval.
  EconomizerMode update(const WseSensors& s, double dt_s);

  [[nodiscard]] EconomizerMode mode() const { return mode_; }
  /// Seconds the pending transition conditions have held (two per mode; partial has two exits).
  [[nodiscard]] double timer_s(int which) const { return timer_[which]; }
  void reset(EconomizerMode mode, double timer0_s = 0, double timer1_s = 0);
  [[nodiscard]] const WaterSideEconomizerConfig& config() const { return config_; }

 private:
  WaterSideEconomizerConfig config_;
  EconomizerMode mode_;
  double timer_[2] = {0, 0};
};

/// ASHRAE recommended envelope used by the air-side economizer. Values: 2008 recommended envelope
/// (18-27 °C dry-bulb, 5.5-15 °C dew point, ≤ 60 % RH) as reported by datacenterpost.com quoting
/// D. Beaty [S]; the 2015 edition lowered the dew-point floor to −9 °C [M].
struct AirEconomizerConfig {
  double max_dry_bulb_c = 27.0;
  double min_dew_point_c = 5.5;
  double max_dew_point_c = 15.0;
  double max_relative_humidity = 0.60;
};

struct AirEconomizerCheck {
  bool usable = false;
  double dew_point_c = 0;
  double supply_relative_humidity = 0; ///< RH of the outdoor air once warmed to the supply temperature
};

/// Whether outdoor air at (dry-bulb, RH as a fraction 0..1) may be supplied to the IT. Mixing with
/// return air warms it to `supply_air_c` (the supply setpoint when the outdoor air is colder) at
/// constant dew point, so the RH limit is checked at the supply temperature.
AirEconomizerCheck air_economizer_check(const AirEconomizerConfig& c, double dry_bulb_c, double relative_humidity,
                                        double supply_air_c);

} // namespace wattsim::models
