#pragma once
// Node power: accelerators + CPUs + memory + NICs + storage + other + fans, through the PSU
// efficiency curve, bounded by the node maximum. Equations: docs/models/node-power.md.

#include "models/hardware/accelerator.hpp"
#include "models/hardware/system.hpp"

namespace wattsim::models {

struct NodeOperatingPoint {
  ActivityMix accelerator;          ///< what the accelerators do
  bool host_active = false;         ///< a job runs: CPUs at busy utilisation, components active
  double accelerator_cap_w = 0;     ///< per-accelerator power limit; 0 = the accelerator's TDP
  double accelerator_floor_w = 0;   ///< per-accelerator power floor while a job holds it; 0 = none
  double inlet_c = 25.0;            ///< server inlet air temperature
  bool liquid_cooled = false;       ///< cold plates take liquid_heat_fraction of the heat

  bool operator==(const NodeOperatingPoint&) const = default;
};

struct NodePower {
  double accelerators_w = 0;
  double cpus_w = 0;
  double memory_w = 0;
  double nics_w = 0;
  double storage_w = 0;
  double other_w = 0;
  double fans_w = 0;
  double psu_loss_w = 0;
  double input_w = 0;          ///< what the node draws from the rack (all of it ends as heat)
  double heat_to_liquid_w = 0; ///< captured by cold plates
  double heat_to_air_w = 0;    ///< everything else, fans and PSU losses included
  double fan_speed = 0;
  double throughput = 1.0;     ///< accelerator speed relative to uncapped
  bool power_limited = false;  ///< the demand exceeded the node maximum and was clipped

  [[nodiscard]] double dc_w() const { return accelerators_w + cpus_w + memory_w + nics_w + storage_w + other_w + fans_w; }
};

NodePower node_power(const SystemSpec& system, const AcceleratorSpec& accelerator, const NodeOperatingPoint& op);

} // namespace wattsim::models
