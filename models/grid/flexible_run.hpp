#pragma once
// How a flexible job that is already running goes on: at full speed, slowed under a GPU power cap, or
// paused at a checkpoint, hour by hour (signal step by signal step), so that its remaining work sees
// the least carbon (or cost) and still ends by its deadline. Pure: no engine; the engine re-plans at
// every step of the signal with the work really left (docs/models/grid.md, "Pausing and slowing
// running jobs").
//
// The rule is a Lagrangian one (Everett 1963, "Generalized Lagrange multiplier method for solving
// problems of optimum allocation of resources", Operations Research 11(3)): every step of the signal
// takes the option (a cap level, or a pause) minimising  c·P − λ·f  (signal c, power above idle P,
// speed f), with λ ≥ 0 the least value, among the points where some step changes option, at which the
// work still ends by the deadline. A pause pays only if what it saves beats what its checkpoint and
// restart cost; shorter pauses run instead.

#include "models/common/step_series.hpp"

#include <vector>

namespace wattsim::models {

/// One way to run: a cap level's speed (work per second, 1 at full speed) and power above idle.
struct RunOption {
  double speed = 1;
  double power_w = 0;
};

struct FlexibleRun {
  double now_s = 0;
  double deadline_s = 0;   ///< the work must be done by then
  double work_s = 0;       ///< work left, in seconds at full speed
  /// levels[0]: full speed; deeper levels: slower under a cap (slowing allowed only if more than one).
  std::vector<RunOption> levels;
  bool may_pause = false;
  double checkpoint_s = 0; ///< a pause first writes a checkpoint (inside the pause, at full power)
  double restart_s = 0;    ///< after a pause, time without progress: re-allocation, initialization, load
};

/// One stretch of the plan: a cap level, or paused (level = kPaused).
struct FlexPiece {
  static constexpr int kPaused = -1;
  double start_s = 0;
  double end_s = 0;
  int level = 0;
};

struct FlexPlan {
  std::vector<FlexPiece> pieces; ///< from now to the planned end, consecutive, adjacent ones merged
  double end_s = 0;              ///< when the work is planned to be done
  double lambda = 0;             ///< the multiplier chosen (infinity: full speed throughout)
};

/// The plan for `job` under `signal` (piecewise constant). Without room (deadline <= now + work), or
/// when no multiplier meets the deadline, the plan is full speed from now (the first-come plan).
FlexPlan plan_flexible_run(const StepSeries& signal, const FlexibleRun& job);

/// What a plan weighs: the integral of c·P over its running pieces (restarts included, J x signal
/// units, e.g. kg) plus each pause's checkpoint at full power. The planner keeps the least of its
/// candidate plans and running straight through by this measure.
double plan_weight(const StepSeries& signal, const FlexibleRun& job, const FlexPlan& plan);

} // namespace wattsim::models
