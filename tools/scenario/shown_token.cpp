#include "tools/scenario/shown_token.hpp"

#include <fmt/format.h>

namespace wattsim::scenario {

std::string escaped(std::string_view text) {
  std::string out;
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '\n')
      out += "\\n";
    else if (c == '\t')
      out += "\\t";
    else if (c < 0x20 || c == 0x7F)
      out += fmt::format("\\x{:02x}", c);
    else
      out.push_back(ch);
  }
  return out;
}

std::string shown_token(std::string_view token) {
  if (token.size() <= kShownTokenBytes)
    return escaped(token);
  std::size_t n = kShownTokenBytes;
  while (n > 0 && (static_cast<unsigned char>(token[n]) & 0xC0) == 0x80) // not inside a UTF-8 character
    --n;
  return fmt::format("{}... ({} bytes)", escaped(token.substr(0, n)), token.size());
}

} // namespace wattsim::scenario
