// `wattsim sweep`: an experiment over parameter axes and seeds, from a sweep file or the command
// line's short form (--vary, --seeds, --keys). Every run is a child process (one SimGrid engine per
// process), as many at once as this machine (or this MPI rank's share of it) has cores. Every
// finished run is committed on its own (runs/<id>.json), so a sweep killed at any point and started
// again skips what finished; a run that fails is named with its error and the others go on. Under
// mpirun or srun the runs are dealt out over the ranks and rank 0 writes the tables: per run
// (sweep.csv) and per point over its seeds (sweep_summary.csv, sweep.json).

#include "tools/experiment/mpi_world.hpp"
#include "tools/experiment/run_store.hpp"
#include "tools/experiment/running_stats.hpp"
#include "tools/experiment/sweep_plan.hpp"
#include "tools/output/atomic_file.hpp"
#include "tools/output/csv_writer.hpp"
#include "tools/output/folder_name.hpp"
#include "tools/wattsim/child_process.hpp"
#include "tools/wattsim/commands.hpp"

#include <cmath>
#include <filesystem>
#include <fmt/format.h>
#include <sched.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

namespace wattsim::tools {

namespace {

using experiment::SweepPlan;

const std::vector<std::string>& default_keys() {
  static const std::vector<std::string> keys = {"it_energy_kwh", "facility_energy_kwh", "pue", "peak_facility_kw",
                                                "carbon_kg", "cost"};
  return keys;
}

std::string number_cell(double v) { return std::isnan(v) ? std::string() : fmt::format("{:.12g}", v); }

nlohmann::json number_json(double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr); }

/// A sweep file has a top-level `scenario:` (the base); a scenario file never has.
bool is_sweep_file(const std::string& path) {
  const auto root = scenario::load_yaml_file(path);
  return root.is_map() && root.find("scenario") != nullptr;
}

SweepPlan plan_from(const std::string& path, const SweepOptions& sw) {
  SweepPlan plan;
  if (is_sweep_file(path)) {
    if (!sw.vary.empty())
      throw UsageError(fmt::format("{} is a sweep file: write the axes there, not with --vary", path));
    plan = experiment::load_sweep_file(path);
  } else {
    plan.scenario_path = path;
    for (const auto& v : sw.vary)
      plan.axes.push_back(experiment::axis_from_vary(v));
  }
  if (sw.seeds > 0)
    plan.seeds = sw.seeds;
  if (!sw.keys.empty())
    plan.outputs = sw.keys;
  if (plan.outputs.empty())
    plan.outputs = default_keys();
  return plan;
}

struct Run {
  std::size_t point;
  std::uint64_t seed;
  std::string id;
  std::vector<std::string> overrides; ///< the point's and the seed's, after the sweep's own
};

/// Cores this rank may use: those it is bound to, shared with the other ranks on this machine when
/// the launcher did not bind them (mpirun --oversubscribe, srun without --cpus-per-task).
int cores_for_rank(const experiment::MpiWorld& world) {
  cpu_set_t set;
  CPU_ZERO(&set);
  int cores = sched_getaffinity(0, sizeof set, &set) == 0 ? CPU_COUNT(&set) : 1;
  const long online = sysconf(_SC_NPROCESSORS_ONLN);
  if (world.local_size() > 1 && cores >= online)
    cores /= world.local_size();
  return std::max(1, cores);
}

} // namespace

