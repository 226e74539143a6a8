#pragma once
// The scenario as a tree of nodes that remember where they were written (file, line, column), so
// every error can point at its source even after `extends:` merges and `--set` overrides.

#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace wattsim::scenario {

struct Location {
  std::string file; ///< path as given, or "--set" for command-line overrides
  int line = 0;     ///< 1-based; 0 when unknown
  int column = 0;   ///< 1-based
  [[nodiscard]] std::string str() const;
};

/// Bad input: a message tied to a place in the input and a key path. Exit code 2.
class InputError : public std::runtime_error {
public:
  InputError(Location where, std::string key_path, std::string message);
  [[nodiscard]] const Location& where() const { return where_; }
  [[nodiscard]] const std::string& key_path() const { return key_path_; }
  [[nodiscard]] const std::string& message() const { return message_; }

private:
  Location where_;
  std::string key_path_;
  std::string message_;
};

class ConfigNode {
public:
  enum class Kind { null, scalar, sequence, map };

  ConfigNode() = default;
  static ConfigNode make_scalar(std::string value, Location where);
  static ConfigNode make_map(Location where);
  static ConfigNode make_sequence(Location where);
  static ConfigNode make_null(Location where);

  [[nodiscard]] Kind kind() const { return kind_; }
  [[nodiscard]] bool is_map() const { return kind_ == Kind::map; }
  [[nodiscard]] bool is_sequence() const { return kind_ == Kind::sequence; }
  [[nodiscard]] bool is_scalar() const { return kind_ == Kind::scalar; }
  [[nodiscard]] bool is_null() const { return kind_ == Kind::null; }
  [[nodiscard]] const std::string& scalar() const { return scalar_; }
  [[nodiscard]] const Location& where() const { return where_; }

  // Maps keep their order of writing.
  [[nodiscard]] const std::vector<std::pair<std::string, ConfigNode>>& entries() const { return entries_; }
  [[nodiscard]] const ConfigNode* find(const std::string& key) const;
  ConfigNode* find(const std::string& key);
  /// Sets or replaces a map entry.
  ConfigNode& put(const std::string& key, ConfigNode value);
  bool erase(const std::string& key);

  [[nodiscard]] const std::vector<ConfigNode>& items() const { return items_; }
  std::vector<ConfigNode>& items() { return items_; }
  void push_back(ConfigNode value) { items_.push_back(std::move(value)); }

  /// Deep merge: maps merge key by key, anything else is replaced by `overlay`.
  void merge(const ConfigNode& overlay);

  /// Canonical text form (JSON-like, keys in order): what the scenario hash is taken of.
  [[nodiscard]] std::string canonical() const;

private:
  Kind kind_ = Kind::null;
  std::string scalar_;
  Location where_;
  std::vector<std::pair<std::string, ConfigNode>> entries_;
  std::vector<ConfigNode> items_;
};

/// Reads a YAML file into a tree. Throws InputError for a missing, oversized or unreadable file (at
/// `named_at` / `key`, the place that named the file, when given), a syntax error, a duplicate key, or
/// a document that expands (aliases) past the limits of input_file.hpp.
ConfigNode load_yaml_file(const std::string& path, const Location& named_at = {}, const std::string& key = "");
/// Parses YAML text (for `--set` values and tests); `origin` names it in errors.
ConfigNode parse_yaml_text(const std::string& text, const std::string& origin);

/// Loads a scenario file, resolving `extends:` chains (paths relative to the extending file).
ConfigNode load_tree_with_extends(const std::string& path);

/// A path written in a scenario, resolved against the directory of the file it was written in
/// (command-line values against the working directory).
std::string resolve_path(const ConfigNode& node);

/// Applies "key.path=value": map keys by name, list items by index ("jobs.0.nodes") or by the
/// item's `name` ("jobs.llama.nodes"). The value is parsed as YAML.
void apply_override(ConfigNode& root, const std::string& assignment);

} // namespace wattsim::scenario
