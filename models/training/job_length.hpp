#pragma once
// How long a training job runs without interruptions, from what its owner knows about it.

namespace wattsim::models {

/// Wall time to do `flops` on `accelerators` devices at model FLOPs utilisation `mfu` of `peak_flop_s`
/// each: t = FLOPs / (N x peak x MFU) (Narayanan et al. 2021; Chowdhery et al. 2022 define MFU this way).
inline double duration_from_flops_s(double flops, int accelerators, double peak_flop_s, double mfu) {
  return flops / (static_cast<double>(accelerators) * peak_flop_s * mfu);
}

/// Wall time for a GPU-hour budget spread over `accelerators` devices.
inline double duration_from_gpu_hours_s(double gpu_hours, int accelerators) {
  return gpu_hours * 3600.0 / static_cast<double>(accelerators);
}

/// Training compute of a dense transformer: 6 x parameters x tokens (Kaplan et al. 2020).
inline double training_flops(double parameters, double tokens) { return 6.0 * parameters * tokens; }

} // namespace wattsim::models
