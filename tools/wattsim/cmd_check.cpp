// `wattsim check`: validate a scenario and describe what it would simulate.

#include "tools/scenario/output_estimate.hpp"
#include "tools/wattsim/commands.hpp"
#include "tools/wattsim/text.hpp"

#include "sim/design_check.hpp"

#include <cmath>

namespace wattsim::tools {

namespace {

// The plant at its design conditions: what the servers and cold plates would see, and a warning when
// the design throttles the GPUs at the very conditions it was sized for.
void print_design_check(const sim::Scenario& sc) {
  const auto d = sim::design_check(sc);
  if (!d.plant)
    return;
  const auto& f = sc.facility;
  fmt::print("  design      {:.1f} °C dry bulb / {:.1f} °C wet bulb ({}), {} of IT heat ({} to liquid): cooling {}\n",
             d.dry_bulb_c, d.wet_bulb_c, f.design_conditions_source == "epw" ? "ASHRAE 0.4 % of the EPW hours" : f.design_conditions_source, power_text(d.it_heat_w / 1e3), power_text(d.liquid_heat_w / 1e3),
             power_text(d.cooling_w / 1e3));
  fmt::print("              server inlet {:.1f} °C (limit {:.1f} °C)", d.server_inlet_c, f.inlet_limit_c);
  if (std::isfinite(d.coolant_supply_c))
    fmt::print(", cold-plate coolant {:.1f} °C (limit {:.1f} °C)", d.coolant_supply_c, f.coolant_limit_c);
  fmt::print("\n");
  if (d.inlet_throttles)
    fmt::print("  warning: at its design conditions the server inlet reaches {:.1f} °C, above the {:.1f} °C limit: "
               "the GPUs will throttle (facility.throttle.inlet_limit)\n",
               d.server_inlet_c, f.inlet_limit_c);
  if (d.coolant_throttles)
    fmt::print("  warning: at its design conditions the cold-plate coolant reaches {:.1f} °C, above the {:.1f} °C "
               "limit of the liquid-cooled systems: the GPUs will throttle (lower facility.liquid.supply or the "
               "class)\n",
               d.coolant_supply_c, f.coolant_limit_c);
}

} // namespace

int cmd_check(const std::string& path, const CommonOptions& c) {
  auto loaded = scenario::load_scenario(path, c.load_options());
  const auto& sc = loaded.scenario;
  fmt::print("{}: valid (hash {})\n", path, loaded.hash.substr(0, 16));
  for (const auto& p : sc.cluster.partitions) {
    fmt::print("  partition {}: {} x {} (+{} spare), {} per rack, {} racks, {} {}\n", p.name, p.nodes, p.system.name,
               p.spare_nodes, p.nodes_per_rack, p.racks(), p.accelerator.name,
               p.liquid_cooled ? "liquid-cooled" : "air-cooled");
  }
  fmt::print("  jobs: {}; horizon: {}\n", sc.jobs.size(),
             std::isfinite(sc.duration_s) ? duration_text(sc.duration_s) : "until the workload ends");
  for (std::size_t i = 0; i < sc.jobs.size() && i < 20; ++i) {
    const auto& j = sc.jobs[i];
    fmt::print("    {}: {} nodes ({} accelerators)", j.name, j.nodes, j.accelerators);
    if (const auto* t = j.training())
      fmt::print(", {}{} at full speed (from {}){}", t->fine_tuning ? "fine-tuning, " : "", duration_text(t->work_s),
                 t->length_basis, t->preemptible ? (t->preempt_kill ? ", preemptible (killed)" : ", preemptible") : "");
    if (const auto* s = j.service(); s && s->preempt) {
      const int borrowable = (s->autoscaler.max_replicas - s->reserved_replicas) / s->unit_replicas() * s->unit_nodes();
      fmt::print(", borrows up to {} more nodes (preempt)", borrowable);
    }
    fmt::print("\n");
  }
  if (sc.jobs.size() > 20)
    fmt::print("    ... {} more\n", sc.jobs.size() - 20);
  const auto est = scenario::estimate_outputs(sc);
  fmt::print("  estimated outputs: {:.3g} trace rows, {:.3g} MB on disk; memory about {:.3g} MB (over {})\n", est.rows,
             est.bytes / 1e6, est.memory_bytes / 1e6, duration_text(est.horizon_s));
  print_design_check(sc);
  return kExitOk;
}

} // namespace wattsim::tools
