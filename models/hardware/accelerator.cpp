#include "models/hardware/accelerator.hpp"

#include <algorithm>

namespace wattsim::models {

double accelerator_demand_w(const AcceleratorSpec& a, double dynamic_fraction) {
  return a.idle_power_w + (a.tdp_w - a.idle_power_w) * std::clamp(dynamic_fraction, 0.0, 1.0);
}

AcceleratorOperatingPoint accelerator_operating_point(const AcceleratorSpec& a, const ActivityMix& mix, double cap_w,
                                                     double floor_w) {
  const double compute_demand = accelerator_demand_w(a, mix.utilization);
  const double memory_demand = accelerator_demand_w(a, a.memory_bound_fraction);
  const double comm_demand = accelerator_demand_w(a, a.communication_fraction);
  // Relative speed of a capped segment; a cap at or above the demand costs nothing.
  auto speed = [cap_w](double k, double demand) { return std::max(0.05, 1.0 - k * std::max(0.0, 1.0 - cap_w / demand)); };
  const double s_compute = speed(a.cap_sensitivity_compute, compute_demand);
  const double s_memory = speed(a.cap_sensitivity_memory, memory_demand);

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
