#pragma once
// A network switch of the catalog.

#include "models/hardware/sources.hpp"

#include <string>

namespace wattsim::models {

struct SwitchSpec {
  std::string name;
  std::string vendor;
  std::string description;
  int ports = 0;
  double port_speed_bit_s = 0;
  double max_power_w = 0;
  double typical_power_w = 0; ///< draw with all ports up under typical traffic
  Sources sources;
};

} // namespace wattsim::models
