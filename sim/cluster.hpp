#pragma once
// The nodes of the simulated cluster, their racks, power state and owner, kept as node groups: the
// nodes of one partition in the same state for the same reason (a job's nodes in lockstep, the free
// idle pool, the nodes powered off) form one group, so a job's change of phase is one change of its
// group, O(1) whatever its size. A node that departs (it fails, is repaired, a spare joins) moves to
// the group of its new state and reason on its own. Per-node data lives in flat arrays.
//
// SimGrid sees the cluster through its hosts (sim/node_hosts.hpp): by default, per partition and
// power state, hosts whose pstate is the number of nodes in that state (its wattage that many nodes'
// draw), so a group change is a few host pstate changes; with `engine.hosts: per-node`, one host per
// node as in the simplest design (the reference the grouped hosts are tested against).
// docs/engine.md, "Node groups", has the design.

#include "sim/node_hosts.hpp"
#include "sim/power_ledger.hpp"
#include "sim/power_states.hpp"
#include "sim/scenario.hpp"

#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <unordered_map>
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
  std::uint64_t batches = 0;             ///< state changes: one per apply() call
  std::uint64_t host_state_changes = 0;  ///< SimGrid host pstate/on-off changes
  std::uint64_t group_changes = 0;       ///< a whole group changed state
  std::uint64_t node_moves = 0;          ///< a node changed group on its own
};

class Cluster {
public:
  /// Lays out the nodes (racks per partition) and the power-state tables. No SimGrid yet.
  explicit Cluster(const Scenario& scenario);

  [[nodiscard]] std::size_t size() const { return nodes_.size(); }
  [[nodiscard]] std::size_t partitions() const { return states_.size(); }
  [[nodiscard]] const std::string& partition_name(std::size_t p) const { return scenario_->cluster.partitions[p].name; }
  /// Nodes of a partition, spares included.
  [[nodiscard]] std::size_t partition_size(std::size_t p) const {
    return (p + 1 < first_node_.size() ? first_node_[p + 1] : nodes_.size()) - first_node_[p];
  }
  [[nodiscard]] const NodeInfo& node(NodeId n) const { return nodes_[n]; }
  [[nodiscard]] std::size_t racks() const { return rack_names_.size(); }
  [[nodiscard]] const std::string& rack_name(std::size_t r) const { return rack_names_[r]; }
  [[nodiscard]] std::uint32_t rack_partition(std::size_t r) const { return rack_partition_[r]; }
  [[nodiscard]] std::string host_name(NodeId n) const;
  [[nodiscard]] PowerStates& states(std::size_t partition) { return states_[partition]; }
  [[nodiscard]] const PowerStates& states(std::size_t partition) const { return states_[partition]; }
  /// First node of a partition; its nodes are contiguous, spares last.
  [[nodiscard]] NodeId first_node(std::size_t partition) const { return first_node_[partition]; }

  [[nodiscard]] PState pstate(NodeId n) const { return groups_[group_of_[n]].state; }
  [[nodiscard]] int owner(NodeId n) const { return groups_[group_of_[n]].job; }
  /// Energy of the accelerators of a job's nodes while allocated to it, up to `now` (GPU-only energy).
  [[nodiscard]] double job_accelerator_energy_j(int job, double now) const {
    if (job < 0 || static_cast<std::size_t>(job) >= job_accelerator_.size())
      return 0.0;
    return job_accelerator_[static_cast<std::size_t>(job)].at(now);
  }
  [[nodiscard]] std::size_t busy_nodes() const { return busy_; }
  [[nodiscard]] std::size_t off_nodes() const { return off_; }

  /// Called by the platform builder once the SimGrid hosts exist.
  void attach_hosts(NodeHosts hosts, PowerLedger* ledger);

