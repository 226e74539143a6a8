#pragma once
// The subcommands of `wattsim`. Each returns the process exit code: 0 success, 2 bad input,
// 1 internal error (and, for validate, 3 when a published figure is missed).

#include "tools/scenario/loader.hpp"

#include <string>
#include <vector>

namespace wattsim::tools {

inline constexpr int kExitOk = 0;
inline constexpr int kExitInternal = 1;
inline constexpr int kExitBadInput = 2;
inline constexpr int kExitValidationFailed = 3;

struct CommonOptions {
  std::vector<std::string> overrides; ///< --set
  std::vector<std::string> catalogs;  ///< --catalog
  int verbosity = 0;
  bool quiet = false;
  std::vector<std::string> simgrid_config;
  std::string command_line;

  [[nodiscard]] scenario::LoadOptions load_options() const { return {overrides, catalogs}; }
};

int cmd_run(const std::string& scenario_path, const std::string& out_dir, const CommonOptions& options);
int cmd_check(const std::string& scenario_path, const CommonOptions& options);
int cmd_catalog(const std::string& entry, bool all_sources, const CommonOptions& options);
int cmd_validate(const std::vector<std::string>& scenario_paths, bool markdown, const CommonOptions& options);

} // namespace wattsim::tools
