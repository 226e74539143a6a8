#include "tools/scenario/config_tree.hpp"
#include "tools/scenario/shown_token.hpp"

#include "tools/scenario/input_file.hpp"

#include <cstdint>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <set>
#include <sstream>
#include <yaml-cpp/yaml.h>

namespace wattsim::scenario {

std::string Location::str() const {
  if (line <= 0)
    return file;
  return fmt::format("{}:{}:{}", file, line, column);
}

InputError::InputError(Location where, std::string key_path, std::string message)
    : std::runtime_error(fmt::format("{}: {}{}", where.str(), key_path.empty() ? "" : escaped(key_path) + ": ", message)),
      where_(std::move(where)), key_path_(std::move(key_path)), message_(std::move(message)) {}

ConfigNode ConfigNode::make_scalar(std::string value, Location where) {
  ConfigNode n;
  n.kind_ = Kind::scalar;
  n.scalar_ = std::move(value);
  n.where_ = std::move(where);
  return n;
}

ConfigNode ConfigNode::make_map(Location where) {
  ConfigNode n;
  n.kind_ = Kind::map;
  n.where_ = std::move(where);
  return n;
}

ConfigNode ConfigNode::make_sequence(Location where) {
  ConfigNode n;
  n.kind_ = Kind::sequence;
  n.where_ = std::move(where);
  return n;
}

ConfigNode ConfigNode::make_null(Location where) {
  ConfigNode n;
  n.where_ = std::move(where);
  return n;
}

const ConfigNode* ConfigNode::find(const std::string& key) const {
  for (const auto& [k, v] : entries_)
    if (k == key)
      return &v;
  return nullptr;
}

ConfigNode* ConfigNode::find(const std::string& key) {
  for (auto& [k, v] : entries_)
    if (k == key)
      return &v;
  return nullptr;
}

ConfigNode& ConfigNode::put(const std::string& key, ConfigNode value) {
  if (auto* existing = find(key)) {
    *existing = std::move(value);
    return *existing;
  }
  entries_.emplace_back(key, std::move(value));
  return entries_.back().second;
}

bool ConfigNode::erase(const std::string& key) {
  for (auto it = entries_.begin(); it != entries_.end(); ++it) {
    if (it->first == key) {
      entries_.erase(it);
      return true;
    }
  }
  return false;
}

void ConfigNode::merge(const ConfigNode& overlay) {
  if (kind_ == Kind::map && overlay.kind_ == Kind::map) {
    for (const auto& [k, v] : overlay.entries_) {
      if (auto* mine = find(k))
        mine->merge(v);
      else
        entries_.emplace_back(k, v);
    }
    return;
  }
  *this = overlay;
}

namespace {
std::string quote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\')
      out.push_back('\\');
    out.push_back(c);
  }
  return out + "\"";
}
} // namespace

std::string ConfigNode::canonical() const {
  switch (kind_) {
  case Kind::null:
    return "null";
  case Kind::scalar:
    return quote(scalar_);
  case Kind::sequence: {
    std::string out = "[";
    for (std::size_t i = 0; i < items_.size(); ++i) {
      if (i)
        out += ',';
      out += items_[i].canonical();
    }
    return out + "]";
  }
  case Kind::map: {
    std::string out = "{";
    for (std::size_t i = 0; i < entries_.size(); ++i) {
      if (i)
        out += ',';
      out += quote(entries_[i].first);
      out += ':';
      out += entries_[i].second.canonical();
    }
    return out + "}";
  }
  }
  return {};
}

namespace {

Location mark_of(const YAML::Node& node, const std::string& file, const Location& fallback = {}) {
  const auto m = node.Mark();
  if (m.is_null())
    return fallback.line > 0 ? fallback : Location{file, 0, 0};
  return {file, m.line + 1, m.column + 1};
}

// Whether `s` is well-formed UTF-8 (RFC 3629: no overlong forms, surrogates or code points past
// U+10FFFF). Every value can end up in a JSON output, which must be UTF-8.
bool valid_utf8(const std::string& s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (len == 0 || i + len > s.size())
      return false;
    std::uint32_t cp = len == 1 ? c : c & (0x7F >> len);
    for (std::size_t k = 1; k < len; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc >> 6) != 0x2)
        return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    static constexpr std::uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMin[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
      return false;
    i += len;
  }
  return true;
}

