#include "sim/site_power.hpp"

#include "sim/design_check.hpp"
#include "sim/job.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace wattsim::sim {

namespace {
constexpr double kInf = std::numeric_limits<double>::infinity();
}

SitePower::SitePower(Context& ctx) : ctx_(ctx), active_(ctx.scenario.site.manages_power()) {
  const auto& sc = ctx.scenario;
  const std::size_t jobs = sc.jobs.size();
  power_by_level_w_.resize(jobs);
  idle_w_.assign(jobs, 0.0);
  paused_w_.assign(jobs, 0.0);
  level_.assign(jobs, 0);
  running_.assign(jobs, false);
  paused_.assign(jobs, false);
  cappable_.assign(jobs, false);
  pausable_.assign(jobs, false);
  refused_since_.assign(jobs, -1.0);
  if (!active_)
    return;
  ctx.result.power_budget.active = true;
  for (std::size_t p = 0; p < sc.cluster.partitions.size(); ++p) {
    const auto& states = ctx.cluster.states(p);
    base_it_w_ += sc.cluster.partitions[p].total_nodes() * states.watts(states.idle);
    deepest_ = std::max(deepest_, states.throttle_levels());
  }
  base_it_w_ += sc.cluster.storage.power_w + sc.cluster.network.power_w;
  if (sc.site.budget_action == models::BudgetAction::hold)
    deepest_ = 0;
  if (sc.facility.has_plant()) {
    // Until the plant's first step, its ratio at design conditions (wattsim check's design point: every
    // node at nameplate in the design weather), an upper bound in all but beyond-design weather.
    const auto dc = design_check(sc);
    if (dc.it_heat_w > 0)
      design_factor_ = (dc.it_heat_w + dc.cooling_w + sc.facility.other_load_w) / dc.it_heat_w;
  }
  for (std::size_t j = 0; j < jobs; ++j) {
    const auto& spec = sc.jobs[j];
    const auto& states = ctx.cluster.states(spec.partition);
    const double nodes = spec.nodes;
    idle_w_[j] = paused_w_[j] = nodes * states.watts(states.idle);
    auto& levels = power_by_level_w_[j];
    if (const auto* train = spec.training()) {
      // The training state under each cap level: its wattage comes from the node model's capping curve.
      for (int l = 0; l <= states.throttle_levels(); ++l)
        levels.push_back(nodes * states.watts(states.find(states.training_op(train->activity, l))));
      cappable_[j] = states.throttle_levels() > 0;
      pausable_[j] = spec.slack_s > 0 && train->checkpoint.enabled();
    } else {
      // Other kinds are booked at the most their nodes can draw in any of the partition's states.
      double peak = 0;
      for (std::size_t s = 0; s < states.size(); ++s)
        peak = std::max(peak, states.watts(static_cast<PState>(s)));
      levels.push_back(nodes * peak);
    }
  }
}

double SitePower::facility_factor() const {
  const auto& f = ctx_.scenario.facility;
  if (!f.has_plant())
    return f.pue();
  // A plant: the facility-to-IT ratio of its latest step (its design ratio before the first).
  const auto& fr = ctx_.result.facility;
  const double it = ctx_.ledger.total_power_w();
  if (fr.overhead_w.empty() || !(it > 0))
    return design_factor_;
  return (it + fr.overhead_w.values().back() + fr.it_adjust_w.values().back()) / it;
}

double SitePower::limit_facility_w() const {
  double limit = ctx_.scenario.site.power_budget_w > 0 ? ctx_.scenario.site.power_budget_w : kInf;
  if (dr_end_s_ >= 0)
    limit = std::min(limit, dr_limit_w_);
  return limit;
}

double SitePower::booked_it_w() const { return base_it_w_ + booked_delta_w_; }

double SitePower::headroom_it_w() const { return limit_facility_w() / facility_factor() - booked_it_w(); }

models::BudgetedJob SitePower::budgeted(std::size_t j) const {
  models::BudgetedJob b;
  b.power_by_level_w = power_by_level_w_[j];
  b.level = level_[j];
  b.cappable = cappable_[j];
  b.pausable = pausable_[j];
  b.paused_w = paused_w_[j];
  b.paused = paused_[j];
  return b;
}

std::optional<int> SitePower::admission(std::size_t job) const {
  if (!active_)
    return 0;
  const auto& levels = power_by_level_w_[job];
  // The job's nodes are booked idle already: it adds its booking less their idle power.
  const auto level = models::level_that_fits(headroom_it_w() + idle_w_[job], levels, cappable_[job] ? deepest_ : 0);
  if (level)
    return level;
  // A job the limit cannot hold even alone runs alone, at its deepest cap: holding it would stop the
  // workload for good. The excess shows in the minutes above the budget.
  if (order_.empty())
    return cappable_[job] ? std::min<int>(deepest_, static_cast<int>(levels.size()) - 1) : 0;
  return std::nullopt;
}

void SitePower::refused(std::size_t job, double now) {
  refused_this_pass_ = true;
  if (refused_since_[job] < 0) {
    refused_since_[job] = now;
    ++ctx_.result.power_budget.jobs_held;
  }
}

void SitePower::started(std::size_t job, int level, double now) {
  if (!active_)
    return;
  running_[job] = true;
  level_[job] = 0;
  booked_delta_w_ += power_by_level_w_[job][0] - idle_w_[job];
  order_.push_back(job);
  if (level > 0)
    set_level(job, level, now);
  if (refused_since_[job] >= 0) {
    const double held = now - refused_since_[job];
    ctx_.result.jobs[job].power_held_s = held;
    ctx_.result.power_budget.held_job_s += held;
  }
}

