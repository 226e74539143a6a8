#include "models/inference/power_cap.hpp"

#include <algorithm>

namespace wattsim::models::inference {

CappedOperation apply_power_cap(double demand_per_gpu_w, double compute_share, const PowerCap& cap,
                                double k_prefill, double k_decode) {
  if (!cap.active() || demand_per_gpu_w <= cap.per_gpu_w)
    return {demand_per_gpu_w, 1.0};
  const double s = std::clamp(compute_share, 0.0, 1.0);
  const double k = s * k_prefill + (1.0 - s) * k_decode;
  // Floor at 5 % speed as the accelerator cap model does (docs/models/node-power.md).
  const double speed = std::max(0.05, 1.0 - k * (1.0 - cap.per_gpu_w / demand_per_gpu_w));
  return {cap.per_gpu_w, speed};
}

} // namespace wattsim::models::inference
