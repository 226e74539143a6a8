#pragma once
// Splitting a line of comma-separated fields (no quoting) with blanks trimmed: the readers of data files
// (weather EPW, request traces) share it.

#include <string_view>
#include <vector>

namespace wattsim::models::csv {

/// Drops spaces and tabs at both ends, and a trailing '\r' (CRLF files).
inline std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

/// The trimmed fields between commas; one field for a line without commas.
inline std::vector<std::string_view> split(std::string_view line) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  for (;;) {
    const auto comma = line.find(',', start);
    if (comma == std::string_view::npos) {
      out.push_back(trim(line.substr(start)));
      return out;
    }
    out.push_back(trim(line.substr(start, comma - start)));
    start = comma + 1;
  }
}

} // namespace wattsim::models::csv
