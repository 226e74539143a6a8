#pragma once
// How an error message shows a value read from an input file. A scenario is code-like input: its
// `extends:`, `catalog:`, `epw:` and `csv:` keys read any path the user can read
// (docs/scenario-reference.md, "Trust"), so a message shows only the offending token, cut to
// kShownTokenBytes with control characters escaped: never a whole line or file, and never text that
// moves the terminal's cursor or starts a new log line.

#include <string>
#include <string_view>

namespace wattsim::scenario {

inline constexpr std::size_t kShownTokenBytes = 40;

/// `token` as an error message shows it (without the quotes around it).
std::string shown_token(std::string_view token);

/// `text` with line breaks and control characters escaped (`\n`, `\x1b`), not cut: for key paths,
/// whose every part the user must see to find the key.
std::string escaped(std::string_view text);

} // namespace wattsim::scenario
