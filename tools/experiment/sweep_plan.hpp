#pragma once
// What a sweep runs: a base scenario, axes of values over key paths, seeds per point and the
// summary values to collect. Written as a sweep file (YAML, docs/user-guide.md "Sweep files") or
// as the command line's short form (--vary, --seeds, --keys).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace wattsim::experiment {

/// One axis: the keys it sets (one, or several for zipped and sampled axes) and its points, each a
/// value (YAML text, as `--set` takes it) per key.
struct Axis {
  std::vector<std::string> keys;
  std::vector<std::vector<std::string>> points;
};

struct SweepPlan {
  std::string scenario_path;               ///< the base scenario
  std::vector<std::string> overrides;      ///< applied to every run before the axes (`set:`)
  std::vector<Axis> axes;                  ///< crossed
  int seeds = 1;                           ///< runs per point
  std::optional<std::uint64_t> first_seed; ///< default: the scenario's seed
  std::vector<std::string> outputs;        ///< summary keys (dotted paths); empty: the default set
  double confidence = 0.95;                ///< level of the confidence interval of the mean
};

/// One point of the sweep: a value for every key of every axis.
struct Point {
  std::vector<std::string> keys;
  std::vector<std::string> values;
};

/// Reads a sweep file. Throws scenario::InputError (file:line:column: key: message) on bad input.
SweepPlan load_sweep_file(const std::string& path);

/// `--vary key=v1,v2,...` (commas inside [] and {} belong to the value).
Axis axis_from_vary(const std::string& text);

/// Every point: the cross product of the axes, the first axis varying slowest.
std::vector<Point> expand_points(const SweepPlan& plan);

/// The keys of every axis in order (the columns of the tables).
std::vector<std::string> axis_keys(const SweepPlan& plan);

} // namespace wattsim::experiment
