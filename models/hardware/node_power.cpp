#include "models/hardware/node_power.hpp"

#include <algorithm>

namespace wattsim::models {

namespace {

double level(const IdleActivePower& p, bool active) { return active ? p.active_w : p.idle_w; }

NodePower evaluate(const SystemSpec& s, const AcceleratorSpec& a, const NodeOperatingPoint& op, double cap_w) {
  NodePower p;
  const auto acc = accelerator_operating_point(a, op.accelerator, cap_w, op.liquid_cooled, op.accelerator_floor_w);
  p.accelerators_w = s.accelerators_per_node * acc.power_w;
  p.throughput = acc.throughput;

  const double cpu_u = op.host_active ? s.cpu.busy_utilization : 0.0;
  p.cpus_w = s.cpu.count * (s.cpu.idle_w + (s.cpu.max_w - s.cpu.idle_w) * cpu_u);
  p.memory_w = level(s.memory, op.host_active);
  p.nics_w = s.nic_count * level(s.nic, op.host_active);
  p.storage_w = s.drive_count * level(s.drive, op.host_active);
  p.other_w = level(s.other, op.host_active);

  // Fans move the air-side heat. Their design point is the node at its nameplate maximum with all heat
  // to air at the design inlet; when liquid cooled, cold plates remove liquid_heat_fraction of it.
  const double components_w = p.accelerators_w + p.cpus_w + p.memory_w + p.nics_w + p.storage_w + p.other_w;
  const double liquid_share = op.liquid_cooled ? s.liquid_heat_fraction : 0.0;
  const double design_heat_w = s.max_power_w > 0 ? s.max_power_w : components_w;
  p.fan_speed = fan_speed(s.fans, components_w * (1.0 - liquid_share) / design_heat_w, op.inlet_c);
  p.fans_w = fan_power_w(s.fans, p.fan_speed);

  const double dc_w = p.dc_w();
  p.input_w = psu_input_w(s.psu, dc_w);
  p.psu_loss_w = p.input_w - dc_w;
  // The capture fraction is a share of the node's heat, all of its input power (a rack's "85 % to
  // liquid, 15 % to air"): a node with 100 % capture puts nothing into the room, its fans' and power
  // supplies' heat included.
  p.heat_to_liquid_w = p.input_w * liquid_share;
  p.heat_to_air_w = p.input_w - p.heat_to_liquid_w;
  return p;
}

} // namespace

NodePower node_power(const SystemSpec& s, const AcceleratorSpec& a, const NodeOperatingPoint& op) {
  const double cap_w = op.accelerator_cap_w > 0 ? std::min(op.accelerator_cap_w, a.tdp_w) : a.tdp_w;
  NodePower p = evaluate(s, a, op, cap_w);
  if (s.max_power_w <= 0 || p.input_w <= s.max_power_w)
    return p;
  // Over the node maximum: the node's power brake lowers the accelerators' limit until it fits
  // (the most conservative limit wins: NVIDIA DGX user guide, 'Managing Power Capping'). Bisection on that limit.
  double lo = 0.0, hi = cap_w;
  for (int i = 0; i < 60; ++i) {
    const double mid = 0.5 * (lo + hi);
    (evaluate(s, a, op, mid).input_w > s.max_power_w ? hi : lo) = mid;
  }
  p = evaluate(s, a, op, lo);
  p.power_limited = true;
  return p;
}

} // namespace wattsim::models
