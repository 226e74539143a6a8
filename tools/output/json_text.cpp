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

JsonText::Field& JsonText::add(std::string_view key) { return fields_.emplace_back(Field{std::string(key), {}, -1}); }

JsonText& JsonText::set(std::string_view key, double v) {
  auto& f = add(key);
  if (!std::isfinite(v)) {
    f.text = "null";
  } else {
    // nlohmann's own shortest round-trip format (Grisu2, ".0" on whole numbers): not std::to_chars, whose
    // digits can differ in the last place and whose whole numbers have no ".0".
    char buf[64];
    f.text.assign(buf, nlohmann::detail::to_chars(buf, buf + sizeof buf, v));
  }
  return *this;
}

JsonText& JsonText::set(std::string_view key, std::int64_t v) {
  char buf[24];
  add(key).text.assign(buf, std::to_chars(buf, buf + sizeof buf, v).ptr);
  return *this;
}

JsonText& JsonText::set(std::string_view key, bool v) {
  add(key).text = v ? "true" : "false";
  return *this;
}

JsonText& JsonText::set(std::string_view key, std::nullptr_t) {
  add(key).text = "null";
  return *this;
}

JsonText& JsonText::set(std::string_view key, std::string_view v) {
  append_string(add(key).text, v);
  return *this;
}

JsonText& JsonText::object(std::string_view key) {
  add(key).child = static_cast<int>(children_.size());
  return *children_.emplace_back(std::make_unique<JsonText>());
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
  std::sort(order.begin(), order.end(), [](const Field* a, const Field* b) { return a->key < b->key; });
  for (std::size_t i = 1; i < order.size(); ++i)
    if (order[i - 1]->key == order[i]->key)
      throw std::logic_error(fmt::format("JsonText: key '{}' set twice", order[i]->key));
  const auto member_indent = static_cast<std::size_t>((depth + 1) * indent);
  out.append("{\n");
  for (std::size_t i = 0; i < order.size(); ++i) {
    out.append(member_indent, ' ');
    append_string(out, order[i]->key);
    out.append(": ");
    if (order[i]->child >= 0)
      children_[static_cast<std::size_t>(order[i]->child)]->print(out, indent, depth + 1);
    else
      out.append(order[i]->text);
    out.append(i + 1 < order.size() ? ",\n" : "\n");
  }
  out.append(static_cast<std::size_t>(depth * indent), ' ');
  out.push_back('}');
}

} // namespace wattsim::output
