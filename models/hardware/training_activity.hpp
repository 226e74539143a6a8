#pragma once
// What a training job's accelerators do, derived from what the job reports: its MFU (against the
// peak of its precision) and how its non-matmul time splits between memory-bound kernels and exposed
// communication. Equations and calibration: docs/models/node-power.md, "Power follows the work".

#include "models/hardware/accelerator.hpp"

#include <optional>

namespace wattsim::models {

struct TrainingWork {
  std::optional<double> mfu;            ///< model FLOPs utilisation; none = the catalog's calibration workload
  double memory_bound_share = 0.0;      ///< share of the non-matmul time in memory-bound kernels
  std::optional<double> utilization;    ///< explicit override of the compute-phase dynamic fraction
  std::optional<double> compute_fraction; ///< explicit override of the matmul time share
};

/// The activity mix of a training iteration. At the accelerator's reference MFU (the MFU of the
/// workload its training power was calibrated on) it is the catalog's calibrated mix; at another MFU
/// the matmul time share scales with MFU (same kernels, more or less time outside them), and beyond
/// a full share the kernels themselves run hotter. Overrides replace the derived values.
ActivityMix training_activity(const AcceleratorSpec& a, const TrainingWork& work);

} // namespace wattsim::models
