#pragma once
// The autoscaler's decision rule: how many replicas a service wants, from its load. Warm-up (loading
// the weights) and what idle replicas do are the engine's. Equations and defaults:
// docs/models/inference.md ("Autoscaler").
//
//   utilization:  desired = ceil(demand_replicas / target)          demand_replicas = demand / capacity
//                                                                   of one replica at its max batch
//   queue:        desired = ceil(requests_in_system / target)       target requests per replica
// Hysteresis after the Kubernetes Horizontal Pod Autoscaler: no change while desired/current is within
// 1 +- tolerance (HPA default 0.1); scale-down only `scale_down_cooldown_s` after the last change, scale-up
// `scale_up_cooldown_s` after it (HPA stabilisation-window defaults 300 s and 0 s; HPA itself takes the
// highest recommendation over the window, a cooldown keeps no history). Clamped to [min, max] replicas.

#include <optional>
#include <string>

namespace wattsim::models::inference {

enum class ScaleMetric { utilization, queue };

struct AutoscalerPolicy {
  ScaleMetric metric = ScaleMetric::utilization;
  double target = 0.7;              ///< utilisation (0, 1], or requests in system per replica (> 0)
  int min_replicas = 1;
  int max_replicas = 1;
  double tolerance = 0.1;           ///< Kubernetes HPA default (--horizontal-pod-autoscaler-tolerance)
  double scale_up_cooldown_s = 0;   ///< HPA default scaleUp stabilizationWindowSeconds: 0
  double scale_down_cooldown_s = 300; ///< HPA default scaleDown stabilizationWindowSeconds: 300
};

/// Why the policy is unusable (target out of range, min > max, negative values), naming the field.
std::optional<std::string> autoscaler_policy_problem(const AutoscalerPolicy& p);

struct AutoscalerObservation {
  double now_s = 0;
  int current_replicas = 0;       ///< serving + warming (what has already been asked for)
  double demand_replicas = 0;     ///< utilization metric: demand / one replica's capacity at max batch
  double requests_in_system = 0;  ///< queue metric: running + queued requests of the service
};

/// The autoscaler's memory between decisions: the time of its last change.
struct AutoscalerState {
  double last_change_s = -1e300;
};

/// Desired replicas at this observation; updates `state` when it differs from current_replicas.
int desired_replicas(const AutoscalerPolicy& p, AutoscalerState& state, const AutoscalerObservation& obs);

} // namespace wattsim::models::inference
