#pragma once
// Where a training job's GPU time and energy went: productive, checkpoint stall, lost (work computed
// and then discarded by an interruption, to be recomputed) and restart/waiting.
// Work done since the last durable checkpoint is productive only tentatively: an interruption before
// the next checkpoint is durable turns it into lost, after the fact. So the timeline keeps segments
// and settles them when a checkpoint becomes durable or the job is interrupted.

#include "models/common/step_series.hpp"

#include <array>
#include <cstddef>
#include <vector>

namespace wattsim::sim {

enum class GpuUse { productive, checkpoint, lost, restart };
inline constexpr std::size_t kGpuUses = 4;

class JobTimeline {
public:
  /// Starts a segment of `use` at `t` with `gpus` accelerators; closes the previous one at `t`.
  /// `energy_j` is the job's cumulative energy at `t`.
  void begin(double t, GpuUse use, int gpus, double energy_j);
  /// Productive segments ending at or before `t` are final (a checkpoint covering them is on storage).
  void mark_durable(double t);
  /// Every tentative productive segment closed so far is lost (an interruption).
  void mark_lost();
  /// Closes the last segment. Tentative work counts as productive: the job finished, or the horizon
  /// came first and its fate is unknown.
  void finish(double t, double energy_j);

  [[nodiscard]] double gpu_seconds(GpuUse u) const { return gpu_s_[static_cast<std::size_t>(u)]; }
  [[nodiscard]] double wall_seconds(GpuUse u) const { return wall_s_[static_cast<std::size_t>(u)]; }
  [[nodiscard]] double energy_j(GpuUse u) const { return energy_j_[static_cast<std::size_t>(u)]; }
  /// Number of GPUs in each use over time (after finish()).
  [[nodiscard]] models::StepSeries gpu_series(GpuUse u) const;

private:
  struct Segment {
    double t0, t1;
    double e0, e1;
    GpuUse use;
    int gpus;
  };
  void settle(std::size_t upto, GpuUse productive_as);
  std::vector<Segment> segments_;
  std::size_t settled_ = 0; ///< segments before this index are final
  bool open_ = false;
  std::array<double, kGpuUses> gpu_s_{}, wall_s_{}, energy_j_{};
};

} // namespace wattsim::sim
