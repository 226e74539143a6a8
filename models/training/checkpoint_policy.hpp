#pragma once
// When to checkpoint: none, a fixed interval, Young (1974) or Daly (2006), and Daly's expected
// wall-clock model to judge an interval. Equations: docs/models/checkpointing.md.
//
// Notation (Daly 2006): tau = compute time between two checkpoints (the interval these functions
// return; checkpoint starts are tau + delta apart), delta = time training is stopped per checkpoint,
// R = restart time after an interruption, M = mean time between interruptions of the job
// (FailureModel::job_mtti_s, which depends on the job's size).

#include <limits>

namespace wattsim::models {

/// Young (1974, CACM 17(9)), first order: tau = sqrt(2 delta M).
double young_interval_s(double save_s, double mtti_s);

/// Daly (2006, FGCS 22(3), eq. 37): tau = sqrt(2 delta M) [1 + (1/3) sqrt(delta / 2M) + (1/9) (delta / 2M)]
/// - delta for delta < 2M, else tau = M. R does not enter.
double daly_interval_s(double save_s, double mtti_s);

/// Daly's complete model (Poisson interruptions, failures possible during checkpoints and restarts):
/// expected wall time to finish `work_s` of computation checkpointed every `interval_s`:
/// T_w = M e^(R/M) (e^((tau + delta)/M) - 1) work / tau.
double daly_expected_wall_time_s(double work_s, double interval_s, double save_s, double restart_s, double mtti_s);

/// T_w / work - 1: the expected fraction of extra wall time (checkpoints, rework, restarts).
double daly_overhead_fraction(double interval_s, double save_s, double restart_s, double mtti_s);

/// work / T_w: the expected useful fraction of wall time (an effective training time ratio).
double daly_useful_fraction(double interval_s, double save_s, double restart_s, double mtti_s);

/// The exact minimiser of daly_expected_wall_time_s over tau (root of e^((tau+delta)/M) (tau/M - 1) + 1 = 0,
/// by bisection). Eq. 37 is a perturbation series of this; the two agree closely for delta << M.
double daly_exact_optimum_interval_s(double save_s, double mtti_s);

enum class CheckpointPolicyKind { none, fixed_interval, young, daly };

struct CheckpointPolicy {
  CheckpointPolicyKind kind = CheckpointPolicyKind::none;
  double fixed_interval_s = 0; ///< used by fixed_interval

  static CheckpointPolicy none() { return {}; }
  static CheckpointPolicy fixed(double interval_s);
  static CheckpointPolicy young() { return {CheckpointPolicyKind::young, 0}; }
  static CheckpointPolicy daly() { return {CheckpointPolicyKind::daly, 0}; }

  /// Compute time between checkpoints for a checkpoint stall `save_s` and the job's current mean time
  /// between interruptions `mtti_s`; +inf for none. Re-evaluate when the job's size (so M) changes.
  [[nodiscard]] double interval_s(double save_s, double mtti_s) const;
};

} // namespace wattsim::models
