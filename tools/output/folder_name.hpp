#pragma once
// Output folder names made from scenario names. A scenario's `name` is free text (it may come from
// --set): it must not decide where files go. Only letters, digits, '.', '-' and '_' are kept, every
// other run of characters becomes one '_', leading dots are dropped (no "..", no hidden folder) and
// the length is bounded, so the name is one path component inside the folder it is joined to.

#include <string>
#include <string_view>
#include <vector>

namespace wattsim::output {

/// A single, safe path component for `name` ("run" when nothing is left of it).
std::string folder_name(std::string_view name);

/// folder_name() of each, made unique by "-2", "-3"... suffixes in order (two compared scenarios of
/// one name get two folders).
std::vector<std::string> unique_folder_names(const std::vector<std::string>& names);

} // namespace wattsim::output
