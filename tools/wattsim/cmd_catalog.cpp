// `wattsim catalog`: the hardware catalog, one entry with its sources, or all.

#include "sim/power_states.hpp"
#include "tools/scenario/catalog_loader.hpp"
#include "tools/scenario/reader.hpp"
#include "tools/wattsim/commands.hpp"

#include <fmt/format.h>
#include <vector>

namespace wattsim::tools {

namespace {

// The engine's own power states (sim/power_states.cpp) for one node of `s`, at the fans' 25 °C design
// inlet: what a user needs to check a system entry before simulating with it
// (docs/models/node-power.md).
void print_power_states(const models::SystemSpec& s, const models::AcceleratorSpec& acc) {
  std::vector<std::pair<std::string, bool>> variants = {{"", s.cooling == models::CoolingSupport::liquid}};
  if (s.cooling == models::CoolingSupport::air_or_liquid)
    variants.push_back({", liquid", true});
  fmt::print("  power states at 25 °C inlet (W):\n    {:<17} {:>8} {:>8} {:>8} {:>7} {:>7} {:>8}\n", "state", "input",
             "accel", "host", "fans", "PSU", "to air");
  fmt::print("    {:<17} {:>8.0f}\n", "off", s.off_power_w);
  for (const auto& [suffix, liquid] : variants) {
    sim::Partition part;
    part.system = s;
    part.accelerator = acc;
    part.liquid_cooled = liquid;
    sim::PowerStates states(part);
    const auto training = states.add(states.training_op(
        models::ActivityMix::training(acc.training_compute_fraction, acc.training_compute_utilization)));
    std::vector<std::pair<std::string, sim::PState>> rows = {
        {"idle", states.idle}, {"booting", states.booting}, {"waiting", states.waiting}, {"training", training}};
    if (!suffix.empty())
      rows = {rows.back()}; // the other cooling: training is where it differs
    for (const auto& [name, state] : rows) {
      const auto& p = states.power(state);
      fmt::print("    {:<17} {:>8.0f} {:>8.0f} {:>8.0f} {:>7.0f} {:>7.0f} {:>8.0f}{}\n", name + suffix, p.input_w,
                 p.accelerators_w, p.cpus_w + p.memory_w + p.nics_w + p.storage_w + p.other_w, p.fans_w, p.psu_loss_w,
                 p.heat_to_air_w, p.power_limited ? "  (power brake)" : "");
    }
  }
}

} // namespace

int cmd_catalog(const std::string& name, bool sources, const CommonOptions& c) {
  models::Catalog cat = scenario::builtin_catalog();
  for (const auto& f : c.catalogs)
    scenario::load_catalog_file(f, cat);
  auto print_sources = [](const models::Sources& s) {
    for (const auto& [k, v] : s)
      fmt::print("      {}: {}\n", k, v);
  };
  if (!name.empty()) {
    if (const auto* a = cat.accelerator(name)) {
      fmt::print("accelerator {} ({}): {}\n", a->name, a->vendor, a->description);
      fmt::print("  TDP {:.0f} W, idle {:.0f} W, cap {:.0f}-{:.0f} W, memory {:.0f} GB\n", a->tdp_w, a->idle_power_w,
                 a->power_cap_min_w, a->power_cap_max_w, a->memory_bytes / 1e9);
      for (const auto& [p, f] : a->peak_flops)
        fmt::print("  peak {}: {:.1f} TFLOP/s\n", models::to_string(p), f / 1e12);
      fmt::print("  sources:\n");
      print_sources(a->sources);
      return kExitOk;
    }
    if (const auto* s = cat.system(name)) {
      fmt::print("system {} ({}): {}\n", s->name, s->vendor, s->description);
      fmt::print("  {} x {}, max {:.2f} kW, {} U, liquid heat fraction {:.2f}\n", s->accelerators_per_node,
                 s->accelerator, s->max_power_w / 1e3, s->rack_units, s->liquid_heat_fraction);
      if (const auto* acc = cat.accelerator(s->accelerator))
        print_power_states(*s, *acc);
      fmt::print("  sources:\n");
      print_sources(s->sources);
      return kExitOk;
    }
    if (const auto* w = cat.network_switch(name)) {
      fmt::print("switch {} ({}): {} ports, max {:.0f} W, typical {:.0f} W\n", w->name, w->vendor, w->ports,
                 w->max_power_w, w->typical_power_w);
      print_sources(w->sources);
      return kExitOk;
    }
    std::vector<std::string> names;
    for (const auto& [n, _] : cat.accelerators)
      names.push_back(n);
    for (const auto& [n, _] : cat.systems)
      names.push_back(n);
    for (const auto& [n, _] : cat.switches)
      names.push_back(n);
    std::string msg = fmt::format("error: no catalog entry named '{}'", name);
    if (auto guess = scenario::closest_match(name, names))
      msg += fmt::format("; did you mean '{}'?", *guess);
    fmt::print(stderr, "{}\n", msg);
    return kExitBadInput;
  }
  fmt::print("Accelerators\n  {:<16} {:>7} {:>7} {:>9} {:>12}  {}\n", "name", "TDP W", "idle W", "memory", "bf16 TF/s",
             "vendor");
  for (const auto& [n, a] : cat.accelerators) {
    const auto bf16 = a.peak(models::Precision::bf16);
    fmt::print("  {:<16} {:>7.0f} {:>7.0f} {:>6.0f} GB {:>12}  {}\n", n, a.tdp_w, a.idle_power_w, a.memory_bytes / 1e9,
               bf16 ? fmt::format("{:.1f}", *bf16 / 1e12) : "-", a.vendor);
    if (sources)
      print_sources(a.sources);
  }
  fmt::print("Systems\n  {:<16} {:>5} {:<16} {:>9} {:>4} {:>8}\n", "name", "accel", "accelerator", "max kW", "U",
             "liquid");
  for (const auto& [n, s] : cat.systems) {
    fmt::print("  {:<16} {:>5} {:<16} {:>9.2f} {:>4} {:>8.2f}\n", n, s.accelerators_per_node, s.accelerator,
               s.max_power_w / 1e3, s.rack_units, s.liquid_heat_fraction);
    if (sources)
      print_sources(s.sources);
  }
  fmt::print("Switches\n  {:<16} {:>5} {:>10} {:>10}\n", "name", "ports", "max W", "typical W");
  for (const auto& [n, w] : cat.switches) {
    fmt::print("  {:<16} {:>5} {:>10.0f} {:>10.0f}\n", n, w.ports, w.max_power_w, w.typical_power_w);
    if (sources)
      print_sources(w.sources);
  }
  if (!sources)
    fmt::print("(`wattsim catalog NAME` shows one entry with the source of every number; --sources for all)\n");
  return kExitOk;
}

} // namespace wattsim::tools
