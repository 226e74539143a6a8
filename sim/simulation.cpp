#include "sim/simulation.hpp"

#include "sim/cluster.hpp"
#include "sim/context.hpp"
#include "sim/facility_controller.hpp"
#include "sim/platform.hpp"
#include "sim/power_ledger.hpp"
#include "sim/rack_batteries.hpp"
#include "sim/scheduler.hpp"
#include "sim/job_kinds.hpp"

#include "models/grid/demand_response.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <memory>
#include <simgrid/plugins/energy.h>
#include <simgrid/s4u/Actor.hpp>
#include <simgrid/s4u/Engine.hpp>
#include <simgrid/s4u/Host.hpp>
#include <xbt/log.h>

namespace wattsim::sim {

namespace sg4 = simgrid::s4u;

namespace {

// Registers every operating point the run can reach, so each host is created with its full pstate table.
void register_operating_points(const Scenario& scenario, Cluster& cluster) {
  // Thermal throttling and the site's power budget cap GPUs at the same levels.
  if (scenario.facility.has_plant() || scenario.site.manages_power() || scenario.scheduler.flex_slows())
    for (std::size_t p = 0; p < scenario.cluster.partitions.size(); ++p)
      cluster.states(p).set_throttle_caps(scenario.facility.throttle_caps);
  for (const auto& job : scenario.jobs)
    sim::register_operating_points(job, cluster.states(job.partition));
}

// The flexible jobs (with a slack), whose power series the comparison of a carbon- or price-aware run
// with first come, first served weighs in both runs (docs/outputs/summary.md, `vs_fifo`); none when
// the comparison is off.
std::vector<bool> flexible_jobs_traced(const Scenario& scenario) {
  std::vector<bool> traced(scenario.jobs.size());
  bool any = false;
  for (std::size_t j = 0; j < scenario.jobs.size(); ++j)
    any |= traced[j] = scenario.outputs.compare_fifo && scenario.jobs[j].slack_s > 0;
  if (!any)
    traced.clear();
  return traced;
}

// Share of the workload done, for the progress bar when the run goes until the workload ends.
double workload_fraction(const Scenario& scenario, const RunResult& result, double now) {
  double total = 0, done = 0;
  for (std::size_t j = 0; j < scenario.jobs.size(); ++j) {
    const auto& rec = result.jobs[j];
    if (rec.work_s <= 0)
      continue; // a service: no work to finish
    const double w = rec.work_s * scenario.jobs[j].nodes;
    total += w;
    if (rec.finished())
      done += w;
    else if (rec.started())
      done += w * std::min(1.0, (now - rec.start_s) * rec.throughput / rec.work_s);
  }
  return total > 0 ? done / total : 1.0;
}

} // namespace

RunResult run_simulation(const Scenario& scenario, const RunOptions& options) {
  RunResult result;
  for (const auto& job : scenario.jobs) {
    JobRecord rec;
    rec.name = job.name;
    rec.partition = scenario.cluster.partitions[job.partition].name;
    rec.nodes = job.nodes;
    rec.accelerators = job.accelerators;
    rec.submit_s = job.submit_s;
    describe(job, rec);
    rec.walltime_s = job.walltime_s;
    // Inference kinds (services and batch jobs) report per request and per token too.
    const ServedModelSpec* served = job.service();
    if (!served)
      served = job.batch_inference();
    if (served) {
      ServiceRecord s;
      s.name = job.name;
      s.model = served->model_name;
      s.job = result.jobs.size();
      s.gpus_per_replica = served->replica.gpus();
      result.services.push_back(std::move(s));
    }
    result.jobs.push_back(rec);
  }

  Cluster cluster(scenario);
  register_operating_points(scenario, cluster);
  for (std::size_t j = 0; j < scenario.jobs.size(); ++j) {
    const auto& states = cluster.states(scenario.jobs[j].partition);
    result.jobs[j].idle_w = scenario.jobs[j].nodes * states.watts(states.idle);
  }
  PowerLedger::Options lo;
  for (NodeId n = 0; n < cluster.size(); ++n)
    lo.rack_of_node.push_back(cluster.node(n).rack);
  lo.racks = cluster.racks();
  lo.jobs = scenario.jobs.size();
  lo.rack_traces = scenario.outputs.rack_traces;
  lo.job_traces = scenario.outputs.job_traces;
  lo.traced_jobs = flexible_jobs_traced(scenario);
  lo.rack_series_of_partition = partitions_with_rack_batteries(scenario);
  PowerLedger ledger(std::move(lo));

  // SimGrid's own logging is for SimGrid developers; keep it quiet unless asked.
  if (!options.simgrid_verbose)
    xbt_log_control_set("root.thresh:critical");
  int argc = 1;
  char arg0[] = "wattsim";
  char* argv[] = {arg0, nullptr};
  sg4::Engine engine(&argc, argv);

  Platform platform = build_platform(scenario, cluster, ledger);
  Context ctx{scenario, cluster, ledger, platform, result, nullptr, {}, 0, nullptr};
  Scheduler scheduler(ctx);
  ctx.scheduler = &scheduler;

  // Exact integration on every clock advance (O(1): the total is a running sum), plus progress.
  auto wall_start = std::chrono::steady_clock::now();
  auto last_report = wall_start;
  sg4::Engine::on_time_advance_cb([&](double) {
    const double now = sg4::Engine::get_clock();
    ledger.advance(now);
    ++result.counters.time_advances;
    if (options.progress && (result.counters.time_advances & 63) == 0) {
      const auto t = std::chrono::steady_clock::now();
      if (t - last_report > std::chrono::milliseconds(100)) {
        last_report = t;
        const double fraction = std::isfinite(scenario.duration_s) ? now / scenario.duration_s
                                                                   : workload_fraction(scenario, result, now);
        options.progress(now, fraction);
      }
    }
  });

  sg4::Actor::create("scheduler", platform.controller, [&] { guarded(ctx, [&] { scheduler.run(); }); });
  std::unique_ptr<FacilityController> facility;
  if (scenario.facility.has_plant()) {
    facility = std::make_unique<FacilityController>(ctx);
    // A daemon: the workload's end (or the horizon) stops the run, not the facility.
    sg4::Actor::create("facility", platform.controller, [&] { guarded(ctx, [&] { facility->run(); }); })->daemonize();
  }
  // The horizon: at the end of the simulated period every remaining actor stops. Runs that go until
  // the workload ends stop at a safety limit if it never does (a job that cannot progress).
  const double horizon = std::isfinite(scenario.duration_s) ? scenario.duration_s : kSafetyLimit_s;
  bool hit_limit = false;
  auto* horizon_actor = sg4::Actor::create("horizon", platform.controller, [&] {
    sg4::this_actor::sleep_until(horizon);
    hit_limit = !std::isfinite(scenario.duration_s);
    sg4::Actor::kill_all();
  }).get();
  if (!std::isfinite(scenario.duration_s))
    horizon_actor->daemonize(); // the workload's end stops the run, not this actor
  engine.run();
  if (ctx.failure)
    std::rethrow_exception(ctx.failure);

  const double t_end = std::isfinite(scenario.duration_s) ? scenario.duration_s : sg4::Engine::get_clock();
  result.stopped_at_safety_limit = hit_limit;
  cluster.finish(t_end); // settles the ledger
  result.simulated_s = t_end;

  // Where the GPU time went: settle the jobs the horizon cut, then sum the jobs' series.
  std::array<std::vector<models::StepSeries>, kGpuUses> uses;
  const bool keep_jobs = scenario.outputs.job_traces || scenario.outputs.iteration_window.enabled;
  if (keep_jobs)
    result.job_gpu_use.resize(scenario.jobs.size());
  for (std::size_t j = 0; j < ctx.runs.size(); ++j) {
    auto& run = ctx.runs[j];
    if (!run)
      continue;
    if (!result.jobs[j].finished() && result.jobs[j].killed_s < 0)
      run->finish_at(t_end);
    std::array<models::StepSeries, kGpuUses> job_series;
    auto& stats = result.jobs[j].training; // the job's phases, whatever its kind
    for (std::size_t u = 0; u < kGpuUses; ++u) {
      const auto use = static_cast<GpuUse>(u);
      stats.gpu_seconds[u] = run->timeline().gpu_seconds(use);
      stats.wall_seconds[u] = run->timeline().wall_seconds(use);
      stats.energy_j[u] = run->timeline().energy_j(use);
      job_series[u] = run->timeline().gpu_series(use);
      uses[u].push_back(job_series[u]);
    }
    if (keep_jobs)
      result.job_gpu_use[j] = std::move(job_series);
  }
  for (std::size_t u = 0; u < kGpuUses; ++u)
    result.gpu_use[u] = models::StepSeries::sum(uses[u]);

  for (std::size_t j = 0; j < scenario.jobs.size(); ++j) {
    auto& rec = result.jobs[j];
    rec.energy_j = ledger.job_energy_j(j);
    rec.accelerator_energy_j = cluster.job_accelerator_energy_j(static_cast<int>(j), t_end);
    // A job the horizon cut reports the work its run actually did (TrainingRun::finish_at): productive
    // time at the speed it had, less the work failures rolled back. Wall time x throughput would count
    // failures, restarts and throttled time as progress.
    if (rec.started() && !rec.finished() && !ctx.runs[j] && rec.killed_s < 0 && rec.work_s > 0)
      rec.progress = std::min(1.0, (t_end - rec.start_s) * rec.throughput / rec.work_s);
  }
  if (facility)
    facility->finish(t_end);
  result.host_energy_j = ledger.total_energy_j();
  // GPU-only energy: node-seconds in each power state x that state's accelerator power (exact: both
  // are piecewise constant between events).
  for (std::size_t p = 0; p < scenario.cluster.partitions.size(); ++p) {
    const auto& states = cluster.states(p);
    for (std::size_t s = 0; s < states.size(); ++s)
      result.accelerator_energy_j +=
          cluster.node_seconds(p, static_cast<PState>(s), t_end) * states.power(static_cast<PState>(s)).accelerators_w;
  }
  if (facility) {
    // IT = the hosts plus the servers' fan response to the actual inlet, which the facility computes.
    result.it_power_w = models::StepSeries::linear(ledger.total_series(), 1.0, result.facility.it_adjust_w, 1.0);
    result.it_energy_j = result.host_energy_j + result.facility.it_adjust_w.integral(0, t_end);
  } else {
    result.it_power_w = ledger.total_series();
    result.it_energy_j = result.host_energy_j;
  }
  if (scenario.outputs.rack_traces)
    result.rack_power_w = ledger.rack_series();
  // Rack batteries sit after the racks' PDUs: the facility sees each rack's feed-side draw.
  run_rack_batteries(scenario, cluster, ledger, t_end, result);
  for (std::size_t r = 0; r < cluster.racks(); ++r) {
    result.rack_names.push_back(cluster.rack_name(r));
    result.rack_energy_j.push_back(ledger.rack_energy_j(r));
  }
  result.job_power_w = ledger.job_series();
  result.nodes_busy = cluster.busy_series();
  result.nodes_off = cluster.off_series();
  result.node_count = cluster.size();
  for (const auto& p : scenario.cluster.partitions)
    result.accelerator_count += static_cast<std::size_t>(p.total_nodes() * p.system.accelerators_per_node);

  // Cross-check: SimGrid's host energy plugin integrated the same hosts independently.
  double simgrid_j = 0;
  for (auto* h : cluster.hosts().all())
    simgrid_j += sg_host_get_consumed_energy(h);
  for (auto* h : {platform.storage, platform.network})
    simgrid_j += sg_host_get_consumed_energy(h);
  result.simgrid_energy_j = simgrid_j;
  if (cluster.hosts().is_per_node()) {
    result.simgrid_rack_energy_j.assign(cluster.racks(), 0.0);
    const auto hosts = cluster.hosts().all();
    for (NodeId n = 0; n < cluster.size(); ++n)
      result.simgrid_rack_energy_j[cluster.node(n).rack] += sg_host_get_consumed_energy(hosts[n]);
  }

  // Facility power: IT plus the plant's overhead step by step, or a fixed PUE times IT exactly.
  double battery_in_j = 0; // charged - discharged, feed side, over all rack batteries
  for (const auto& rb : result.rack_batteries)
    battery_in_j += rb.battery.charged_j - rb.battery.discharged_j;
  if (facility) {
    // The plant's overhead already follows the racks' feed side; the facility draws it too.
    result.facility_power_w = models::StepSeries::linear(result.it_power_w, 1.0, result.facility.overhead_w, 1.0);
    if (!result.rack_batteries.empty())
      result.facility_power_w = models::StepSeries::linear(result.facility_power_w, 1.0, result.rack_battery_w, -1.0);
    result.facility_energy_j = result.it_energy_j + battery_in_j + result.facility.overhead_w.integral(0, t_end);
  } else {
    // A fixed PUE scales what the racks draw from their feeds: IT less the rack batteries' output.
    const double pue = scenario.facility.pue();
    result.facility_power_w = models::StepSeries::linear(result.it_power_w, pue, result.rack_battery_w, -pue);
    result.facility_energy_j = pue * (result.it_energy_j + battery_in_j);
  }

  // The site battery sits between the facility and the grid: a pure model over the exact power series.
  // Demand response is measured against the metered facility power before each event; a battery
  // holds the grid at the event's target as far as it can, whatever its own policy.
  for (const auto& ev : scenario.site.demand_response)
    result.power_budget.demand_response_baseline_w.push_back(models::baseline_w(result.facility_power_w, ev.start_s));
  if (scenario.site.battery) {
    auto battery = *scenario.site.battery;
    for (std::size_t e = 0; e < scenario.site.demand_response.size(); ++e) {
      const auto& ev = scenario.site.demand_response[e];
      battery.grid_limits.push_back(
          {ev.start_s, ev.end_s(), std::max(0.0, result.power_budget.demand_response_baseline_w[e] - ev.shed_w)});
    }
    result.battery = models::run_battery(battery, result.facility_power_w, t_end);
  }

  result.counters.state_changes = cluster.counters().batches;
  result.counters.host_state_changes = cluster.counters().host_state_changes;
  result.counters.group_changes = cluster.counters().group_changes;
  result.counters.node_moves = cluster.counters().node_moves;
  return result;
}

} // namespace wattsim::sim
