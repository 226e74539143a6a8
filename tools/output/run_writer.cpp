#include "tools/output/run_writer.hpp"

#include "tools/output/iso_time.hpp"

#include "models/grid/demand_response.hpp"
#include "models/grid/limit_excess.hpp"
#include "models/water/water_account.hpp"
#include "sim/facility_kinds.hpp"
#include "sim/recorder.hpp"
#include "tools/output/atomic_file.hpp"
#include "tools/output/jobs_csv.hpp"
#include "tools/output/json_text.hpp"
#include "tools/output/rack_batteries_csv.hpp"
#include "tools/output/run_output.hpp"
#include "tools/output/inference_writer.hpp"

#include <algorithm>
#include <chrono>
#include <fmt/format.h>
#include <simgrid/config.h>
#include <simgrid/version.h>
#include <sys/resource.h>

namespace wattsim::output {

namespace {

constexpr double kJPerKWh = 3.6e6;

std::string utc_now() {
  const auto t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// ISO 8601 UTC to the millisecond: with `wall_time_s` it places the moment the cost was measured.
std::string utc_millis(std::chrono::system_clock::time_point t) {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
  const auto s = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&s, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  return fmt::format("{}.{:03d}Z", buf, static_cast<int>(ms % 1000));
}

// The process's peak resident memory so far (getrusage(2): ru_maxrss in KiB on Linux).
double peak_rss_mb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;
}

const char* const kUseNames[] = {"productive", "checkpoint", "lost", "restart"};

/// nlohmann::json behind JsonText's interface, so that one function (fill_job) fills either.
class JsonTree {
public:
  explicit JsonTree(nlohmann::json& j) : j_(j) {}
  template <class T> JsonTree& set(std::string_view key, T&& v) {
    j_[std::string(key)] = std::forward<T>(v);
    return *this;
  }
  JsonTree object(std::string_view key) { return JsonTree(j_[std::string(key)] = nlohmann::json::object()); }

private:
  nlohmann::json& j_;
};

/// `v` where `known`, else null.
template <class Obj> void set_or_null(Obj& o, std::string_view key, bool known, double v) {
  if (known)
    o.set(key, v);
  else
    o.set(key, nullptr);
}

// The training fields of a job in summary.json (docs/outputs/summary.md).
template <class Obj> void add_training(Obj& o, const sim::JobRecord& j) {
  const auto& t = j.training;
  auto&& interruptions = o.object("interruptions");
  interruptions.set("total", t.interruptions)
      .set("unexpected", t.unexpected)
      .set("planned", t.planned)
      .set("node_failures", t.node_failures);
  auto&& by_cause = interruptions.object("by_cause");
  for (const auto& [k, v] : t.by_cause)
    by_cause.set(k, v);
  auto&& by_category = interruptions.object("by_category");
  for (const auto& [k, v] : t.by_category)
    by_category.set(k, v);
  auto&& energy = o.object("energy_kwh_by_phase");
  auto&& gpu_hours = o.object("gpu_hours_by_phase");
  auto&& wall = o.object("wall_s_by_phase");
  double total_j = 0;
  for (std::size_t u = 0; u < t.energy_j.size(); ++u) {
    energy.set(kUseNames[u], t.energy_j[u] / kJPerKWh);
    gpu_hours.set(kUseNames[u], t.gpu_seconds[u] / 3600.0);
    wall.set(kUseNames[u], t.wall_seconds[u]);
    total_j += t.energy_j[u];
  }
  const double elapsed = j.started() ? (j.finished() ? j.end_s : j.start_s + t.wall_seconds[0] + t.wall_seconds[1] +
                                                                       t.wall_seconds[2] + t.wall_seconds[3]) - j.start_s
                                     : 0.0;
  o.set("effective_training_time_ratio", elapsed > 0 ? t.wall_seconds[0] / elapsed : 0.0);
  set_or_null(o, "observed_mtti_s", t.interruptions > 0, elapsed / t.interruptions);
  const double overhead_j = t.energy_j[2] + t.energy_j[3];
  o.set("failure_overhead_kwh", overhead_j / kJPerKWh);
  o.set("failure_overhead_share", total_j > 0 ? overhead_j / total_j : 0.0);
  o.set("checkpoint_overhead_kwh", t.energy_j[1] / kJPerKWh);
  o.set("lost_work_gpu_hours", t.lost_work_gpu_hours);
  set_or_null(o, "time_to_train_s", j.finished(), j.end_s - j.start_s);
  o.set("failure_free_time_s", j.failure_free_s);
  o.set("checkpoints", t.checkpoints);
  set_or_null(o, "checkpoint_interval_s", std::isfinite(t.checkpoint_interval_s), t.checkpoint_interval_s);
  o.set("checkpoint_size_bytes", t.checkpoint_bytes);
  o.set("checkpoint_stall_s", t.checkpoint_stall_s);
  set_or_null(o, "mtti_s", std::isfinite(t.mtti_s) && t.mtti_s > 0, t.mtti_s);
  set_or_null(o, "young_interval_s", t.young_interval_s > 0, t.young_interval_s);
  set_or_null(o, "daly_interval_s", t.daly_interval_s > 0, t.daly_interval_s);
  set_or_null(o, "daly_expected_ettr", t.daly_expected_ettr > 0, t.daly_expected_ettr);
  // What inference services' preemptions cost the job (docs/outputs/summary.md, "preemption").
  o.object("preemption")
      .set("count", t.preemptions)
      .set("waiting_s", t.preempted_s)
      .set("checkpoint_gpu_hours", t.preemption_checkpoint_gpu_s / 3600.0)
      .set("restart_gpu_hours", t.preemption_restart_gpu_s / 3600.0)
      .set("energy_kwh", t.preemption_energy_j / kJPerKWh);
}

// Water by the literature's definitions (docs/models/water.md): withdrawal, consumption and discharge on
// site; withdrawal and consumption off site from the grid's factors; WUE by The Green Grid and by Li et al.
void add_water_account(nlohmann::json& s, const sim::Scenario& sc, const sim::RunResult& r, double it_j,
                       double facility_j) {
  const auto& f = r.facility;
  const auto onsite = f.plant ? models::onsite_from_balance(f.water_evaporated_kg, f.water_drift_kg, f.water_blowdown_kg)
                              : models::onsite_from_wue(sc.facility.wue_kg_per_j(), it_j);
  models::GridWater grid;
  if (sc.site.ewif_withdrawal_kg_per_j > 0)
    grid.withdrawal_kg_per_j = sc.site.ewif_withdrawal_kg_per_j;
  if (sc.site.ewif_kg_per_j > 0)
    grid.consumption_kg_per_j = sc.site.ewif_kg_per_j;
  const auto w = models::water_account(onsite, grid, facility_j);
  auto m3 = [](std::optional<double> kg) { return kg ? nlohmann::json(*kg / 1000.0) : nlohmann::json(nullptr); };
  const double it_kwh = it_j / kJPerKWh;
  s["water_onsite_withdrawal_m3"] = w.onsite.withdrawal_kg / 1000.0;
  s["water_onsite_consumption_m3"] = w.onsite.consumption_kg / 1000.0;
  s["water_onsite_discharge_m3"] = w.onsite.discharge_kg / 1000.0;
  s["water_offsite_withdrawal_m3"] = m3(w.offsite_withdrawal_kg);
  s["water_offsite_consumption_m3"] = m3(w.offsite_consumption_kg);
  s["water_withdrawal_m3"] = m3(w.withdrawal_kg());
  s["water_consumption_m3"] = m3(w.consumption_kg());
  s["wue_consumption_l_per_kwh"] = it_kwh > 0 ? w.onsite.consumption_kg / it_kwh : 0.0;
  const auto consumed = w.consumption_kg();
  s["water_consumption_l_per_kwh_it"] = consumed && it_kwh > 0 ? nlohmann::json(*consumed / it_kwh) : nlohmann::json(nullptr);
}

// The facility's fields (docs/outputs/summary.md): null where a fixed PUE leaves them unknown.
void add_facility(nlohmann::json& s, const sim::Scenario& sc, const sim::RunResult& r, double it_j, double facility_j) {
  const auto& f = r.facility;
  const nlohmann::json null;
  const double it_kwh = it_j / kJPerKWh;
  s["facility_model"] = std::string(sim::facility_kind_name(sc.facility.design));
  // On-site water: the plant's make-up, or a fixed WUE times IT energy; off-site: EWIF x facility energy
  // (Li et al. 2023). 1 kg of water = 1 L.
  const double onsite_kg = f.plant ? f.water_makeup_kg : sc.facility.wue_kg_per_j() * it_j;
  const double offsite_kg = sc.site.ewif_kg_per_j * facility_j;
  s["water_onsite_m3"] = onsite_kg / 1000.0;
  s["water_offsite_m3"] = sc.site.ewif_kg_per_j > 0 ? nlohmann::json(offsite_kg / 1000.0) : null;
  s["water_total_m3"] = (onsite_kg + offsite_kg) / 1000.0;
  if (!f.plant) {
    for (const char* key : {"pue_partial", "cooling_energy_kwh", "cooling_energy_kwh_by_component", "distribution_loss_kwh",
                            "distribution_loss_kwh_by_element", "distribution_loss_heat_kwh",
                            "other_load_kwh", "server_fan_adjust_kwh", "water_evaporated_m3", "water_blowdown_m3",
                            "water_drift_m3", "water_makeup_m3", "wue_l_per_kwh", "free_cooling_hours",
                            "throttled_gpu_hours", "heat_rejected_kwh", "evaporation_l_per_kwh_rejected",
                            "max_server_inlet_c", "max_coolant_supply_c", "throttle_changes", "design_conditions",
                            "balance_check"})
      s[key] = null;
    if (sc.facility.wue_kg_per_j() > 0) {
      s["water_makeup_m3"] = onsite_kg / 1000.0;
      s["wue_l_per_kwh"] = sc.facility.wue_kg_per_j() * kJPerKWh;
    }
    return;
  }
  s["pue_partial"] = {{"cooling", it_j > 0 ? 1 + f.cooling_j / it_j : 0.0},
                      {"distribution", it_j > 0 ? 1 + f.distribution_loss_j / it_j : 0.0},
                      {"other", it_j > 0 ? 1 + f.other_j / it_j : 0.0}};
  s["cooling_energy_kwh"] = f.cooling_j / kJPerKWh;
  nlohmann::json parts = nlohmann::json::object();
  for (const auto& [name, j] : f.cooling_j_by_component)
    parts[name] = j / kJPerKWh;
  s["cooling_energy_kwh_by_component"] = parts;
  s["distribution_loss_kwh"] = f.distribution_loss_j / kJPerKWh;
  nlohmann::json elements = nlohmann::json::object();
  for (const auto& [name, j] : f.distribution_loss_j_by_element)
    elements[name] = j / kJPerKWh;
  s["distribution_loss_kwh_by_element"] = elements;
  // Where the losses became heat: inside the cooled space the plant removed it (docs/models/power-distribution.md).
  nlohmann::json heat = nlohmann::json::object();
  for (std::size_t i = 0; i < f.loss_heat_j.size(); ++i)
    heat[sim::kHeatLocationNames[i]] = f.loss_heat_j[i] / kJPerKWh;
  s["distribution_loss_heat_kwh"] = heat;
  s["other_load_kwh"] = f.other_j / kJPerKWh;
  s["server_fan_adjust_kwh"] = f.it_adjust_w.integral(0, r.simulated_s) / kJPerKWh;
  // 1 kg of water = 1 L.
  s["water_evaporated_m3"] = f.water_evaporated_kg / 1000.0;
  s["water_blowdown_m3"] = f.water_blowdown_kg / 1000.0;
  s["water_drift_m3"] = f.water_drift_kg / 1000.0;
  s["water_makeup_m3"] = f.water_makeup_kg / 1000.0;
  s["wue_l_per_kwh"] = it_kwh > 0 ? f.water_makeup_kg / it_kwh : 0.0;
  s["free_cooling_hours"] = f.free_cooling_s / 3600.0;
  s["throttled_gpu_hours"] = sim::throttled_gpus(r).integral(0, r.simulated_s) / 3600.0;
  s["heat_rejected_kwh"] = f.heat_rejected_j / kJPerKWh;
  s["evaporation_l_per_kwh_rejected"] = f.heat_rejected_j > 0 ? f.water_evaporated_kg / (f.heat_rejected_j / kJPerKWh) : 0.0;
  s["max_server_inlet_c"] = f.max_server_inlet_c;
  s["max_coolant_supply_c"] = f.max_coolant_supply_c > 0 ? nlohmann::json(f.max_coolant_supply_c) : null;
  s["throttle_changes"] = f.throttle_changes;
  const auto& dc = sc.facility.design_conditions;
  const auto& above = f.above_design;
  s["design_conditions"] = {
      {"source", sc.facility.design_conditions_source},
      {"dry_bulb_c", dc.dry_bulb_c},
      {"coincident_wet_bulb_c", dc.coincident_wet_bulb_c},
      {"wet_bulb_c", dc.wet_bulb_c},
      {"hours_above_dry_bulb", above.dry_bulb_s / 3600.0},
      {"hours_above_wet_bulb", above.wet_bulb_s / 3600.0},
      {"above_dry_bulb",
       {{"it_kwh", above.it_j / kJPerKWh},
        {"cooling_kwh", above.cooling_j / kJPerKWh},
        {"compressor_kwh", above.compressor_j / kJPerKWh},
        {"pue_partial_cooling", above.it_j > 0 ? 1 + above.cooling_j / above.it_j : 0.0},
        {"capacity_shortfall_hours", above.shortfall_s / 3600.0},
        {"throttled_hours", above.throttled_s / 3600.0},
        {"max_server_inlet_c", above.dry_bulb_s > 0 ? nlohmann::json(above.max_server_inlet_c) : null}}}};
  s["balance_check"] = {{"max_heat_balance_error", f.max_heat_balance_error},
                        {"max_water_balance_error", f.max_water_balance_error},
                        {"max_load_error", f.max_load_error}};
}

} // namespace

/// How the queue served the jobs: waits and bounded slowdown (Feitelson, Rudolph, Schwiegelshohn, Sevcik
/// & Wong, "Theory and Practice in Parallel Job Scheduling", JSSPP 1997: (wait + run) / max(run, 10 s)).
static nlohmann::json swings_json(const sim::PowerSwings& swings) {
  return {{"largest_step_mw", swings.largest_step_w / 1e6},
          {"largest_rise_mw", swings.largest_rise_w / 1e6},
          {"largest_drop_mw", swings.largest_drop_w / 1e6},
          {"max_ramp_1s_mw_per_s", swings.max_ramp_1s_w_per_s / 1e6},
          {"max_ramp_1min_mw_per_s", swings.max_ramp_1min_w_per_s / 1e6},
          {"steps", swings.steps}};
}

/// The grid side of a site battery: its power swings beside the facility's, and what smoothing cost.
static void add_grid(nlohmann::json& s, const sim::RunResult& r) {
  if (!r.battery)
    return;
  const auto& b = *r.battery;
  const double grid_j = b.grid_w.integral(0, r.simulated_s);
  s["grid"] = {{"grid_energy_kwh", grid_j / kJPerKWh},
               {"peak_grid_kw", b.grid_w.max(0, r.simulated_s) / 1e3},
               {"power_swings", swings_json(sim::power_swings(b.grid_w, r.simulated_s))},
               {"battery",
                {{"charged_kwh", b.charged_j / kJPerKWh},
                 {"discharged_kwh", b.discharged_j / kJPerKWh},
                 {"smoothing_losses_kwh", b.losses_j / kJPerKWh},
                 {"equivalent_full_cycles", b.equivalent_full_cycles},
                 {"soc_end", b.soc_end}}}};
}

/// Rack batteries: the totals over every rack with one, before (IT) and after (feed side), and what the
/// smoothing cost (docs/outputs/rack-batteries.md; per rack in rack_batteries.csv).
static void add_rack_batteries(nlohmann::json& s, const sim::RunResult& r) {
  if (r.rack_batteries.empty())
    return;
  const auto stats = output::rack_battery_stats(r);
  double charged = 0, discharged = 0, losses = 0, cycles = 0, max_cycles = 0;
  double step_before = 0, step_after = 0, ramp_before = 0, ramp_after = 0, above_before = 0, above_after = 0;
  for (std::size_t i = 0; i < stats.size(); ++i) {
    const auto& b = r.rack_batteries[i].battery;
    charged += b.charged_j;
    discharged += b.discharged_j;
    losses += b.losses_j;
    cycles += b.equivalent_full_cycles;
    max_cycles = std::max(max_cycles, b.equivalent_full_cycles);
    step_before = std::max(step_before, stats[i].largest_step_before_w);
    step_after = std::max(step_after, stats[i].largest_step_after_w);
    ramp_before = std::max(ramp_before, stats[i].max_ramp_1min_before_w_per_s);
    ramp_after = std::max(ramp_after, stats[i].max_ramp_1min_after_w_per_s);
    above_before += stats[i].above_limit_before_s;
    above_after += stats[i].above_limit_after_s;
  }
  const double n = static_cast<double>(stats.size());
  s["rack_batteries"] = {
      {"racks", stats.size()},
      {"charged_kwh", charged / kJPerKWh},
      {"discharged_kwh", discharged / kJPerKWh},
      {"smoothing_losses_kwh", losses / kJPerKWh},
      {"mean_equivalent_full_cycles", cycles / n},
      {"max_equivalent_full_cycles", max_cycles},
      {"largest_rack_step_kw", {{"before", step_before / 1e3}, {"after", step_after / 1e3}}},
      {"max_rack_ramp_1min_kw_per_s", {{"before", ramp_before / 1e3}, {"after", ramp_after / 1e3}}},
      {"rack_hours_above_limit", {{"before", above_before / 3600.0}, {"after", above_after / 3600.0}}},
      {"it_power_swings_before", swings_json(sim::power_swings(r.it_power_w, r.simulated_s))},
      {"it_power_swings_after",
       swings_json(sim::power_swings(models::StepSeries::linear(r.it_power_w, 1.0, r.rack_battery_w, -1.0), r.simulated_s))}};
}

/// The site's power management: the budget's minutes above and what holding and capping cost; each
/// demand response event, asked against delivered (docs/outputs/summary.md, "power_budget").
static void add_power_management(nlohmann::json& s, const sim::Scenario& sc, const sim::RunResult& r) {
  const auto& pb = r.power_budget;
  if (!pb.active)
    return;
  const double end = r.simulated_s;
  // The contract is metered at the grid connection: after the battery, when there is one.
  const auto& grid = r.battery ? r.battery->grid_w : r.facility_power_w;
  if (sc.site.power_budget_w > 0) {
    models::StepSeries limit;
    limit.set(0.0, sc.site.power_budget_w);
    const auto over = models::excess_over(grid, limit, 0.0, end, 60.0);
    s["power_budget"] = {{"limit_kw", sc.site.power_budget_w / 1e3},
                         {"action", models::kBudgetActionNames[static_cast<int>(sc.site.budget_action)]},
                         {"peak_grid_kw", grid.max(0, end) / 1e3},
                         {"time_at_budget_h", pb.binding.integral(0, end) / 3600.0},
                         {"jobs_held", pb.jobs_held},
                         {"held_job_hours", pb.held_job_s / 3600.0},
                         {"capped_gpu_hours", pb.capped_gpus.integral(0, end) / 3600.0},
                         {"minutes_above", over.windows_above},
                         {"max_excess_kw", over.max_excess_w / 1e3},
                         {"energy_above_kwh", over.energy_above_j / kJPerKWh}};
  }
  if (sc.site.demand_response.empty())
    return;
  nlohmann::json events = nlohmann::json::array();
  double asked_j = 0, delivered_j = 0;
  for (std::size_t e = 0; e < sc.site.demand_response.size(); ++e) {
    auto ev = sc.site.demand_response[e];
    if (ev.start_s >= end)
      continue;
    ev.duration_s = std::min(ev.duration_s, end - ev.start_s); // an event the horizon cuts counts to the end
    // The grid side's own baseline: with a battery the meter sits after it.
    const double baseline = r.battery ? models::baseline_w(grid, ev.start_s) : pb.demand_response_baseline_w[e];
    const auto out = models::evaluate_demand_response(grid, ev, baseline);
    asked_j += out.asked_j;
    delivered_j += out.delivered_j;
    events.push_back({{"start_s", ev.start_s},
                      {"duration_s", ev.duration_s},
                      {"asked_kw", ev.shed_w / 1e3},
                      {"baseline_kw", out.baseline_w / 1e3},
                      {"mean_kw", out.mean_w / 1e3},
                      {"delivered_kw", out.delivered_w / 1e3},
                      {"asked_kwh", out.asked_j / kJPerKWh},
                      {"delivered_kwh", out.delivered_j / kJPerKWh},
                      {"delivered_share", out.asked_j > 0 ? out.delivered_j / out.asked_j : 0.0},
                      {"short_minutes", out.short_minutes}});
  }
  s["demand_response"] = {{"events", events},
                          {"asked_kwh", asked_j / kJPerKWh},
                          {"delivered_kwh", delivered_j / kJPerKWh},
                          {"delivered_share", asked_j > 0 ? delivered_j / asked_j : 0.0},
                          {"pauses", pb.pauses},
                          {"paused_gpu_hours", pb.paused_gpus.integral(0, end) / 3600.0}};
}

/// Flexible jobs deferred to cleaner or cheaper hours (scheduler.defer): how many and the delay paid.
static void add_deferral(nlohmann::json& s, const sim::Scenario& sc, const sim::RunResult& r) {
  if (sc.scheduler.defer == sim::DeferTo::none)
    return;
  std::size_t flexible = 0, deferred = 0, paused = 0, pauses = 0, slowed = 0;
  double deferred_s = 0, paused_s = 0, slowed_s = 0;
  for (std::size_t j = 0; j < r.jobs.size(); ++j) {
    const auto& job = r.jobs[j];
    flexible += sc.jobs[j].slack_s > 0;
    deferred += job.deferred_s > 0;
    deferred_s += job.deferred_s;
    paused += job.flex_pauses > 0;
    pauses += static_cast<std::size_t>(job.flex_pauses);
    paused_s += job.flex_paused_s;
    slowed += job.flex_slowed_s > 0;
    slowed_s += job.flex_slowed_s;
  }
  s["deferral"] = {{"to", sim::kDeferNames[static_cast<int>(sc.scheduler.defer)]},
                   {"flexible_jobs", flexible},
                   {"deferred_jobs", deferred},
                   {"deferred_job_hours", deferred_s / 3600.0},
                   {"flex", sim::kFlexRunNames[static_cast<int>(sc.scheduler.flex)]},
                   {"paused_jobs", paused},
                   {"pauses", pauses},
                   {"paused_job_hours", paused_s / 3600.0},
                   {"slowed_jobs", slowed},
                   {"slowed_job_hours", slowed_s / 3600.0}};
}

static void add_queue_metrics(nlohmann::json& s, const sim::Scenario& sc, const sim::RunResult& r) {
  constexpr double kBound_s = 10.0;
  double wait_sum = 0, wait_max = 0, slowdown_sum = 0;
  std::size_t started = 0, ended = 0, killed = 0;
  for (const auto& j : r.jobs) {
    if (!j.started())
      continue;
    ++started;
    const double wait = j.start_s - j.submit_s;
    wait_sum += wait;
    wait_max = std::max(wait_max, wait);
    const double end = j.finished() ? j.end_s : j.killed_s;
    killed += j.killed_s >= 0;
    if (end >= 0) {
      ++ended;
      slowdown_sum += (end - j.submit_s) / std::max(end - j.start_s, kBound_s);
    }
  }
  s["scheduler"] = {
      {"queue_policy", std::string(sim::kQueuePolicyNames[static_cast<std::size_t>(sc.scheduler.queue)])},
      {"placement", std::string(sim::kPlacementNames[static_cast<std::size_t>(sc.scheduler.placement)])},
      {"jobs_started", started},
      {"jobs_killed_at_walltime", killed},
      {"mean_wait_s", started > 0 ? wait_sum / static_cast<double>(started) : 0.0},
      {"max_wait_s", wait_max},
      {"mean_bounded_slowdown", ended > 0 ? slowdown_sum / static_cast<double>(ended) : 0.0}};
}

/// One job's entry of summary.json `jobs`, into a JsonTree or a JsonText.
template <class Obj> void fill_job(Obj& o, const sim::Scenario& sc, const sim::RunResult& r, std::size_t index) {
  const auto& j = r.jobs[index];
  o.set("name", j.name);
  o.set("partition", j.partition);
  o.set("nodes", j.nodes);
  o.set("gpus", j.accelerators);
  o.set("gpu_hours", job_gpu_hours(j, r.simulated_s));
  o.set("submit_s", j.submit_s);
  set_or_null(o, "start_s", j.started(), j.start_s);
  set_or_null(o, "end_s", j.finished(), j.end_s);
  set_or_null(o, "wait_s", j.started(), j.start_s - j.submit_s);
  o.set("completed", j.finished());
  set_or_null(o, "walltime_s", j.walltime_s > 0, j.walltime_s);
  set_or_null(o, "killed_s", j.killed_s >= 0, j.killed_s);
  o.set("progress", j.progress);
  o.set("throughput", j.throughput);
  o.set("energy_kwh", j.energy_j / kJPerKWh);
  o.set("accelerator_energy_kwh", j.accelerator_energy_j / kJPerKWh);
  const double gh = job_gpu_hours(j, r.simulated_s);
  o.set("it_kwh_per_gpu_hour", gh > 0 ? j.energy_j / kJPerKWh / gh : 0.0);
  const auto& part = sc.cluster.partitions[sc.jobs[index].partition];
  if (part.counted_at_w > 0) {
    o.set("card_energy_kwh", gh * part.counted_at_w / 1e3);
  }
  add_training(o, j);
}

static nlohmann::json job_json(const sim::Scenario& sc, const sim::RunResult& r, std::size_t index) {
  nlohmann::json o = nlohmann::json::object();
  JsonTree tree(o);
  fill_job(tree, sc, r, index);
  return o;
}

/// The summary without its jobs array (`jobs` is null): summary_json fills it, write_run streams it.
static nlohmann::json summary_head(const scenario::LoadedScenario& loaded, const sim::RunResult& r) {
  const auto& sc = loaded.scenario;
  const auto totals = sim::compute_totals(sc, r);
  nlohmann::json s;
  s["scenario"] = sc.name;
  s["seed"] = sc.seed;
  s["simulated_s"] = r.simulated_s;
  s["simulated_days"] = r.simulated_s / 86400.0;
  if (sc.start_unix_s)
    s["start"] = iso_time_utc(*sc.start_unix_s);
  s["stopped_by"] = r.stopped_at_safety_limit           ? "safety_limit"
                    : std::isfinite(sc.duration_s)     ? "horizon"
                                                       : "workload_end";
  s["nodes"] = r.node_count;
  s["accelerators"] = r.accelerator_count;
  s["it_energy_kwh"] = totals.it_energy_j / kJPerKWh;
  s["accelerator_energy_kwh"] = r.accelerator_energy_j / kJPerKWh;
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
      {"ledger_host_energy_kwh", r.host_energy_j / kJPerKWh},
      {"relative_difference", r.host_energy_j > 0 ? (r.simgrid_energy_j - r.host_energy_j) / r.host_energy_j : 0.0}};
  add_queue_metrics(s, sc, r);
  s["jobs"] = nullptr; // the array: summary_json fills it, write_run streams it (job_json)
  double card_kwh = 0; // the model-card method: GPU-hours x counted_at, over the partitions that ask for it
  for (std::size_t j = 0; j < r.jobs.size(); ++j) {
    const auto& part = sc.cluster.partitions[sc.jobs[j].partition];
    if (part.counted_at_w > 0)
      card_kwh += job_gpu_hours(r.jobs[j], r.simulated_s) * part.counted_at_w / 1e3;
  }
  if (std::any_of(sc.cluster.partitions.begin(), sc.cluster.partitions.end(),
                  [](const auto& p) { return p.counted_at_w > 0; })) {
    s["card_energy_kwh"] = card_kwh;
    s["card_facility_energy_kwh"] = card_kwh * totals.pue();
    s["card_carbon_kg"] = card_kwh * totals.pue() * totals.mean_carbon_kg_per_j * kJPerKWh;
  }
  add_facility(s, sc, r, totals.it_energy_j, totals.facility_energy_j);
  add_water_account(s, sc, r, totals.it_energy_j, totals.facility_energy_j);
  if (!r.services.empty())
    s["services"] = services_json(sc, r);
  const auto swings = sim::power_swings(r.facility_power_w, r.simulated_s);
  nlohmann::json hist = nlohmann::json::array();
  for (std::size_t b = 0; b < swings.counts.size(); ++b)
    hist.push_back({{"min_mw", swings.bin_edges_w[b] / 1e6},
                    {"max_mw", std::isfinite(swings.bin_edges_w[b + 1]) ? nlohmann::json(swings.bin_edges_w[b + 1] / 1e6)
                                                                        : nlohmann::json(nullptr)},
                    {"count", swings.counts[b]}});
  s["power_swings"] = swings_json(swings);
  s["power_swings"]["step_histogram"] = hist;
  add_grid(s, r);
  add_rack_batteries(s, r);
  add_power_management(s, sc, r);
  add_deferral(s, sc, r);
  if (sc.outputs.iteration_window.enabled) {
    const auto it = sim::iteration_trace(sc, r);
    double lo = 0, hi = 0;
    if (!it.it_w.empty()) {
      lo = *std::min_element(it.it_w.begin(), it.it_w.end());
      hi = *std::max_element(it.it_w.begin(), it.it_w.end());
    }
    s["iteration_window"] = {{"job", sc.outputs.iteration_window.job},
                             {"start_s", it.start_s},
                             {"length_s", sc.outputs.iteration_window.length_s},
                             {"resolution_s", it.resolution_s},
                             {"iteration_period_s", it.iteration_period_s},
                             {"compute_fraction", it.compute_fraction},
                             {"training_nodes", it.training_nodes},
                             {"compute_node_kw", it.compute_node_w / 1e3},
                             {"communication_node_kw", it.communication_node_w / 1e3},
                             {"min_it_kw", lo / 1e3},
                             {"max_it_kw", hi / 1e3},
                             {"swing_kw", (hi - lo) / 1e3},
                             {"dominant_frequency_hz", it.dominant_frequency_hz}};
  }
  s["events"] = {{"time_advances", r.counters.time_advances},
                 {"state_changes", r.counters.state_changes},
                 {"host_state_changes", r.counters.host_state_changes},
                 {"group_changes", r.counters.group_changes},
                 {"node_moves", r.counters.node_moves},
                 {"scheduler_passes", r.counters.scheduler_passes},
                 {"total", r.counters.events()}};
  return s;
}

