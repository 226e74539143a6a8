#include "models/water/tower_water.hpp"

#include "models/cooling/properties.hpp"

#include <algorithm>
#include <stdexcept>

namespace wattsim::models {

double evaporation_loss_factor_per_k(double relative_humidity, double dry_bulb_c) {
  // EnergyPlus EvaporativeFluidCooler, blank loss factor: (113 − 8.417 φ + 1.6147 T_db) × 1e-5,
  // φ as a fraction (≈ 0.0015 K⁻¹ at 50 % and 25 °C, Qureshi & Zubair 2007).
  const double phi = std::clamp(relative_humidity, 0.0, 1.0);
  return std::max(0.0, (113.0 - 8.417 * phi + 1.6147 * dry_bulb_c) * 1e-5);
}

double latent_share(const TowerWaterConfig& c, double water_c, double dry_bulb_c, double relative_humidity) {
  if (c.model == EvaporationModel::latent_fraction)
    return c.latent_fraction;
  // m_e = LF ΔT ṁ = LF Q / c_p, and m_e h_fg / Q is the latent share.
  return evaporation_loss_factor_per_k(relative_humidity, dry_bulb_c) * props::latent_heat_j_kg(water_c) /
         props::kWaterCp;
}

WaterRates water_balance(double evaporation_kg_s, double drift_kg_s, double cycles) {
  if (!(cycles > 1))
    throw std::invalid_argument("water_balance: cycles of concentration must exceed 1");
  WaterRates r;
  r.evaporation_kg_s = std::max(0.0, evaporation_kg_s);
  r.drift_kg_s = std::max(0.0, drift_kg_s);
  // Drift already removes concentrated water, so blowdown only makes up the rest (EnergyPlus).
  r.blowdown_kg_s = std::max(0.0, r.evaporation_kg_s / (cycles - 1.0) - r.drift_kg_s);
  r.makeup_kg_s = r.evaporation_kg_s + r.blowdown_kg_s + r.drift_kg_s;
  return r;
}

WaterRates tower_water_rates(const TowerWaterConfig& c, double heat_w, double water_c, double circulating_kg_s,
                             double airflow_ratio, double dry_bulb_c, double relative_humidity) {
  if (heat_w <= 0)
    return water_balance(0.0, 0.0, c.cycles_of_concentration);
  double evap = 0;
  if (c.model == EvaporationModel::latent_fraction)
    evap = c.latent_fraction * heat_w / props::latent_heat_j_kg(water_c);
  else
    evap = evaporation_loss_factor_per_k(relative_humidity, dry_bulb_c) * heat_w / props::kWaterCp;
  const double drift = c.drift_fraction * circulating_kg_s * std::max(0.0, airflow_ratio);
  return water_balance(evap, drift, c.cycles_of_concentration);
}

double wue_l_per_kwh(double site_water_kg, double it_energy_kwh) {
  return it_energy_kwh > 0 ? site_water_kg / it_energy_kwh : 0.0;
}

double offsite_water_l(double facility_energy_kwh, double ewif_l_per_kwh) {
  return facility_energy_kwh * ewif_l_per_kwh;
}

} // namespace wattsim::models
