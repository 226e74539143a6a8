// `wattsim run`: simulate one scenario and write its output folder.

#include "sim/simulation.hpp"
#include "tools/output/atomic_file.hpp"
#include "tools/output/folder_name.hpp"
#include "tools/output/run_writer.hpp"
#include "tools/output/vs_fifo.hpp"
#include "tools/wattsim/child_process.hpp"
#include "tools/wattsim/commands.hpp"
#include "tools/wattsim/progress.hpp"
#include "tools/wattsim/text.hpp"

#include <chrono>
#include <fstream>
#include <malloc.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

namespace wattsim::tools {

nlohmann::json simulate(const scenario::LoadedScenario& loaded, const CommonOptions& c, const std::string& out_dir,
                        bool progress, bool summary_jobs) {
  const output::RunStart started;
  const auto wall0 = started.steady;
  output::RunInfo info;
  nlohmann::json fifo;
  if (output::compares_with_fifo(loaded.scenario)) {
    // The same scenario first come, first served, simulated in full (in a child: one SimGrid engine
    // per process): the carbon and cost saved and the delay paid are the difference of two runs.
    // `outputs.compare_fifo: false` skips it.
    const auto child = run_in_child([&](std::string& out) {
      sim::RunOptions quiet;
      const auto baseline = output::fifo_baseline(loaded.scenario);
      out = output::run_figures(baseline, sim::run_simulation(baseline, quiet)).dump();
      return 0;
    });
    if (child.exit_code != 0)
      throw std::runtime_error(fmt::format("the first-come, first-served run for the comparison failed: {}", child.output));
    fifo = nlohmann::json::parse(child.output);
  }
  tools::ProgressBar bar(loaded.scenario.name);
  sim::RunOptions opts;
  opts.simgrid_verbose = c.verbosity >= 2;
  if (progress && !c.quiet)
    opts.progress = [&](double t, double f) { bar.update(t, f); };
  const auto result = sim::run_simulation(loaded.scenario, opts);
  // Give the memory the simulation freed back to the system before the outputs are built: glibc keeps
  // freed blocks inside its heap, where the ended job actors' stacks stayed resident through the output
  // phase, the run's peak (+13 MB on case (k), docs/performance.md).
  malloc_trim(0);
  bar.finish();
  if (!fifo.is_null())
    info.vs_fifo = output::vs_fifo_json(loaded.scenario, output::run_figures(loaded.scenario, result), fifo);
  const auto wall_sim = std::chrono::steady_clock::now();
  spdlog::debug("simulation: {:.3f} s wall", std::chrono::duration<double>(wall_sim - wall0).count());
  if (out_dir.empty()) {
    auto s = output::summary_json(loaded, result);
    if (!info.vs_fifo.is_null())
      s["vs_fifo"] = info.vs_fifo;
    return s;
  }
  info.started = started;
  info.command_line = c.command_line;
  info.version = WATTSIM_VERSION;
  info.summary_jobs = summary_jobs;
  auto summary = output::write_run(out_dir, loaded, result, info); // with the wall time, outputs included
  spdlog::debug("outputs: {:.3f} s wall",
                std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_sim).count());
  return summary;
}

void prepare_output_dir(const std::filesystem::path& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec || !std::filesystem::is_directory(dir))
    throw UsageError(fmt::format("output folder {}: cannot create it ({})", dir.string(),
                                 ec ? ec.message() : "a file of that name exists"));
  // A fresh folder by mkdtemp, not a fixed name: a link planted at a predictable name is never followed.
  std::string probe = (dir / ".wattsim-write-test-XXXXXX").string();
  if (!mkdtemp(probe.data()))
    throw UsageError(fmt::format("output folder {}: cannot write in it", dir.string()));
  std::filesystem::remove(probe, ec);
}

void prepare_replaced_output_dir(const std::filesystem::path& dir) {
  if (const auto why = output::OutputFolder::check(dir))
    throw UsageError(fmt::format("output folder {}: {}", dir.string(), *why));
}

