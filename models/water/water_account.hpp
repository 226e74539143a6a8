#pragma once
// Water counted as the literature counts it (docs/models/water.md, "Withdrawal and consumption"):
// withdrawal is water taken from the source, consumption is the part not returned (evaporated or
// drifted away), discharge the part returned (blowdown). On site from the plant's water balance;
// off site from the grid's per-kWh withdrawal and consumption factors (Li et al. 2023; Macknick et al.
// 2012 for the generating technologies behind them).

#include <optional>

namespace wattsim::models {

struct OnsiteWater {
  double withdrawal_kg = 0;  ///< make-up
  double consumption_kg = 0; ///< evaporation + drift
  double discharge_kg = 0;   ///< blowdown
};

/// On-site water from a tower/pad balance: make-up = evaporation + drift + blowdown.
inline OnsiteWater onsite_from_balance(double evaporated_kg, double drift_kg, double blowdown_kg) {
  return {evaporated_kg + drift_kg + blowdown_kg, evaporated_kg + drift_kg, blowdown_kg};
}

/// On-site water from a published WUE (one figure, per kWh of IT): counted as consumed, as Li et al.
/// 2023 count on-site water (no discharge is known).
inline OnsiteWater onsite_from_wue(double wue_kg_per_j, double it_energy_j) {
  const double kg = wue_kg_per_j * it_energy_j;
  return {kg, kg, 0.0};
}

/// Electricity water intensity of the grid, per J of electricity drawn; either may be unknown.
struct GridWater {
  std::optional<double> withdrawal_kg_per_j;
  std::optional<double> consumption_kg_per_j;
};

struct WaterAccount {
  OnsiteWater onsite;
  std::optional<double> offsite_withdrawal_kg;
  std::optional<double> offsite_consumption_kg;

  /// On site + off site by one definition; unknown when the grid factor for it is unknown.
  [[nodiscard]] std::optional<double> withdrawal_kg() const {
    return offsite_withdrawal_kg ? std::optional(onsite.withdrawal_kg + *offsite_withdrawal_kg) : std::nullopt;
  }
  [[nodiscard]] std::optional<double> consumption_kg() const {
    return offsite_consumption_kg ? std::optional(onsite.consumption_kg + *offsite_consumption_kg) : std::nullopt;
  }
};

/// Off-site water follows the facility's electricity (Li et al. 2023: PUE x EWIF per kWh of IT).
inline WaterAccount water_account(const OnsiteWater& onsite, const GridWater& grid, double facility_energy_j) {
  WaterAccount w{onsite, std::nullopt, std::nullopt};
  if (grid.withdrawal_kg_per_j)
    w.offsite_withdrawal_kg = *grid.withdrawal_kg_per_j * facility_energy_j;
  if (grid.consumption_kg_per_j)
    w.offsite_consumption_kg = *grid.consumption_kg_per_j * facility_energy_j;
  return w;
}

} // namespace wattsim::models
