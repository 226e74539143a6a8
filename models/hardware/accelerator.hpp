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
  /// MFU of the workload the training.* values were calibrated on; 0 = MFU does not move the power.
  double training_reference_mfu = 0;
  /// DVFS exponent alpha of the dynamic power in the clock, P_dyn ~ f^alpha; 0 = the linear cap model.
  /// With it, cap_sensitivity is the share of a segment's time that scales with the clock.
  double dvfs_exponent = 0;
  /// Leakage: extra power per kelvin of die temperature above the liquid-cooled die temperature.
  double leakage_w_per_k = 0;
  double die_temperature_air_c = 0;    ///< die temperature under load, air cooled
  double die_temperature_liquid_c = 0; ///< die temperature under load, cold plates
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

/// Leakage power saved by cold plates under load: leakage_w_per_k x (T_die,air - T_die,liquid).
double liquid_leakage_saving_w(const AcceleratorSpec& a);

/// Relative speed of a segment with demand `demand_w` under `cap_w` (1 when the cap does not bind).
double capped_speed(const AcceleratorSpec& a, double sensitivity, double demand_w, double cap_w);

struct AcceleratorOperatingPoint {
  double power_w = 0;      ///< time-averaged board power over the phase
  double throughput = 1.0; ///< speed relative to the uncapped accelerator (1 = no slowdown)
};

/// Average power and relative throughput of one accelerator running `mix` under `cap_w`.
/// Each activity draws min(cap, demand); capped compute/memory time runs slower by
/// 1 - k (1 - cap / demand) (a fit to published cap/step-time pairs, docs/models/node-power.md).
/// `liquid_cooled`: the die runs cooler, so busy segments draw less leakage (liquid_leakage_saving_w).
/// `floor_w` > 0 is a power floor while a job holds the accelerator (its busy shares draw at least that,
/// the GPU burning the difference, as NVIDIA's power smoothing does); bare idle is not floored.
AcceleratorOperatingPoint accelerator_operating_point(const AcceleratorSpec& a, const ActivityMix& mix, double cap_w,
                                                      bool liquid_cooled = false, double floor_w = 0.0);

} // namespace wattsim::models
