#pragma once
// What an accelerator is doing, as time shares over a phase. A phase between two events is one
// mixture (docs/engine.md, "Event economy"): a training iteration alternates compute and communication
// far faster than any event, so a training phase is the time-weighted mixture of the two.

namespace wattsim::models {

struct ActivityMix {
  double compute = 0.0;       ///< share of time in compute kernels
  double utilization = 1.0;   ///< dynamic-power fraction while computing (0..1)
  double memory_bound = 0.0;  ///< share in memory-bandwidth-bound kernels
  double communication = 0.0; ///< share waiting in collectives (exposed communication)
  double wait = 0.0;          ///< share with a resident context but no kernel (I/O wait, stalls)
  // The remainder (1 - sum) is bare idle.

  [[nodiscard]] double busy_share() const { return compute + memory_bound + communication + wait; }
  bool operator==(const ActivityMix&) const = default;

  static ActivityMix idle() { return {0.0, 0.0, 0.0, 0.0, 0.0}; }
  static ActivityMix waiting() { return {0.0, 0.0, 0.0, 0.0, 1.0}; }
  static ActivityMix computing(double utilization) { return {1.0, utilization, 0.0, 0.0, 0.0}; }
  static ActivityMix training(double compute_fraction, double utilization) {
    return {compute_fraction, utilization, 0.0, 1.0 - compute_fraction, 0.0};
  }
};

} // namespace wattsim::models
