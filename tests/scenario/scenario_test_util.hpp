#pragma once
// Helpers for scenario tests: write YAML to temporary files, load, and capture InputErrors.

#include "tools/scenario/loader.hpp"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <string>
#include <unistd.h>

namespace wattsim::test {

class TempFiles {
public:
  TempFiles() {
    char tmpl[] = "/tmp/wattsim-scn-XXXXXX";
    dir_ = mkdtemp(tmpl);
  }
  ~TempFiles() {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  std::string write(const std::string& name, const std::string& text) const {
    const auto p = dir_ / name;
    std::ofstream(p) << text;
    return p.string();
  }
  [[nodiscard]] const std::filesystem::path& dir() const { return dir_; }

private:
  std::filesystem::path dir_;
};

/// A small valid scenario body that tests extend or edit.
inline const char* kMinimalScenario = R"(name: minimal
seed: 7
duration: 2 d
site:
  carbon_intensity: 0.4 kg/kWh
  electricity_price: 0.1 $/kWh
facility: {model: fixed-pue, pue: 1.25}
cluster:
  partitions:
    - name: gpu
      system: DGX-H100
      nodes: 8
      rack_power_limit: 40.8 kW
workload:
  jobs:
    - name: train
      nodes: 4
      duration: 1 d
outputs:
  resolution: 10 min
)";

/// Loads and expects an InputError; returns it for inspection.
inline scenario::InputError load_error(const std::string& path, const scenario::LoadOptions& opts = {}) {
  try {
    scenario::load_scenario(path, opts);
  } catch (const scenario::InputError& e) {
    return e;
  }
  ADD_FAILURE() << "expected an input error for " << path;
  return scenario::InputError({}, "", "none");
}

} // namespace wattsim::test
