#pragma once
// Placement: which free nodes of a partition a job gets. One small interface (one method), one enum
// naming the variants, one factory; the scheduler and the node pool know no variant by name.
//
//   first-fit     lowest-numbered powered nodes first, then powered-off ones
//   pack-racks    whole free racks, then the partly used rack that fits the remainder most tightly,
//                 so jobs share few racks and idle racks stay whole (to idle or power off together)
//   spread-racks  one node at a time from the rack with the most free nodes, so a job's power is
//                 spread over as many racks as possible (rack power and cooling limits)

#include <cstdint>
#include <string_view>
#include <vector>

namespace wattsim::sim {

class NodePool;

enum class Placement { first_fit, pack_racks, spread_racks };

/// The scenario names of the placements, in enum order.
inline constexpr std::string_view kPlacementNames[] = {"first-fit", "pack-racks", "spread-racks"};

class PlacementPolicy {
public:
  virtual ~PlacementPolicy() = default;
  /// Takes `count` nodes from the pool (the pool has at least that many free), sorted ascending.
  virtual std::vector<std::uint32_t> take(NodePool& pool, std::size_t count) const = 0;
};

/// The policy of a placement (a shared, stateless instance).
const PlacementPolicy& placement_policy(Placement placement);

} // namespace wattsim::sim
