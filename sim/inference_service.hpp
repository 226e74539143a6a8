#pragma once
// The actor of one online inference service: a pool of identical replicas serving a request load,
// evaluated once per interval (arrivals x the service model of models/inference/service.hpp), never per
// request or token. The pool scales by units (a node holding several small replicas, or the nodes of
// one large replica); each unit is serving, warming (loading its weights from shared storage through
// the SimGrid storage links, as a checkpoint load is), booting, idle or off. All serving nodes share
// one power state (the batch the load gives), so an interval in which nothing changes costs no host
// change, and a change costs one batched Cluster::apply per group (docs/engine.md, "Inference service").

#include "models/common/random.hpp"
#include "models/reliability/failure_model.hpp"
#include "sim/job_base.hpp"

#include <deque>
#include <optional>
#include <simgrid/s4u/Comm.hpp>
#include <vector>

namespace wattsim::sim {

class InferenceService final : public JobBase {
public:
  InferenceService(Context& ctx, std::size_t job, std::vector<NodeId> nodes);
  void run() override;

  // The kind's entries in the table of job kinds (sim/job_kinds.hpp).
  /// A service runs until the horizon.
  static double planned_duration_s(const Context& ctx, std::size_t job);
  /// Serving at each level of the GPU-power grid (sim/serving_power.hpp).
  static void register_operating_points(const JobSpec& job, PowerStates& states);
  static void describe(const JobSpec& job, JobRecord& record);
  /// Warm-up reads the model weights from shared storage.
  static bool uses_storage(const JobSpec& job);

  /// Services never wait for a node: being handed one is a logic error.
  void give_node(NodeId n) override;
  /// Nodes it borrowed arrive from a preempted job (docs/engine.md, "Preemption").
  void lend(std::vector<NodeId> nodes, int withdrawn) override;
  /// The facility's throttling caps every GPU of the service (the model's power-cap rule).
  void set_throttle(int level) override;
  void finish_at(double t_end) override;

private:
  using Units = std::vector<std::uint32_t>;
  struct Warmup {
    Units units;
    simgrid::s4u::CommPtr comm; ///< null: nothing to read
    bool prefill = false;       ///< a prompt-pool unit coming back from repair
  };
  struct Repair {
    std::uint32_t unit = 0;
    double ready_s = 0;
    bool prefill = false;
  };
  struct Boot {
    Units units;
    double ready_s = 0;
  };

  void step(double t0, double t1);
  void autoscale(double now);
  void scale_up(int units, double now);
  void scale_down(int units);
  void start_warmup(Units units, bool prefill = false);
  /// Failures of the cluster's reliability model (models/reliability) that fell before `now`: each takes
  /// the unit holding the node hit out of service (to repair, or a reload of its weights).
  void handle_failures(double now);
  void fail_unit(std::uint32_t unit, bool node_down, double repair_s, double now);
  void return_repaired(double now);
  [[nodiscard]] std::int64_t powered_nodes() const;
  void sync_footprint(double now);
  void complete_warmups(double now);
  void to_rest(const Units& units);          ///< idle or off, as the scenario says
  // Borrowed nodes (preempt: true): asked for beyond the reserved units, returned when not needed.
  void borrow(int units, double now);
  void receive(std::vector<NodeId> nodes, double now); ///< borrowed nodes become units, which warm up
  void retire(const Units& units);           ///< borrowed units go back to the scheduler, the others rest
  int cancel_awaiting(int units);            ///< drops up to `units` awaited units; returns how many
  [[nodiscard]] int awaiting_units() const;
  [[nodiscard]] bool preemption_affects_interval() const;
  void apply(const Units& units, PState state);
  void apply_serving(PState state, const Units& added);
  void account(double now);                  ///< integrates GPU energy and replica-seconds up to now
  [[nodiscard]] PState serving_state(double gpu_power_w) const;
  [[nodiscard]] std::vector<NodeId> nodes_of(const Units& units) const;
  [[nodiscard]] int replicas(std::size_t units) const;
  [[nodiscard]] int warming_units() const;
  [[nodiscard]] int booting_units() const;
  [[nodiscard]] double powered_gpu_w() const;
  [[nodiscard]] double pool_node_w() const;
  [[nodiscard]] models::inference::ServiceConfig config() const;
  [[nodiscard]] models::inference::PrefillPoolConfig prefill_config() const; ///< the prompt pool, throttled
  [[nodiscard]] double prefill_gpu_w() const;
  [[nodiscard]] double prefill_node_w() const;

  const InferenceServiceSpec& svc_;
  ServiceRecord* record_ = nullptr;
  std::vector<PState> serving_states_; ///< by grid level
  PState serving_state_ = 0;
  Units serving_, idle_, off_;
  Units prefill_;                      ///< a disaggregated service's prompt pool (always loaded)
  PState prefill_state_ = 0;
  double prefill_backlog_ = 0;         ///< prompts queued for the prompt pool
  double prefill_utilization_ = 0;
  std::deque<Repair> repairs_;         ///< units out for repair (their nodes off, not the service's)
  std::optional<models::FailureSampler> sampler_;
  std::optional<models::RandomStream> repair_rng_;
  double failure_origin_t_ = 0;
  std::deque<Warmup> warming_;
  std::deque<Boot> booting_;
  int throttle_ = 0;
  models::RandomStream rng_;
  models::inference::AutoscalerState scaler_;
  double backlog_ = 0;
  double last_demand_replicas_ = 0;   ///< the previous interval's, for the autoscaler
  double last_in_system_ = 0;
  double capacity_tokens_s_ = 0;      ///< one replica at its maximum batch
  double accounted_t_ = 0;
  int gpus_per_unit_ = 0;
  std::vector<char> borrowed_;        ///< per unit: its nodes are borrowed
  Units free_slots_;                  ///< units whose borrowed nodes went back (ids to reuse)
  std::vector<NodeId> arriving_;      ///< borrowed nodes not yet a whole unit
  int awaiting_nodes_ = 0;            ///< promised by the scheduler, still being freed
  int borrowed_units_ = 0;
};

} // namespace wattsim::sim
