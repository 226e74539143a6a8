#pragma once
// Cooling-tower and evaporative-pad water use (docs/models/water.md).
//   evaporation  m_e = f_latent Q / h_fg(T_water)                (latent-fraction model), or
//                m_e = LF Q / c_p,  LF = (113 − 8.417 φ + 1.6147 T_db) 1e-5 per K
//                (Qureshi & Zubair 2007, EnergyPlus's evaporative-fluid-cooler default; ≈ 0.87 latent
//                share at 25 °C / 50 % RH, rising in hot dry air)
//   drift        m_d = 0.008 % × circulating design flow × FR_air   (EnergyPlus default and form)
//   blowdown     m_b = max(0, m_e / (C − 1) − m_d),   C = cycles of concentration, 3 (range 3-5)
//   make-up      m_m = m_e + m_b + m_d                               (exact by construction)
// EnergyPlus engineering reference (cooling towers, 'Cooling Tower Makeup Water Usage') and Qureshi & Zubair 2007 explain why EnergyPlus's LossFactor default of 0.2 %/K overshoots
// (it implies more than 100 % latent transfer).

namespace wattsim::models {

enum class EvaporationModel { latent_fraction, loss_factor };

struct TowerWaterConfig {
  EvaporationModel model = EvaporationModel::loss_factor;
  double latent_fraction = 0.87;          ///< used by latent_fraction; Qureshi & Zubair 2007 loss factor [D]
  double cycles_of_concentration = 3.0;   ///< EnergyPlus default, acceptable 3-5 [V]
  double drift_fraction = 0.00008;        ///< 0.008 % of circulating flow, EnergyPlus default [V]
};

struct WaterRates {
  double evaporation_kg_s = 0;
  double drift_kg_s = 0;
  double blowdown_kg_s = 0;
  double makeup_kg_s = 0;
};

/// Qureshi-Zubair evaporation loss factor, 1/K (fraction of circulating flow per kelvin of range);
/// relative humidity as a fraction 0..1.
double evaporation_loss_factor_per_k(double relative_humidity, double dry_bulb_c);

/// Share of the rejected heat leaving as latent heat implied by the chosen model.
double latent_share(const TowerWaterConfig& c, double water_c, double dry_bulb_c, double relative_humidity);

/// Water use of a tower rejecting `heat_w` with water at `water_c` (mean of in and out), design
/// circulating flow `circulating_kg_s` and fan airflow ratio `airflow_ratio`.
WaterRates tower_water_rates(const TowerWaterConfig& c, double heat_w, double water_c, double circulating_kg_s,
                             double airflow_ratio, double dry_bulb_c, double relative_humidity);

/// Blowdown and make-up for a given evaporation and drift (shared by towers and spray pads).
WaterRates water_balance(double evaporation_kg_s, double drift_kg_s, double cycles_of_concentration);

/// Water usage effectiveness, L/kWh of IT energy (The Green Grid); 1 kg of water counted as 1 L.
double wue_l_per_kwh(double site_water_kg, double it_energy_kwh);

/// US-average electricity water intensity factor in Li et al. 2023 ("Making AI less thirsty"),
/// GPT-3 table: 3.142 L/kWh [S].
inline constexpr double kUsAverageEwifLPerKwh = 3.142;
/// Off-site (source) water: EWIF × facility energy.
double offsite_water_l(double facility_energy_kwh, double ewif_l_per_kwh = kUsAverageEwifLPerKwh);

} // namespace wattsim::models
