#include "models/inference/autoscaler.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

namespace wattsim::models::inference {

std::optional<std::string> autoscaler_policy_problem(const AutoscalerPolicy& p) {
  if (p.metric == ScaleMetric::utilization && !(p.target > 0 && p.target <= 1))
    return fmt::format("target utilisation {} must be in (0, 1]", p.target);
  if (p.metric == ScaleMetric::queue && !(p.target > 0 && std::isfinite(p.target)))
    return fmt::format("target requests per replica {} must be > 0", p.target);
  if (p.min_replicas < 0)
    return fmt::format("min_replicas {} must be >= 0", p.min_replicas);
  if (p.max_replicas < std::max(1, p.min_replicas))
    return fmt::format("max_replicas {} must be >= 1 and >= min_replicas {}", p.max_replicas, p.min_replicas);
  if (!(p.tolerance >= 0 && p.tolerance < 1))
    return fmt::format("tolerance {} must be in [0, 1)", p.tolerance);
  if (!(p.scale_up_cooldown_s >= 0) || !(p.scale_down_cooldown_s >= 0))
    return fmt::format("cooldowns ({} s up, {} s down) must be >= 0", p.scale_up_cooldown_s, p.scale_down_cooldown_s);
  return std::nullopt;
}

int desired_replicas(const AutoscalerPolicy& p, AutoscalerState& state, const AutoscalerObservation& obs) {
  const double load = p.metric == ScaleMetric::utilization ? obs.demand_replicas : obs.requests_in_system;
  const double wanted = std::max(0.0, load) / p.target; // replicas that would sit exactly at the target
  const int current = std::max(0, obs.current_replicas);
  int desired = current;
  // Hysteresis: act only outside current x (1 +- tolerance); from zero replicas any load counts.
  if (current == 0 ? wanted > 0 : std::fabs(wanted / current - 1.0) > p.tolerance)
    desired = static_cast<int>(std::ceil(wanted - 1e-9));
  desired = std::clamp(desired, p.min_replicas, p.max_replicas);
  const double since = obs.now_s - state.last_change_s;
  if (desired > current && since < p.scale_up_cooldown_s)
    desired = current;
  if (desired < current && since < p.scale_down_cooldown_s)
    desired = current;
  // A pool outside its bounds is brought back at once, cooldown or not.
  desired = std::clamp(desired, p.min_replicas, p.max_replicas);
  if (desired != current)
    state.last_change_s = obs.now_s;
  return desired;
}

} // namespace wattsim::models::inference
