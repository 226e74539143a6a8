#include "tools/scenario/input_file.hpp"

#include <filesystem>
#include <fmt/format.h>
#include <fstream>

namespace wattsim::scenario {

std::string read_input_file(const std::string& path, std::uintmax_t max_bytes, const Location& where,
                            const std::string& key) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    throw InputError(where, key, fmt::format("'{}' is a folder, not a file", path));
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw InputError(where, key,
                     std::filesystem::exists(path, ec) ? fmt::format("cannot read '{}'", path)
                                                       : fmt::format("file not found: {}", path));
  std::string text;
  char chunk[1 << 16];
  while (in) {
    in.read(chunk, sizeof chunk);
    text.append(chunk, static_cast<std::size_t>(in.gcount()));
    if (text.size() > max_bytes)
      throw InputError(where, key,
                       fmt::format("'{}' is larger than the {} MiB limit for this kind of file", path, max_bytes >> 20));
  }
  if (in.bad())
    throw InputError(where, key, fmt::format("cannot read '{}'", path));
  return text;
}

} // namespace wattsim::scenario
