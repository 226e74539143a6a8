#include "sim/cluster.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <simgrid/s4u/Engine.hpp>
#include <simgrid/s4u/Host.hpp>
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
  pstate_.assign(nodes_.size(), 0);
  owner_.assign(nodes_.size(), -1);
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
  const auto& acc = state_time_[state_slot(partition, state)];
  return acc.integral + acc.rate * (now - acc.since);
}

void Cluster::attach_hosts(std::vector<simgrid::s4u::Host*> hosts, PowerLedger* ledger) {
  hosts_ = std::move(hosts);
  ledger_ = ledger;
  // One slot per pstate of each partition, plus one for "off"; the tables are final now.
  state_base_.assign(1, 0);
  for (const auto& st : states_)
    state_base_.push_back(state_base_.back() + st.size() + 1);
  state_time_.assign(state_base_.back(), Accumulator{});
  state_delta_.assign(state_base_.back(), 0);
  for (NodeId n = 0; n < nodes_.size(); ++n)
    state_time_[state_slot(nodes_[n].partition, states_[nodes_[n].partition].idle)].rate += 1;
  // Every node starts idle at t = 0.
  for (NodeId n = 0; n < nodes_.size(); ++n) {
    pstate_[n] = states_[nodes_[n].partition].idle;
    ledger_->set_node(n, states_[nodes_[n].partition].watts(pstate_[n]), -1, 0.0);
  }
  ledger_->end_batch(0.0);
  busy_series_.set(0.0, 0.0);
  off_series_.set(0.0, 0.0);
}

void Cluster::set_one(NodeId n, PState state, int job, double now) {
  const PState old = pstate_[n];
  auto* host = hosts_[n];
  if (state == kOff) {
    if (old != kOff) {
      host->turn_off();
      ++off_;
    }
  } else {
    if (old == kOff) {
      host->turn_on();
      --off_;
    }
    // Our own record of the pstate saves a call into SimGrid; a host turned on keeps its last pstate.
    if (state != old)
      host->set_pstate(static_cast<unsigned long>(state));
  }
  if ((owner_[n] >= 0) != (job >= 0))
    job >= 0 ? ++busy_ : --busy_;
  if (state != old) {
    const auto p = nodes_[n].partition;
    for (auto [slot, d] : {std::pair{state_slot(p, old), -1}, std::pair{state_slot(p, state), +1}}) {
      if (state_delta_[slot] == 0)
        touched_.push_back(slot);
      state_delta_[slot] += d;
    }
  }
  // GPU-only energy per job: the accelerator power of its nodes, integrated like the ledger's job power.
  const int old_job = owner_[n];
  if (old_job >= 0 || job >= 0) {
    const auto& st = states_[nodes_[n].partition];
    auto acc_w = [&st](PState s) { return s == kOff ? 0.0 : st.power(s).accelerators_w; };
    const std::size_t need = static_cast<std::size_t>(std::max(old_job, job)) + 1;
    if (job_accelerator_.size() < need)
      job_accelerator_.resize(need);
    if (old_job >= 0)
      job_accelerator_[static_cast<std::size_t>(old_job)].add(now, -acc_w(old));
    if (job >= 0)
      job_accelerator_[static_cast<std::size_t>(job)].add(now, acc_w(state));
  }
  pstate_[n] = state;
  owner_[n] = job;
  ++counters_.host_state_changes;
  ledger_->set_node(n, states_[nodes_[n].partition].watts(state), job, now);
}

void Cluster::apply(std::span<const NodeId> nodes, PState state, int job) { apply({Change{nodes, state, job}}); }

void Cluster::apply(std::initializer_list<Change> changes) {
  const double now = simgrid::s4u::Engine::get_clock();
  simgrid::kernel::actor::simcall_answered([&] {
    for (const auto& c : changes)
      for (NodeId n : c.nodes)
        set_one(n, c.state, c.job, now);
  });
  ++counters_.batches;
  ledger_->end_batch(now);
  for (auto slot : touched_) {
    state_time_[slot].add(now, state_delta_[slot]);
    state_delta_[slot] = 0;
  }
  touched_.clear();
  busy_series_.set(now, static_cast<double>(busy_));
  off_series_.set(now, static_cast<double>(off_));
}

} // namespace wattsim::sim
