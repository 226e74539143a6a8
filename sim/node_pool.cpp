#include "sim/node_pool.hpp"

#include <algorithm>
#include <numeric>

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
  std::vector<std::uint32_t> out;
  if (count > free_count() || count == 0)
    return out;
  out.reserve(count);
  if (placement == Placement::first_fit) {
    // Lowest-numbered powered nodes first, then powered-off ones (they must boot).
    while (out.size() < count && !on_.empty())
      take_node(*on_.begin(), out);
    while (out.size() < count)
      take_node(*off_.begin(), out);
  } else {
    // Pack racks: whole free racks first, then the fullest partly-free racks, so jobs share as few
    // racks as possible and idle racks stay whole (to idle or power off together).
    std::vector<std::uint32_t> racks(free_in_rack_.size());
    std::iota(racks.begin(), racks.end(), 0u);
    std::stable_sort(racks.begin(), racks.end(), [&](auto a, auto b) {
      const bool full_a = free_in_rack_[a] == per_rack_, full_b = free_in_rack_[b] == per_rack_;
      if (full_a != full_b)
        return full_a;
      return free_in_rack_[a] < free_in_rack_[b];
    });
    for (auto r : racks) {
      if (out.size() == count)
        break;
      if (free_in_rack_[r] == 0)
        continue;
      const auto lo = first_ + r * per_rack_;
      const auto hi = lo + per_rack_;
      for (auto* set : {&on_, &off_}) {
        for (auto it = set->lower_bound(lo); it != set->end() && *it < hi && out.size() < count;) {
          const auto node = *it++;
          take_node(node, out);
        }
      }
    }
    std::sort(out.begin(), out.end());
  }
  return out;
}

void NodePool::give_back(const std::vector<std::uint32_t>& nodes) {
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
