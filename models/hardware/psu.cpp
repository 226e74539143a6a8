#include "models/hardware/psu.hpp"

#include <algorithm>

namespace wattsim::models {

double psu_efficiency(const PsuSpec& psu, double output_w) {
  const auto& c = psu.efficiency_curve;
  if (c.empty())
    return 1.0;
  const double capacity = psu.rating_w * std::max(psu.count, 1);
  const double load = capacity > 0 ? output_w / capacity : 0.0;
  if (load <= c.front().first)
    return c.front().second;
  if (load >= c.back().first)
    return c.back().second;
  auto hi = std::lower_bound(c.begin(), c.end(), load, [](const auto& p, double x) { return p.first < x; });
  auto lo = hi - 1;
  const double w = (load - lo->first) / (hi->first - lo->first);
  return lo->second + w * (hi->second - lo->second);
}

} // namespace wattsim::models
