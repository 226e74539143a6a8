#pragma once
// What a run produces, before it is written: exact step series, per-job records, totals, counters.

#include "models/common/step_series.hpp"
#include "models/grid/battery.hpp"
#include "sim/binned.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <map>
#include <string>
#include <vector>

namespace wattsim::sim {

/// Checkpoints, interruptions and where the GPU time went, for one training job.
struct TrainingStats {
  int interruptions = 0;
  int unexpected = 0;
  int planned = 0;
  std::map<std::string, int> by_cause;    ///< failure process name -> count
  std::map<std::string, int> by_category; ///< GPU, host, network, ...
  int checkpoints = 0;                    ///< durable ones
  double checkpoint_bytes = 0;
  double checkpoint_interval_s = 0;       ///< compute time between checkpoints, as last set by the policy
  double young_interval_s = 0;            ///< Young's and Daly's optimum for the job's M and delta
  double daly_interval_s = 0;
  double daly_expected_ettr = 0;          ///< Daly's useful fraction for the interval in use (0: unknown)
  double mtti_s = 0;                      ///< the job's mean time between interruptions (model)
  double checkpoint_stall_s = 0;          ///< total stall (sum over checkpoints)
  double lost_work_gpu_hours = 0;         ///< work discarded by interruptions
  int node_failures = 0;                  ///< interruptions that took a node out
  // Preemption by an inference service (docs/engine.md, "Preemption").
  int preemptions = 0;                    ///< times a service preempted the job
  double preempted_s = 0;                 ///< wall time without nodes, waiting to resume
  double preemption_checkpoint_gpu_s = 0; ///< GPU-seconds writing the checkpoints preemptions asked for
  double preemption_restart_gpu_s = 0;    ///< GPU-seconds restarting after them (reallocation to training)
  double preemption_energy_j = 0;         ///< the job's energy in those checkpoints and restarts
  std::array<double, 4> gpu_seconds{};    ///< by GpuUse: productive, checkpoint, lost, restart
  std::array<double, 4> wall_seconds{};
  std::array<double, 4> energy_j{};
};

/// One row of events.csv: a checkpoint, an interruption, a restart or a node repair.
struct EventRecord {
  double time_s = 0;
  std::string job;
  std::string kind;     ///< checkpoint | interruption | restart | repair
  std::string cause;    ///< failure process name (interruptions)
  std::string category; ///< its category
  std::string node;     ///< host of the failed or repaired node
  double lost_gpu_hours = 0;
  double duration_s = 0; ///< checkpoint stall, restart downtime, repair time
  double bytes = 0;
  // Restart downtime by component.
  double detection_s = 0, hold_s = 0, wait_for_spare_s = 0, reallocation_s = 0, initialization_s = 0, load_s = 0;
};

struct JobRecord {
  std::string name;
  std::string partition;
  int nodes = 0;
  int accelerators = 0;
  double submit_s = 0;
  double allocated_s = -1; ///< nodes allocated to the job (before a boot); -1: never
  double borrowed_gpu_s = 0; ///< GPU-seconds on nodes borrowed beyond its own (a service with preempt: true)
  double start_s = -1;    ///< training began (after a boot); -1: never started
  double end_s = -1;      ///< -1: not finished within the horizon
  double killed_s = -1;   ///< when the scheduler killed it at its requested walltime; -1: never
  double walltime_s = 0;  ///< the requested walltime (0: none given)
  double work_s = 0;      ///< failure-free run time at full throughput
  double progress = 0;    ///< share of the work done (1 when finished)
  double throughput = 1;  ///< speed relative to uncapped while training
  double energy_j = 0;    ///< energy of the job's nodes while allocated to it
  double accelerator_energy_j = 0; ///< the accelerators' share of energy_j (GPU-only energy)
  double failure_free_s = 0; ///< the same job's run time without interruptions and checkpoints
  double power_held_s = 0;   ///< from the first time the power budget refused the job to its start
  double deferred_s = 0;     ///< held back for a cleaner or cheaper start (carbon- or price-aware)
  int flex_pauses = 0;       ///< pauses at a checkpoint through high-signal hours (scheduler.flex)
  double flex_paused_s = 0;  ///< time those pauses held the nodes idle (planned; a failure may cut one)
  double flex_slowed_s = 0;  ///< time run under a GPU cap through high-signal hours (scheduler.flex)
  double idle_w = 0;         ///< its nodes' idle draw, all of them (what they draw anyway, job or not)
  TrainingStats training;

