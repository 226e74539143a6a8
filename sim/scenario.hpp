#pragma once
// A scenario as the engine sees it: plain structs, SI units, already validated. The loader
// (tools/scenario) builds it from YAML; nothing in sim/ knows the file format.

#include "models/grid/signal.hpp"
#include "models/hardware/accelerator.hpp"
#include "models/hardware/network_switch.hpp"
#include "models/hardware/precision.hpp"
#include "models/hardware/system.hpp"

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace wattsim::sim {

inline constexpr double kForever = std::numeric_limits<double>::infinity();

struct Site {
  std::string name;
  models::Signal carbon_kg_per_j = models::Signal::constant(0.0); ///< grid intensity, kg CO2e per J
  models::Signal price_per_j = models::Signal::constant(0.0);     ///< currency per J
  std::string currency = "$";
};

struct Facility {
  enum class Model { fixed_pue };
  Model model = Model::fixed_pue;
  double pue = 1.0;
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
  bool liquid_cooled = false;

  [[nodiscard]] int total_nodes() const { return nodes + spare_nodes; }
  [[nodiscard]] int racks() const { return (total_nodes() + nodes_per_rack - 1) / nodes_per_rack; }
};

struct Storage {
  double capacity_bytes = 0;
  double read_bandwidth_bytes_s = 0;
  double write_bandwidth_bytes_s = 0;
  double power_w = 0;
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
};

struct JobSpec {
  std::string name;
  std::size_t partition = 0;
  int nodes = 0;
  int accelerators = 0;      ///< nodes x accelerators per node unless fewer were asked for
  double submit_s = 0;
  double work_s = 0;         ///< failure-free run time at full (uncapped) throughput
  std::string length_basis;  ///< "duration", "gpu_hours" or "flops": how work_s was given
  double flops = 0;          ///< total FLOPs when given (0 otherwise)
  double mfu = 0;
  models::Precision precision = models::Precision::bf16;
  models::ActivityMix activity; ///< what the accelerators do while it trains
};

struct SchedulerSpec {
  enum class Placement { first_fit, pack_racks };
  Placement placement = Placement::first_fit;
  bool backfill = false;          ///< EASY backfilling behind a blocked head job
  bool power_off_idle = false;    ///< turn nodes off after idle_off_after_s without work
  double idle_off_after_s = 600;
  double boot_s = 300;            ///< power-on to ready
};

struct Outputs {
  double resolution_s = 60;
  bool rack_traces = false;
  bool job_traces = false;
};

struct Scenario {
  std::string name;
  std::string description;
  std::uint64_t seed = 0;
  double duration_s = kForever;  ///< simulated horizon; kForever = until the workload ends
  Site site;
  Facility facility;
  ClusterSpec cluster;
  std::vector<JobSpec> jobs;
  SchedulerSpec scheduler;
  Outputs outputs;
};

} // namespace wattsim::sim
