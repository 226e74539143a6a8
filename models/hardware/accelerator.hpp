#pragma once
// An accelerator (GPU or TPU chip) and its power as a function of activity and power cap.
// Equations and parameter sources: docs/models/node-power.md.

#include "models/hardware/activity.hpp"
#include "models/hardware/precision.hpp"
#include "models/hardware/sources.hpp"

#include <map>
#include <optional>
#include <string>

namespace wattsim::models {

struct AcceleratorSpec {
  std::string name;
  std::string vendor;
  std::string description;
  double memory_bytes = 0;
  double memory_bandwidth_bytes_s = 0;
  double tdp_w = 0;                ///< board maximum power, the default power limit
  double idle_power_w = 0;         ///< bare idle (no context)
  double context_idle_power_w = 0; ///< context resident, no kernel running
  double power_cap_min_w = 0;
  double power_cap_max_w = 0;
  std::map<Precision, double> peak_flops; ///< dense FLOP/s per precision
  double memory_bound_fraction = 0;  ///< dynamic fraction d in memory-bound kernels
  double communication_fraction = 0; ///< dynamic fraction d while waiting in collectives
  double training_compute_utilization = 0; ///< default d of the compute phase of training
  double training_compute_fraction = 0;    ///< default compute share of a training iteration
  double cap_sensitivity_compute = 0; ///< k: throughput = 1 - k * max(0, 1 - cap / demand)
  double cap_sensitivity_memory = 0;
  Sources sources;

  [[nodiscard]] std::optional<double> peak(Precision p) const {
    auto it = peak_flops.find(p);
    if (it == peak_flops.end())
      return std::nullopt;
    return it->second;
  }
};

/// Power drawn at dynamic fraction d (0 = bare idle, 1 = TDP) before any cap: P = idle + (tdp - idle) d.
double accelerator_demand_w(const AcceleratorSpec& a, double dynamic_fraction);

struct AcceleratorOperatingPoint {
  double power_w = 0;      ///< time-averaged board power over the phase
  double throughput = 1.0; ///< speed relative to the uncapped accelerator (1 = no slowdown)
};

/// Average power and relative throughput of one accelerator running `mix` under `cap_w`.
/// Each activity draws min(cap, demand); capped compute/memory time runs slower by
/// 1 - k (1 - cap / demand) (a fit to published cap/step-time pairs, docs/models/node-power.md).
/// `floor_w` > 0 is a power floor while a job holds the accelerator (its busy shares draw at least that,
/// the GPU burning the difference, as NVIDIA's power smoothing does); bare idle is not floored.
AcceleratorOperatingPoint accelerator_operating_point(const AcceleratorSpec& a, const ActivityMix& mix, double cap_w,
                                                     double floor_w = 0.0);

} // namespace wattsim::models