void SitePower::set_level(std::size_t job, int level, double /*now*/) {
  const int old = level_[job];
  if (level == old)
    return;
  if (!paused_[job])
    booked_delta_w_ += power_by_level_w_[job][static_cast<std::size_t>(level)] - power_by_level_w_[job][static_cast<std::size_t>(old)];
  const int gpus = ctx_.scenario.jobs[job].accelerators;
  capped_gpus_ += (level > 0 ? gpus : 0) - (old > 0 ? gpus : 0);
  level_[job] = level;
  if (ctx_.runs[job])
    ctx_.runs[job]->set_budget_level(level);
}

void SitePower::released(std::size_t job, double now) {
  if (!active_ || !running_[job])
    return;
  running_[job] = false;
  booked_delta_w_ -= budgeted(job).booked_w() - idle_w_[job];
  const int gpus = ctx_.scenario.jobs[job].accelerators;
  if (level_[job] > 0)
    capped_gpus_ -= gpus;
  if (paused_[job])
    paused_gpus_ -= gpus;
  paused_[job] = false;
  level_[job] = 0;
  order_.erase(std::find(order_.begin(), order_.end(), job));
  uncap(now);
  record(now);
}

double SitePower::next_event_s(double now) const {
  if (!active_)
    return kInf;
  double t = dr_end_s_ > now ? dr_end_s_ : kInf;
  const auto& events = ctx_.scenario.site.demand_response;
  if (next_event_ < events.size())
    t = std::min(t, events[next_event_].start_s);
  return t;
}

void SitePower::update(double now) {
  if (!active_)
    return;
  refused_this_pass_ = false;
  const auto& site = ctx_.scenario.site;
  if (dr_end_s_ >= 0 && now >= dr_end_s_) {
    // The event is over: paused jobs restart on their own (their hold ends now); caps lift.
    dr_end_s_ = -1;
    for (std::size_t j : order_)
      if (paused_[j]) {
        paused_[j] = false;
        paused_gpus_ -= ctx_.scenario.jobs[j].accelerators;
        booked_delta_w_ += power_by_level_w_[j][static_cast<std::size_t>(level_[j])] - paused_w_[j];
      }
    uncap(now);
  }
  while (next_event_ < site.demand_response.size() && site.demand_response[next_event_].start_s <= now) {
    const auto& ev = site.demand_response[next_event_++];
    if (ev.end_s() <= now)
      continue;
    // The site's own estimate of its baseline: its bookings now. A battery covers what it can hold
    // for the whole event (its rating, and the charge above its floor at its target state of charge);
    // the jobs shed the rest.
    double battery_w = 0;
    if (site.battery) {
      const auto& b = *site.battery;
      const double stored_j = (b.soc_initial - b.soc_min) * b.capacity_j * std::sqrt(b.round_trip_efficiency);
      battery_w = std::min(b.power_w, stored_j / ev.duration_s);
    }
    const double baseline_w = booked_it_w() * facility_factor();
    dr_limit_w_ = std::max(0.0, baseline_w - std::max(0.0, ev.shed_w - battery_w));
    dr_end_s_ = ev.end_s();
  }
  if (headroom_it_w() < 0)
    shed(now);
}

void SitePower::shed(double now) {
  // Newest jobs first: the caps fall on all, the pauses on the jobs that started last.
  std::vector<std::size_t> jobs(order_.rbegin(), order_.rend());
  std::vector<models::BudgetedJob> view;
  view.reserve(jobs.size());
  for (std::size_t j : jobs) {
    auto b = budgeted(j);
    b.pausable = b.pausable && dr_end_s_ > now; // pauses answer demand response only
    view.push_back(std::move(b));
  }
  const auto plan = models::plan_shed(view, -headroom_it_w());
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    const std::size_t j = jobs[i];
    set_level(j, plan.level[i], now);
    if (plan.pause[i] && ctx_.runs[j] && ctx_.runs[j]->pause_until(dr_end_s_, "demand-response")) {
      paused_[j] = true;
      paused_gpus_ += ctx_.scenario.jobs[j].accelerators;
      booked_delta_w_ -= power_by_level_w_[j][static_cast<std::size_t>(level_[j])] - paused_w_[j];
      ++ctx_.result.power_budget.pauses;
    }
  }
  // A pause frees a whole booking: lift the caps it made unnecessary.
  if (headroom_it_w() > 0)
    uncap(now);
}

void SitePower::uncap(double now) {
  std::vector<models::BudgetedJob> view;
  view.reserve(order_.size());
  for (std::size_t j : order_)
    view.push_back(budgeted(j));
  const auto levels = models::plan_uncap(view, headroom_it_w());
  for (std::size_t i = 0; i < order_.size(); ++i)
    set_level(order_[i], levels[i], now);
}

void SitePower::end_pass(double now) {
  if (active_)
    record(now);
}

void SitePower::record(double now) {
  auto& r = ctx_.result.power_budget;
  const double limit = limit_facility_w();
  r.limit_w.set(now, std::isfinite(limit) ? limit : 0.0);
  r.binding.set(now, refused_this_pass_ || capped_gpus_ > 0 || paused_gpus_ > 0 ? 1.0 : 0.0);
  r.capped_gpus.set(now, capped_gpus_);
  r.paused_gpus.set(now, paused_gpus_);
}

} // namespace wattsim::sim
