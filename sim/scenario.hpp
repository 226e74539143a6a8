#pragma once
// A scenario as the engine sees it: plain structs, SI units, already validated. The loader
// (tools/scenario) builds it from YAML; nothing in sim/ knows the file format.

#include "models/cooling/plant.hpp"
#include "models/grid/battery.hpp"
#include "models/grid/demand_response.hpp"
#include "models/grid/power_budget.hpp"
#include "models/grid/signal.hpp"
#include "models/power/distribution.hpp"
#include "models/weather/design_conditions.hpp"
#include "models/weather/weather.hpp"
#include "models/reliability/failure_model.hpp"
#include "models/reliability/repair_model.hpp"
#include "models/training/checkpoint.hpp"
#include "models/training/checkpoint_policy.hpp"
#include "models/hardware/accelerator.hpp"
#include "models/hardware/network_switch.hpp"
#include "models/hardware/precision.hpp"
#include "models/hardware/system.hpp"
#include "sim/placement.hpp"
#include "sim/queue_policy.hpp"
#include "models/inference/autoscaler.hpp"
#include "models/inference/load.hpp"
#include "models/inference/prefill_pool.hpp"
#include "models/inference/request_trace.hpp"
#include "models/inference/served_model.hpp"
#include "models/inference/service.hpp"

#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace wattsim::sim {

inline constexpr double kForever = std::numeric_limits<double>::infinity();
/// A run "until the workload ends" whose workload never ends stops here (100 simulated years); the
/// loader rejects a job that could not finish within it.
inline constexpr double kSafetyLimit_s = 100 * 365 * 86400.0;

struct Site {
  std::string name;
  models::Signal carbon_kg_per_j = models::Signal::constant(0.0); ///< grid intensity, kg CO2e per J
  models::Signal price_per_j = models::Signal::constant(0.0);     ///< currency per J
  std::string currency = "$";
  std::optional<models::WeatherSeries> weather; ///< outdoor air, from the simulation start
  double ewif_kg_per_j = 0;  ///< off-site water per J of facility energy (electricity water intensity)
  /// `ewif` is a consumption factor (Li et al. 2023's 3.142 L/kWh); this is the grid's withdrawal factor
  /// (0 = not given).
  double ewif_withdrawal_kg_per_j = 0;
  std::optional<models::BatteryConfig> battery; ///< between the facility and the grid (site level)
  /// Contract power at the grid connection, facility side (0: none); the scheduler holds or caps jobs
  /// to stay under it (docs/models/grid.md, "Power budget").
  double power_budget_w = 0;
  models::BudgetAction budget_action = models::BudgetAction::cap;
  std::vector<models::DemandResponseEvent> demand_response; ///< requests to shed power, by start time

  /// Whether the scheduler books power (a budget, or demand response events to answer).
  [[nodiscard]] bool manages_power() const { return power_budget_w > 0 || !demand_response.empty(); }
};

/// A scheduled facility fault: equipment out of service, or a heat wave (weather offset).
struct FacilityFault {
  enum class Kind { chiller_trip, cdu_pump_failure, tower_fan_failure, heat_wave };
  Kind kind = Kind::chiller_trip;
  double start_s = 0;
  double duration_s = 0;
  double offset_k = 0; ///< heat wave: added to the dry bulb (at constant humidity ratio)
};

/// A published estimate's facility: a fixed PUE (and WUE) applied to IT at every instant, no plant.
struct FixedPue {
  double pue = 1.0;
  double wue_kg_per_j = 0; ///< on-site water per J of IT energy
};

/// The facility as one choice: a fixed PUE or one of the cooling plants. Each alternative has its row
/// (name, plant factory) in sim/facility_kinds.hpp; docs/developing.md, "Adding a cooling plant".
using FacilityDesign = std::variant<FixedPue, models::AirPlantConfig, models::LiquidPlantConfig, models::DxPlantConfig>;

/// Where a piece of the power chain sits, so where its losses go as heat (docs/models/power-distribution.md,
/// "Loss heat"): the white space and the electrical room are cooled by the facility's air path, the
/// outdoors is not.
enum class HeatLocation { white_space, electrical_room, outdoors };
inline constexpr const char* kHeatLocationNames[] = {"white-space", "electrical-room", "outdoors"};

/// Location of each kind of loss-bearing element. Defaults: PDUs and busway in the white space (EnergyPlus
/// ITE's "Fraction of Electric Power Supply Losses to Zone" defaults to 1); UPS and switchboards in an
/// electrical room cooled by the plant; MV/LV transformers as outdoor unit substations [M].
struct LossHeat {
  HeatLocation transformer = HeatLocation::outdoors;
  HeatLocation ups = HeatLocation::electrical_room;
  HeatLocation pdu = HeatLocation::white_space;
  HeatLocation switchboard = HeatLocation::electrical_room;
  /// The location of an element of kind `k` (loads and the utility: outdoors, no heat here).
  [[nodiscard]] HeatLocation of(models::ElementKind k) const {
    switch (k) {
    case models::ElementKind::transformer: return transformer;
    case models::ElementKind::ups: return ups;
    case models::ElementKind::pdu: return pdu;
    case models::ElementKind::switchboard: return switchboard;
    default: return HeatLocation::outdoors;
    }
  }
};

