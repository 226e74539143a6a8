#include "sim/power_ledger.hpp"

#include <algorithm>

namespace wattsim::sim {

PowerLedger::PowerLedger(Options o)
    : rack_of_(std::move(o.rack_of_node)), node_mark_j_(rack_of_.size(), 0.0), rack_energy_(o.racks, 0.0),
      jobs_(o.jobs), job_nodes_(o.jobs, 0), job_dirty_(o.jobs, 0) {
  all_racks_ = o.rack_traces;
  partition_racks_ = std::move(o.rack_series_of_partition);
  const bool some = std::find(partition_racks_.begin(), partition_racks_.end(), 1) != partition_racks_.end();
  if (o.rack_traces || some) {
    rack_series_.resize(o.racks);
    rack_power_w_.assign(o.racks, 0.0);
    rack_dirty_.assign(o.racks, 0);
  }
  if (o.job_traces) {
    job_series_.resize(o.jobs);
  } else if (!o.traced_jobs.empty()) {
    job_series_.resize(o.jobs);
    traced_jobs_ = std::move(o.traced_jobs);
  }
  total_series_.set(0.0, 0.0);
}

void PowerLedger::add_fixed_load(double power_w) {
  total_.add(0.0, power_w);
  total_series_.set(0.0, total_.rate);
}

void PowerLedger::open_group(GroupId g, int job, double node_w, double now, std::uint32_t partition) {
  if (groups_.size() <= g)
    groups_.resize(g + 1);
  const bool racks = all_racks_ || (partition < partition_racks_.size() && partition_racks_[partition]);
  groups_[g] = GroupAccount{Accumulator{node_w, 0.0, now}, job, racks};
}

void PowerLedger::job_delta(int job, double delta_w, int count, double now) {
  if (job < 0)
    return;
  const auto j = static_cast<std::size_t>(job);
  jobs_[j].add(now, delta_w);
  job_nodes_[j] += count;
  if (job_nodes_[j] == 0)
    jobs_[j].rate = 0.0; // no node left: clear rounding residue exactly
  if (!job_dirty_[j]) {
    job_dirty_[j] = 1;
    dirty_jobs_.push_back(static_cast<std::uint32_t>(j));
  }
}

void PowerLedger::rack_delta(std::uint32_t n, double delta_w) {
  const auto r = rack_of_[n];
  rack_power_w_[r] += delta_w;
  if (!rack_dirty_[r]) {
    rack_dirty_[r] = 1;
    dirty_racks_.push_back(r);
  }
}

void PowerLedger::change_group(GroupId g, std::span<const std::uint32_t> members, double old_w, double new_w,
                               double now) {
  if (old_w == new_w)
    return;
  auto& acc = groups_[g];
  acc.node_energy.add(now, new_w - old_w);
  const double count = static_cast<double>(members.size());
  batch_delta_ += count * (new_w - old_w);
  job_delta(acc.job, count * (new_w - old_w), 0, now);
  if (acc.racks)
    for (auto n : members)
      rack_delta(n, new_w - old_w);
}

void PowerLedger::join(std::uint32_t n, GroupId g, double node_w, double now) {
  auto& acc = groups_[g];
  acc.node_energy.advance(now);
  node_mark_j_[n] = acc.node_energy.integral;
  batch_delta_ += node_w;
  job_delta(acc.job, node_w, +1, now);
  if (acc.racks)
    rack_delta(n, node_w);
}

void PowerLedger::leave(std::uint32_t n, GroupId g, double node_w, double now) {
  auto& acc = groups_[g];
  // The node's energy while a member: the group's energy per node since the node joined.
  rack_energy_[rack_of_[n]] += acc.node_energy.at(now) - node_mark_j_[n];
  batch_delta_ -= node_w;
  job_delta(acc.job, -node_w, -1, now);
  if (acc.racks)
    rack_delta(n, -node_w);
}

void PowerLedger::end_batch(double now) {
  if (batch_delta_ != 0) {
    total_.add(now, batch_delta_);
    batch_delta_ = 0;
  }
  total_series_.set(now, total_.rate);
  for (auto r : dirty_racks_) {
    rack_series_[r].set(now, rack_power_w_[r]);
    rack_dirty_[r] = 0;
    if (!rack_watched_.empty() && !rack_watched_[r]) {
      rack_watched_[r] = 1;
      changed_racks_.push_back(r);
    }
  }
  dirty_racks_.clear();
  for (auto j : dirty_jobs_) {
    if (!job_series_.empty() && (traced_jobs_.empty() || traced_jobs_[j]))
      job_series_[j].set(now, jobs_[j].rate);
    job_dirty_[j] = 0;
  }
  dirty_jobs_.clear();
}

std::vector<std::uint32_t> PowerLedger::take_changed_racks() {
  std::vector<std::uint32_t> out;
  out.swap(changed_racks_);
  for (auto r : out)
    rack_watched_[r] = 0;
  return out;
}

void PowerLedger::finish(double t_end, std::span<const GroupId> group_of) {
  total_.advance(t_end);
  for (auto& j : jobs_)
    j.advance(t_end);
  // Each node still in its group adds what it drew since it joined: O(nodes), once per run.
  for (std::size_t n = 0; n < group_of.size(); ++n) {
    const auto& acc = groups_[group_of[n]].node_energy;
    rack_energy_[rack_of_[n]] += acc.at(t_end) - node_mark_j_[n];
    node_mark_j_[n] = acc.at(t_end);
  }
}

} // namespace wattsim::sim
