#pragma once
// What SimGrid sees of the nodes: the hosts whose pstates carry the nodes' power, for the energy
// plugin to integrate (docs/engine.md, "Node groups").
//
// Counting hosts (the default): per partition and power state, two hosts whose pstates count nodes.
// With B = ceil(sqrt(N + 1)) for a partition of N nodes, the "units" host's pstate k draws k nodes'
// power, the "blocks" host's pstate k draws k x B nodes' power; c nodes in the state are pstates
// (c mod B, c div B). A change of any number of nodes from one state to another is at most four host
// pstate changes, and a partition of a million nodes needs 2 x 1,001 pstates per state, not a
// million hosts.
//
// Per-node hosts (`engine.hosts: per-node`): one host per node, turned off and on with the node, as
// the simplest design; a group change is then one host change per member.

#include "sim/power_states.hpp"

#include <cstdint>
#include <vector>

namespace simgrid::s4u {
class Host;
}

namespace wattsim::sim {

class NodeHosts {
public:
  /// A node count carried by two hosts (units and blocks of `base` nodes).
  struct Counter {
    simgrid::s4u::Host* units = nullptr;
    simgrid::s4u::Host* blocks = nullptr;
    std::uint64_t base = 1;
    std::uint64_t count = 0;
  };

  NodeHosts() = default;
  [[nodiscard]] static NodeHosts per_node(std::vector<simgrid::s4u::Host*> hosts);
  /// One counter per (partition, state) slot, in the cluster's slot order.
  [[nodiscard]] static NodeHosts counting(std::vector<Counter> counters);

  [[nodiscard]] bool is_per_node() const { return per_node_; }
  /// Per-node hosts: node `n` goes from `from` to `to` (kOff turns its host off).
  void set_node(std::uint32_t n, PState from, PState to);
  /// Counting hosts: the slot now holds `count` nodes.
  void set_count(std::size_t slot, std::uint64_t count);

  /// Every host carrying node power (for the energy plugin's total).
  [[nodiscard]] std::vector<simgrid::s4u::Host*> all() const;
  [[nodiscard]] std::uint64_t changes() const { return changes_; }

  /// The digit base for a partition of `nodes` nodes.
  [[nodiscard]] static std::uint64_t base_for(std::uint64_t nodes);

private:
  bool per_node_ = false;
  std::vector<simgrid::s4u::Host*> hosts_;
  std::vector<Counter> counters_;
  std::uint64_t changes_ = 0;
};

} // namespace wattsim::sim
