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
    // Pack racks: whole free racks while the job needs a rack or more, then the remainder from the
    // partly used rack that fits it most tightly (best fit), so jobs share few racks and idle racks
    // stay whole (to idle or power off together).
    auto take_rack = [&](std::uint32_t r, std::size_t want) {
      const auto lo = first_ + r * per_rack_;
      const auto hi = lo + per_rack_;
      for (auto* set : {&on_, &off_})
        for (auto it = set->lower_bound(lo); it != set->end() && *it < hi && want > 0; --want) {
          const auto node = *it++;
          take_node(node, out);
        }
    };
    const auto racks = static_cast<std::uint32_t>(free_in_rack_.size());
    for (std::uint32_t r = 0; r < racks && count - out.size() >= per_rack_; ++r)
      if (free_in_rack_[r] == per_rack_)
        take_rack(r, per_rack_);
    while (out.size() < count) {
      const std::size_t need = count - out.size();
      // Best fit: the rack with the fewest free nodes that still holds the whole remainder, partly used
      // racks before whole ones; failing that, the fullest rack and loop.
      std::uint32_t best = racks;
      for (std::uint32_t r = 0; r < racks; ++r) {
        if (free_in_rack_[r] < need)
          continue;
        if (best == racks || free_in_rack_[r] < free_in_rack_[best])
          best = r;
      }
      if (best == racks)
        for (std::uint32_t r = 0; r < racks; ++r)
          if (best == racks || free_in_rack_[r] > free_in_rack_[best])
            best = r;
      take_rack(best, need);
    }
    std::sort(out.begin(), out.end());
  }
  return out;
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
