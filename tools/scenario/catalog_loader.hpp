#pragma once
// Reads hardware catalog files (models/hardware/catalog/*.yaml, built into the binary, plus the
// user's own) into a models::Catalog. Format: docs/hardware-catalog.md.

#include "models/hardware/catalog.hpp"

#include <string>
#include <vector>

namespace wattsim::scenario {

/// The catalog shipped with wattsim (compiled in from models/hardware/catalog/).
const models::Catalog& builtin_catalog();

/// Adds the entries of a catalog file. A name already present is an error (built-ins can't be
/// redefined; copy the entry under a new name instead).
void load_catalog_file(const std::string& path, models::Catalog& catalog);
/// Same from text (`origin` names it in errors).
void load_catalog_text(const std::string& text, const std::string& origin, models::Catalog& catalog);

/// Numeric fields of an entry that have no source (dotted paths), for `wattsim catalog` and tests.
std::vector<std::string> unsourced_fields(const models::Sources& sources, const std::vector<std::string>& fields);
std::vector<std::string> accelerator_fields(const models::AcceleratorSpec& a);
std::vector<std::string> system_fields(const models::SystemSpec& s);

} // namespace wattsim::scenario
