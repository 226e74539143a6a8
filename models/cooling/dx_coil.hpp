#pragma once
// Direct-expansion cooling coil of a CRAC unit with an air-cooled condenser: EnergyPlus
// Coil:Cooling:DX:SingleSpeed (docs/models/cooling.md, "DX / CRAC"). With x the air's wet-bulb
// entering the coil and y the outdoor dry-bulb at the condenser:
//   Q_avail = Q_rated · CAPFT(x, y) · CAPFFF(ff)
//   PLR = Q / Q_avail,  PLF = PLF(PLR),  RTF = PLR / PLF          (the compressor cycles)
//   P = Q_avail / COP_rated · EIRFT(x, y) · EIRFFF(ff) · RTF        (compressor + condenser fans)
// ff = airflow / rated airflow. EnergyPlus's rated COP includes the condenser fans and excludes the
// supply fan, so the CRAC's fan is counted separately (the plant's crah_fan_w).
// Source: EnergyPlus engineering reference, "Single-Speed Electric DX Air Cooling Coil".

#include <vector>

namespace wattsim::models {

/// A performance surface f(x, y): a biquadratic a + b x + c x² + d y + e y² + f x y, or a table on a
/// grid linearly interpolated (EnergyPlus Table:TwoIndependentVariables, LinearInterpolationOfTable).
/// Inputs are clamped to the box [x_min, x_max] × [y_min, y_max] as EnergyPlus does.
struct DxSurface {
  double biquadratic[6] = {1, 0, 0, 0, 0, 0};
  std::vector<double> xs, ys;  ///< table grid (empty: the biquadratic); values[i * ys.size() + j] at (xs[i], ys[j])
  std::vector<double> values;
  double x_min = -1e300, x_max = 1e300, y_min = -1e300, y_max = 1e300;
  [[nodiscard]] double operator()(double x, double y) const;
};

/// A named DX curve set with its rating (data, sources in the .cpp).
struct DxCurves {
  const char* name = "";
  DxSurface capft, eirft;
  double capfff[3] = {1, 0, 0};  ///< quadratic in the flow fraction
  double eirfff[3] = {1, 0, 0};
  double plf[3] = {1, 0, 0};     ///< part-load fraction, quadratic in PLR
  double ff_min = 0.5, ff_max = 1.5;
  double rated_cop = 3.0;        ///< gross: compressor + condenser fans, no supply fan
};

/// The CRAC unit of EnergyPlus testfiles/1ZoneDataCenterCRAC_wApproachTemp.idf: capacity table
/// "Cool Cap Mod func of Temperature", EIR table "Liebert Econophase EIR Func T" (a pumped-refrigerant
/// economizer: the compressor gives way to a refrigerant pump in cold air, EIR 0.042 below −4 °C),
/// HPAC flow and part-load curves, rated COP 4.5669. [V]
DxCurves crac_pumped_refrigerant_economizer();
/// The same CRAC without the economizer: its capacity table, the rated COP 4.5669, and the EnergyPlus
/// HPAC EIR(T) biquadratic (EnergyPlus 7.1 example AirflowNetwork_MultiZone_House.idf, reproduced in
/// Modelica Buildings DXCoils ... PerformanceCurves.Curve_I). [V curves, D pairing]
DxCurves crac_no_economizer();

struct DxResult {
  double electric_w = 0;          ///< compressor + condenser fans
  double delivered_w = 0;         ///< sensible cooling (≤ requested)
  double condenser_w = 0;         ///< heat rejected to the outdoor air: delivered + electric
  double available_w = 0;         ///< Q_rated · CAPFT · CAPFFF at these conditions
  double runtime_fraction = 0;
  double unmet_w = 0;
};

class DxCoil {
 public:
  /// `rated_capacity_w`: gross total cooling at the rating conditions (CAPFT = 1).
  DxCoil(DxCurves curves, double rated_capacity_w);
  /// Cooling `q_w` asked of the coil (a dry coil: all sensible), entering air wet-bulb, outdoor
  /// dry-bulb, airflow fraction of rated.
  [[nodiscard]] DxResult run(double q_w, double entering_wet_bulb_c, double outdoor_dry_bulb_c, double flow_fraction) const;
  [[nodiscard]] double available_w(double entering_wet_bulb_c, double outdoor_dry_bulb_c, double flow_fraction) const;
  /// Full-load COP (gross) at these conditions.
  [[nodiscard]] double full_load_cop(double entering_wet_bulb_c, double outdoor_dry_bulb_c, double flow_fraction = 1) const;
  [[nodiscard]] const DxCurves& curves() const { return curves_; }
  [[nodiscard]] double rated_capacity_w() const { return rated_w_; }

 private:
  [[nodiscard]] double flow(double ff) const;
  DxCurves curves_;
  double rated_w_;
};

} // namespace wattsim::models
