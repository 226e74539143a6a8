#include "sim/rack_batteries.hpp"

#include "sim/cluster.hpp"

#include <algorithm>
#include <cmath>

namespace wattsim::sim {

std::vector<char> partitions_with_rack_batteries(const Scenario& scenario) {
  std::vector<char> with;
  for (const auto& p : scenario.cluster.partitions)
    with.push_back(p.rack_battery ? 1 : 0);
  return with;
}

void run_rack_batteries(const Scenario& scenario, const Cluster& cluster, PowerLedger& ledger, double t_end_s,
                        RunResult& result) {
  std::vector<models::StepSeries> batteries_w;
  for (std::size_t r = 0; r < cluster.racks(); ++r) {
    const auto& part = scenario.cluster.partitions[cluster.rack_partition(r)];
    if (!part.rack_battery)
      continue;
    RackBatteryRecord rec;
    rec.rack = r;
    rec.limit_w = part.rack_power_limit_w;
    rec.it_w = ledger.take_rack_series(r);
    rec.battery = models::run_battery(*part.rack_battery, rec.it_w, t_end_s);
    rec.battery.soc = {}; // not reported per rack: its memory back (O(rack steps) per rack)
    batteries_w.push_back(rec.battery.battery_w);
    result.rack_batteries.push_back(std::move(rec));
  }
  if (!batteries_w.empty())
    result.rack_battery_w = models::StepSeries::sum(batteries_w);
}

RackBatteryBank::RackBatteryBank(const Scenario& scenario, const Cluster& cluster, PowerLedger& ledger,
                                 double horizon_s)
    : ledger_(ledger), slot_of_rack_(cluster.racks(), -1) {
  for (std::size_t r = 0; r < cluster.racks(); ++r) {
    const auto& part = scenario.cluster.partitions[cluster.rack_partition(r)];
    if (!part.rack_battery)
      continue;
    slot_of_rack_[r] = static_cast<std::int32_t>(racks_.size());
    pending_.push_back(racks_.size());
    racks_.push_back(Rack{static_cast<std::uint32_t>(r), models::BatteryRun(*part.rack_battery, horizon_s)});
  }
  touched_.assign(racks_.size(), 0);
  ledger_.watch_rack_changes();
}

RackBatteryBank::Step RackBatteryBank::step(double t0, double t1) {
  // The racks to advance: those whose power changed, those left pending, those whose segment ends.
  std::vector<std::size_t> work;
  work.swap(pending_);
  for (auto r : ledger_.take_changed_racks())
    if (slot_of_rack_[r] >= 0)
      work.push_back(static_cast<std::size_t>(slot_of_rack_[r]));
  while (!ends_.empty() && std::get<0>(ends_.top()) < t1) {
    const auto [end, k, version] = ends_.top();
    ends_.pop();
    if (version == racks_[k].version)
      work.push_back(k);
  }
  Step out;
  double held_w = power_w_, held_loss_w = loss_w_;
  double moved_j = 0, moved_loss_j = 0;
  for (auto k : work) {
    if (touched_[k])
      continue;
    touched_[k] = 1;
    auto& rack = racks_[k];
    const double old_w = rack.run.power_w();
    held_w -= old_w;
    held_loss_w -= rack.run.loss_w(old_w);
    const auto& load = ledger_.rack_series()[rack.rack];
    rack.run.advance(load, t1);
    // Its energy and losses over the step, from its segments (exact: power is constant in each).
    const auto& b = rack.run.battery_w();
    const auto& t = b.times();
    const auto& v = b.values();
    auto i = static_cast<std::size_t>(std::upper_bound(t.begin(), t.end(), t0) - t.begin());
    double from = t0, w = i == 0 ? 0.0 : v[i - 1];
    for (;; ++i) {
      const double to = i < t.size() ? std::min(t[i], t1) : t1;
      moved_j += w * (to - from);
      moved_loss_j += rack.run.loss_w(w) * (to - from);
      if (i >= t.size() || t[i] >= t1)
        break;
      from = to;
      w = v[i];
    }
    const double new_w = rack.run.power_w();
    power_w_ += new_w - old_w;
    loss_w_ += rack.run.loss_w(new_w) - rack.run.loss_w(old_w);
    if (std::isfinite(rack.run.segment_end_s()))
      ends_.emplace(rack.run.segment_end_s(), k, ++rack.version);
    // A point at t1 (or later) is not final yet: look at the rack again at the next step.
    if (!load.empty() && load.times().back() >= t1)
      pending_.push_back(k);
  }
  for (auto k : work)
    touched_[k] = 0;
  out.battery_j = held_w * (t1 - t0) + moved_j;
  out.loss_j = held_loss_w * (t1 - t0) + moved_loss_j;
  return out;
}

} // namespace wattsim::sim
