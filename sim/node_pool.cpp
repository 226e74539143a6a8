#include "sim/node_pool.hpp"

#include <algorithm>
#include <numeric>
#include <stdexcept>
#include <string>

namespace wattsim::sim {

NodePool::NodePool(std::uint32_t first, std::uint32_t count, std::uint32_t nodes_per_rack)
    : first_(first), per_rack_(std::max<std::uint32_t>(nodes_per_rack, 1)), capacity_(count),
      free_in_rack_((count + per_rack_ - 1) / per_rack_, 0) {
  for (std::uint32_t n = first; n < first + count; ++n) {
    on_.insert(on_.end(), n);
    ++free_in_rack_[rack_of(n)];
  }
}

void NodePool::take_node(std::uint32_t node, std::vector<std::uint32_t>& out) {
  if (!on_.erase(node))
    off_.erase(node);
  --free_in_rack_[rack_of(node)];
  out.push_back(node);
}

std::vector<std::uint32_t> NodePool::take(std::size_t count, Placement placement) {
  if (count > free_count() || count == 0)
    return {};
  return placement_policy(placement).take(*this, count);
}

void NodePool::take_lowest(std::size_t count, std::vector<std::uint32_t>& out) {
  // Lowest-numbered powered nodes first, then powered-off ones (they must boot).
  for (std::size_t taken = 0; taken < count && free_count() > 0; ++taken)
    take_node(on_.empty() ? *off_.begin() : *on_.begin(), out);
}

void NodePool::take_from_rack(std::uint32_t rack, std::size_t want, std::vector<std::uint32_t>& out) {
  const auto lo = first_ + rack * per_rack_;
  const auto hi = lo + per_rack_;
  for (auto* set : {&on_, &off_})
    for (auto it = set->lower_bound(lo); it != set->end() && *it < hi && want > 0; --want) {
      const auto node = *it++;
      take_node(node, out);
    }
}

void NodePool::give_back(const std::vector<std::uint32_t>& nodes) {
  for (auto n : nodes)
    if (!owns(n) || on_.count(n) > 0 || off_.count(n) > 0)
      throw std::logic_error("node pool: node " + std::to_string(n) + " is not a taken node of this pool");
  for (auto n : nodes) {
    on_.insert(n);
    ++free_in_rack_[rack_of(n)];
  }
}

void NodePool::mark_off(std::uint32_t node) {
  if (on_.erase(node))
    off_.insert(node);
}

} // namespace wattsim::sim
