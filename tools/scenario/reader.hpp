#pragma once
// Typed, checked reading of a config map: every value is read through here, so every error names the
// file, line, column and key path, says what was expected, and suggests the key that was meant.

#include "tools/scenario/config_tree.hpp"
#include "tools/scenario/units.hpp"

#include <functional>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace wattsim::scenario {

/// Closest candidate within a small edit distance, for "did you mean".
std::optional<std::string> closest_match(std::string_view word, const std::vector<std::string>& candidates);

class Reader {
public:
  /// `node` must be a map (or null, read as an empty map). `path` is its key path ("cluster").
  /// `fallback` locates errors about missing keys when the node itself has no place in a file (a
  /// section that is absent is reported at the map that lacks it).
  Reader(const ConfigNode& node, std::string path, Location fallback = {});

  /// Whether the key holds a value (null counts as absent); marks the key as known.
  [[nodiscard]] bool has(const std::string& key) const;
  [[nodiscard]] const std::string& path() const { return path_; }
  [[nodiscard]] const ConfigNode& node() const { return *node_; }
  [[nodiscard]] std::string key_path(const std::string& key) const;

  /// The raw child; marks the key as known.
  const ConfigNode* child(const std::string& key);
  /// A sub-map reader (an empty one when absent).
  Reader map(const std::string& key);

  std::string string(const std::string& key);
  std::optional<std::string> optional_string(const std::string& key);
  std::string string_or(const std::string& key, const std::string& fallback);
  /// One of the allowed words.
  std::string choice(const std::string& key, const std::vector<std::string>& allowed, const std::string& fallback);
  bool boolean(const std::string& key, bool fallback);

  /// A quantity in SI; `lo`/`hi` bound it (inclusive) in SI.
  double quantity(const std::string& key, const QuantityKind& kind, std::optional<double> lo = {},
                  std::optional<double> hi = {});
  std::optional<double> optional_quantity(const std::string& key, const QuantityKind& kind,
                                          std::optional<double> lo = {}, std::optional<double> hi = {});
  double quantity_or(const std::string& key, const QuantityKind& kind, double fallback, std::optional<double> lo = {},
                     std::optional<double> hi = {});

  double number(const std::string& key, std::optional<double> lo = {}, std::optional<double> hi = {});
  std::optional<double> optional_number(const std::string& key, std::optional<double> lo = {},
                                        std::optional<double> hi = {});
  double number_or(const std::string& key, double fallback, std::optional<double> lo = {},
                   std::optional<double> hi = {});
  long long integer(const std::string& key, std::optional<long long> lo = {}, std::optional<long long> hi = {});
  long long integer_or(const std::string& key, long long fallback, std::optional<long long> lo = {},
                       std::optional<long long> hi = {});
  std::vector<std::string> string_list(const std::string& key);

  /// Calls `f` for each item of a list of maps.
  void each(const std::string& key, const std::function<void(Reader&, std::size_t)>& f);

  /// Marks keys as known without reading them (read elsewhere).
  void allow(std::initializer_list<std::string_view> keys);
  /// Fails on the first key that was never read or allowed, with a suggestion.
  void finish() const;

  [[noreturn]] void fail(const std::string& key, const std::string& message) const;
  [[noreturn]] void fail_node(const ConfigNode& at, const std::string& key_path, const std::string& message) const;

private:
  const ConfigNode* require(const std::string& key, std::string_view expected);
  const ConfigNode* scalar_child(const std::string& key, std::string_view expected);
  double check_range(const std::string& key, const ConfigNode& at, double v, std::optional<double> lo,
                     std::optional<double> hi, const QuantityKind* kind) const;

  static const ConfigNode& empty_map();
  /// Where errors about this map's own missing keys point: the map, else the fallback.
  [[nodiscard]] const Location& where() const;
  const ConfigNode* node_;
  Location fallback_;
  std::string path_;
  mutable std::set<std::string, std::less<>> known_; ///< keys the schema asked about (has() counts)
};

/// Formats an SI value back in the unit of the kind's example, for messages ("40.8 kW").
std::string format_like(double si, const QuantityKind& kind);

} // namespace wattsim::scenario
