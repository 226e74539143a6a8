#pragma once
// The actor of one running training job. Between two events the whole job is in one phase, so it
// costs one batched state change per phase, never one event per iteration (design.md).

#include "sim/context.hpp"

#include <vector>

namespace wattsim::sim {

class TrainingRun {
public:
  TrainingRun(Context& ctx, std::size_t job, std::vector<NodeId> nodes);
  void run();

  /// Failure-free wall time of the job on its nodes in the training state.
  static double planned_duration_s(const Context& ctx, std::size_t job);

private:
  Context& ctx_;
  std::size_t job_;
  std::vector<NodeId> nodes_;
};

} // namespace wattsim::sim
