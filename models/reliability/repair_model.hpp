#pragma once
// How long an interruption keeps its resource out: repair/replacement time per cause category.
// Sources and the reasoning behind each default: docs/models/reliability.md ("Repairs").
//
// What the drawn duration means depends on the process:
//  - takes_node_down = true: the time the failed node is out of the pool, from the failure until it is
//    back and healthy (drain, diagnosis, reset or part swap, burn-in/health check). The job does not wait
//    for it when a spare is available; the engine decides.
//  - takes_node_down = false: an extra hold of the whole job before its restart may begin (0 for software
//    faults, the maintenance window for planned work). The restart itself (reload, warm-up) is not part
//    of it: that is the checkpoint model's load time plus the engine's restart overhead.
//
// Durations are a two-branch log-normal mixture: a share of events is fixed quickly (reset, reboot, link
// retrain), the rest needs a part replaced. Log-normal because HPC repair times fit it best (Schroeder &
// Gibson, DSN 2006, LANL data: mean repair time from under an hour to over a day across systems).

#include "models/common/random.hpp"
#include "models/reliability/failure_model.hpp"

#include <functional>
#include <map>
#include <string>

namespace wattsim::models {

/// Log-normal duration given by its median and the sigma of ln(duration).
struct LogNormalDuration {
  double median_s = 0;
  double sigma = 0;
  [[nodiscard]] double mean_s() const; ///< median x exp(sigma^2 / 2)
};

struct RepairDistribution {
  double quick_fraction = 0; ///< share of events fixed by the quick path (reset, reboot)
  LogNormalDuration quick;
  LogNormalDuration slow; ///< part replacement path (or the only path when quick_fraction = 0)
  std::string source;

  [[nodiscard]] double mean_s() const;
  /// One draw; always three uniforms from `rng` (branch choice plus a Box-Muller normal), so the
  /// stream's position does not depend on the branch taken.
  double sample_s(RandomStream& rng) const;
  /// No repair: always 0 s.
  static RepairDistribution zero(std::string source = {});
};

struct RepairModel {
  std::map<FailureCategory, RepairDistribution> by_category;
  /// Per-process overrides, by FailureProcess::name (takes precedence over the category).
  std::map<std::string, RepairDistribution, std::less<>> by_process;

  /// Defaults per category; mostly estimates, marked as such in each `source`.
  static RepairModel defaults();

  /// The distribution used for `p`: its override, else its category's, else zero.
  [[nodiscard]] const RepairDistribution& for_process(const FailureProcess& p) const;
  double sample_s(const FailureProcess& p, RandomStream& rng) const { return for_process(p).sample_s(rng); }
  [[nodiscard]] double mean_s(const FailureProcess& p) const { return for_process(p).mean_s(); }
  /// Throws std::invalid_argument on a negative median or sigma or a fraction outside [0, 1].
  void validate() const;
};

} // namespace wattsim::models
