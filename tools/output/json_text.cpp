#include "tools/output/json_text.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace wattsim::output {

namespace {

/// A string as nlohmann writes it (ensure_ascii off): printable ASCII without quotes or backslashes goes
/// through as it is; anything else (escapes, UTF-8, which nlohmann validates) is left to nlohmann itself.
void append_string(std::string& out, std::string_view s) {
  const bool plain = std::all_of(s.begin(), s.end(), [](char c) { return c >= 0x20 && c < 0x7f && c != '"' && c != '\\'; });
  if (plain) {
    out.push_back('"');
    out.append(s);
    out.push_back('"');
  } else {
    out.append(nlohmann::json(std::string(s)).dump());
  }
}

} // namespace

void JsonText::begin_value(std::string_view key) {
  Field f;
  f.key = static_cast<std::uint32_t>(chars_.size());
  f.key_size = static_cast<std::uint32_t>(key.size());
  chars_.append(key);
  f.text = static_cast<std::uint32_t>(chars_.size());
  fields_.push_back(f);
}

void JsonText::end_value() { fields_.back().text_size = static_cast<std::uint32_t>(chars_.size()) - fields_.back().text; }

JsonText& JsonText::set(std::string_view key, double v) {
  begin_value(key);
  if (!std::isfinite(v)) {
    chars_.append("null");
  } else {
    // nlohmann's own shortest round-trip format (Grisu2, ".0" on whole numbers): not std::to_chars, whose
    // digits can differ in the last place and whose whole numbers have no ".0".
    char buf[64];
    chars_.append(buf, nlohmann::detail::to_chars(buf, buf + sizeof buf, v));
  }
  end_value();
  return *this;
}

JsonText& JsonText::set(std::string_view key, std::int64_t v) {
  begin_value(key);
  char buf[24];
  chars_.append(buf, std::to_chars(buf, buf + sizeof buf, v).ptr);
  end_value();
  return *this;
}

JsonText& JsonText::set(std::string_view key, bool v) {
  begin_value(key);
  chars_.append(v ? "true" : "false");
  end_value();
  return *this;
}

JsonText& JsonText::set(std::string_view key, std::nullptr_t) {
  begin_value(key);
  chars_.append("null");
  end_value();
  return *this;
}

JsonText& JsonText::set(std::string_view key, std::string_view v) {
  begin_value(key);
  append_string(chars_, v);
  end_value();
  return *this;
}

JsonText& JsonText::object(std::string_view key) {
  begin_value(key);
  fields_.back().child = static_cast<int>(used_children_);
  if (used_children_ == children_.size())
    children_.push_back(std::make_unique<JsonText>());
  auto& child = *children_[used_children_++];
  child.clear();
  return child;
}

void JsonText::clear() {
  chars_.clear();
  fields_.clear();
  used_children_ = 0;
}

void JsonText::print(std::string& out, int indent, int depth) const {
  if (fields_.empty()) {
    out.append("{}");
    return;
  }
  // nlohmann's objects are std::maps: members in key order, each key once.
  std::vector<const Field*> order;
  order.reserve(fields_.size());
  for (const auto& f : fields_)
    order.push_back(&f);
  std::sort(order.begin(), order.end(), [this](const Field* a, const Field* b) { return key_of(*a) < key_of(*b); });
  for (std::size_t i = 1; i < order.size(); ++i)
    if (key_of(*order[i - 1]) == key_of(*order[i]))
      throw std::logic_error(fmt::format("JsonText: key '{}' set twice", key_of(*order[i])));
  const auto member_indent = static_cast<std::size_t>((depth + 1) * indent);
  out.append("{\n");
  for (std::size_t i = 0; i < order.size(); ++i) {
    const Field& f = *order[i];
    out.append(member_indent, ' ');
    append_string(out, key_of(f));
    out.append(": ");
    if (f.child >= 0)
      children_[static_cast<std::size_t>(f.child)]->print(out, indent, depth + 1);
    else
      out.append(chars_, f.text, f.text_size);
    out.append(i + 1 < order.size() ? ",\n" : "\n");
  }
  out.append(static_cast<std::size_t>(depth * indent), ' ');
  out.push_back('}');
}

} // namespace wattsim::output
