#pragma once
// Where each catalog number comes from: field path -> citation.

#include <map>
#include <string>

namespace wattsim::models {

using Sources = std::map<std::string, std::string>;

} // namespace wattsim::models
