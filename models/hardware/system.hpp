#pragma once
// A node (system) of the catalog: accelerators plus host components, fans and power supplies.

#include "models/hardware/fans.hpp"
#include "models/hardware/psu.hpp"
#include "models/hardware/sources.hpp"

#include <optional>
#include <string>

namespace wattsim::models {

/// A component drawing `idle_w` when the node has no job and `active_w` while one runs.
struct IdleActivePower {
  double idle_w = 0;
  double active_w = 0;
};

enum class CoolingSupport { air, liquid, air_or_liquid };

struct SystemSpec {
  std::string name;
  std::string vendor;
  std::string description;
  std::string accelerator;  ///< catalog name of the accelerator
  int accelerators_per_node = 0;
  double max_power_w = 0;   ///< nameplate maximum input power
  double off_power_w = 0;   ///< standby draw with the host off (BMC)
  int rack_units = 0;
  std::optional<int> nodes_per_rack; ///< fixed for rack-scale systems
  CoolingSupport cooling = CoolingSupport::air;
  double liquid_heat_fraction = 0;   ///< heat share to cold plates when liquid cooled
  /// Cold-plate inlet (coolant supply) temperature above which the accelerators throttle when liquid
  /// cooled; 0: not given (the facility's default applies).
  double coolant_limit_c = 0;

  struct Cpu {
    std::string model;
    int count = 0;
    double idle_w = 0; ///< per CPU
    double max_w = 0;  ///< per CPU
    double busy_utilization = 0; ///< CPU utilisation while an accelerator job runs
  } cpu;
  double memory_bytes = 0;
  IdleActivePower memory;   ///< whole node DRAM
  int nic_count = 0;
  IdleActivePower nic;      ///< per NIC/DPU
  int drive_count = 0;
  IdleActivePower drive;    ///< per drive
  IdleActivePower other;    ///< switches on the baseboard, BMC, board
  FanSpec fans;
  PsuSpec psu;
  Sources sources;
};

} // namespace wattsim::models
