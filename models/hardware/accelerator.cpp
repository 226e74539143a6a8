#include "models/hardware/accelerator.hpp"

#include <algorithm>
#include <cmath>

namespace wattsim::models {

namespace {
constexpr double kMinSpeed = 0.05; // a capped kernel never stops entirely
}

double accelerator_demand_w(const AcceleratorSpec& a, double dynamic_fraction) {
  return a.idle_power_w + (a.tdp_w - a.idle_power_w) * std::clamp(dynamic_fraction, 0.0, 1.0);
}

double liquid_leakage_saving_w(const AcceleratorSpec& a) {
  return a.leakage_w_per_k * std::max(0.0, a.die_temperature_air_c - a.die_temperature_liquid_c);
}

double capped_speed(const AcceleratorSpec& a, double sensitivity, double demand_w, double cap_w) {
  if (cap_w >= demand_w)
    return 1.0;
  if (a.dvfs_exponent <= 0) // linear fit: throughput = 1 - k (1 - cap / demand)
    return std::max(kMinSpeed, 1.0 - sensitivity * (1.0 - cap_w / demand_w));
  // DVFS: the cap lowers the clock f until the clock-dependent power fits,
  //   cap = P_floor + (demand - P_floor) f^alpha,  P_floor = bare idle (leakage and clock-independent parts),
  // and the share `sensitivity` of the segment's time scales as 1/f (the rest is memory- or latency-bound).
  const double headroom = (cap_w - a.idle_power_w) / (demand_w - a.idle_power_w);
  if (headroom <= 0)
    return kMinSpeed;
  const double f = std::pow(headroom, 1.0 / a.dvfs_exponent);
  return std::max(kMinSpeed, 1.0 / ((1.0 - sensitivity) + sensitivity / f));
}

AcceleratorOperatingPoint accelerator_operating_point(const AcceleratorSpec& a, const ActivityMix& mix, double cap_w,
                                                      bool liquid_cooled, double floor_w) {
  // A cooler die leaks less: busy kernels draw less for the same work (never below bare idle).
  const double saving = liquid_cooled ? liquid_leakage_saving_w(a) : 0.0;
  auto busy_demand = [&](double d) { return std::max(a.idle_power_w, accelerator_demand_w(a, d) - saving); };
  const double compute_demand = busy_demand(mix.utilization);
  const double memory_demand = busy_demand(a.memory_bound_fraction);
  const double comm_demand = accelerator_demand_w(a, a.communication_fraction);
  const double s_compute = capped_speed(a, a.cap_sensitivity_compute, compute_demand, cap_w);
  const double s_memory = capped_speed(a, a.cap_sensitivity_memory, memory_demand, cap_w);

  // Capped kernels take longer: stretch their time shares, then average power over the stretched phase.
  const double t_compute = mix.compute / s_compute;
  const double t_memory = mix.memory_bound / s_memory;
  const double t_idle = std::max(0.0, 1.0 - mix.busy_share());
  const double t_total = t_compute + t_memory + mix.communication + mix.wait + t_idle;
  if (t_total <= 0)
    return {std::min(a.idle_power_w, cap_w), 1.0};

  auto capped = [cap_w](double demand) { return std::min(demand, cap_w); };
  auto busy = [&](double demand) { return capped(std::max(demand, floor_w)); }; // the floor holds under a job
  AcceleratorOperatingPoint op;
  op.power_w = (t_compute * busy(compute_demand) + t_memory * busy(memory_demand) +
                mix.communication * busy(comm_demand) + mix.wait * busy(a.context_idle_power_w) +
                t_idle * capped(a.idle_power_w)) /
               t_total;
  const double busy_uncapped = mix.busy_share();
  const double busy_capped = t_compute + t_memory + mix.communication + mix.wait;
  op.throughput = busy_capped > 0 ? busy_uncapped / busy_capped : 1.0;
  return op;
}

} // namespace wattsim::models