struct Facility {
  FacilityDesign design;         ///< fixed PUE, or a plant configuration (sized, design values derived)
  double step_s = 60;            ///< facility controller step
  double design_it_w = 0;        ///< plant and power-chain sizing basis (derived when 0)
  double other_load_w = 0;       ///< lighting, offices, security: constant
  models::DistributionConfig distribution;
  LossHeat loss_heat;            ///< where the distribution losses become heat (a plant cools what is inside)
  /// The outdoor conditions the plant is sized for: ASHRAE 0.4 % annual cooling values of the site's EPW
  /// hours, the scenario's own, or the fixed 35 °C / 25.55 °C of other weather (docs/models/weather.md).
  models::DesignConditions design_conditions{};
  std::string design_conditions_source = "default"; ///< "epw", "scenario" or "default"
  double inlet_limit_c = 32;     ///< server inlet above which GPUs throttle (ASHRAE A1 allowable upper)
  /// Cold-plate coolant supply above which GPUs throttle: the catalog's limit of the liquid-cooled
  /// systems (the lowest), else 45 °C, the top of ASHRAE TC 9.9 class W45.
  double coolant_limit_c = 45;
  double hysteresis_k = 2;       ///< throttling lifts once both are this far below their limit
  std::vector<double> throttle_caps = {0.9, 0.8, 0.7, 0.6, 0.5}; ///< per level, fraction of TDP
  std::vector<FacilityFault> faults;

  [[nodiscard]] bool has_plant() const { return !std::holds_alternative<FixedPue>(design); }
  /// The fixed PUE and WUE; nullptr for a plant.
  [[nodiscard]] const FixedPue* fixed_pue() const { return std::get_if<FixedPue>(&design); }
  /// PUE of a fixed-PUE facility (1 for a plant, whose PUE is computed).
  [[nodiscard]] double pue() const { return fixed_pue() ? fixed_pue()->pue : 1.0; }
  /// On-site water per J of IT energy of a fixed-PUE facility (0 for a plant, which computes its water).
  [[nodiscard]] double wue_kg_per_j() const { return fixed_pue() ? fixed_pue()->wue_kg_per_j : 0.0; }
};

struct Partition {
  std::string name;
  models::SystemSpec system;
  models::AcceleratorSpec accelerator;
  int nodes = 0;           ///< nodes the scheduler may allocate
  int spare_nodes = 0;     ///< nodes held back as replacements
  int nodes_per_rack = 1;  ///< derived from rack units and the rack power limit
  double rack_power_limit_w = 0;
  int rack_units = 0;
  double accelerator_cap_w = 0; ///< per-accelerator power limit; 0 = TDP
  /// The model-card method: GPU-hours counted at this power per accelerator (0 = not asked for).
  double counted_at_w = 0;
  double accelerator_floor_w = 0; ///< per-accelerator power floor while a job holds it; 0 = none
  bool liquid_cooled = false;
  /// The same battery in every rack of the partition, after the rack's PDU (docs/models/grid.md).
  std::optional<models::BatteryConfig> rack_battery;

  [[nodiscard]] int total_nodes() const { return nodes + spare_nodes; }
  [[nodiscard]] int racks() const { return (total_nodes() + nodes_per_rack - 1) / nodes_per_rack; }
};

struct Storage {
  double capacity_bytes = 0;
  double read_bandwidth_bytes_s = 0;
  double write_bandwidth_bytes_s = 0;
  double node_bandwidth_bytes_s = 0; ///< per node, to storage (0: not limiting)
  double power_w = 0;
};

/// Failures of the hardware a training job runs on, and how long repairs take.
struct Reliability {
  bool enabled = false;
  models::FailureModel failures;
  models::RepairModel repairs;
};

struct Network {
  std::string topology = "none"; ///< "none" or "fat-tree"
  std::optional<models::SwitchSpec> switch_spec;
  int switches = 0;              ///< derived for fat-tree from endpoints and radix
  double power_w = 0;            ///< all switches together
};

struct ClusterSpec {
  std::vector<Partition> partitions;
  Storage storage;
  Network network;
  Reliability reliability;
};

