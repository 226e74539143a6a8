#include "tools/output/folder_name.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <set>

namespace wattsim::output {

namespace {
// Well inside NAME_MAX (255 bytes on Linux file systems), leaving room for suffixes and the hidden
// staging names built from it (".<name>.wattsim-<pid>-XXXXXX").
constexpr std::size_t kMaxLength = 100;

bool kept(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
}
} // namespace

std::string folder_name(std::string_view name) {
  std::string out;
  for (char c : name) {
    if (kept(c))
      out.push_back(c);
    else if (out.empty() || out.back() != '_')
      out.push_back('_');
  }
  out.erase(0, out.find_first_not_of('.'));
  if (out.size() > kMaxLength)
    out.resize(kMaxLength);
  if (out.empty() || out.find_first_not_of("._") == std::string::npos)
    return "run";
  return out;
}

std::vector<std::string> unique_folder_names(const std::vector<std::string>& names) {
  std::vector<std::string> out;
  std::set<std::string> taken;
  for (const auto& n : names) {
    const auto base = folder_name(n);
    auto candidate = base;
    for (int k = 2; taken.count(candidate); ++k)
      candidate = fmt::format("{}-{}", base, k);
    taken.insert(candidate);
    out.push_back(candidate);
  }
  return out;
}

} // namespace wattsim::output
