#include "sim/placement.hpp"

#include "sim/node_pool.hpp"

#include <algorithm>
#include <queue>

namespace wattsim::sim {

namespace {

class FirstFit final : public PlacementPolicy {
public:
  std::vector<std::uint32_t> take(NodePool& pool, std::size_t count) const override {
    std::vector<std::uint32_t> out;
    out.reserve(count);
    pool.take_lowest(count, out);
    return out;
  }
};

class PackRacks final : public PlacementPolicy {
public:
  std::vector<std::uint32_t> take(NodePool& pool, std::size_t count) const override {
    std::vector<std::uint32_t> out;
    out.reserve(count);
    const auto racks = pool.racks();
    const std::size_t per_rack = pool.nodes_per_rack();
    for (std::uint32_t r = 0; r < racks && count - out.size() >= per_rack; ++r)
      if (pool.free_in_rack(r) == per_rack)
        pool.take_from_rack(r, per_rack, out);
    while (out.size() < count) {
      const std::size_t need = count - out.size();
      // Best fit: the rack with the fewest free nodes that still holds the whole remainder, partly used
      // racks before whole ones; failing that, the fullest rack and loop.
      std::uint32_t best = racks;
      for (std::uint32_t r = 0; r < racks; ++r) {
        if (pool.free_in_rack(r) < need)
          continue;
        if (best == racks || pool.free_in_rack(r) < pool.free_in_rack(best))
          best = r;
      }
      if (best == racks)
        for (std::uint32_t r = 0; r < racks; ++r)
          if (best == racks || pool.free_in_rack(r) > pool.free_in_rack(best))
            best = r;
      pool.take_from_rack(best, need, out);
    }
    std::sort(out.begin(), out.end());
    return out;
  }
};

class SpreadRacks final : public PlacementPolicy {
public:
  std::vector<std::uint32_t> take(NodePool& pool, std::size_t count) const override {
    // A heap of racks by free nodes (ties: the lower rack), one node from the top each time:
    // O(count log racks).
    using Entry = std::pair<std::size_t, std::int64_t>; // free nodes, -rack
    std::priority_queue<Entry> heap;
    for (std::uint32_t r = 0; r < pool.racks(); ++r)
      if (pool.free_in_rack(r) > 0)
        heap.emplace(pool.free_in_rack(r), -static_cast<std::int64_t>(r));
    std::vector<std::uint32_t> out;
    out.reserve(count);
    while (out.size() < count && !heap.empty()) {
      const auto rack = static_cast<std::uint32_t>(-heap.top().second);
      heap.pop();
      pool.take_from_rack(rack, 1, out);
      if (pool.free_in_rack(rack) > 0)
        heap.emplace(pool.free_in_rack(rack), -static_cast<std::int64_t>(rack));
    }
    std::sort(out.begin(), out.end());
    return out;
  }
};

} // namespace

const PlacementPolicy& placement_policy(Placement placement) {
  // One entry per Placement, in enum order.
  static const FirstFit first_fit;
  static const PackRacks pack_racks;
  static const SpreadRacks spread_racks;
  static const PlacementPolicy* const table[] = {&first_fit, &pack_racks, &spread_racks};
  return *table[static_cast<std::size_t>(placement)];
}

} // namespace wattsim::sim
