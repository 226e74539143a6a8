#pragma once
// Distribution transformer losses in the EnergyPlus ElectricLoadCenter:Transformer form
// (EnergyPlus Engineering Reference, "Electric Load Center Transformers"):
//
//   TL = NL + LL * P^2 * f_T,      P = load / (pf * S_B)   (per-unit load)
//
// NL is the no-load (core) loss, present whenever the unit is energized; LL the load (winding) loss at
// rated load and reference conditions. f_T is the optional NEMA TP 1 temperature correction of the
// winding loss. docs/models/power-distribution.md holds the equations and the default parameters.

#include <optional>

namespace wattsim::models {

/// Winding-loss temperature correction (EnergyPlus Engineering Reference, after NEMA TP 1-2002):
///   f_T = (1 - e) * R/R_ref + e * R_ref/R
///   R/R_ref = (F + T_wind + T_amb) / (F + T_wind,ref + T_amb,ref),   T_wind = P^1.6 * T_wind,ref
/// where e is the eddy-current share of the load loss (the resistive share rises with temperature,
/// the eddy share falls). Defaults are the EnergyPlus input defaults (aluminium, 150 K rise, e = 0.1).
struct TransformerTemperatureCorrection {
  double resistance_constant_c = 225.0; ///< F: 225 for aluminium, 234.5 for copper windings
  double full_load_rise_k = 150.0;      ///< T_wind,ref: winding rise over ambient at rated load
  double reference_ambient_c = 20.0;    ///< T_amb,ref (EnergyPlus: 20 °C)
  double eddy_fraction = 0.1;           ///< e: per-unit load loss due to eddy currents

  /// Resistance ratio R/R_ref at per-unit load `p` and ambient `ambient_c`.
  [[nodiscard]] double resistance_ratio(double p, double ambient_c) const;
  /// f_T at per-unit load `p` and ambient `ambient_c` (1 at rated load and reference ambient).
  [[nodiscard]] double factor(double p, double ambient_c) const;
  /// f_T for a winding whose conductor sits at `conductor_c` (the nameplate measurement condition).
  [[nodiscard]] double factor_at_conductor(double conductor_c) const;
};

/// How a transformer is sold: an efficiency at one per-unit load (the DOE test point: 35 % for LV
/// dry-type, 50 % for liquid-immersed and MV dry-type), and where the efficiency peaks.
struct TransformerNameplate {
  double rating_va = 0;            ///< S_B
  double efficiency = 0;           ///< eta_np at `per_unit_load`, unity power factor
  double per_unit_load = 0.5;      ///< P_np
  double max_efficiency_load = 0;  ///< P_max,eta; 0 means "equal to P_np" (the EnergyPlus default)
  double reference_conductor_c = 75.0; ///< conductor temperature of the nameplate test (NEMA TP 1)
};

class Transformer {
public:
  /// From rated losses: `no_load_loss_w` (NL) and `load_loss_w` (LL at rated load, reference
  /// temperature). `power_factor` converts real-power load to per-unit VA load.
  Transformer(double rating_va, double no_load_loss_w, double load_loss_w, double power_factor = 1.0,
              std::optional<TransformerTemperatureCorrection> correction = std::nullopt);

  /// From a nameplate efficiency (EnergyPlus "NominalEfficiency" method). Maximum efficiency is where
  /// the load loss equals the no-load loss, so
  ///   NL = S_B P_np (1 - eta_np) / (eta_np (1 + (P_np / P_max,eta)^2)),   LL = NL / (f_T,np P_max,eta^2)
  /// with f_T,np = 1 without temperature correction, else the correction at the nameplate conductor
  /// temperature.
  explicit Transformer(const TransformerNameplate& nameplate, double power_factor = 1.0,
                       std::optional<TransformerTemperatureCorrection> correction = std::nullopt);

  /// Total loss (W) while delivering `load_w` (real power, W) at ambient `ambient_c`
  /// (the ambient only matters with a temperature correction).
  [[nodiscard]] double loss_w(double load_w, double ambient_c = 20.0) const;
  [[nodiscard]] double input_w(double load_w, double ambient_c = 20.0) const { return load_w + loss_w(load_w, ambient_c); }
  /// load / (load + loss); 0 at no load.
  [[nodiscard]] double efficiency(double load_w, double ambient_c = 20.0) const;
  /// Per-unit load P = load / (pf * S_B).
  [[nodiscard]] double per_unit_load(double load_w) const { return load_w / (power_factor_ * rating_va_); }

  [[nodiscard]] double rating_va() const { return rating_va_; }
  /// Real-power rating pf * S_B.
  [[nodiscard]] double rating_w() const { return power_factor_ * rating_va_; }
  [[nodiscard]] double no_load_loss_w() const { return no_load_loss_w_; }
  [[nodiscard]] double load_loss_w() const { return load_loss_w_; }
  [[nodiscard]] double power_factor() const { return power_factor_; }
  [[nodiscard]] const std::optional<TransformerTemperatureCorrection>& correction() const { return correction_; }

private:
  double rating_va_;
  double no_load_loss_w_;
  double load_loss_w_;
  double power_factor_;
  std::optional<TransformerTemperatureCorrection> correction_;
};

/// MV -> LV unit substation (e.g. 13.8 kV -> 480/415 V), `rating_va` sized by the caller:
/// 99.3 % at 50 % load [estimate: middle of the 99.0-99.5 % range [D] assumed for MV→LV unit substations, between
/// MV dry-type and the 99.55 % DOE minimum of a 2,500 kVA liquid-immersed unit], peak efficiency at the
/// test point (EnergyPlus default P_max,eta = P_np).
[[nodiscard]] TransformerNameplate mv_unit_substation_nameplate(double rating_va);

/// LV dry-type three-phase (480 -> 208/120 V, e.g. inside a PDU): the 10 CFR 431.196 minimum
/// efficiency (2016 on) at 35 % load: 98.60 % at 75 kVA, 98.83 % at 150 kVA, 98.94 % at 225 kVA.
/// Between those ratings the efficiency is interpolated in log(kVA) [derived]; below 75 kVA it stays
/// at 98.60 % (optimistic: the rule allows less for smaller units) and above 225 kVA at 98.94 %
/// (conservative: larger units must do better). Peak efficiency at the test point.
[[nodiscard]] TransformerNameplate lv_dry_type_doe2016_nameplate(double rating_va);

} // namespace wattsim::models
