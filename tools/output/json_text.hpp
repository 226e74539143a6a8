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
  /// Empties the object, keeping its buffers for the next one (a writer reuses one for every job).
  void clear();

  /// Appends the object to `out` as nlohmann's dump(indent) prints a value `depth` levels deep: the opening
  /// brace where the caller is, members indented by (depth + 1) * indent spaces.
  void print(std::string& out, int indent, int depth = 0) const;

private:
  /// Keys and value texts live in one buffer (chars_): a job's ~45 members cost no allocation each.
  struct Field {
    std::uint32_t key = 0, key_size = 0;   ///< the key's place in chars_
    std::uint32_t text = 0, text_size = 0; ///< the value's text there; unused for a nested object
    int child = -1;                        ///< index into children_ for a nested object
  };
  /// Adds a member whose value text the caller appends to chars_ next (end_value closes it).
  void begin_value(std::string_view key);
  void end_value();
  [[nodiscard]] std::string_view key_of(const Field& f) const { return {chars_.data() + f.key, f.key_size}; }

  std::string chars_;
  std::vector<Field> fields_;
  std::vector<std::unique_ptr<JsonText>> children_; ///< the first used_children_ are this object's
  std::size_t used_children_ = 0;
};

} // namespace wattsim::output
