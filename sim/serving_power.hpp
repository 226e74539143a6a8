#pragma once
// The power states of nodes serving a model (inference services and batch inference): the replica's
// measured GPU power per GPU put on the accelerator's power line idle + (TDP - idle) x u
// (models/hardware/accelerator.cpp, ActivityMix::computing(u)), with u on a grid of 1/kServingLevels.
// docs/engine.md, "Inference service".

#include "models/inference/continuous_batching.hpp"
#include "sim/power_states.hpp"

#include <algorithm>
#include <cmath>

namespace wattsim::sim {

/// 1 % of the idle-to-TDP range per step (5.7 W on an H100), so a GPU's power is within half a step of
/// the model's. A finer grid costs more host changes (the level moves with the load) and a longer host
/// table to seal.
inline constexpr int kServingLevels = 100;

inline models::NodeOperatingPoint serving_op(const PowerStates& states, int level) {
  auto op = states.idle_op();
  op.accelerator = models::ActivityMix::computing(static_cast<double>(level) / kServingLevels);
  op.host_active = true;
  return op;
}

/// Registers every serving level (before the platform exists).
inline void register_serving_states(PowerStates& states) {
  for (int k = 0; k <= kServingLevels; ++k)
    states.add(serving_op(states, k));
}

/// The grid level nearest to `gpu_w` per GPU.
inline int serving_level(const models::AcceleratorSpec& acc, double gpu_w) {
  const double u = std::clamp((gpu_w - acc.idle_power_w) / (acc.tdp_w - acc.idle_power_w), 0.0, 1.0);
  return static_cast<int>(std::lround(u * kServingLevels));
}

/// The facility's thermal throttling at `level` (0: none) caps every GPU at that level's fraction of TDP
/// (Facility::throttle_caps), through the model's power-cap rule (models/inference/power_cap.hpp); a
/// tighter cap already set stays.
inline void apply_throttle(models::inference::BatchingConfig& cfg, const models::AcceleratorSpec& acc,
                           const std::vector<double>& throttle_caps, int level) {
  if (level <= 0)
    return;
  const double cap = std::max(acc.power_cap_min_w, throttle_caps.at(static_cast<std::size_t>(level - 1)) * acc.tdp_w);
  if (!cfg.cap.active() || cap < cfg.cap.per_gpu_w)
    cfg.cap.per_gpu_w = cap;
}

} // namespace wattsim::sim
