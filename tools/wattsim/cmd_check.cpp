// `wattsim check`: validate a scenario and describe what it would simulate.

#include "tools/scenario/output_estimate.hpp"
#include "tools/wattsim/commands.hpp"
#include "tools/wattsim/text.hpp"

#include <cmath>

namespace wattsim::tools {

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
      fmt::print(", {}{} at full speed (from {})", t->fine_tuning ? "fine-tuning, " : "", duration_text(t->work_s),
                 t->length_basis);
    fmt::print("\n");
  }
  if (sc.jobs.size() > 20)
    fmt::print("    ... {} more\n", sc.jobs.size() - 20);
  const auto est = scenario::estimate_outputs(sc);
  fmt::print("  estimated outputs: {:.3g} trace rows, {:.3g} MB on disk; memory about {:.3g} MB (over {})\n", est.rows,
             est.bytes / 1e6, est.memory_bytes / 1e6, duration_text(est.horizon_s));
  return kExitOk;
}

} // namespace wattsim::tools