nlohmann::json summary_json(const scenario::LoadedScenario& loaded, const sim::RunResult& r) {
  auto s = summary_head(loaded, r);
  auto& jobs = s["jobs"] = nlohmann::json::array();
  for (std::size_t j = 0; j < r.jobs.size(); ++j)
    jobs.push_back(job_json(loaded.scenario, r, j));
  return s;
}

/// summary.json as summary_json(...).dump(2) would print it, byte for byte, with the jobs array streamed
/// one job at a time: a 100,000-job run never holds the whole document (docs/performance.md).
static void stream_summary(std::ostream& out, const nlohmann::json& head, const sim::Scenario& sc, const sim::RunResult& r) {
  const std::string text = head.dump(2);
  // Top-level keys sit at an indentation of two spaces and are unique: the placeholder is found once.
  const std::string marker = "\n  \"jobs\": null";
  const auto at = text.find(marker);
  if (at == std::string::npos)
    throw std::logic_error("summary.json: no jobs placeholder");
  out.write(text.data(), static_cast<std::streamsize>(at + marker.size() - 4)); // up to `"jobs": `
  if (r.jobs.empty()) {
    out << "[]";
  } else {
    out << "[\n";
    std::string block;
    JsonText item;
    for (std::size_t j = 0; j < r.jobs.size(); ++j) {
      // One array element at depth 2 of the document, as nlohmann would print it there.
      item.clear();
      fill_job(item, sc, r, j);
      block.assign("    ");
      item.print(block, 2, 2);
      block.append(j + 1 < r.jobs.size() ? ",\n" : "\n");
      out.write(block.data(), static_cast<std::streamsize>(block.size()));
    }
    out << "  ]";
  }
  out.write(text.data() + at + marker.size(), static_cast<std::streamsize>(text.size() - at - marker.size()));
  out << '\n';
}

