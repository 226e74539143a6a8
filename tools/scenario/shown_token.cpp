#include "tools/scenario/shown_token.hpp"

#include <fmt/format.h>

namespace wattsim::scenario {

std::string shown_token(std::string_view token) {
  std::size_t n = token.size();
  const bool cut = n > kShownTokenBytes;
  if (cut) {
    n = kShownTokenBytes;
    while (n > 0 && (static_cast<unsigned char>(token[n]) & 0xC0) == 0x80) // not inside a UTF-8 character
      --n;
  }
  std::string out;
  for (std::size_t i = 0; i < n; ++i) {
    const auto c = static_cast<unsigned char>(token[i]);
    if (c == '\n')
      out += "\\n";
    else if (c == '\t')
      out += "\\t";
    else if (c < 0x20 || c == 0x7F)
      out += fmt::format("\\x{:02x}", c);
    else
      out.push_back(static_cast<char>(c));
  }
  if (cut)
    out += fmt::format("... ({} bytes)", token.size());
  return out;
}

} // namespace wattsim::scenario
