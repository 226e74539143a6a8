#pragma once
// The nodes of the simulated cluster: one SimGrid host each, their racks, their power state and
// owner. Every change goes through apply(), which switches the SimGrid hosts of a whole group in one
// kernel call (`simcall_answered`; its cost per host change is measured in docs/performance.md) and books the new power in the ledger.

#include "sim/power_ledger.hpp"
#include "sim/power_states.hpp"
#include "sim/scenario.hpp"

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace simgrid::s4u {
class Host;
}

namespace wattsim::sim {

using NodeId = std::uint32_t;

struct NodeInfo {
  std::uint32_t partition = 0;
  std::uint32_t rack = 0;       ///< global rack index
  bool spare = false;
};

struct ClusterCounters {
  std::uint64_t batches = 0;             ///< apply() calls: job-wide state changes
  std::uint64_t host_state_changes = 0;  ///< individual SimGrid host pstate/on-off changes
};

class Cluster {
public:
  /// Lays out the nodes (racks per partition) and the power-state tables. No SimGrid yet.
  explicit Cluster(const Scenario& scenario);

  [[nodiscard]] std::size_t size() const { return nodes_.size(); }
  [[nodiscard]] const NodeInfo& node(NodeId n) const { return nodes_[n]; }
  [[nodiscard]] std::size_t racks() const { return rack_names_.size(); }
  [[nodiscard]] const std::string& rack_name(std::size_t r) const { return rack_names_[r]; }
  [[nodiscard]] std::uint32_t rack_partition(std::size_t r) const { return rack_partition_[r]; }
  [[nodiscard]] std::string host_name(NodeId n) const;
  [[nodiscard]] PowerStates& states(std::size_t partition) { return states_[partition]; }
  [[nodiscard]] const PowerStates& states(std::size_t partition) const { return states_[partition]; }
  /// First node of a partition; its nodes are contiguous, spares last.
  [[nodiscard]] NodeId first_node(std::size_t partition) const { return first_node_[partition]; }

  [[nodiscard]] PState pstate(NodeId n) const { return pstate_[n]; }
  [[nodiscard]] int owner(NodeId n) const { return owner_[n]; }
  /// Energy of the accelerators of a job's nodes while allocated to it, up to `now` (GPU-only energy).
  [[nodiscard]] double job_accelerator_energy_j(int job, double now) const {
    if (job < 0 || static_cast<std::size_t>(job) >= job_accelerator_.size())
      return 0.0;
    const auto& a = job_accelerator_[static_cast<std::size_t>(job)];
    return a.integral + a.rate * (now - a.since);
  }
  [[nodiscard]] std::size_t busy_nodes() const { return busy_; }
  [[nodiscard]] std::size_t off_nodes() const { return off_; }

  /// Called by the platform builder once hosts exist.
  void attach_hosts(std::vector<simgrid::s4u::Host*> hosts, PowerLedger* ledger);

  /// Puts `nodes` into `state` (kOff turns them off) owned by `job` (-1: none), at the current
  /// simulated time, in one kernel call; then records the ledger batch.
  void apply(std::span<const NodeId> nodes, PState state, int job);
  /// Several groups in one batch (e.g. a failed node off while the rest of its job stalls).
  struct Change {
    std::span<const NodeId> nodes;
    PState state;
    int job;
  };
  void apply(std::initializer_list<Change> changes);

  /// Node-seconds the partition's nodes spent in `state` (kOff included) from 0 to `now`: the facility
  /// reads how many nodes were in each operating point over its step from these integrals.
  [[nodiscard]] double node_seconds(std::size_t partition, PState state, double now) const;

  [[nodiscard]] const ClusterCounters& counters() const { return counters_; }
  [[nodiscard]] const models::StepSeries& busy_series() const { return busy_series_; }
  [[nodiscard]] const models::StepSeries& off_series() const { return off_series_; }
  [[nodiscard]] const std::vector<simgrid::s4u::Host*>& hosts() const { return hosts_; }

private:
  void set_one(NodeId n, PState state, int job, double now);
  std::size_t state_slot(std::size_t partition, PState state) const;

  const Scenario* scenario_;
  std::vector<NodeInfo> nodes_;
  std::vector<NodeId> first_node_;
  std::vector<std::string> rack_names_;
  std::vector<std::uint32_t> rack_partition_;
  std::vector<PowerStates> states_;
  std::vector<PState> pstate_;
  std::vector<int> owner_;
  std::vector<simgrid::s4u::Host*> hosts_;
  PowerLedger* ledger_ = nullptr;
  std::size_t busy_ = 0;
  std::size_t off_ = 0;
  ClusterCounters counters_;
  std::vector<Accumulator> state_time_;  ///< node count in each (partition, state), integrated
  std::vector<Accumulator> job_accelerator_; ///< accelerator power of each job's nodes, integrated
  std::vector<std::size_t> state_base_;  ///< first slot of each partition; its off slot is the last
  std::vector<int> state_delta_;         ///< count changes within the current batch
  std::vector<std::size_t> touched_;
  models::StepSeries busy_series_;
  models::StepSeries off_series_;
};

} // namespace wattsim::sim
