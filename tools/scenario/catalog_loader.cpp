#include "tools/scenario/catalog_loader.hpp"

#include "tools/scenario/builtin_catalog_data.hpp"
#include "tools/scenario/reader.hpp"

#include <fmt/format.h>

namespace wattsim::scenario {

namespace {

models::Sources read_sources(Reader& r) {
  models::Sources out;
  const auto* node = r.child("sources");
  if (!node)
    return out;
  if (!node->is_map())
    throw InputError(node->where(), r.key_path("sources"), "expected a map of field: citation");
  for (const auto& [key, value] : node->entries()) {
    if (!value.is_scalar())
      throw InputError(value.where(), r.key_path("sources." + key), "expected a citation text");
    out[key] = value.scalar();
  }
  return out;
}

models::IdleActivePower idle_active(Reader& r) {
  models::IdleActivePower p;
  p.idle_w = r.quantity("idle_power", kinds::power, 0.0);
  p.active_w = r.quantity("active_power", kinds::power, 0.0);
  if (p.active_w < p.idle_w)
    r.fail("active_power", "must be at least idle_power");
  return p;
}

void read_accelerator(Reader& r, models::Catalog& catalog) {
  models::AcceleratorSpec a;
  a.name = r.string("name");
  if (catalog.accelerators.count(a.name))
    r.fail("name", fmt::format("accelerator '{}' is already in the catalog; use a new name", a.name));
  a.vendor = r.string_or("vendor", "");
  a.description = r.string_or("description", "");
  a.memory_bytes = r.quantity("memory", kinds::data, 0.0);
  a.memory_bandwidth_bytes_s = r.quantity("memory_bandwidth", kinds::bandwidth, 0.0);
  a.tdp_w = r.quantity("tdp", kinds::power, 1.0);
  a.idle_power_w = r.quantity("idle_power", kinds::power, 0.0, a.tdp_w);
  a.context_idle_power_w = r.quantity("context_idle_power", kinds::power, a.idle_power_w, a.tdp_w);
  a.power_cap_min_w = r.quantity("power_cap_min", kinds::power, 0.0, a.tdp_w);
  a.power_cap_max_w = r.quantity("power_cap_max", kinds::power, a.power_cap_min_w);
  Reader peaks = r.map("peak_flops");
  for (const auto& [key, value] : peaks.node().entries()) {
    auto p = models::parse_precision(key);
    if (!p) {
      std::vector<std::string> names(models::kPrecisionNames.begin(), models::kPrecisionNames.end());
      std::string msg = "unknown precision";
      if (auto guess = closest_match(key, names))
        msg += fmt::format("; did you mean '{}'?", *guess);
      peaks.fail(key, msg);
    }
    a.peak_flops[*p] = peaks.quantity(key, kinds::flop_rate, 0.0);
  }
  if (a.peak_flops.empty())
    r.fail("peak_flops", "needs at least one precision (bf16: 989.4 TFLOP/s, ...)");
  Reader act = r.map("activity");
  a.memory_bound_fraction = act.number("memory_bound", 0.0, 1.0);
  a.communication_fraction = act.number("communication", 0.0, 1.0);
  act.finish();
  Reader train = r.map("training");
  a.training_compute_utilization = train.number("compute_utilization", 0.0, 1.0);
  a.training_compute_fraction = train.number("compute_fraction", 0.0, 1.0);
  a.training_reference_mfu = train.number_or("reference_mfu", 0.0, 0.0, 1.0);
  train.finish();
  Reader cap = r.map("cap_sensitivity");
  a.cap_sensitivity_compute = cap.number("compute", 0.0, 1.0);
  a.cap_sensitivity_memory = cap.number("memory", 0.0, 1.0);
  cap.finish();
  if (r.has("dvfs")) {
    Reader dvfs = r.map("dvfs");
    a.dvfs_exponent = dvfs.number("exponent", 0.1, 5.0);
    dvfs.finish();
  }
  if (r.has("leakage")) {
    Reader leak = r.map("leakage");
    a.leakage_w_per_k = leak.number("watts_per_kelvin", 0.0, a.tdp_w);
    a.die_temperature_air_c = leak.quantity("die_temperature_air", kinds::temperature, -20.0, 150.0);
    a.die_temperature_liquid_c = leak.quantity("die_temperature_liquid", kinds::temperature, -20.0, 150.0);
    leak.finish();
  }
  a.sources = read_sources(r);
  catalog.accelerators.emplace(a.name, std::move(a));
}

void read_system(Reader& r, models::Catalog& catalog) {
  models::SystemSpec s;
  s.name = r.string("name");
  if (catalog.systems.count(s.name))
    r.fail("name", fmt::format("system '{}' is already in the catalog; use a new name", s.name));
  s.vendor = r.string_or("vendor", "");
  s.description = r.string_or("description", "");
  s.accelerator = r.string("accelerator");
  if (!catalog.accelerator(s.accelerator)) {
    std::vector<std::string> names;
    for (const auto& [n, _] : catalog.accelerators)
      names.push_back(n);
    std::string msg = fmt::format("unknown accelerator '{}'", s.accelerator);
    if (auto guess = closest_match(s.accelerator, names))
      msg += fmt::format("; did you mean '{}'?", *guess);
    r.fail("accelerator", msg);
  }
  s.accelerators_per_node = static_cast<int>(r.integer("accelerators_per_node", 1, 1024));
  s.max_power_w = r.quantity("max_power", kinds::power, 1.0);
  s.off_power_w = r.quantity("off_power", kinds::power, 0.0, s.max_power_w);
  s.rack_units = static_cast<int>(r.integer("rack_units", 1, 100));
  if (r.has("nodes_per_rack"))
    s.nodes_per_rack = static_cast<int>(r.integer("nodes_per_rack", 1, 1000));
  const auto cooling = r.choice("cooling", {"air", "liquid", "air-or-liquid"}, "air");
  s.cooling = cooling == "air" ? models::CoolingSupport::air
              : cooling == "liquid" ? models::CoolingSupport::liquid
                                    : models::CoolingSupport::air_or_liquid;
  s.liquid_heat_fraction = r.number("liquid_heat_fraction", 0.0, 1.0);
  if (r.has("coolant_limit"))
    s.coolant_limit_c = r.quantity("coolant_limit", kinds::temperature, 15.0, 80.0);

  Reader cpu = r.map("cpu");
  s.cpu.model = cpu.string_or("model", "");
  s.cpu.count = static_cast<int>(cpu.integer("count", 0, 64));
  s.cpu.idle_w = cpu.quantity("idle_power", kinds::power, 0.0);
  s.cpu.max_w = cpu.quantity("max_power", kinds::power, s.cpu.idle_w);
  s.cpu.busy_utilization = cpu.number("busy_utilization", 0.0, 1.0);
  cpu.finish();
  Reader mem = r.map("memory");
  s.memory_bytes = mem.quantity_or("capacity", kinds::data, 0.0, 0.0);
  s.memory = idle_active(mem);
  mem.finish();
  Reader nics = r.map("nics");
  s.nic_count = static_cast<int>(nics.integer("count", 0, 64));
  s.nic = idle_active(nics);
  nics.finish();
  Reader drives = r.map("storage");
  s.drive_count = static_cast<int>(drives.integer("count", 0, 256));
  s.drive = idle_active(drives);
  drives.finish();
  Reader other = r.map("other");
  s.other = idle_active(other);
  other.finish();
  Reader fans = r.map("fans");
  s.fans.max_power_w = fans.quantity("max_power", kinds::power, 0.0);
  s.fans.min_speed = fans.number("min_speed", 0.0, 1.0);
  s.fans.design_inlet_c = fans.quantity_or("design_inlet", kinds::temperature, s.fans.design_inlet_c, 0.0, 60.0);
  s.fans.design_rise_k =
      fans.quantity_or("design_rise", kinds::temperature_difference, s.fans.design_rise_k, 1.0, 60.0);
  fans.finish();
  Reader psu = r.map("psu");
  s.psu.count = static_cast<int>(psu.integer("count", 1, 64));
  s.psu.redundant = static_cast<int>(psu.integer_or("redundant", 0, 0, s.psu.count - 1));
  s.psu.rating_w = psu.quantity("rating", kinds::power, 1.0);
  const auto* curve = psu.child("efficiency");
  if (!curve || !curve->is_sequence() || curve->items().empty())
    psu.fail("efficiency", "expected a list of [load fraction, efficiency] pairs");
  for (const auto& pt : curve->items()) {
    const std::string path = psu.key_path("efficiency");
    if (!pt.is_sequence() || pt.items().size() != 2 || !pt.items()[0].is_scalar() || !pt.items()[1].is_scalar())
      throw InputError(pt.where(), path, "each point is [load fraction, efficiency], e.g. [0.5, 0.96]");
    auto load = parse_number(pt.items()[0].scalar());
    auto eff = parse_number(pt.items()[1].scalar());
    if (!load || !eff || *load < 0 || *load > 1.5 || *eff <= 0.3 || *eff > 1)
      throw InputError(pt.where(), path, "load fraction in [0, 1.5] and efficiency in (0.3, 1] expected");
    if (!s.psu.efficiency_curve.empty() && *load <= s.psu.efficiency_curve.back().first)
      throw InputError(pt.where(), path, "load fractions must increase");
    s.psu.efficiency_curve.emplace_back(*load, *eff);
  }
  psu.finish();
  s.sources = read_sources(r);
  r.allow({"peak_note"});
  catalog.systems.emplace(s.name, std::move(s));
}

void read_switch(Reader& r, models::Catalog& catalog) {
  models::SwitchSpec w;
  w.name = r.string("name");
  if (catalog.switches.count(w.name))
    r.fail("name", fmt::format("switch '{}' is already in the catalog; use a new name", w.name));
  w.vendor = r.string_or("vendor", "");
  w.description = r.string_or("description", "");
  w.ports = static_cast<int>(r.integer("ports", 1, 4096));
  w.port_speed_bit_s = r.quantity("port_speed", kinds::bit_rate, 0.0);
  w.max_power_w = r.quantity("max_power", kinds::power, 0.0);
  w.typical_power_w = r.quantity("typical_power", kinds::power, 0.0, w.max_power_w);
  w.sources = read_sources(r);
  catalog.switches.emplace(w.name, std::move(w));
}

} // namespace

namespace {
void read_catalog(const ConfigNode& root, models::Catalog& catalog) {
  Reader r(root, "");
  r.each("accelerators", [&](Reader& item, std::size_t) { read_accelerator(item, catalog); });
  r.each("systems", [&](Reader& item, std::size_t) { read_system(item, catalog); });
  r.each("switches", [&](Reader& item, std::size_t) { read_switch(item, catalog); });
  // Top-level `x-...` keys hold shared blocks for YAML anchors (`x-common: &common`, then `<<: *common`).
  if (root.is_map())
    for (const auto& [key, _] : root.entries())
      if (key.rfind("x-", 0) == 0)
        r.allow({key});
  r.finish();
}
} // namespace

void load_catalog_text(const std::string& text, const std::string& origin, models::Catalog& catalog) {
  read_catalog(parse_yaml_text(text, origin), catalog);
}

void load_catalog_file(const std::string& path, models::Catalog& catalog) {
  read_catalog(load_yaml_file(path), catalog);
}

const models::Catalog& builtin_catalog() {
  static const models::Catalog catalog = [] {
    models::Catalog c;
    // Order matters: systems name accelerators.
    for (const auto& file : builtin_catalog_files())
      load_catalog_text(std::string(file.text), std::string(file.name), c);
    return c;
  }();
  return catalog;
}

std::vector<std::string> unsourced_fields(const models::Sources& sources, const std::vector<std::string>& fields) {
  std::vector<std::string> missing;
  for (const auto& f : fields) {
    // A source for "cpu" covers "cpu.max_power"; one for "peak_flops" covers every precision.
    bool found = false;
    for (std::string prefix = f;; prefix = prefix.substr(0, prefix.rfind('.'))) {
      if (sources.count(prefix)) {
        found = true;
        break;
      }
      if (prefix.find('.') == std::string::npos)
        break;
    }
    if (!found)
      missing.push_back(f);
  }
  return missing;
}

std::vector<std::string> accelerator_fields(const models::AcceleratorSpec& a) {
  std::vector<std::string> f = {"memory", "memory_bandwidth", "tdp", "idle_power", "context_idle_power",
                                "power_cap_min", "power_cap_max", "activity.memory_bound",
                                "activity.communication", "training.compute_utilization",
                                "training.compute_fraction", "cap_sensitivity.compute", "cap_sensitivity.memory"};
  for (const auto& [p, _] : a.peak_flops)
    f.push_back("peak_flops." + std::string(models::to_string(p)));
  if (a.training_reference_mfu > 0)
    f.push_back("training.reference_mfu");
  if (a.dvfs_exponent > 0)
    f.push_back("dvfs.exponent");
  if (a.leakage_w_per_k > 0)
    f.insert(f.end(), {"leakage.watts_per_kelvin", "leakage.die_temperature_air", "leakage.die_temperature_liquid"});
  return f;
}

std::vector<std::string> system_fields(const models::SystemSpec& s) {
  std::vector<std::string> f = {"accelerators_per_node", "max_power", "off_power", "rack_units", "liquid_heat_fraction",
                                "cpu.idle_power", "cpu.max_power", "cpu.busy_utilization", "memory.idle_power",
                                "memory.active_power", "nics.count", "nics.idle_power", "nics.active_power",
                                "storage.count", "storage.idle_power", "storage.active_power", "other.idle_power",
                                "other.active_power", "fans.max_power", "fans.min_speed", "psu.rating",
                                "psu.efficiency"};
  if (s.nodes_per_rack)
    f.push_back("nodes_per_rack");
  if (s.coolant_limit_c > 0)
    f.push_back("coolant_limit");
  return f;
}

} // namespace wattsim::scenario