  /// Puts `nodes` into `state` (kOff turns them off) owned by `job` (-1: none), at the current
  /// simulated time, in one kernel call: O(nodes).
  void apply(std::span<const NodeId> nodes, PState state, int job);
  /// Several groups in one batch (e.g. the cold nodes of a job boot while the others wait).
  struct Change {
    std::span<const NodeId> nodes;
    PState state;
    int job;
  };
  void apply(std::initializer_list<Change> changes);
  /// Puts every node `job` owns, and the nodes `joining` it, into `state`: O(joining) plus O(1) per
  /// group of the job, whatever the number of its nodes.
  void apply_job(int job, PState state, std::span<const NodeId> joining = {});
  /// The nodes `job` owns in `from` go to `to` (a service's serving replicas change their batch): O(1).
  void apply_job_state(int job, std::size_t partition, PState from, PState to);
  /// How many nodes `job` owns in `state` (the size of that group).
  [[nodiscard]] std::size_t job_nodes_in(int job, std::size_t partition, PState state) const;

  /// Node-seconds the partition's nodes spent in `state` (kOff included) from 0 to `now`: the facility
  /// reads how many nodes were in each operating point over its step from these integrals.
  [[nodiscard]] double node_seconds(std::size_t partition, PState state, double now) const;

  /// Settles the ledger's racks at the end of the run (O(nodes), once).
  void finish(double t_end);

  [[nodiscard]] const ClusterCounters& counters() const { return counters_; }
  [[nodiscard]] const models::StepSeries& busy_series() const { return busy_series_; }
  [[nodiscard]] const models::StepSeries& off_series() const { return off_series_; }
  [[nodiscard]] const NodeHosts& hosts() const { return hosts_; }

private:
  struct Group {
    std::uint32_t partition = 0;
    PState state = 0;
    int job = -1;
    std::vector<NodeId> members;
  };
  [[nodiscard]] std::size_t state_slot(std::size_t partition, PState state) const;
  [[nodiscard]] static std::uint64_t key(std::uint32_t partition, PState state, int job);
  GroupId group_for(std::uint32_t partition, PState state, int job, double now);
  void free_group(GroupId g);
  /// Moves node `n` into group `to` (its own change of state and owner).
  void move(NodeId n, GroupId to, double now);
  /// Changes the state of every member of group `g`; merges it into the group of the new state if
  /// the owner already has one.
  void set_group_state(GroupId g, PState state, double now);
  /// Count and accelerator-energy bookkeeping for `count` nodes (< 0: leaving) of `job` in `state`.
  void add_nodes(std::uint32_t partition, int job, PState state, int count, double now);
  /// Carries the node counts changed since the last call to the counting hosts.
  void commit_counts();
  /// Records the ledger's batch and the busy/off series at `now`.
  void record(double now);
  template <class Body>
  void batch(Body&& body);

  const Scenario* scenario_;
  std::vector<NodeInfo> nodes_;
  std::vector<NodeId> first_node_;
  std::vector<std::string> rack_names_;
  std::vector<std::uint32_t> rack_partition_;
  std::vector<PowerStates> states_;

  std::vector<Group> groups_;
  std::vector<GroupId> free_groups_;
  std::unordered_map<std::uint64_t, GroupId> group_by_key_;
  std::vector<std::vector<GroupId>> job_groups_; ///< per job, the groups of the nodes it owns
  std::vector<GroupId> group_of_;                ///< per node
  std::vector<std::uint32_t> slot_;              ///< per node, its index in its group's members

  NodeHosts hosts_;
  PowerLedger* ledger_ = nullptr;
  std::size_t busy_ = 0;
  std::size_t off_ = 0;
  ClusterCounters counters_;
  std::vector<Accumulator> state_time_;  ///< node count in each (partition, state), integrated
  std::vector<Accumulator> job_accelerator_; ///< accelerator power of each job's nodes, integrated
  std::vector<std::size_t> state_base_;  ///< first slot of each partition; its off slot is the last
  std::vector<std::size_t> touched_;     ///< slots whose count changed in the current batch
  std::vector<char> slot_touched_;
  models::StepSeries busy_series_;
  models::StepSeries off_series_;
};

} // namespace wattsim::sim
