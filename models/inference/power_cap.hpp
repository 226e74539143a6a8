#pragma once
// A per-GPU power cap on an inference replica and what it costs: decode (memory-bound) tolerates a deep
// cap, prefill (compute-bound) does not (Patel et al. 2024, Splitwise, ISCA'24, s3 Insight VI and Figs. 8-9:
// a 50 % cap on DGX-H100 token machines costs almost no latency; prompt latency is highly sensitive).
// Equations and sources: docs/models/inference.md ("Power caps").
//
//   P_capped = min(P, cap)  per GPU
//   speed    = 1 - k max(0, 1 - cap / P),   k = s k_prefill + (1 - s) k_decode
// with s the compute (batch-proportional) share of the step (CurvePoint::compute_share); the same form as
// the accelerator cap model (docs/models/node-power.md).

namespace wattsim::models::inference {

/// Decode cap sensitivity: a 50 % cap (350 W on a 700 W H100) on decode drawing its full measured
/// power (691 W, ML.ENERGY batch 256) then costs 1 - 0.1 x 0.49 = 5 % of throughput: "almost no latency
/// impact" (Splitwise, Insight VI). Estimate; Splitwise publishes the curve as a figure only.
inline constexpr double kDecodeCapSensitivity = 0.1;

struct PowerCap {
  double per_gpu_w = 0; ///< 0 = uncapped
  [[nodiscard]] bool active() const { return per_gpu_w > 0; }
};

struct CappedOperation {
  double power_per_gpu_w = 0; ///< power after the cap
  double speed = 1.0;         ///< throughput relative to uncapped (1 = no slowdown)
};

/// `demand_per_gpu_w`: uncapped power; `compute_share`: s above; `k_prefill`: the accelerator's
/// compute cap sensitivity (AcceleratorSpec::cap_sensitivity_compute); `k_decode`: kDecodeCapSensitivity.
CappedOperation apply_power_cap(double demand_per_gpu_w, double compute_share, const PowerCap& cap,
                                double k_prefill, double k_decode = kDecodeCapSensitivity);

} // namespace wattsim::models::inference