/// Checkpointing of a training job (docs/models/checkpointing.md).
struct CheckpointSpec {
  models::CheckpointPolicy policy;                 ///< none by default
  models::CheckpointMode mode = models::CheckpointMode::synchronous;
  double size_bytes = 0;                           ///< what one checkpoint writes
  double restart_read_bytes = 0;                   ///< what a restart reads back
  double host_copy_bandwidth_bytes_s = 200e9;      ///< per node, for the asynchronous stall
  double fixed_overhead_s = 0;                     ///< per checkpoint and per load

  [[nodiscard]] bool enabled() const { return policy.kind != models::CheckpointPolicyKind::none; }
};

/// What happens after an interruption, phase by phase (docs/models/checkpointing.md, "Restart").
struct RestartSpec {
  double detection_s = 300;      ///< until the job notices (health checks, collective timeouts)
  double reallocation_s = 120;   ///< teardown and scheduler re-allocation once nodes are available
  double initialization_s = 300; ///< process launch, NCCL/communicator set-up, before the checkpoint load
  bool shrink_when_no_spare = false; ///< continue on fewer nodes instead of waiting for a spare
};

/// A training job, or a fine-tuning job (training on a pretrained model: same physics, shorter).
struct TrainingSpec {
  bool fine_tuning = false;  ///< loaded as `type: fine-tuning`
  double work_s = 0;         ///< failure-free run time at full (uncapped) throughput
  std::string length_basis;  ///< "duration", "gpu_hours" or "flops": how work_s was given
  double flops = 0;          ///< total FLOPs when given (0 otherwise)
  double mfu = 0;
  models::Precision precision = models::Precision::bf16;
  models::ActivityMix activity; ///< what the accelerators do while it trains
  double parameters = 0;        ///< model size, when known (checkpoint size, iteration time)
  double iteration_s = 0;       ///< one training iteration at full throughput (0: unknown)
  CheckpointSpec checkpoint;
  RestartSpec restart;
  /// An inference service of its partition may preempt it (`preemptible: true`): it writes a checkpoint,
  /// gives its nodes back and waits at the head of the partition (docs/engine.md, "Preemption").
  bool preemptible = false;
  /// `on_preemption: kill`: the job gives its nodes up at once, losing the work since its last durable
  /// checkpoint, instead of writing a checkpoint first.
  bool preempt_kill = false;
};

/// What inference kinds share: the served model on its replicas, their performance, the request lengths.
struct ServedModelSpec {
  models::inference::Replica replica;         ///< the served model, its layout, the partition's accelerator
  models::inference::ServiceConfig service;   ///< performance curve, batching, prefill, SLO
  models::inference::TokenLengths prompt;     ///< prompt tokens per request
  models::inference::TokenLengths output;     ///< output tokens per request
  int replicas_per_node = 1;                  ///< replicas smaller than a node share it
  int nodes_per_replica = 1;                  ///< replicas larger than a node span several
  std::string model_name;                     ///< for the outputs

  /// Replicas in one unit of the pool: the nodes the pool scales by (a node, or a replica's nodes).
  [[nodiscard]] int unit_replicas() const { return replicas_per_node; }
  [[nodiscard]] int unit_nodes() const { return nodes_per_replica; }
};

/// An online inference service: a pool of identical model replicas serving a request load, simulated
/// per interval (docs/models/inference.md; the engine side in docs/engine.md, "Inference service").
struct InferenceServiceSpec : ServedModelSpec {
  models::inference::LoadProfile load;        ///< Poisson arrivals at this rate profile, unless a trace
  std::shared_ptr<const models::inference::RequestTrace> trace; ///< requests from a file, when given
  models::inference::AutoscalerPolicy autoscaler; ///< min_replicas == max_replicas: a fixed pool
  int initial_replicas = 1;                   ///< serving at the start (weights already loaded)
  bool power_off_idle = false;                ///< replicas the autoscaler does not want: off, not idle
  double interval_s = 60;                     ///< the service is evaluated once per interval
  /// Prefill/decode disaggregation (Splitwise): a fixed pool of prompt replicas beside the (autoscaled)
  /// decode pool, which `replicas`, `autoscaler` and `power_cap` then describe. None: replicas == 0.
  models::inference::PrefillPoolConfig prefill_pool;
  [[nodiscard]] bool disaggregated() const { return prefill_pool.replicas > 0; }
  /// Replicas whose nodes the service holds from its start (`replicas.reserved`; default: max). With
  /// `preempt: true` the replicas above them run on nodes borrowed from the partition when the
  /// autoscaler wants them: free nodes first, else nodes of preemptible training jobs it preempts.
  int reserved_replicas = 0;
  bool preempt = false;
};

/// A batch inference job: a fixed number of requests processed by a fixed set of replicas running at
/// their maximum batch until done (docs/engine.md, "Batch inference").
struct BatchInferenceSpec : ServedModelSpec {
  double requests = 0;
  int replicas = 1;
};

