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
  const auto too_large = [&] {
    return InputError(where, key, fmt::format("'{}' is larger than the {} MiB limit for this kind of file", path, max_bytes >> 20));
  };
  // A regular file's size is known before reading it; a pipe or device (/dev/zero) is read up to the
  // limit, and a chunk that would pass it is refused before the text grows (no buffer past the limit).
  if (const auto size = std::filesystem::file_size(path, ec); !ec && size > max_bytes)
    throw too_large();
  std::string text;
  char chunk[1 << 16];
  while (in) {
    in.read(chunk, sizeof chunk);
    if (text.size() + static_cast<std::size_t>(in.gcount()) > max_bytes)
      throw too_large();
    text.append(chunk, static_cast<std::size_t>(in.gcount()));
  }
  if (in.bad())
    throw InputError(where, key, fmt::format("cannot read '{}'", path));
  return text;
}

} // namespace wattsim::scenario