nlohmann::json write_run(const std::filesystem::path& dir, const scenario::LoadedScenario& loaded,
                                   const sim::RunResult& r, const RunInfo& info) {
  const auto& sc = loaded.scenario;
  OutputFolder files(dir);

  auto summary = summary_head(loaded, r);
  if (!info.vs_fifo.is_null())
    summary["vs_fifo"] = info.vs_fifo;
  stream_summary(files.open("summary.json"), summary, sc, r);

  const auto trace = sim::facility_trace(sc, r);
  const RunView view{loaded, r, trace};
  for (const auto& output : run_csv_outputs())
    if (output.wanted(sc))
      output.writer->write(view, files.open(output.file));
  // Every file but the manifest written out and closed: only now is the run's cost known.
  files.close();
  const double wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - info.started.steady).count();
  const double rss_mb = peak_rss_mb();

  nlohmann::json m;
  m["wattsim_version"] = info.version;
  m["simgrid_version"] = fmt::format("{}.{}", SIMGRID_VERSION_MAJOR, SIMGRID_VERSION_MINOR);
  m["scenario"] = sc.name;
  m["scenario_path"] = loaded.path;
  m["scenario_hash"] = loaded.hash;
  m["seed"] = sc.seed;
  m["command"] = info.command_line;
  m["started_at"] = utc_millis(info.started.utc);
  m["finished_at"] = utc_now();
  m["wall_time_s"] = wall_s;
  m["peak_rss_mb"] = rss_mb;
  m["simulated_s"] = r.simulated_s;
  m["events"] = {{"time_advances", r.counters.time_advances},
                 {"state_changes", r.counters.state_changes},
                 {"host_state_changes", r.counters.host_state_changes},
                 {"group_changes", r.counters.group_changes},
                 {"node_moves", r.counters.node_moves},
                 {"scheduler_passes", r.counters.scheduler_passes},
                 {"total", r.counters.events()}};
  auto names = files.names();
  names.push_back("manifest.json");
  m["files"] = names;
  files.open("manifest.json") << m.dump(2) << '\n';
  files.commit();
  summary["files"] = names; // for the caller's report; summary.json on disk does not list itself
  // The caller's copy: the jobs array only when asked for (compare reads it; a large run's is big).
  if (info.summary_jobs) {
    auto& jobs = summary["jobs"] = nlohmann::json::array();
    for (std::size_t j = 0; j < r.jobs.size(); ++j)
      jobs.push_back(job_json(sc, r, j));
  } else {
    summary.erase("jobs");
  }
  std::size_t completed = 0;
  for (const auto& j : r.jobs)
    completed += j.finished();
  summary["job_count"] = r.jobs.size();
  summary["jobs_completed"] = completed;
  summary["wall_time_s"] = wall_s; // the manifest's, for the caller's report
  return summary;
}

} // namespace wattsim::output
