#include "sim/cluster.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <simgrid/s4u/Engine.hpp>
#include <simgrid/simix.hpp>

namespace wattsim::sim {

Cluster::Cluster(const Scenario& scenario) : scenario_(&scenario) {
  for (std::size_t p = 0; p < scenario.cluster.partitions.size(); ++p) {
    const auto& part = scenario.cluster.partitions[p];
    states_.emplace_back(part);
    first_node_.push_back(static_cast<NodeId>(nodes_.size()));
    const auto first_rack = static_cast<std::uint32_t>(rack_names_.size());
    for (int r = 0; r < part.racks(); ++r) {
      rack_names_.push_back(fmt::format("{}-r{:04d}", part.name, r));
      rack_partition_.push_back(static_cast<std::uint32_t>(p));
    }
    for (int i = 0; i < part.total_nodes(); ++i) {
      NodeInfo info;
      info.partition = static_cast<std::uint32_t>(p);
      info.rack = first_rack + static_cast<std::uint32_t>(i / part.nodes_per_rack);
      info.spare = i >= part.nodes;
      nodes_.push_back(info);
    }
  }
  job_groups_.resize(scenario.jobs.size());
  job_accelerator_.resize(scenario.jobs.size());
}

std::string Cluster::host_name(NodeId n) const {
  const auto& info = nodes_[n];
  const auto& part = scenario_->cluster.partitions[info.partition];
  return fmt::format("{}-{:05d}", part.name, n - first_node_[info.partition]);
}

std::size_t Cluster::state_slot(std::size_t partition, PState state) const {
  return state == kOff ? state_base_[partition + 1] - 1 : state_base_[partition] + static_cast<std::size_t>(state);
}

double Cluster::node_seconds(std::size_t partition, PState state, double now) const {
  return state_time_[state_slot(partition, state)].at(now);
}

std::uint64_t Cluster::key(std::uint32_t partition, PState state, int job) {
  // job + 1 and state + 1 are >= 0; 24 bits of partition and state, 32 of job are plenty.
  return (static_cast<std::uint64_t>(static_cast<std::uint32_t>(job + 1)) << 32) |
         (static_cast<std::uint64_t>(partition) << 20) | static_cast<std::uint64_t>(state + 1);
}

void Cluster::attach_hosts(NodeHosts hosts, PowerLedger* ledger) {
  hosts_ = std::move(hosts);
  ledger_ = ledger;
  // One slot per pstate of each partition, plus one for "off"; the tables are final now.
  state_base_.assign(1, 0);
  for (const auto& st : states_)
    state_base_.push_back(state_base_.back() + st.size() + 1);
  state_time_.assign(state_base_.back(), Accumulator{});
  slot_touched_.assign(state_base_.back(), 0);
  // Every node starts idle at t = 0, in its partition's idle group.
  group_of_.assign(nodes_.size(), 0);
  slot_.assign(nodes_.size(), 0);
  // Per-node hosts start at pstate 0, the idle state (PowerStates registers it first).
  for (std::uint32_t p = 0; p < states_.size(); ++p) {
    const GroupId g = group_for(p, states_[p].idle, -1, 0.0);
    const NodeId first = first_node_[p];
    const NodeId end = static_cast<NodeId>(first + partition_size(p));
    auto& members = groups_[g].members;
    members.reserve(end - first);
    for (NodeId n = first; n < end; ++n) {
      group_of_[n] = g;
      slot_[n] = static_cast<std::uint32_t>(members.size());
      members.push_back(n);
      ledger_->join(n, g, states_[p].watts(states_[p].idle), 0.0);
    }
    add_nodes(p, -1, states_[p].idle, static_cast<int>(end - first), 0.0);
  }
  // The initial layout is not a change of state: recorded, not counted as a batch.
  commit_counts();
  record(0.0);
}

GroupId Cluster::group_for(std::uint32_t partition, PState state, int job, double now) {
  const auto k = key(partition, state, job);
  if (auto it = group_by_key_.find(k); it != group_by_key_.end())
    return it->second;
  GroupId g;
  if (!free_groups_.empty()) {
    g = free_groups_.back();
    free_groups_.pop_back();
  } else {
    g = static_cast<GroupId>(groups_.size());
    groups_.emplace_back();
  }
  auto& group = groups_[g];
  group.partition = partition;
  group.state = state;
  group.job = job;
  group.members.clear();
  group_by_key_.emplace(k, g);
  if (job >= 0)
    job_groups_[static_cast<std::size_t>(job)].push_back(g);
  ledger_->open_group(g, job, states_[partition].watts(state), now, partition);
  return g;
}

void Cluster::free_group(GroupId g) {
  auto& group = groups_[g];
  group_by_key_.erase(key(group.partition, group.state, group.job));
  if (group.job >= 0)
    std::erase(job_groups_[static_cast<std::size_t>(group.job)], g);
  group.members = {}; // a pool of many nodes gives its memory back
  free_groups_.push_back(g);
}

void Cluster::add_nodes(std::uint32_t partition, int job, PState state, int count, double now) {
  // Node counts per (partition, state): integrated for the facility, carried by the counting hosts.
  const auto slot = state_slot(partition, state);
  state_time_[slot].add(now, count);
  if (!slot_touched_[slot]) {
    slot_touched_[slot] = 1;
    touched_.push_back(slot);
  }
  if (state == kOff)
    off_ = static_cast<std::size_t>(static_cast<std::ptrdiff_t>(off_) + count);
  if (job >= 0) {
    busy_ = static_cast<std::size_t>(static_cast<std::ptrdiff_t>(busy_) + count);
    // GPU-only energy per job: the accelerator power of its nodes, integrated like the ledger's job power.
    if (state != kOff)
      job_accelerator_[static_cast<std::size_t>(job)].add(now, count * states_[partition].power(state).accelerators_w);
  }
}

void Cluster::move(NodeId n, GroupId to, double now) {
  const GroupId from = group_of_[n];
  if (from == to)
    return;
  auto& src = groups_[from];
  auto& dst = groups_[to];
  const auto& st = states_[src.partition];
  // Out of its group: the last member takes its slot.
  const NodeId last = src.members.back();
  src.members[slot_[n]] = last;
  slot_[last] = slot_[n];
  src.members.pop_back();
  ledger_->leave(n, from, st.watts(src.state), now);
  group_of_[n] = to;
  slot_[n] = static_cast<std::uint32_t>(dst.members.size());
  dst.members.push_back(n);
  ledger_->join(n, to, st.watts(dst.state), now);
  add_nodes(src.partition, src.job, src.state, -1, now);
  add_nodes(dst.partition, dst.job, dst.state, +1, now);
  if (hosts_.is_per_node())
    hosts_.set_node(n, src.state, dst.state);
  ++counters_.node_moves;
  if (src.members.empty())
    free_group(from);
}

void Cluster::set_group_state(GroupId g, PState state, double now) {
  auto& group = groups_[g];
  if (group.state == state)
    return;
  if (auto it = group_by_key_.find(key(group.partition, state, group.job)); it != group_by_key_.end()) {
    // The owner already has nodes in that state: the group joins them, node by node.
    const GroupId into = it->second;
    while (!groups_[g].members.empty())
      move(groups_[g].members.back(), into, now);
    return;
  }
  const auto& st = states_[group.partition];
  group_by_key_.erase(key(group.partition, group.state, group.job));
  group_by_key_.emplace(key(group.partition, state, group.job), g);
  ledger_->change_group(g, group.members, st.watts(group.state), st.watts(state), now);
  const auto count = static_cast<int>(group.members.size());
  add_nodes(group.partition, group.job, group.state, -count, now);
  add_nodes(group.partition, group.job, state, count, now);
  if (hosts_.is_per_node())
    for (NodeId n : group.members)
      hosts_.set_node(n, group.state, state);
  group.state = state;
  ++counters_.group_changes;
}

void Cluster::commit_counts() {
  for (auto slot : touched_) {
    if (!hosts_.is_per_node())
      hosts_.set_count(slot, static_cast<std::uint64_t>(state_time_[slot].rate));
    slot_touched_[slot] = 0;
  }
  touched_.clear();
}

void Cluster::record(double now) {
  counters_.host_state_changes = hosts_.changes();
  ledger_->end_batch(now);
  busy_series_.set(now, static_cast<double>(busy_));
  off_series_.set(now, static_cast<double>(off_));
}

template <class Body>
void Cluster::batch(Body&& body) {
  const double now = simgrid::s4u::Engine::get_clock();
  // One kernel call for the whole batch: the host changes happen at the same simulated instant.
  simgrid::kernel::actor::simcall_answered([&] {
    body();
    commit_counts();
  });
  ++counters_.batches;
  record(now);
}

void Cluster::apply(std::span<const NodeId> nodes, PState state, int job) { apply({Change{nodes, state, job}}); }

void Cluster::apply(std::initializer_list<Change> changes) {
  const double now = simgrid::s4u::Engine::get_clock();
  batch([&] {
    for (const auto& c : changes)
      for (NodeId n : c.nodes)
        move(n, group_for(nodes_[n].partition, c.state, c.job, now), now);
  });
}

void Cluster::apply_job(int job, PState state, std::span<const NodeId> joining) {
  const double now = simgrid::s4u::Engine::get_clock();
  batch([&] {
    // A copy: merging groups edits the job's list.
    const auto groups = job_groups_[static_cast<std::size_t>(job)];
    for (GroupId g : groups)
      set_group_state(g, state, now);
    for (NodeId n : joining)
      move(n, group_for(nodes_[n].partition, state, job, now), now);
  });
}

void Cluster::apply_job_state(int job, std::size_t partition, PState from, PState to) {
  const double now = simgrid::s4u::Engine::get_clock();
  batch([&] {
    if (auto it = group_by_key_.find(key(static_cast<std::uint32_t>(partition), from, job)); it != group_by_key_.end())
      set_group_state(it->second, to, now);
  });
}

std::size_t Cluster::job_nodes_in(int job, std::size_t partition, PState state) const {
  const auto it = group_by_key_.find(key(static_cast<std::uint32_t>(partition), state, job));
  return it == group_by_key_.end() ? 0 : groups_[it->second].members.size();
}

void Cluster::finish(double t_end) { ledger_->finish(t_end, group_of_); }

} // namespace wattsim::sim
