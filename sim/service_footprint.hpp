#pragma once
// What one inference service costs the site: its share of facility energy, water and carbon, so that
// the facility, water and carbon outputs cover inference exactly as they cover training. Pure
// post-processing of the run's step series, no SimGrid. Rules: docs/outputs/inference.md.
//
//   facility power of the service  P_f,s(t) = P_nodes,s(t) x P_facility(t) / P_IT(t)   (pro rata to IT power)
//   carbon                         = integral of P_f,s(t) x carbon intensity(t)
//   on-site water                  = site on-site water x E_nodes,s / E_hosts           (pro rata to IT energy)
//   off-site water                 = EWIF x E_facility,s                                 (Li et al. 2023)

#include "sim/result.hpp"
#include "sim/scenario.hpp"

namespace wattsim::sim {

struct ServiceFootprint {
  double node_energy_j = 0;     ///< the service's nodes (ledger)
  double facility_energy_j = 0;
  double water_onsite_kg = 0;
  double water_offsite_kg = 0;
  double carbon_kg = 0;
};

ServiceFootprint service_footprint(const Scenario& scenario, const RunResult& result, const ServiceRecord& service);

/// The facility power that nodes drawing `node_power_w` answer for: P_nodes(t) x P_facility(t) / P_IT(t)
/// (the pro rata rule above; a flexible job's carbon and cost against first come, first served).
models::StepSeries facility_share_w(const RunResult& result, const models::StepSeries& node_power_w);

} // namespace wattsim::sim
