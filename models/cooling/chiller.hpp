#pragma once
// Electric chiller, EnergyPlus Chiller:Electric:EIR (the DOE-2 model; docs/models/cooling.md,
// "Chiller"). Capacity and efficiency follow three curves:
//   CAPFT(T_chw,l, T_cond,e), EIRFT(T_chw,l, T_cond,e)  biquadratics,  EIRFPLR(PLR)  quadratic,
//   Q_avail = Q_ref CAPFT,  PLR = clamp(Q / Q_avail, 0, PLR_max),
//   CyclingRatio = min(PLR / PLR_min, 1),  PLR' = max(PLR, PLR_min,unload)  (false loading),
//   P = Q_avail / COP_ref · EIRFT · EIRFPLR(PLR') · CyclingRatio,
//   Q_false = Q_avail PLR' CyclingRatio − Q,   Q_cond = η_motor P + Q
// (EnergyPlus also adds Q_false to Q_cond; that double counts recirculated compressor work, see
// cooling.md, so it is reported but not added).
// Source: NREL/EnergyPlus doc/engineering-reference/.../chillers.tex.

namespace wattsim::models {

/// A named EIR curve set with its rating point and validity box (data, with sources in the .cpp).
struct ChillerCurves {
  const char* name = "";
  double capft[6] = {1, 0, 0, 0, 0, 0};   ///< a + b x + c x² + d y + e y² + f x y
  double eirft[6] = {1, 0, 0, 0, 0, 0};   ///< x = leaving chilled water °C, y = entering condenser °C
  double eirfplr[3] = {0, 1, 0};          ///< a + b PLR + c PLR²
  double reference_cop = 5.5;
  double reference_chw_leaving_c = 6.67;
  double reference_cond_entering_c = 29.4;
  double plr_min = 0.1;             ///< below it the compressor cycles
  double plr_max = 1.0;
  double min_unloading_ratio = 0.2; ///< below it hot-gas bypass adds a false load
  double chw_leaving_min_c = 5, chw_leaving_max_c = 10;   ///< curve validity box
  double cond_entering_min_c = 24, cond_entering_max_c = 35;
  /// EnergyPlus clamps curve inputs to the box; Modelica's ElectricEIR evaluates outside it
  /// (only CAPFT is floored at a tiny positive value). Each data set keeps its source's rule.
  bool clamp_to_box = true;
};

/// "DOE-2 Centrifugal/5.50COP" (EnergyPlus dataset; same record as DOE-2.1E HERM-CENT and as
/// Modelica Buildings DOE_2_Centrifugal_5_50COP). COP 5.5 at 6.67 °C / 29.4 °C. [V]
ChillerCurves doe2_centrifugal_5_50cop();
/// Carrier 19XR 742 kW 5.42 COP VSD (Modelica Buildings ElectricEIRChiller_Carrier_19XR_742kW_
/// 5_42COP_VSD, the record used by its data-centre examples). COP 5.42 at 5.56 / 21.11 °C. [V]
ChillerCurves carrier_19xr_742kw_5_42cop_vsd();
/// Air-cooled variant: the DOE-2 centrifugal curve shapes driven by the outdoor dry-bulb, as an
/// EnergyPlus unit test (ChillerElectricEIR_AirCooledChiller) and a third-party template do [S];
/// reference COP 3.5 for the compressor alone [D], see cooling.md.
ChillerCurves air_cooled_doe2_shape();
/// York YCAL0033EE 100.6 kW / 3.1 COP air-cooled scroll chiller, EnergyPlus datasets/Chillers.idf
/// (v9.4), as reproduced in Modelica Buildings ElectricEIRChiller_York_YCAL0033EE_101kW_3_1COP_AirCooled:
/// COP 3.1 at 6.67 °C leaving chilled water and 35 °C outdoor air, condenser fans included in the COP
/// (its Condenser Fan Power Ratio is blank); curves valid to 51.67 °C outdoor, so not clamped at 35 °C. [V]
ChillerCurves york_ycal0033ee_air_cooled();

enum class CondenserType { water_cooled, air_cooled };

struct ChillerConfig {
  ChillerCurves curves = carrier_19xr_742kw_5_42cop_vsd();
  double reference_capacity_w = 1.0e6; ///< Q_ref at the curves' rating point
  double reference_cop = 0;            ///< 0: use curves.reference_cop
  CondenserType condenser = CondenserType::water_cooled;
  /// Air-cooled condenser fans, W per W of reference capacity at full cycling (EnergyPlus field
  /// "Condenser Fan Power Ratio"). 0.04 in the EnergyPlus air-cooled unit test [V, illustrative].
  double condenser_fan_power_ratio = 0;
  /// Fraction of compressor power that ends in the condenser (1 for hermetic motors).
  double motor_efficiency = 1.0;
  /// Entering condenser temperature above which the chiller trips on high head pressure and
  /// delivers nothing. Infinite by default; plants set 40 °C for water-cooled machines [M].
  double high_pressure_cutout_c = 1e300;
};

struct ChillerResult {
  double electric_w = 0;        ///< compressor + condenser fans
  double compressor_w = 0;
  double condenser_fan_w = 0;
  double evaporator_w = 0;      ///< cooling delivered (≤ requested)
  double condenser_w = 0;       ///< heat to the condenser water or air (excludes fan power)
  double false_load_w = 0;
  double plr = 0;               ///< part-load ratio after the PLR_max clamp, before unloading
  double cycling_ratio = 0;
  double cop = 0;               ///< evaporator_w / electric_w (0 when off)
  double available_capacity_w = 0; ///< Q_ref CAPFT at these temperatures
  double unmet_w = 0;           ///< requested − delivered
};

class Chiller {
 public:
  explicit Chiller(ChillerConfig config);

  /// One step of operation at constant conditions. `q_evap_w` is the cooling asked of the
  /// evaporator; the condenser sees `t_cond_entering_c` (water from the tower, or the outdoor
  /// dry-bulb for an air-cooled machine).
  [[nodiscard]] ChillerResult run(double q_evap_w, double t_chw_leaving_c, double t_cond_entering_c) const;

  [[nodiscard]] double capft(double t_chw_leaving_c, double t_cond_entering_c) const;
  [[nodiscard]] double eirft(double t_chw_leaving_c, double t_cond_entering_c) const;
  [[nodiscard]] double eirfplr(double plr) const;
  /// Q_ref × CAPFT: what the machine can deliver at PLR 1.
  [[nodiscard]] double available_capacity_w(double t_chw_leaving_c, double t_cond_entering_c) const;
  /// Full-load COP at the given temperatures (EIRFPLR(1) = 1 by construction of the curves).
  [[nodiscard]] double full_load_cop(double t_chw_leaving_c, double t_cond_entering_c) const;

  [[nodiscard]] const ChillerConfig& config() const { return config_; }
  [[nodiscard]] double reference_cop() const { return cop_ref_; }

 private:
  void clamp_inputs(double& t_chw, double& t_cond) const;
  ChillerConfig config_;
  double cop_ref_;
};

} // namespace wattsim::models
