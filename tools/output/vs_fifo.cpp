#include "tools/output/vs_fifo.hpp"

#include "sim/recorder.hpp"
#include "sim/service_footprint.hpp"

#include <algorithm>

namespace wattsim::output {

bool compares_with_fifo(const sim::Scenario& scenario) {
  return scenario.scheduler.defer != sim::DeferTo::none && scenario.outputs.compare_fifo;
}

sim::Scenario fifo_baseline(const sim::Scenario& scenario) {
  sim::Scenario fifo = scenario;
  fifo.scheduler.defer = sim::DeferTo::none;
  fifo.scheduler.flex = sim::FlexRun::start;
  return fifo;
}

nlohmann::json run_figures(const sim::Scenario& sc, const sim::RunResult& r) {
  const auto totals = sim::compute_totals(sc, r);
  const double end = r.simulated_s;
  const auto carbon = sc.site.carbon_kg_per_j.over(end);
  const auto price = sc.site.price_per_j.over(end);
  nlohmann::json jobs = nlohmann::json::array();
  for (std::size_t j = 0; j < sc.jobs.size(); ++j) {
    if (!(sc.jobs[j].slack_s > 0) || j >= r.job_power_w.size())
      continue;
    // What the job adds to the site: its nodes' power above their idle draw while it holds them (a
    // pause holds them idle: no more than FIFO's free nodes would draw), its facility share pro rata
    // to IT power (as for inference services), times the signals.
    const auto& rec = r.jobs[j];
    models::StepSeries idle;
    if (rec.allocated_s >= 0) {
      idle.set(rec.allocated_s, rec.idle_w);
      const double released = rec.finished() ? rec.end_s : rec.killed_s >= 0 ? rec.killed_s : end;
      idle.set(released, 0.0);
    }
    const auto facility_w = sim::facility_share_w(r, models::StepSeries::linear(r.job_power_w[j], 1.0, idle, -1.0));
    jobs.push_back({{"job", j},
                    {"carbon_kg", models::StepSeries::product(facility_w, carbon).integral(0.0, end)},
                    {"cost", models::StepSeries::product(facility_w, price).integral(0.0, end)},
                    {"end_s", rec.finished() ? nlohmann::json(rec.end_s) : nlohmann::json(nullptr)},
                    {"requested_s", sc.jobs[j].walltime_s > 0 ? sc.jobs[j].walltime_s : rec.failure_free_s}});
  }
  return {{"carbon_kg", totals.carbon_kg},
          {"cost", totals.cost},
          {"facility_energy_kwh", totals.facility_energy_j / 3.6e6},
          {"simulated_s", totals.simulated_s},
          {"jobs", jobs}};
}

nlohmann::json vs_fifo_json(const sim::Scenario& sc, const nlohmann::json& aware, const nlohmann::json& fifo) {
  const auto num = [](const nlohmann::json& v) { return v.get<double>(); };
  nlohmann::json jobs = nlohmann::json::array();
  double carbon = 0, carbon_fifo = 0, cost = 0, cost_fifo = 0, delay_s = 0, max_delay_s = 0;
  std::size_t both_finished = 0;
  const auto& ja = aware["jobs"];
  const auto& jb = fifo["jobs"];
  for (std::size_t i = 0; i < std::min(ja.size(), jb.size()); ++i) {
    const auto& a = ja[i];
    const auto& b = jb[i];
    const auto j = a["job"].get<std::size_t>();
    carbon += num(a["carbon_kg"]);
    carbon_fifo += num(b["carbon_kg"]);
    cost += num(a["cost"]);
    cost_fifo += num(b["cost"]);
    const bool finished = !a["end_s"].is_null() && !b["end_s"].is_null();
    nlohmann::json delay = nullptr;
    if (finished) {
      const double d = num(a["end_s"]) - num(b["end_s"]);
      delay = d;
      ++both_finished;
      delay_s += d;
      max_delay_s = std::max(max_delay_s, d);
    }
    jobs.push_back({{"name", sc.jobs[j].name},
                    {"carbon_kg", a["carbon_kg"]},
                    {"carbon_kg_fifo", b["carbon_kg"]},
                    {"carbon_saved_kg", num(b["carbon_kg"]) - num(a["carbon_kg"])},
                    {"cost", a["cost"]},
                    {"cost_fifo", b["cost"]},
                    {"cost_saved", num(b["cost"]) - num(a["cost"])},
                    {"end_s", a["end_s"]},
                    {"end_s_fifo", b["end_s"]},
                    {"delay_s", delay},
                    {"deadline_s", sc.jobs[j].submit_s + sc.jobs[j].slack_s + num(a["requested_s"])}});
  }
  nlohmann::json site;
  for (const char* key : {"carbon_kg", "cost", "facility_energy_kwh", "simulated_s"}) {
    site[key] = aware[key];
    site[std::string(key) + "_fifo"] = fifo[key];
  }
  site["carbon_saved_kg"] = num(fifo["carbon_kg"]) - num(aware["carbon_kg"]);
  site["cost_saved"] = num(fifo["cost"]) - num(aware["cost"]);
  return {{"site", site},
          {"flexible",
           {{"jobs", jobs.size()},
            {"carbon_kg", carbon},
            {"carbon_kg_fifo", carbon_fifo},
            {"carbon_saved_kg", carbon_fifo - carbon},
            {"cost", cost},
            {"cost_fifo", cost_fifo},
            {"cost_saved", cost_fifo - cost},
            {"finished_in_both", both_finished},
            {"delay_job_hours", delay_s / 3600.0},
            {"max_delay_hours", max_delay_s / 3600.0}}},
          {"flexible_jobs", jobs}};
}

} // namespace wattsim::output
