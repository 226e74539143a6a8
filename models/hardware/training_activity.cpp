#include "models/hardware/training_activity.hpp"

#include <algorithm>

namespace wattsim::models {

ActivityMix training_activity(const AcceleratorSpec& a, const TrainingWork& work) {
  double f = a.training_compute_fraction;
  double d = a.training_compute_utilization;
  if (work.mfu && a.training_reference_mfu > 0) {
    // Time share in matmul kernels: f_ref * MFU / MFU_ref (the kernels deliver the same FLOP rate as in
    // the calibration workload, so MFU moves the time outside them). Above a full share the extra
    // FLOP rate comes from denser kernels, whose dynamic power scales with it (capped at the TDP).
    const double share = a.training_compute_fraction * *work.mfu / a.training_reference_mfu;
    f = std::min(1.0, share);
    if (share > 1.0)
      d = std::min(1.0, d * share);
  }
  if (work.compute_fraction)
    f = *work.compute_fraction;
  if (work.utilization)
    d = *work.utilization;
  const double rest = 1.0 - f;
  const double m = std::clamp(work.memory_bound_share, 0.0, 1.0);
  ActivityMix mix;
  mix.compute = f;
  mix.utilization = d;
  mix.memory_bound = rest * m;
  mix.communication = rest * (1.0 - m);
  return mix;
}

} // namespace wattsim::models
