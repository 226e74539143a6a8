#include "tools/output/run_writer.hpp"

#include "sim/recorder.hpp"
#include "tools/output/atomic_file.hpp"

#include <charconv>
#include <chrono>
#include <ctime>
#include <fmt/format.h>
#include <simgrid/config.h>
#include <simgrid/version.h>

namespace wattsim::output {

namespace {

constexpr double kJPerKWh = 3.6e6;

// Fixed, locale-free number formatting: 12 significant digits keep every row's rounding below 1e-12
// relative, far inside the 1e-9 the trace integral promises.
void append_num(fmt::memory_buffer& buf, double v) {
  char text[32];
  const auto r = std::to_chars(text, text + sizeof text, v == 0 ? 0.0 : v, std::chars_format::general, 12);
  buf.append(text, r.ptr);
}

std::string num(double v) {
  fmt::memory_buffer buf;
  append_num(buf, v);
  return fmt::to_string(buf);
}

void write_csv(std::ostream& out, const std::vector<std::string>& header) {
  for (std::size_t i = 0; i < header.size(); ++i)
    out << (i ? "," : "") << header[i];
  out << '\n';
}

double job_gpu_hours(const sim::JobRecord& j, double t_end) {
  if (!j.started())
    return 0.0;
  const double end = j.finished() ? j.end_s : t_end;
  return j.accelerators * (end - j.start_s) / 3600.0;
}

std::string utc_now() {
  const auto t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

} // namespace

nlohmann::json summary_json(const scenario::LoadedScenario& loaded, const sim::RunResult& r) {
  const auto& sc = loaded.scenario;
  const auto totals = sim::compute_totals(sc, r);
  nlohmann::json s;
  s["scenario"] = sc.name;
  s["seed"] = sc.seed;
  s["simulated_s"] = r.simulated_s;
  s["simulated_days"] = r.simulated_s / 86400.0;
  s["nodes"] = r.node_count;
  s["accelerators"] = r.accelerator_count;
  s["it_energy_kwh"] = totals.it_energy_j / kJPerKWh;
  s["facility_energy_kwh"] = totals.facility_energy_j / kJPerKWh;
  s["pue"] = totals.pue();
  s["peak_it_kw"] = totals.peak_it_w / 1e3;
  s["peak_facility_kw"] = totals.peak_facility_w / 1e3;
  s["mean_it_kw"] = r.simulated_s > 0 ? totals.it_energy_j / r.simulated_s / 1e3 : 0.0;
  s["mean_facility_kw"] = r.simulated_s > 0 ? totals.facility_energy_j / r.simulated_s / 1e3 : 0.0;
  s["carbon_kg"] = totals.carbon_kg;
  s["carbon_intensity_mean_kg_per_kwh"] = totals.mean_carbon_kg_per_j * kJPerKWh;
  s["cost"] = totals.cost;
  s["currency"] = sc.site.currency;
  s["energy_check"] = {
      {"simgrid_it_energy_kwh", r.simgrid_energy_j / kJPerKWh},
      {"relative_difference", r.it_energy_j > 0 ? (r.simgrid_energy_j - r.it_energy_j) / r.it_energy_j : 0.0}};
  auto& jobs = s["jobs"] = nlohmann::json::array();
  for (const auto& j : r.jobs) {
    nlohmann::json o;
    o["name"] = j.name;
    o["partition"] = j.partition;
    o["nodes"] = j.nodes;
    o["gpus"] = j.accelerators;
    o["gpu_hours"] = job_gpu_hours(j, r.simulated_s);
    o["submit_s"] = j.submit_s;
    o["start_s"] = j.started() ? nlohmann::json(j.start_s) : nlohmann::json(nullptr);
    o["end_s"] = j.finished() ? nlohmann::json(j.end_s) : nlohmann::json(nullptr);
    o["wait_s"] = j.started() ? nlohmann::json(j.start_s - j.submit_s) : nlohmann::json(nullptr);
    o["completed"] = j.finished();
    o["progress"] = j.progress;
    o["throughput"] = j.throughput;
    o["energy_kwh"] = j.energy_j / kJPerKWh;
    const double gh = job_gpu_hours(j, r.simulated_s);
    o["it_kwh_per_gpu_hour"] = gh > 0 ? j.energy_j / kJPerKWh / gh : 0.0;
    jobs.push_back(std::move(o));
  }
  s["events"] = {{"time_advances", r.counters.time_advances},
                 {"state_changes", r.counters.state_changes},
                 {"host_state_changes", r.counters.host_state_changes},
                 {"scheduler_passes", r.counters.scheduler_passes},
                 {"total", r.counters.events()}};
  return s;
}

std::vector<std::string> write_run(const std::filesystem::path& dir, const scenario::LoadedScenario& loaded,
                                   const sim::RunResult& r, const RunInfo& info) {
  const auto& sc = loaded.scenario;
  AtomicFileSet files(dir);

  files.open("summary.json") << summary_json(loaded, r).dump(2) << '\n';

  const auto trace = sim::facility_trace(sc, r);
  {
    auto& out = files.open("timeseries.csv");
    std::vector<std::string> header = {"time_s"};
    header.insert(header.end(), trace.names.begin(), trace.names.end());
    write_csv(out, header);
    fmt::memory_buffer buf;
    for (std::size_t k = 0; k < trace.rows(); ++k) {
      append_num(buf, trace.row_start(k));
      for (const auto& col : trace.columns) {
        buf.push_back(',');
        append_num(buf, col[k]);
      }
      buf.push_back('\n');
      if (buf.size() > (1 << 20)) {
        out.write(buf.data(), static_cast<std::streamsize>(buf.size()));
        buf.clear();
      }
    }
    out.write(buf.data(), static_cast<std::streamsize>(buf.size()));
  }
  {
    auto& out = files.open("jobs.csv");
    write_csv(out, {"name", "partition", "nodes", "gpus", "submit_s", "start_s", "end_s", "gpu_hours", "energy_kwh",
                    "progress"});
    for (const auto& j : r.jobs)
      out << j.name << ',' << j.partition << ',' << j.nodes << ',' << j.accelerators << ',' << num(j.submit_s) << ','
          << (j.started() ? num(j.start_s) : "") << ',' << (j.finished() ? num(j.end_s) : "") << ','
          << num(job_gpu_hours(j, r.simulated_s)) << ',' << num(j.energy_j / kJPerKWh) << ',' << num(j.progress)
          << '\n';
  }
  auto write_long = [&](const std::string& name, const std::string& key, const std::vector<std::string>& labels,
                        const std::vector<models::StepSeries>& series, bool skip_zero) {
    auto& out = files.open(name);
    write_csv(out, {"time_s", key, "it_kw"});
    std::vector<std::vector<double>> means;
    for (const auto& s : series)
      means.push_back(s.interval_means(0.0, sc.outputs.resolution_s, r.simulated_s));
    const std::size_t rows = models::interval_count(0.0, sc.outputs.resolution_s, r.simulated_s);
    for (std::size_t k = 0; k < rows; ++k)
      for (std::size_t i = 0; i < series.size(); ++i)
        if (!skip_zero || means[i][k] != 0)
          out << num(trace.row_start(k)) << ',' << labels[i] << ',' << num(means[i][k] / 1e3) << '\n';
  };
  if (sc.outputs.rack_traces)
    write_long("rack_timeseries.csv", "rack", r.rack_names, r.rack_power_w, false);
  if (sc.outputs.job_traces) {
    std::vector<std::string> names;
    for (const auto& j : r.jobs)
      names.push_back(j.name);
    write_long("job_timeseries.csv", "job", names, r.job_power_w, true);
  }

  nlohmann::json m;
  m["wattsim_version"] = info.version;
  m["simgrid_version"] = fmt::format("{}.{}", SIMGRID_VERSION_MAJOR, SIMGRID_VERSION_MINOR);
  m["scenario"] = sc.name;
  m["scenario_path"] = loaded.path;
  m["scenario_hash"] = loaded.hash;
  m["seed"] = sc.seed;
  m["command"] = info.command_line;
  m["finished_at"] = utc_now();
  m["wall_time_s"] = info.wall_s;
  m["peak_rss_mb"] = static_cast<double>(info.peak_rss_kb) / 1024.0;
  m["simulated_s"] = r.simulated_s;
  m["events"] = {{"time_advances", r.counters.time_advances},
                 {"state_changes", r.counters.state_changes},
                 {"host_state_changes", r.counters.host_state_changes},
                 {"scheduler_passes", r.counters.scheduler_passes},
                 {"total", r.counters.events()}};
  auto names = files.names();
  names.push_back("manifest.json");
  m["files"] = names;
  files.open("manifest.json") << m.dump(2) << '\n';
  files.commit();
  return names;
}

} // namespace wattsim::output
