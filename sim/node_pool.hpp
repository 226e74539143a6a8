#pragma once
// Free nodes of one partition and how a job's nodes are chosen among them. Plain C++, no SimGrid:
// the scheduler actor owns one pool per partition.

#include "sim/placement.hpp"

#include <cstdint>
#include <set>
#include <vector>

namespace wattsim::sim {

class NodePool {
public:
  using Placement = sim::Placement;

  /// Nodes [first, first + count) in racks of `nodes_per_rack`, all free and powered.
  NodePool(std::uint32_t first, std::uint32_t count, std::uint32_t nodes_per_rack);

  [[nodiscard]] std::size_t free_count() const { return on_.size() + off_.size(); }
  [[nodiscard]] std::size_t capacity() const { return capacity_; }

  /// Takes `count` free nodes chosen by the placement, or returns an empty vector if there are not enough.
  std::vector<std::uint32_t> take(std::size_t count, Placement placement);

  // What placements choose from (sim/placement.cpp).
  [[nodiscard]] std::uint32_t racks() const { return static_cast<std::uint32_t>(free_in_rack_.size()); }
  [[nodiscard]] std::uint32_t nodes_per_rack() const { return per_rack_; }
  [[nodiscard]] std::size_t free_in_rack(std::uint32_t rack) const { return free_in_rack_[rack]; }
  /// Appends the `count` lowest-numbered free nodes to `out`, powered ones first.
  void take_lowest(std::size_t count, std::vector<std::uint32_t>& out);
  /// Appends up to `want` free nodes of `rack` to `out`, powered ones first.
  void take_from_rack(std::uint32_t rack, std::size_t want, std::vector<std::uint32_t>& out);
  /// Whether `node` is one of this pool's nodes [first, first + count).
  [[nodiscard]] bool owns(std::uint32_t node) const { return node >= first_ && node - first_ < capacity_; }
  /// Returns taken nodes to the pool (powered on); a node the pool does not own, or one already free,
  /// is a logic error (std::logic_error), never a write past the rack counts.
  void give_back(const std::vector<std::uint32_t>& nodes);
  /// Marks free nodes as powered off / on; they stay free.
  void mark_off(std::uint32_t node);
  [[nodiscard]] bool is_free_and_on(std::uint32_t node) const { return on_.count(node) > 0; }

private:
  std::uint32_t rack_of(std::uint32_t node) const { return (node - first_) / per_rack_; }
  void take_node(std::uint32_t node, std::vector<std::uint32_t>& out);

  std::uint32_t first_;
  std::uint32_t per_rack_;
  std::size_t capacity_;
  std::set<std::uint32_t> on_;
  std::set<std::uint32_t> off_;
  std::vector<std::uint32_t> free_in_rack_;
};

} // namespace wattsim::sim
