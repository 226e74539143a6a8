#pragma once
// Server power supplies: efficiency as a function of load, all supplies sharing the load.

#include <utility>
#include <vector>

namespace wattsim::models {

struct PsuSpec {
  int count = 1;        ///< installed supplies; all share the load (active-active redundancy)
  int redundant = 0;    ///< supplies that may fail without power loss (informational)
  double rating_w = 0;  ///< output rating of one supply
  /// (load fraction of one supply, efficiency) points, increasing in load; linear in between,
  /// flat beyond the ends (80 PLUS reports 10/20/50/100 % points).
  std::vector<std::pair<double, double>> efficiency_curve;
};

/// Efficiency at a given DC output of the whole node.
double psu_efficiency(const PsuSpec& psu, double output_w);
/// AC input needed for a DC output.
inline double psu_input_w(const PsuSpec& psu, double output_w) { return output_w / psu_efficiency(psu, output_w); }

} // namespace wattsim::models