  [[nodiscard]] bool started() const { return start_s >= 0; }
  [[nodiscard]] bool finished() const { return end_s >= 0; }
};

/// One row of inference.csv: one inference service over one interval.
struct ServiceInterval {
  double start_s = 0;
  double duration_s = 0;
  double arrivals = 0;          ///< requests arriving in the interval
  double requests_served = 0;
  double prompt_tokens = 0;
  double output_tokens = 0;
  int serving = 0, warming = 0, idle = 0, off = 0; ///< replicas in each state
  double batch = 0;             ///< mean running sequences per serving replica
  double gpu_power_w = 0;       ///< the service's GPUs, every replica state
  double node_power_w = 0;      ///< the service's nodes (node input power, as the ledger books it)
  double ttft_p50_s = 0, ttft_p99_s = 0, tpot_p50_s = 0, tpot_p99_s = 0;
  double slo_attainment = 1;
  double backlog_requests = 0;  ///< queued at the end of the interval
  int repair = 0;               ///< replicas whose nodes are out for repair (failures)
  int borrowed = 0;             ///< replicas on nodes borrowed from the partition (preempt: true)
  int awaiting = 0;             ///< replicas waiting for nodes preempted jobs are still checkpointing
  // A disaggregated service's prompt pool (its share of the totals above; 0 without one).
  int prefill_replicas = 0;
  double prefill_utilization = 0;  ///< busy share of the prompt pool
  double prefill_gpu_power_w = 0;
  double prefill_node_power_w = 0;
};

/// What one inference service did over the run (summary.json `services`).
struct ServiceRecord {
  std::string name;
  std::string model;
  std::size_t job = 0;            ///< index in RunResult::jobs
  int gpus_per_replica = 0;
  std::vector<ServiceInterval> intervals;
  double requests = 0;            ///< arrivals
  double requests_served = 0;
  double prompt_tokens = 0;
  double output_tokens = 0;
  double slo_met_requests = 0;    ///< served requests meeting the SLO (request-weighted)
  double gpu_energy_j = 0;        ///< the service's GPUs, exact (piecewise-constant states)
  double serving_replica_s = 0;   ///< replica-seconds serving
  double powered_replica_s = 0;   ///< replica-seconds serving or warming (weights loaded or loading)
  double warmups = 0;             ///< replicas that loaded their weights
  double serving_gpu_energy_j = 0; ///< the serving replicas' GPUs only (the measured tables' steady state)
  double serving_gpu_s = 0;        ///< GPU-seconds serving
  bool disaggregated = false;      ///< a prompt pool beside the decode pool
  double replica_failures = 0;     ///< interruptions that took a unit of replicas out (models/reliability)
  double node_failures = 0;        ///< of which took the node down (to repair)
  double requests_requeued = 0;    ///< in flight on a failed replica, served again by the others
  double prefill_gpu_energy_j = 0; ///< the prompt pool's share of gpu_energy_j
  double prefill_node_energy_j = 0; ///< the prompt pool's nodes
  double prefill_replica_s = 0;    ///< prompt replica-seconds (always loaded)
  // Borrowing nodes and preempting training for them (docs/engine.md, "Preemption").
  double preemptions = 0;          ///< training jobs preempted for the service
  double nodes_borrowed = 0;       ///< nodes borrowed over the run (each loan counted)
  double peak_borrowed_nodes = 0;
  double borrowed_replica_s = 0;   ///< replica-seconds on borrowed nodes (warming, booting or serving)
  double awaiting_s = 0;           ///< wall time with replicas waiting for preempted nodes
  double awaiting_replica_s = 0;   ///< replica-seconds waiting for them
  double affected_intervals = 0;   ///< intervals with replicas waiting for, or warming up on, such nodes
  double affected_requests_served = 0; ///< requests served in those intervals
  double affected_slo_met_requests = 0;
  unsigned warnings = 0;          ///< models::inference::Warning bits seen
  models::StepSeries node_power_w; ///< the service's node power over time (for facility attribution)
};

struct RunCounters {
  std::uint64_t time_advances = 0;      ///< SimGrid clock advances
  std::uint64_t state_changes = 0;      ///< batched power-state changes (job phases, boots, power-offs)
  std::uint64_t host_state_changes = 0; ///< individual host pstate / on-off changes inside them
  std::uint64_t group_changes = 0;      ///< node groups that changed state as a whole
  std::uint64_t node_moves = 0;         ///< nodes that changed group on their own
  std::uint64_t scheduler_passes = 0;
  std::uint64_t actors = 0;             ///< actors created
  [[nodiscard]] std::uint64_t events() const { return time_advances + state_changes + scheduler_passes; }
};

/// What the facility controller recorded: the plant, the power chain and the water, per step.
struct FacilityResult {
  bool plant = false;                ///< a physical plant ran (not a fixed PUE)
  models::StepSeries overhead_w;     ///< cooling + distribution losses + other loads
  models::StepSeries it_adjust_w;    ///< servers' fan response to the actual inlet temperature (IT power)
  models::StepSeries throttle_level; ///< thermal throttling level (0: none)
  BinnedTable columns; ///< per-second quantities binned at the output resolution
  std::map<std::string, double> cooling_j_by_component;
  std::map<std::string, double> distribution_loss_j_by_element; ///< transformers, UPS, PDUs, switchboards
  double cooling_j = 0;
  double distribution_loss_j = 0;
  double rack_battery_j = 0; ///< rack batteries' energy out (feed side) as the plant saw it, step by step
  /// Loss heat the plant cooled, by location (sim::HeatLocation: white space, electrical room, outdoors).
  std::array<double, 3> loss_heat_j{};
  double other_j = 0;
  double heat_rejected_j = 0;
  double water_evaporated_kg = 0, water_blowdown_kg = 0, water_drift_kg = 0, water_makeup_kg = 0;
  double free_cooling_s = 0;         ///< time-weighted share of heat removed without compressors
  double max_server_inlet_c = 0;
  double max_coolant_supply_c = 0;
  int throttle_changes = 0;
  /// What the plant did while the outdoor air was above its design conditions.
  struct AboveDesign {
    double dry_bulb_s = 0;           ///< time with the dry-bulb above the design dry-bulb
    double wet_bulb_s = 0;           ///< time with the wet-bulb above the design wet-bulb
    double it_j = 0, cooling_j = 0;  ///< during the dry-bulb hours
    double compressor_j = 0;         ///< chillers, trim chillers, DX compressors during them
    double shortfall_s = 0;          ///< of which the plant was short of capacity
    double throttled_s = 0;          ///< of which the GPUs were throttled
    double max_server_inlet_c = 0;
  } above_design;
  // Balances checked on every step (largest relative error seen).
  double max_heat_balance_error = 0;  ///< |produced - removed - stored| / produced
  double max_water_balance_error = 0; ///< |make-up - evaporation - blowdown - drift| / make-up
  double max_load_error = 0;          ///< |plant's IT heat in - IT heat handed to it| / IT heat
};

/// What the site's power management did (sim/site_power.hpp): the limit it held, when it bound, the
/// jobs it held, capped and paused.
struct PowerBudgetResult {
  bool active = false;
  models::StepSeries limit_w;      ///< the limit in force, facility side (budget, or a demand response target)
  models::StepSeries binding;      ///< 1 while the budget holds a job back, caps or pauses one
  models::StepSeries capped_gpus;  ///< GPUs running under a budget cap
  models::StepSeries paused_gpus;  ///< GPUs of jobs paused for demand response
  int jobs_held = 0;               ///< jobs the budget refused at least once
  double held_job_s = 0;           ///< their time held, summed
  int pauses = 0;                  ///< jobs paused at a checkpoint for demand response
  std::vector<double> demand_response_baseline_w; ///< per event, the metered baseline (facility side)
};

/// A rack's battery (`cluster.partitions[].rack_battery`): the rack's IT power through the battery
/// model; `battery.grid_w` is what the rack then draws from its feed (docs/models/grid.md).
struct RackBatteryRecord {
  std::size_t rack = 0;          ///< index into RunResult::rack_names
  double limit_w = 0;            ///< the rack's power limit (0: none given)
  models::StepSeries it_w;       ///< the rack's IT power, the battery's load
  models::BatteryResult battery; ///< its `soc` series is left empty (not reported per rack)
};

struct RunResult {
  double simulated_s = 0;
  bool stopped_at_safety_limit = false; ///< "until the workload ends" never saw it end
  models::StepSeries it_power_w;
  models::StepSeries facility_power_w;
  std::optional<models::BatteryResult> battery; ///< the site battery and the grid-side power it leaves
  models::StepSeries nodes_busy;
  models::StepSeries nodes_off;
  models::StepSeries jobs_running;
  models::StepSeries jobs_queued;
  std::vector<std::string> rack_names;
  std::vector<models::StepSeries> rack_power_w; ///< empty unless rack traces were asked for
  std::vector<RackBatteryRecord> rack_batteries; ///< one per rack of a partition with a rack battery
  /// The rack batteries' power summed, feed side (> 0 discharging): the facility sees IT minus this.
  models::StepSeries rack_battery_w;
  std::vector<double> rack_energy_j;
  std::vector<models::StepSeries> job_power_w;  ///< empty unless job traces were asked for; with a comparison
                                                ///< with FIFO, the flexible jobs' (others empty)
  std::vector<JobRecord> jobs;
  std::vector<ServiceRecord> services; ///< inference services, in job order
  std::vector<EventRecord> events;
  std::array<models::StepSeries, 4> gpu_use;  ///< GPUs productive / in checkpoint stall / lost / restarting
  std::vector<std::array<models::StepSeries, 4>> job_gpu_use; ///< per job, with job traces
  double it_energy_j = 0;        ///< hosts (ledger) plus the facility's server-fan adjustment
  double host_energy_j = 0;      ///< the hosts alone, from the ledger
  double accelerator_energy_j = 0; ///< the accelerators alone (GPU-only energy), part of host_energy_j
  double simgrid_energy_j = 0;   ///< the same from SimGrid's host energy plugin (cross-check)
  /// With one host per node (`engine.hosts: per-node`): each rack's energy from SimGrid's plugin, the
  /// independent check of the ledger's rack settlement; empty with counting hosts.
  std::vector<double> simgrid_rack_energy_j;
  double facility_energy_j = 0;
  std::size_t node_count = 0;
  std::size_t accelerator_count = 0;
  RunCounters counters;
  FacilityResult facility;
  PowerBudgetResult power_budget;
};

} // namespace wattsim::sim
