#pragma once
// The hardware catalog: accelerators, systems and switches by name. Filled from data files
// (models/hardware/catalog/*.yaml and the user's own) by the scenario loader.

#include "models/hardware/accelerator.hpp"
#include "models/hardware/network_switch.hpp"
#include "models/hardware/system.hpp"

#include <map>
#include <string>

namespace wattsim::models {

struct Catalog {
  std::map<std::string, AcceleratorSpec> accelerators;
  std::map<std::string, SystemSpec> systems;
  std::map<std::string, SwitchSpec> switches;

  [[nodiscard]] const AcceleratorSpec* accelerator(const std::string& name) const { return find(accelerators, name); }
  [[nodiscard]] const SystemSpec* system(const std::string& name) const { return find(systems, name); }
  [[nodiscard]] const SwitchSpec* network_switch(const std::string& name) const { return find(switches, name); }

private:
  template <class M> static const typename M::mapped_type* find(const M& m, const std::string& name) {
    auto it = m.find(name);
    return it == m.end() ? nullptr : &it->second;
  }
};

} // namespace wattsim::models