int cmd_run(const std::string& path, const std::string& out_dir_arg, const CommonOptions& c) {
  auto loaded = scenario::load_scenario(path, c.load_options());
  const std::string out_dir = out_dir_arg.empty() ? "results/" + output::folder_name(loaded.scenario.name) : out_dir_arg;
  spdlog::debug("scenario {} loaded, hash {}", loaded.scenario.name, loaded.hash);
  prepare_replaced_output_dir(out_dir);
  // The console needs the job counts, not the jobs: a large run's summary is never held whole.
  const auto s = simulate(loaded, c, out_dir, true, false);
  if (c.quiet)
    return kExitOk;
  const auto done = s["jobs_completed"].get<std::size_t>();
  fmt::print("{}: {} simulated in {:.3f} s wall\n", loaded.scenario.name, duration_text(s["simulated_s"]),
             s["wall_time_s"].get<double>());
  fmt::print("  cluster     {} nodes, {} accelerators; jobs finished {}/{}\n", s["nodes"].get<long>(),
             s["accelerators"].get<long>(), done, s["job_count"].get<std::size_t>());
  fmt::print("  IT energy   {}   peak {}\n", energy_text(s["it_energy_kwh"]), power_text(s["peak_it_kw"]));
  fmt::print("  facility    {}   peak {}   PUE {:.3f}\n", energy_text(s["facility_energy_kwh"]),
             power_text(s["peak_facility_kw"]), s["pue"].get<double>());
  fmt::print("  carbon      {:.1f} t CO2e   cost {:.0f} {}\n", s["carbon_kg"].get<double>() / 1e3,
             s["cost"].get<double>(), loaded.scenario.site.currency);
  if (s.contains("vs_fifo")) {
    const auto& v = s["vs_fifo"];
    fmt::print("  vs FIFO     carbon saved {:.1f} kg, cost saved {:.0f} {}; delay {:.1f} job-hours ({} flexible jobs)\n",
               v["site"]["carbon_saved_kg"].get<double>(), v["site"]["cost_saved"].get<double>(),
               loaded.scenario.site.currency, v["flexible"]["delay_job_hours"].get<double>(),
               v["flexible"]["jobs"].get<std::size_t>());
  }
  auto positive = [&](const char* key) { return s[key].is_number() && s[key].get<double>() > 0; };
  if (positive("throttled_gpu_hours"))
    fmt::print("  throttled   {:.0f} GPU-hours (hall too hot: GPUs capped below TDP)\n",
               s["throttled_gpu_hours"].get<double>());
  if (s.contains("design_conditions") && s["design_conditions"].is_object()) {
    // What the plant was sized for, and how it fared in the hours above it (GPU throttling is the line above).
    const auto& d = s["design_conditions"];
    const auto& above = d["above_dry_bulb"];
    const double hours = d["hours_above_dry_bulb"].get<double>();
    std::string then;
    if (hours > 0) {
      then = fmt::format(", cooling PUE {:.2f} then", above["pue_partial_cooling"].get<double>());
      if (above["capacity_shortfall_hours"].get<double>() > 0)
        then += fmt::format(", {:.0f} h short of capacity", above["capacity_shortfall_hours"].get<double>());
    }
    fmt::print("  design      {:.1f} °C dry bulb / {:.1f} °C coincident wet bulb, {:.1f} °C wet bulb ({}): {:.0f} h above "
               "the dry bulb{}\n",
               d["dry_bulb_c"].get<double>(), d["coincident_wet_bulb_c"].get<double>(), d["wet_bulb_c"].get<double>(),
               d["source"].get<std::string>(), hours, then);
  }
  if (positive("water_onsite_m3") || positive("water_total_m3"))
    fmt::print("  water       {:.0f} m³ on site{}\n", s["water_onsite_m3"].get<double>(),
               positive("water_total_m3") ? fmt::format(", {:.0f} m³ in total", s["water_total_m3"].get<double>()) : "");
  fmt::print("  outputs     {}/ ({})\n", out_dir, fmt::join(s["files"].get<std::vector<std::string>>(), ", "));
  return kExitOk;
}

} // namespace wattsim::tools
