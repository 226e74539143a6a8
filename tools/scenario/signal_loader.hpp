#pragma once
// Site signals in a scenario: a constant ("0.43 kg/kWh") or a CSV time series
// ({csv: grid.csv, column: ..., unit: "g/kWh", repeat: true}). Format: docs/scenario-reference.md.

#include "models/grid/signal.hpp"
#include "tools/scenario/reader.hpp"

#include <string>
#include <vector>

namespace wattsim::scenario {

/// Reads `key` of `r` as a signal of the given kind, in SI. The CSV text is appended to `hash_input`.
models::Signal read_signal(Reader& r, const std::string& key, const QuantityKind& kind, std::string& hash_input);

/// One CSV line split into trimmed cells (double quotes group a cell holding commas).
std::vector<std::string> split_csv_line(const std::string& line);

/// The currency symbol of a price ("0.08 €/kWh" -> "€"), "$" when none is written.
std::string currency_of(const ConfigNode& price);

} // namespace wattsim::scenario
