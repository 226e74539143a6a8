#pragma once
// Scenario files (YAML, human units) -> sim::Scenario (plain structs, SI). Reference of every key:
// docs/scenario-reference.md. All input checking happens here, before anything runs or is written.

#include "models/hardware/catalog.hpp"
#include "sim/scenario.hpp"
#include "tools/scenario/config_tree.hpp"

#include <string>
#include <vector>

namespace wattsim::scenario {

struct LoadOptions {
  std::vector<std::string> overrides;      ///< "key.path=value", applied in order after extends
  std::vector<std::string> catalog_files;  ///< extra hardware files (--catalog)
};

/// A published figure a validation scenario is compared with (the `validation:` section). It never
/// enters the simulation: it is only read back to compare with the summary.
struct ValidationCheck {
  std::string key;          ///< summary.json key, e.g. "facility_energy_kwh"
  double published = 0;     ///< in the unit of that key
  double tolerance = 0;     ///< relative; 0 with report_only
  bool report_only = false; ///< a prediction to show beside the figure, not a pass/fail check
  std::string figure;       ///< short ID of the published figure (docs/validation.md tables)
  std::string source;
};

struct LoadedScenario {
  sim::Scenario scenario;
  ConfigNode tree;            ///< the merged input, after extends and overrides
  models::Catalog catalog;    ///< built-in plus user entries
  std::string path;
  std::string hash;           ///< SHA-256 of every input: the merged tree, catalog files, data files
  std::vector<ValidationCheck> validation;
};

/// Loads, merges, overrides, validates. Throws InputError on any bad input.
LoadedScenario load_scenario(const std::string& path, const LoadOptions& options = {});

/// Builds a scenario from an already merged tree (tests, generated variants). Relative data-file
/// paths resolve against the directory of the file each key was written in.
LoadedScenario build_scenario(ConfigNode tree, const LoadOptions& options = {});

} // namespace wattsim::scenario
