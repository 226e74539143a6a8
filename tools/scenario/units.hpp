#pragma once
// Human units at the edges: "10.2 kW", "54 d", "5.6 TB", "2 TB/s", "0.43 kg/kWh", "0.08 $/kWh".
// A quantity string is a number and a unit; the unit must match the kind the key expects.

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace wattsim::scenario {

/// Exponents of the base dimensions: metre, kilogram, second, kelvin, byte, FLOP, money.
using Dimension = std::array<int, 7>;

struct QuantityKind {
  std::string_view name;    ///< "power"
  Dimension dimension;
  std::string_view example; ///< "10.2 kW"
  /// Largest magnitude accepted, in SI: far beyond any datacenter, yet small enough that sums and
  /// products over a run stay finite (docs/scenario-reference.md, "Ranges").
  double max_si = 1e30;
};

namespace kinds {
inline constexpr QuantityKind dimensionless{"number", {0, 0, 0, 0, 0, 0, 0}, "0.5"};
inline constexpr QuantityKind power{"power", {2, 1, -3, 0, 0, 0, 0}, "10.2 kW", 1e11};
inline constexpr QuantityKind energy{"energy", {2, 1, -2, 0, 0, 0, 0}, "1.2 MWh", 1e20};
inline constexpr QuantityKind time{"duration", {0, 0, 1, 0, 0, 0, 0}, "30 min", 1e15}; // ~32 million years: GPU time of the largest runs is ~3,500 years;
inline constexpr QuantityKind data{"data size", {0, 0, 0, 0, 1, 0, 0}, "5.6 TB", 1e21};
inline constexpr QuantityKind bandwidth{"bandwidth", {0, 0, -1, 0, 1, 0, 0}, "2 TB/s", 1e18};
inline constexpr QuantityKind flops{"amount of computation", {0, 0, 0, 0, 0, 1, 0}, "3.8e25 FLOP", 1e30};
inline constexpr QuantityKind flop_rate{"compute rate", {0, 0, -1, 0, 0, 1, 0}, "989 TFLOP/s", 1e21};
inline constexpr QuantityKind carbon_intensity{"carbon intensity", {-2, 0, 2, 0, 0, 0, 0}, "0.43 kg/kWh", 10 / 3.6e6};
inline constexpr QuantityKind price{"electricity price", {-2, -1, 2, 0, 0, 0, 1}, "0.08 $/kWh", 1000 / 3.6e6};
inline constexpr QuantityKind money{"amount of money", {0, 0, 0, 0, 0, 0, 1}, "1000 $", 1e15};
inline constexpr QuantityKind mass{"mass", {0, 1, 0, 0, 0, 0, 0}, "12 kg", 1e12};
inline constexpr QuantityKind volume{"volume", {3, 0, 0, 0, 0, 0, 0}, "150 L", 1e9};
inline constexpr QuantityKind volume_flow{"volume flow", {3, 0, -1, 0, 0, 0, 0}, "1.44 L/min", 1e4};
inline constexpr QuantityKind mass_flow{"mass flow", {0, 1, -1, 0, 0, 0, 0}, "33 kg/s", 1e7};
inline constexpr QuantityKind pressure{"pressure", {-1, 1, -2, 0, 0, 0, 0}, "101.3 kPa", 1e8};
inline constexpr QuantityKind temperature{"temperature", {0, 0, 0, 1, 0, 0, 0}, "25 C", 1e4};
inline constexpr QuantityKind temperature_difference{"temperature difference", {0, 0, 0, 1, 0, 0, 0}, "5 K", 1e4};
inline constexpr QuantityKind frequency{"frequency", {0, 0, -1, 0, 0, 0, 0}, "2 Hz", 1e12};
inline constexpr QuantityKind water_intensity{"water intensity", {1, -1, 2, 0, 0, 0, 0}, "3.142 L/kWh", 1 / 3.6e6};
inline constexpr QuantityKind rack_units{"rack height", {0, 0, 0, 0, 0, 0, 0}, "42 U", 1000};
inline constexpr QuantityKind bit_rate{"link speed", {0, 0, -1, 0, 1, 0, 0}, "400 Gb/s", 1e18};
} // namespace kinds

struct ParsedQuantity {
  double value_si = 0;
  Dimension dimension{};
};

/// Parses "<number> <unit>". Returns an error message (empty on success) through `error`.
/// Temperatures in C/°C/F convert to °C (the SI-adjacent unit wattsim uses inside for temperatures),
/// K as a temperature converts to °C; temperature differences in K or C are taken as is.
std::optional<ParsedQuantity> parse_quantity(std::string_view text, std::string& error);

/// Parses a plain number; accepts digit groups with commas ("1,082,990") and a trailing "%".
std::optional<double> parse_number(std::string_view text);

/// Converts a quantity string to SI for the expected kind, or explains why not.
std::optional<double> to_si(std::string_view text, const QuantityKind& kind, std::string& error);

/// "a power", "an energy": the kind's name with its article, for messages.
std::string article_name(const QuantityKind& kind);

/// The dimension's kind name for error messages ("an energy", "a power"), or its SI form.
std::string describe_dimension(const Dimension& d);

} // namespace wattsim::scenario