/// One job of the workload: what every kind has (name, where, how big, when), and the kind's own
/// specification. Each alternative of `kind` is run by one class behind sim/job.hpp (sim/job_kinds.cpp
/// holds the table); docs/developing.md, "Adding a job kind", is the recipe.
struct JobSpec {
  std::string name;
  std::size_t partition = 0;
  int nodes = 0;
  int accelerators = 0;      ///< nodes x accelerators per node unless fewer were asked for
  double submit_s = 0;
  bool failures = true;      ///< subject to the cluster's reliability model
  std::variant<TrainingSpec, InferenceServiceSpec, BatchInferenceSpec> kind;
  double walltime_s = 0;     ///< the user's requested run time (0: none given; the scheduler uses the
                             ///< failure-free duration, a perfect estimate)
  int priority = 0;          ///< higher first under the priority queue policy
  std::string user;          ///< from a trace (SWF user id), for reports
  std::string queue;         ///< from a trace (SWF queue number), for reports
  /// A flexible job may start up to this long after its submission (carbon- or price-aware deferral)
  /// and may be paused at a checkpoint to answer demand response; 0: not flexible.
  double slack_s = 0;

  /// The training specification, or nullptr for another kind.
  [[nodiscard]] const TrainingSpec* training() const { return std::get_if<TrainingSpec>(&kind); }
  [[nodiscard]] TrainingSpec* training() { return std::get_if<TrainingSpec>(&kind); }
  /// The inference service specification, or nullptr for another kind.
  [[nodiscard]] const InferenceServiceSpec* service() const { return std::get_if<InferenceServiceSpec>(&kind); }
  /// The batch inference specification, or nullptr for another kind.
  [[nodiscard]] const BatchInferenceSpec* batch_inference() const { return std::get_if<BatchInferenceSpec>(&kind); }
};

/// What flexible jobs are deferred toward (docs/models/grid.md, "Carbon- and price-aware starts").
enum class DeferTo { none, carbon, price };
inline constexpr std::string_view kDeferNames[] = {"none", "carbon", "price"};

/// What a flexible job that is already running may do through high-signal hours (docs/models/grid.md,
/// "Pausing and slowing running jobs"): nothing (only its start moves), pause at a checkpoint, run
/// under a GPU cap, or both.
enum class FlexRun { start, pause, slow, pause_slow };
inline constexpr std::string_view kFlexRunNames[] = {"start", "pause", "slow", "pause-slow"};

struct SchedulerSpec {
  using Placement = sim::Placement;
  DeferTo defer = DeferTo::none; ///< flexible jobs start at the lowest-carbon or cheapest point of their slack
  FlexRun flex = FlexRun::start; ///< running flexible jobs pause or slow through high-signal hours
  [[nodiscard]] bool flex_pauses() const { return flex == FlexRun::pause || flex == FlexRun::pause_slow; }
  [[nodiscard]] bool flex_slows() const { return flex == FlexRun::slow || flex == FlexRun::pause_slow; }
  Placement placement = Placement::first_fit;
  QueuePolicyKind queue = QueuePolicyKind::fifo; ///< `backfill: true` in older scenarios is easy
  bool kill_at_walltime = false;  ///< a job still running at its requested walltime is killed
  bool power_off_idle = false;    ///< turn nodes off after idle_off_after_s without work
  double idle_off_after_s = 600;
  double boot_s = 300;            ///< power-on to ready
};

/// A window rendered at iteration resolution (compute/communication alternation), never a whole run.
struct IterationWindow {
  bool enabled = false;
  std::string job;           ///< job whose iterations are rendered (default: the first training job)
  double start_s = 0;
  double length_s = 60;
  double resolution_s = 0.01;
};

struct Outputs {
  double resolution_s = 60;
  /// With a carbon- or price-aware scheduler, also run the scenario first come, first served and
  /// report the difference (summary.json `vs_fifo`): twice the simulation time.
  bool compare_fifo = true;
  bool rack_traces = false;
  bool job_traces = false;
  bool events = true;
  IterationWindow iteration_window;
};

/// How the engine represents the nodes in SimGrid (`engine:`); the answers do not depend on it.
struct EngineSpec {
  /// One SimGrid host per node instead of the counting hosts of node groups (sim/node_hosts.hpp): the
  /// reference the grouped representation is tested against; its cost grows with nodes x changes.
  bool per_node_hosts = false;
};

struct Scenario {
  std::string name;
  std::string description;
  std::uint64_t seed = 0;
  double duration_s = kForever;  ///< simulated horizon; kForever = until the workload ends
  std::optional<double> start_unix_s; ///< calendar time of t = 0 (`start:`, UTC), for timestamps in outputs
  Site site;
  Facility facility;
  ClusterSpec cluster;
  std::vector<JobSpec> jobs;
  SchedulerSpec scheduler;
  Outputs outputs;
  EngineSpec engine;
};

} // namespace wattsim::sim