int cmd_sweep(const std::string& path, const SweepOptions& sw, const CommonOptions& c) {
  const SweepPlan plan = plan_from(path, sw);
  const auto points = experiment::expand_points(plan);
  const auto keys = experiment::axis_keys(plan);

  // Every point is loaded once here: bad input stops the sweep before anything runs.
  std::vector<Run> runs;
  std::string name;
  for (std::size_t p = 0; p < points.size(); ++p) {
    auto opts = c.load_options();
    opts.overrides.insert(opts.overrides.end(), plan.overrides.begin(), plan.overrides.end());
    for (std::size_t k = 0; k < keys.size(); ++k)
      opts.overrides.push_back(keys[k] + "=" + points[p].values[k]);
    const auto base = scenario::load_scenario(plan.scenario_path, opts);
    name = base.scenario.name;
    for (const auto& k : plan.outputs)
      check_summary_key(k, base.scenario);
    const std::uint64_t first = plan.first_seed.value_or(base.scenario.seed);
    for (int s = 0; s < plan.seeds; ++s) {
      Run r{p, first + static_cast<std::uint64_t>(s), "", opts.overrides};
      r.overrides.push_back(fmt::format("seed={}", r.seed));
      r.id = fmt::format("p{:05d}-s{}", p, r.seed);
      runs.push_back(std::move(r));
    }
  }
  const std::filesystem::path out = sw.out_dir.empty() ? "results/" + output::folder_name(name + "-sweep") : sw.out_dir;

  experiment::MpiWorld world;
  if (world.rank() == 0) {
    prepare_output_dir(out);
    // Kept run folders are replaced as a whole: one that holds other files is bad input, found now.
    if (sw.keep_outputs)
      for (std::size_t i = 0; i < runs.size(); ++i)
        prepare_replaced_output_dir(out / fmt::format("run-{:04d}", i));
  }
  world.barrier();
  const experiment::RunStore store(out);
  if (world.rank() == 0)
    store.clean();
  world.barrier();
  // What is left to run, as every rank sees it before any rank starts (hence the barrier after).
  std::vector<std::size_t> pending;
  for (std::size_t i = 0; i < runs.size(); ++i)
    if (!store.finished(runs[i].id, runs[i].overrides))
      pending.push_back(i);
  world.barrier();
  std::vector<std::size_t> mine;
  for (std::size_t j = static_cast<std::size_t>(world.rank()); j < pending.size(); j += static_cast<std::size_t>(world.size()))
    mine.push_back(pending[j]);
  if (!c.quiet && world.rank() == 0 && pending.size() < runs.size())
    fmt::print(stderr, "sweep: {} of {} runs already finished in {}/runs, running the other {}\n",
               runs.size() - pending.size(), runs.size(), out.string(), pending.size());

  std::vector<ChildBody> bodies;
  for (const std::size_t i : mine) {
    bodies.push_back([&, i](std::string&) {
      auto opts = c.load_options();
      opts.overrides = runs[i].overrides;
      const auto loaded = scenario::load_scenario(plan.scenario_path, opts);
      const auto dir = sw.keep_outputs ? (out / fmt::format("run-{:04d}", i)).string() : std::string();
      auto summary = simulate(loaded, c, dir, false);
      summary.erase("wall_time_s");
      store.commit(runs[i].id, {{"id", runs[i].id}, {"run", i}, {"point", runs[i].point}, {"seed", runs[i].seed},
                                {"overrides", runs[i].overrides}, {"rank", world.rank()}, {"summary", std::move(summary)}});
      return 0;
    });
  }
  const int parallel = sw.parallel > 0 ? sw.parallel : cores_for_rank(world);
  std::size_t finished = 0;
  long failed_here = 0;
  const bool show = !c.quiet && isatty(STDERR_FILENO) && world.size() == 1;
  run_children(bodies, parallel, [&](std::size_t b, const ChildResult& result) {
    ++finished;
    const auto& r = runs[mine[b]];
    if (result.exit_code != 0) {
      ++failed_here;
      const std::string error = !result.output.empty() ? result.output
                                : result.exit_code > 128 ? fmt::format("killed by signal {}", result.exit_code - 128)
                                                         : fmt::format("exit {}", result.exit_code);
      fmt::print(stderr, "{}sweep: run {} ({}) failed: {}\n", show ? "\r\033[K" : "", r.id,
                 fmt::join(r.overrides.end() - static_cast<long>(keys.size()) - 1, r.overrides.end(), " "), error);
      store.record_failure(r.id, {{"id", r.id}, {"overrides", r.overrides}, {"error", error}});
    }
    if (show)
      fmt::print(stderr, "\rsweep: {}/{} runs", finished, mine.size());
  });
  if (show)
    fmt::print(stderr, "\r\033[K");
  world.barrier();
  const long failed = world.sum(failed_here);
  if (world.rank() != 0)
    return failed_here ? kExitInternal : kExitOk;

  // Rank 0 tabulates from the committed runs: this start's and earlier ones'.
  std::vector<std::vector<double>> values(runs.size(), std::vector<double>(plan.outputs.size(), NAN));
  std::vector<std::string> errors(runs.size());
  std::vector<bool> ok(runs.size(), false);
  for (std::size_t i = 0; i < runs.size(); ++i) {
    if (auto rec = store.finished(runs[i].id, runs[i].overrides)) {
      ok[i] = true;
      for (std::size_t k = 0; k < plan.outputs.size(); ++k)
        if (auto v = summary_value((*rec)["summary"], plan.outputs[k]))
          values[i][k] = *v;
    } else if (auto f = store.failure(runs[i].id)) {
      errors[i] = (*f)["error"].get<std::string>();
    } else {
      errors[i] = "did not finish";
    }
  }
  for (std::size_t k = 0; k < plan.outputs.size(); ++k) {
    bool any = false;
    for (std::size_t i = 0; i < runs.size(); ++i)
      any |= !std::isnan(values[i][k]);
    if (!any && failed < static_cast<long>(runs.size()))
      spdlog::warn("no run's summary has a number at '{}' (docs/outputs/summary.md lists the keys)", plan.outputs[k]);
  }

  output::AtomicFileSet files(out);
  std::vector<std::string> per_run_header = {"run", "seed"};
  per_run_header.insert(per_run_header.end(), keys.begin(), keys.end());
  per_run_header.insert(per_run_header.end(), plan.outputs.begin(), plan.outputs.end());
  per_run_header.insert(per_run_header.end(), {"variant", "error"});
  output::CsvWriter per_run(files.open("sweep.csv"), per_run_header);
  for (std::size_t i = 0; i < runs.size(); ++i) {
    per_run.integer(static_cast<std::int64_t>(i)).text(std::to_string(runs[i].seed));
    for (const auto& v : points[runs[i].point].values)
      per_run.text(v);
    for (double v : values[i])
      per_run.text(number_cell(v));
    per_run.integer(static_cast<std::int64_t>(runs[i].point)).text(errors[i]);
    per_run.end_row();
  }
  per_run.flush();

  nlohmann::json doc;
  doc["scenario"] = name;
  doc["scenario_path"] = plan.scenario_path;
  doc["seeds"] = plan.seeds;
  doc["outputs"] = plan.outputs;
  doc["confidence"] = plan.confidence;
  doc["axes"] = nlohmann::json::array();
  for (const auto& a : plan.axes) {
    nlohmann::json axis = {{"keys", a.keys}, {"points", a.points}};
    if (a.keys.size() == 1) {
      axis["key"] = a.keys.front();
      axis["values"] = nlohmann::json::array();
      for (const auto& p : a.points)
        axis["values"].push_back(p.front());
    }
    doc["axes"].push_back(std::move(axis));
  }
  doc["failures"] = nlohmann::json::array();
  for (std::size_t i = 0; i < runs.size(); ++i)
    if (!ok[i])
      doc["failures"].push_back({{"run", i}, {"id", runs[i].id}, {"variant", runs[i].point}, {"seed", runs[i].seed},
                                 {"error", errors[i]}});
  doc["variants"] = nlohmann::json::array();
  std::vector<std::string> summary_header = {"variant", "runs"};
  summary_header.insert(summary_header.end(), keys.begin(), keys.end());
  for (const auto& k : plan.outputs)
    for (const char* stat : {":mean", ":std", ":min", ":max", ":ci_low", ":ci_high"})
      summary_header.push_back(k + stat);
  summary_header.emplace_back("failed");
  output::CsvWriter summary_csv(files.open("sweep_summary.csv"), summary_header);
  if (!c.quiet) {
    fmt::print("{:<4}", "#");
    for (const auto& k : keys)
      fmt::print(" {:>16}", k.substr(k.size() > 16 ? k.size() - 16 : 0));
    for (const auto& k : plan.outputs)
      fmt::print(" {:>22}", k.substr(k.size() > 22 ? k.size() - 22 : 0));
    fmt::print("\n");
  }
  // Runs are laid out point by point, seeds together.
  for (std::size_t p = 0; p < points.size(); ++p) {
    const std::size_t begin = p * static_cast<std::size_t>(plan.seeds), end = begin + static_cast<std::size_t>(plan.seeds);
    std::size_t good = 0;
    for (std::size_t i = begin; i < end; ++i)
      good += ok[i];
    nlohmann::json entry = {{"values", points[p].values}, {"runs", good}, {"failed", plan.seeds - static_cast<long>(good)}};
    summary_csv.integer(static_cast<std::int64_t>(p)).integer(static_cast<std::int64_t>(good));
    for (const auto& value : points[p].values)
      summary_csv.text(value);
    if (!c.quiet) {
      fmt::print("{:<4}", p);
      for (const auto& value : points[p].values)
        fmt::print(" {:>16}", value);
    }
    for (std::size_t k = 0; k < plan.outputs.size(); ++k) {
      experiment::RunningStats st;
      for (std::size_t i = begin; i < end; ++i)
        if (!std::isnan(values[i][k]))
          st.add(values[i][k]);
      const double half = st.ci_half_width(plan.confidence);
      entry["keys"][plan.outputs[k]] = {{"mean", number_json(st.mean())},       {"std", number_json(st.stddev())},
                                        {"min", number_json(st.min())},         {"max", number_json(st.max())},
                                        {"ci_low", number_json(st.mean() - half)}, {"ci_high", number_json(st.mean() + half)},
                                        {"runs", st.count()}};
      for (double x : {st.mean(), st.count() ? st.stddev() : NAN, st.min(), st.max(), st.mean() - half, st.mean() + half})
        summary_csv.text(number_cell(x));
      if (!c.quiet)
        fmt::print(" {:>22}", st.count() == 0         ? std::string("-")
                              : plan.seeds > 1 ? fmt::format("{:.5g} ±{:.2g}", st.mean(), st.stddev())
                                               : fmt::format("{:.6g}", st.mean()));
    }
    summary_csv.integer(plan.seeds - static_cast<std::int64_t>(good));
    summary_csv.end_row();
    if (!c.quiet)
      fmt::print("\n");
    doc["variants"].push_back(std::move(entry));
  }
  summary_csv.flush();
  files.open("sweep.json") << doc.dump(2) << '\n';
  files.commit();
  if (!c.quiet)
    fmt::print("{} runs; tables in {}/ (sweep.csv, sweep_summary.csv, sweep.json)\n", runs.size(), out.string());
  const auto missing = doc["failures"].size();
  if (missing) {
    fmt::print(stderr, "sweep: {} of {} runs failed (their errors are in sweep.csv); run the same command again to retry "
                       "them, the finished runs are kept\n", missing, runs.size());
    return kExitInternal;
  }
  return kExitOk;
}

} // namespace wattsim::tools
