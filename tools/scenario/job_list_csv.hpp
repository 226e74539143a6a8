#pragma once
// A job list as CSV (traces from other schedulers): a header row of job keys, one row per job. Each
// row becomes the same map a job written in the scenario's `workload.jobs` would be, with cells placed
// at their file, line and column, so the job reader checks them and names the cell in any error.
// A dotted header ("checkpoint.policy") fills a nested key; an empty cell leaves the key out.

#include "tools/scenario/config_tree.hpp"

#include <string>
#include <vector>

namespace wattsim::scenario {

/// The rows of a CSV job list as maps. Throws InputError for a missing file, an empty header cell, a
/// repeated column, or a row with more cells than the header.
std::vector<ConfigNode> read_job_list_csv(const std::string& path, std::string& hash_input);

} // namespace wattsim::scenario
