#pragma once
// The built-in catalog files, embedded at build time (cmake/EmbedFiles.cmake).

#include <string_view>
#include <vector>

namespace wattsim::scenario {

struct EmbeddedFile {
  std::string_view name;
  std::string_view text;
};

/// accelerators.yaml, systems.yaml, switches.yaml, in that order.
const std::vector<EmbeddedFile>& builtin_catalog_files();

} // namespace wattsim::scenario
