#include "models/power/transformer.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>
#include <utility>

namespace wattsim::models {

double TransformerTemperatureCorrection::resistance_ratio(double p, double ambient_c) const {
  // Winding rise scales as P^1.6 (Barnes et al. 1997, ORNL-6925, as used by EnergyPlus).
  const double rise_k = std::pow(std::max(p, 0.0), 1.6) * full_load_rise_k;
  return (resistance_constant_c + rise_k + ambient_c) /
         (resistance_constant_c + full_load_rise_k + reference_ambient_c);
}

double TransformerTemperatureCorrection::factor(double p, double ambient_c) const {
  const double r = resistance_ratio(p, ambient_c);
  return (1.0 - eddy_fraction) * r + eddy_fraction / r;
}

double TransformerTemperatureCorrection::factor_at_conductor(double conductor_c) const {
  const double r =
      (resistance_constant_c + conductor_c) / (resistance_constant_c + full_load_rise_k + reference_ambient_c);
  return (1.0 - eddy_fraction) * r + eddy_fraction / r;
}

Transformer::Transformer(double rating_va, double no_load_loss_w, double load_loss_w, double power_factor,
                         std::optional<TransformerTemperatureCorrection> correction)
    : rating_va_(rating_va), no_load_loss_w_(no_load_loss_w), load_loss_w_(load_loss_w),
      power_factor_(power_factor), correction_(std::move(correction)) {
  if (!(rating_va_ > 0) || !std::isfinite(rating_va_))
    throw std::invalid_argument("transformer: rating must be positive");
  if (!(no_load_loss_w_ >= 0) || !(load_loss_w_ >= 0))
    throw std::invalid_argument("transformer: losses must be non-negative");
  if (!(power_factor_ > 0 && power_factor_ <= 1))
    throw std::invalid_argument("transformer: power factor must be in (0, 1]");
}

namespace {

Transformer from_nameplate(const TransformerNameplate& np, double power_factor,
                           std::optional<TransformerTemperatureCorrection> correction) {
  if (!(np.rating_va > 0))
    throw std::invalid_argument("transformer nameplate: rating must be positive");
  if (!(np.efficiency > 0 && np.efficiency < 1))
    throw std::invalid_argument("transformer nameplate: efficiency must be in (0, 1)");
  if (!(np.per_unit_load > 0 && np.per_unit_load <= 1))
    throw std::invalid_argument("transformer nameplate: per-unit load must be in (0, 1]");
  const double p_max = np.max_efficiency_load > 0 ? np.max_efficiency_load : np.per_unit_load;
  if (p_max > 1)
    throw std::invalid_argument("transformer nameplate: max-efficiency load must be in (0, 1]");
  // Total loss at the nameplate point: S P (1 - eta) / eta; it splits into NL + NL (P_np/P_max)^2
  // because the load loss equals NL at P_max (EnergyPlus Engineering Reference).
  const double ratio = np.per_unit_load / p_max;
  const double nl = np.rating_va * np.per_unit_load * (1.0 - np.efficiency) / (np.efficiency * (1.0 + ratio * ratio));
  const double f_np = correction ? correction->factor_at_conductor(np.reference_conductor_c) : 1.0;
  const double ll = nl / (f_np * p_max * p_max);
  return Transformer(np.rating_va, nl, ll, power_factor, std::move(correction));
}

} // namespace

Transformer::Transformer(const TransformerNameplate& nameplate, double power_factor,
                         std::optional<TransformerTemperatureCorrection> correction)
    : Transformer(from_nameplate(nameplate, power_factor, std::move(correction))) {}

double Transformer::loss_w(double load_w, double ambient_c) const {
  const double p = per_unit_load(load_w);
  const double f_t = correction_ ? correction_->factor(p, ambient_c) : 1.0;
  return no_load_loss_w_ + load_loss_w_ * p * p * f_t;
}

double Transformer::efficiency(double load_w, double ambient_c) const {
  if (load_w <= 0)
    return 0.0;
  return load_w / (load_w + loss_w(load_w, ambient_c));
}

TransformerNameplate mv_unit_substation_nameplate(double rating_va) {
  TransformerNameplate np;
  np.rating_va = rating_va;
  np.efficiency = 0.993;  // estimate, see header
  np.per_unit_load = 0.5; // DOE test point for liquid-immersed and MV dry-type units
  np.max_efficiency_load = 0.5;
  return np;
}

TransformerNameplate lv_dry_type_doe2016_nameplate(double rating_va) {
  // 10 CFR 431.196, low-voltage dry-type three-phase, compliance from 2016.
  static constexpr std::array<std::pair<double, double>, 3> kTable{{{75e3, 0.9860}, {150e3, 0.9883}, {225e3, 0.9894}}};
  double eta = kTable.front().second;
  if (rating_va >= kTable.back().first) {
    eta = kTable.back().second;
  } else if (rating_va > kTable.front().first) {
    for (std::size_t i = 1; i < kTable.size(); ++i) {
      if (rating_va <= kTable[i].first) {
        const double w = std::log(rating_va / kTable[i - 1].first) / std::log(kTable[i].first / kTable[i - 1].first);
        eta = kTable[i - 1].second + w * (kTable[i].second - kTable[i - 1].second);
        break;
      }
    }
  }
  TransformerNameplate np;
  np.rating_va = rating_va;
  np.efficiency = eta;
  np.per_unit_load = 0.35; // the DOE test point for LV dry-type
  np.max_efficiency_load = 0.35;
  return np;
}

} // namespace wattsim::models
