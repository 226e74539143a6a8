#include "sim/recorder.hpp"

#include <algorithm>

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
  return tr;
}

} // namespace wattsim::sim
