#pragma once
// The actor of one batch inference job: its replicas load the model weights from shared storage
// (through the SimGrid storage links, as a checkpoint load), then run at their maximum batch until the
// job's requests are done, and give their nodes back. Two phases, one event each (plus one per
// change of the facility's throttling). docs/engine.md, "Batch inference".

#include "sim/job_base.hpp"

#include <simgrid/s4u/ConditionVariable.hpp>
#include <simgrid/s4u/Mutex.hpp>
#include <vector>

namespace wattsim::sim {

class BatchInference final : public JobBase {
public:
  BatchInference(Context& ctx, std::size_t job, std::vector<NodeId> nodes);
  void run() override;

  // The kind's entries in the table of job kinds (sim/job_kinds.hpp).
  /// Weight load at the storage's read bandwidth plus the output tokens at full capacity.
  static double planned_duration_s(const Context& ctx, std::size_t job);
  static void register_operating_points(const JobSpec& job, PowerStates& states);
  static void describe(const JobSpec& job, JobRecord& record);
  static bool uses_storage(const JobSpec& job);

  void give_node(NodeId n) override;
  void set_throttle(int level) override;
  void finish_at(double t_end) override;

private:
  /// Replica throughput (output tokens/s) and GPU power at the maximum batch, under the current cap.
  [[nodiscard]] std::pair<double, double> full_batch() const;
  void account(double now);
  void serve(double now);

  const BatchInferenceSpec& batch_;
  ServiceRecord* record_ = nullptr;
  int throttle_ = 0;
  bool serving_ = false;
  bool done_ = false;
  double tokens_done_ = 0;
  double rate_tokens_s_ = 0; ///< whole job, while serving
  double gpu_w_ = 0;         ///< whole job, now
  double node_w_ = 0;
  double accounted_t_ = 0;
  simgrid::s4u::MutexPtr mutex_;
  simgrid::s4u::ConditionVariablePtr cv_;
};

} // namespace wattsim::sim
