#include "sim/recorder.hpp"

#include "models/hardware/node_power.hpp"
#include "models/training/iteration.hpp"

#include <algorithm>
#include <cmath>

namespace wattsim::sim {

namespace {
constexpr double kJPerKWh = 3.6e6;

double series_max(const models::StepSeries& s, double t_end) { return s.max(0.0, t_end); }
} // namespace

double Trace::row_length(std::size_t k) const {
  return std::min(row_start(k) + dt_s, t_end_s) - row_start(k);
}

Totals compute_totals(const Scenario& scenario, const RunResult& result) {
  Totals t;
  const double end = result.simulated_s;
  t.simulated_s = end;
  t.it_energy_j = result.it_energy_j;
  t.facility_energy_j = result.facility_energy_j;
  t.peak_it_w = series_max(result.it_power_w, end);
  t.peak_facility_w = series_max(result.facility_power_w, end);
  // Carbon and cost: the exact integral of facility power times the site signal (both step functions).
  const auto carbon_w = models::StepSeries::product(result.facility_power_w, scenario.site.carbon_kg_per_j.over(end));
  const auto cost_w = models::StepSeries::product(result.facility_power_w, scenario.site.price_per_j.over(end));
  t.carbon_kg = carbon_w.integral(0.0, end);
  t.cost = cost_w.integral(0.0, end);
  if (t.facility_energy_j > 0) {
    t.mean_carbon_kg_per_j = t.carbon_kg / t.facility_energy_j;
    t.mean_price_per_j = t.cost / t.facility_energy_j;
  }
  return t;
}

Trace facility_trace(const Scenario& scenario, const RunResult& result) {
  Trace tr;
  tr.t0_s = 0;
  tr.dt_s = scenario.outputs.resolution_s;
  tr.t_end_s = result.simulated_s;
  const double end = result.simulated_s;
  auto add = [&](const std::string& name, const models::StepSeries& s, double scale) {
    auto means = s.interval_means(tr.t0_s, tr.dt_s, end);
    for (auto& v : means)
      v *= scale;
    tr.names.push_back(name);
    tr.columns.push_back(std::move(means));
  };
  const auto carbon_intensity = scenario.site.carbon_kg_per_j.over(end);
  const auto price = scenario.site.price_per_j.over(end);
  add("it_kw", result.it_power_w, 1e-3);
  add("facility_kw", result.facility_power_w, 1e-3);
  const std::size_t rows = tr.rows();
  std::vector<double> pue(rows);
  for (std::size_t k = 0; k < rows; ++k)
    pue[k] = tr.columns[0][k] > 0 ? tr.columns[1][k] / tr.columns[0][k] : 0.0;
  tr.names.push_back("pue");
  tr.columns.push_back(std::move(pue));
  add("carbon_intensity_kg_per_kwh", carbon_intensity, kJPerKWh);
  add("price_per_kwh", price, kJPerKWh);
  // Per-interval totals: mean rate x interval length.
  auto add_total = [&](const std::string& name, const models::StepSeries& rate) {
    auto means = rate.interval_means(tr.t0_s, tr.dt_s, end);
    for (std::size_t k = 0; k < means.size(); ++k)
      means[k] *= tr.row_length(k);
    tr.names.push_back(name);
    tr.columns.push_back(std::move(means));
  };
  add_total("carbon_kg", models::StepSeries::product(result.facility_power_w, carbon_intensity));
  add_total("cost", models::StepSeries::product(result.facility_power_w, price));
  add("nodes_busy", result.nodes_busy, 1.0);
  add("nodes_off", result.nodes_off, 1.0);
  add("jobs_running", result.jobs_running, 1.0);
  add("jobs_queued", result.jobs_queued, 1.0);
  static const char* kUse[] = {"gpus_productive", "gpus_checkpoint_stall", "gpus_lost", "gpus_restart"};
  for (std::size_t u = 0; u < result.gpu_use.size(); ++u)
    add(kUse[u], result.gpu_use[u], 1.0);
  if (result.battery) {
    // The grid side of the site battery, beside IT and facility power.
    add("grid_kw", result.battery->grid_w, 1e-3);
    add("battery_kw", result.battery->battery_w, 1e-3);
  }
  if (!result.rack_batteries.empty())
    add("rack_battery_kw", result.rack_battery_w, 1e-3); // all rack batteries, feed side, > 0 discharging
  if (result.power_budget.active) {
    // The site's power management: the limit in force (0: none), GPUs capped and paused by it.
    add("power_limit_kw", result.power_budget.limit_w, 1e-3);
    add("gpus_budget_capped", result.power_budget.capped_gpus, 1.0);
    add("gpus_paused", result.power_budget.paused_gpus, 1.0);
  }

  const auto& fac = result.facility;
  if (!fac.plant)
    return tr;
  // The plant's quantities, binned by the controller at this resolution.
  const auto& bins = fac.columns;
  for (std::size_t c = 0; c < bins.columns(); ++c) {
    const auto& name = bins.name(c);
    if (bins.total(c) == 0 && (name == "coolant_supply_c" || name == "facility_water_supply_c" ||
                               name == "chilled_water_supply_c"))
      continue; // a loop this plant does not have
    std::vector<double> col(rows);
    for (std::size_t k = 0; k < rows; ++k)
      col[k] = bins.mean(c, k, tr.row_length(k));
    tr.names.push_back(name);
    tr.columns.push_back(std::move(col));
  }
  // Running totals and ratios at the end of each row.
  std::vector<double> pue_cum(rows), water_cum(rows), wue(rows);
  const auto& it = tr.columns[0];
  const auto& facility = tr.columns[1];
  const std::size_t makeup = bins.column("water_makeup_l_per_h");
  const std::size_t evaporation = bins.column("water_evaporation_l_per_h");
  double it_kwh = 0, fac_kwh = 0, evap_l = 0;
  for (std::size_t k = 0; k < rows; ++k) {
    const double h = tr.row_length(k) / 3600.0;
    it_kwh += it[k] * h;
    fac_kwh += facility[k] * h;
    evap_l += bins.mean(evaporation, k, tr.row_length(k)) * h;
    pue_cum[k] = it_kwh > 0 ? fac_kwh / it_kwh : 0.0;
    water_cum[k] = evap_l / 1000.0;
    const double row_it_kwh = it[k] * h;
    wue[k] = row_it_kwh > 0 ? bins.mean(makeup, k, tr.row_length(k)) * h / row_it_kwh : 0.0;
  }
  tr.names.push_back("pue_cumulative");
  tr.columns.push_back(std::move(pue_cum));
  tr.names.push_back("water_evaporated_cumulative_m3");
  tr.columns.push_back(std::move(water_cum));
  tr.names.push_back("wue_l_per_kwh");
  tr.columns.push_back(std::move(wue));
  add("throttle_level", fac.throttle_level, 1.0);
  add("gpus_throttled", throttled_gpus(result), 1.0);
  return tr;
}

models::StepSeries throttled_gpus(const RunResult& result) {
  // Throttling caps the training state: the GPUs whose work is training (productive or later lost).
  models::StepSeries throttled;
  for (std::size_t i = 0; i < result.facility.throttle_level.size(); ++i)
    throttled.set(result.facility.throttle_level.times()[i], result.facility.throttle_level.values()[i] > 0 ? 1.0 : 0.0);
  const auto training = models::StepSeries::linear(result.gpu_use[0], 1.0, result.gpu_use[2], 1.0);
  return models::StepSeries::product(training, throttled);
}

PowerSwings power_swings(const models::StepSeries& p, double t_end) {
  PowerSwings s;
  s.bin_edges_w = {0, 1e5, 1e6, 5e6, 1e7, 2e7, std::numeric_limits<double>::infinity()};
  s.counts.assign(s.bin_edges_w.size() - 1, 0);
  const auto& t = p.times();
  const auto& v = p.values();
  for (std::size_t i = 1; i < v.size(); ++i) {
    if (t[i] >= t_end)
      break;
    const double d = v[i] - v[i - 1];
    s.largest_step_w = std::max(s.largest_step_w, std::abs(d));
    s.largest_rise_w = std::max(s.largest_rise_w, d);
    s.largest_drop_w = std::max(s.largest_drop_w, -d);
    ++s.steps;
    for (std::size_t b = 0; b + 1 < s.bin_edges_w.size(); ++b)
      if (std::abs(d) >= s.bin_edges_w[b] && std::abs(d) < s.bin_edges_w[b + 1])
        ++s.counts[b];
  }
  // Adjacent windows around each step: the mean after minus the mean before, per second. The window
  // integrals come from the running integral at each breakpoint, with the windows' ends found by
  // pointers that only move forward: O(n) a window length, not O(points in a window) a step (a
  // ramp-limited series has many points per window). Extended precision keeps the differences of the
  // running integral as exact as the direct sums.
  std::vector<long double> cumulative(t.size(), 0.0L); // integral from 0 to t[k]
  for (std::size_t k = 1; k < t.size(); ++k)
    cumulative[k] = cumulative[k - 1] + static_cast<long double>(v[k - 1]) * (t[k] - t[k - 1]);
  auto ramp = [&](double w) {
    double best = 0;
    std::size_t ka = 0, kb = 0; // breakpoints after the window's start and end
    auto integral_to = [&](double x, std::size_t& k) {
      while (k < t.size() && t[k] <= x)
        ++k;
      return k == 0 ? 0.0L : cumulative[k - 1] + static_cast<long double>(v[k - 1]) * (x - t[k - 1]);
    };
    for (std::size_t i = 1; i < t.size() && t[i] < t_end; ++i) {
      const double a = std::max(0.0, t[i] - w), b = std::min(t_end, t[i] + w);
      if (t[i] - a <= 0 || b - t[i] <= 0)
        continue;
      const long double before = (cumulative[i] - integral_to(a, ka)) / (t[i] - a);
      const long double after = (integral_to(b, kb) - cumulative[i]) / (b - t[i]);
      best = std::max(best, static_cast<double>(std::abs(after - before) / w));
    }
    return best;
  };
  s.max_ramp_1s_w_per_s = ramp(1.0);
  s.max_ramp_1min_w_per_s = ramp(60.0);
  return s;
}

IterationTrace iteration_trace(const Scenario& scenario, const RunResult& result) {
  IterationTrace tr;
  const auto& win = scenario.outputs.iteration_window;
  if (!win.enabled)
    return tr;
  std::size_t j = 0;
  while (j < scenario.jobs.size() && scenario.jobs[j].name != win.job)
    ++j;
  const auto& part = scenario.cluster.partitions[scenario.jobs[j].partition];
  const auto& job = *scenario.jobs[j].training(); // the loader allows training jobs only
  tr.start_s = win.start_s;
  tr.resolution_s = win.resolution_s;
  tr.iteration_period_s = job.iteration_s;
  tr.compute_fraction = job.activity.compute;

  // Node power in each phase of an iteration, and averaged over it (what the step model uses).
  models::NodeOperatingPoint op;
  op.host_active = true;
  op.accelerator_cap_w = part.accelerator_cap_w;
  op.liquid_cooled = part.liquid_cooled;
  op.accelerator = models::ActivityMix::computing(job.activity.utilization);
  tr.compute_node_w = models::node_power(part.system, part.accelerator, op).input_w;
  op.accelerator = models::ActivityMix{0.0, 0.0, 0.0, 1.0, 0.0};
  tr.communication_node_w = models::node_power(part.system, part.accelerator, op).input_w;
  op.accelerator = job.activity;
  const double mean_node_w = models::node_power(part.system, part.accelerator, op).input_w;

  // A run that ended (its workload done) before the window renders only what it simulated.
  const double length = std::min(win.length_s, std::max(0.0, result.simulated_s - win.start_s));
  const auto n = static_cast<std::size_t>(std::ceil(length / win.resolution_s - 1e-9));
  tr.it_w.resize(n);
  tr.facility_w.resize(n);
  const int per_node = part.system.accelerators_per_node;
  const models::IterationWaveform wave{job.iteration_s, job.activity.compute, 0.0};
  // GPUs of the job training at each instant: its productive and lost time are both training.
  const auto& uses = result.job_gpu_use;
  for (std::size_t k = 0; k < n; ++k) {
    const double a = win.start_s + static_cast<double>(k) * win.resolution_s;
    const double b = std::min(a + win.resolution_s, win.start_s + length);
    const double base = result.it_power_w.integral(a, b) / (b - a);
    double training_gpus = 0;
    if (j < uses.size())
      training_gpus = (uses[j][0].integral(a, b) + uses[j][2].integral(a, b)) / (b - a);
    const double nodes = training_gpus / per_node;
    const double compute_share = models::waveform_compute_time_s(wave, a, b) / (b - a);
    const double wave_node_w = tr.communication_node_w + compute_share * (tr.compute_node_w - tr.communication_node_w);
    tr.it_w[k] = base + nodes * (wave_node_w - mean_node_w);
    // The plant's overhead changes per facility step, far slower than an iteration: its value at the
    // sample; a fixed PUE scales the instantaneous IT power.
    tr.facility_w[k] = result.facility.plant ? tr.it_w[k] + result.facility.overhead_w.value_at(a)
                                             : tr.it_w[k] * scenario.facility.pue();
    tr.training_nodes = std::max(tr.training_nodes, static_cast<int>(std::lround(nodes)));
  }
  // Dominant frequency up to 5 Hz, which holds the 0.2-3 Hz band of training swings (Choukse et al.
  // 2025), on the trace averaged into blocks of at most 100 ms: block means keep everything below
  // 5 Hz and cut the Goertzel scan's cost (samples x grid points) by the block size.
  const auto block = static_cast<std::size_t>(std::max(1.0, std::floor(0.1 / win.resolution_s + 1e-9)));
  std::vector<double> coarse;
  for (std::size_t k = 0; k + block <= tr.it_w.size(); k += block) {
    double sum = 0;
    for (std::size_t i = 0; i < block; ++i)
      sum += tr.it_w[k + i];
    coarse.push_back(sum / static_cast<double>(block));
  }
  const double rate_hz = 1.0 / (win.resolution_s * static_cast<double>(block));
  if (coarse.size() > 8)
    tr.dominant_frequency_hz =
        models::dominant_frequency_hz(coarse, rate_hz, 2.0 / win.length_s, std::min(5.0, 0.5 * rate_hz));
  return tr;
}

} // namespace wattsim::sim