// Values converted so far and the nesting depth: aliases let a small file name a huge (or, with a
// recursive alias, infinite) tree, so both are bounded (input_file.hpp).
struct ExpansionBudget {
  std::size_t values = 0;
};

// `fallback` locates values yaml-cpp leaves unmarked (an empty value after a key).
ConfigNode convert(const YAML::Node& node, const std::string& file, ExpansionBudget& budget, int depth,
                   const Location& fallback = {}) {
  const Location where = mark_of(node, file, fallback);
  if (++budget.values > kMaxYamlValues)
    throw InputError(where, "",
                     fmt::format("the document expands to more than {} values (aliases repeating aliases?)",
                                 kMaxYamlValues));
  if (depth > kMaxYamlDepth)
    throw InputError(where, "",
                     fmt::format("nested deeper than {} levels (an alias inside itself?)", kMaxYamlDepth));
  switch (node.Type()) {
  case YAML::NodeType::Null:
  case YAML::NodeType::Undefined:
    return ConfigNode::make_null(where);
  case YAML::NodeType::Scalar:
    if (!valid_utf8(node.Scalar()))
      throw InputError(where, "", "this value is not valid UTF-8 text");
    return ConfigNode::make_scalar(node.Scalar(), where);
  case YAML::NodeType::Sequence: {
    auto seq = ConfigNode::make_sequence(where);
    for (const auto& item : node)
      seq.push_back(convert(item, file, budget, depth + 1));
    return seq;
  }
  case YAML::NodeType::Map: {
    auto map = ConfigNode::make_map(where);
    std::set<std::string> seen;
    std::vector<YAML::Node> merged; // YAML merge keys (`<<: *anchor`), applied after the explicit keys
    for (const auto& kv : node) {
      if (!kv.first.IsScalar())
        throw InputError(mark_of(kv.first, file), "", "map keys must be plain names");
      const std::string key = kv.first.Scalar();
      if (!valid_utf8(key))
        throw InputError(mark_of(kv.first, file), "", "this key is not valid UTF-8 text");
      if (key == "<<" && kv.first.Tag() != "tag:yaml.org,2002:str") {
        if (kv.second.IsMap())
          merged.push_back(kv.second);
        else if (kv.second.IsSequence())
          for (const auto& item : kv.second)
            merged.push_back(item);
        for (const auto& m : merged)
          if (!m.IsMap())
            throw InputError(mark_of(kv.first, file), key, "a merge key takes a map (`<<: *anchor`) or a list of maps");
        continue;
      }
      if (!seen.insert(key).second)
        throw InputError(mark_of(kv.first, file), key, "this key appears twice in the same map");
      map.put(key, convert(kv.second, file, budget, depth + 1, mark_of(kv.first, file)));
    }
    // Merge-key semantics (yaml.org/type/merge.html): explicit keys win, then earlier maps over later.
    for (const auto& m : merged)
      for (const auto& kv : m) {
        const std::string key = kv.first.Scalar();
        if (seen.insert(key).second)
          map.put(key, convert(kv.second, file, budget, depth + 1, mark_of(kv.first, file)));
      }
    return map;
  }
  }
  return ConfigNode::make_null(where);
}

ConfigNode parse(const std::string& text, const std::string& origin) {
  try {
    const YAML::Node doc = YAML::Load(text);
    ExpansionBudget budget;
    return convert(doc, origin, budget, 0);
  } catch (const YAML::Exception& e) {
    Location where{origin, e.mark.is_null() ? 0 : e.mark.line + 1, e.mark.is_null() ? 0 : e.mark.column + 1};
    throw InputError(where, "", fmt::format("YAML syntax error: {}", e.msg));
  }
}

// A file's identity in an extends chain: its canonical path or, where that cannot be made (a pipe such
// as /dev/stdin or bash's <(...), whose link names no file), the path as given, made absolute.
std::string chain_identity(const std::filesystem::path& path) {
  std::error_code ec;
  auto id = std::filesystem::weakly_canonical(path, ec);
  if (ec)
    id = std::filesystem::absolute(path, ec).lexically_normal();
  return ec ? path.string() : id.string();
}

