#pragma once
// A JSON object written as text exactly as nlohmann::json::dump(indent) prints it (keys in sorted order,
// nlohmann's number and string format) without building nlohmann's tree of maps. summary.json's jobs array
// uses it: for the 100,000 jobs of case (k), building and re-indenting one nlohmann object per job was
// about a fifth of the run (docs/performance.md). tests/output/json_text_test.cpp checks it against nlohmann.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace wattsim::output {

class JsonText {
public:
  JsonText& set(std::string_view key, double v); ///< NaN and infinities print as null, as in nlohmann
  JsonText& set(std::string_view key, std::int64_t v);
  JsonText& set(std::string_view key, int v) { return set(key, static_cast<std::int64_t>(v)); }
  JsonText& set(std::string_view key, bool v);
  JsonText& set(std::string_view key, std::nullptr_t);
  JsonText& set(std::string_view key, std::string_view v);
  JsonText& set(std::string_view key, const std::string& v) { return set(key, std::string_view(v)); }
  JsonText& set(std::string_view key, const char* v) { return set(key, std::string_view(v)); }
  /// A nested object under `key`, to be filled by the caller.
  JsonText& object(std::string_view key);

  /// Appends the object to `out` as nlohmann's dump(indent) prints a value `depth` levels deep: the opening
  /// brace where the caller is, members indented by (depth + 1) * indent spaces.
  void print(std::string& out, int indent, int depth = 0) const;

private:
  struct Field {
    std::string key;
    std::string text;  ///< the value's text; empty for a nested object
    int child = -1;    ///< index into children_ for a nested object
  };
  Field& add(std::string_view key);

  std::vector<Field> fields_;
  std::vector<std::unique_ptr<JsonText>> children_;
};

} // namespace wattsim::output
