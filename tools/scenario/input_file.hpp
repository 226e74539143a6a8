#pragma once
// Bounded reading of the files a scenario names (extends:, catalog:, csv:, epw:) and bounds on the
// tree a YAML file may expand to, so hostile or mistaken input (a path to /dev/zero, an alias bomb)
// is bad input (exit 2) instead of memory exhaustion. The limits are in docs/reliability.md.

#include "tools/scenario/config_tree.hpp"

#include <cstddef>
#include <cstdint>
#include <string>

namespace wattsim::scenario {

/// Scenario, extends and catalog files: the largest shipped one is under 100 kB.
inline constexpr std::uintmax_t kMaxYamlFileBytes = 16u << 20;
/// CSV signals and EPW weather: an EPW year is 1.6 MB; a minute-resolution CSV year about 15 MB.
inline constexpr std::uintmax_t kMaxDataFileBytes = 256u << 20;
/// Values (scalars, lists, maps) a YAML document may expand to once aliases are followed.
inline constexpr std::size_t kMaxYamlValues = 1'000'000;
/// Nesting depth of a YAML document (a scenario needs fewer than 10 levels).
inline constexpr int kMaxYamlDepth = 64;

/// The whole file, or InputError at `where` / `key` (the key that named the file): not found, a
/// folder, unreadable, or larger than `max_bytes` (read no further than that, so /dev/zero is safe).
std::string read_input_file(const std::string& path, std::uintmax_t max_bytes, const Location& where,
                            const std::string& key);

} // namespace wattsim::scenario