// `named_at`: where the path was written (the extends: key of the file that extends this one).
ConfigNode load_with_extends(const std::filesystem::path& path, std::vector<std::string>& chain,
                             const Location& named_at, const std::string& key) {
  const std::string canonical = chain_identity(path);
  for (const auto& seen : chain)
    if (seen == canonical)
      throw InputError(named_at, key.empty() ? "extends" : key, "circular extends chain");
  chain.push_back(canonical);
  ConfigNode tree = load_yaml_file(path.string(), named_at, key);
  if (!tree.is_map())
    throw InputError(tree.where(), "", "a scenario file must be a map of sections (site:, cluster:, workload:, ...)");
  const ConfigNode* ext = tree.find("extends");
  if (!ext)
    return tree;
  if (!ext->is_scalar() || ext->scalar().empty())
    throw InputError(ext->where(), "extends", "expected the path of another scenario file");
  std::filesystem::path base_path = ext->scalar();
  if (base_path.is_relative())
    base_path = path.parent_path() / base_path;
  ConfigNode base = load_with_extends(base_path, chain, ext->where(), "extends");
  base.erase("extends");
  tree.erase("extends");
  base.merge(tree);
  return base;
}

} // namespace

ConfigNode load_yaml_file(const std::string& path, const Location& named_at, const std::string& key) {
  return parse(read_input_file(path, kMaxYamlFileBytes, named_at.file.empty() ? Location{path, 0, 0} : named_at, key),
               path);
}

ConfigNode parse_yaml_text(const std::string& text, const std::string& origin) { return parse(text, origin); }

ConfigNode load_tree_with_extends(const std::string& path) {
  std::vector<std::string> chain;
  return load_with_extends(path, chain, {}, "");
}

std::string resolve_path(const ConfigNode& node) {
  std::filesystem::path p = node.scalar();
  if (p.is_absolute() || node.where().file.rfind("--set", 0) == 0)
    return p.string();
  return (std::filesystem::path(node.where().file).parent_path() / p).lexically_normal().string();
}

void apply_override(ConfigNode& root, const std::string& assignment) {
  const Location where{"--set " + assignment, 0, 0};
  const auto eq = assignment.find('=');
  if (eq == std::string::npos || eq == 0)
    throw InputError(where, "", "expected key.path=value");
  const std::string path = assignment.substr(0, eq);
  ConfigNode value = parse_yaml_text(assignment.substr(eq + 1), "--set " + assignment);
  if (value.is_null() && assignment.size() == eq + 1)
    throw InputError(where, path, "no value after '='");

  std::vector<std::string> parts;
  std::stringstream ss(path);
  for (std::string part; std::getline(ss, part, '.');) {
    if (part.empty())
      throw InputError(where, path, "empty segment in the key path");
    parts.push_back(part);
  }
  ConfigNode* node = &root;
  std::string walked;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const std::string& part = parts[i];
    walked += (walked.empty() ? "" : ".") + part;
    const bool last = i + 1 == parts.size();
    if (node->is_sequence()) {
      ConfigNode* next = nullptr;
      const bool numeric = part.find_first_not_of("0123456789") == std::string::npos;
      if (numeric) {
        // Compared as text first: an index of any length is an error, never an overflow (exit 1).
        const auto size = node->items().size();
        const auto index = part.size() <= 9 ? std::stoul(part) : size;
        if (index >= size)
          throw InputError(where, walked, fmt::format("the list has {} items", node->items().size()));
        next = &node->items()[index];
      } else {
        for (auto& item : node->items()) {
          const ConfigNode* name = item.is_map() ? item.find("name") : nullptr;
          if (name && name->is_scalar() && name->scalar() == part)
            next = &item;
        }
        if (!next)
          throw InputError(where, walked, "no item of this list has that name");
      }
      if (last)
        *next = value;
      node = next;
      continue;
    }
    if (node->is_null())
      *node = ConfigNode::make_map(where);
    if (!node->is_map())
      throw InputError(where, walked, "cannot descend into a plain value");
    if (last) {
      node->put(part, value);
      return;
    }
    ConfigNode* next = node->find(part);
    if (!next)
      next = &node->put(part, ConfigNode::make_map(where));
    node = next;
  }
}

} // namespace wattsim::scenario
