#pragma once
// A CSV parser for the tests, strict to RFC 4180, so tests read the outputs the way a spreadsheet or
// pandas would and see whether cells are quoted right (splitting lines on commas would not).

#include <fmt/format.h>
#include <stdexcept>
#include <string>
#include <vector>

namespace wattsim::test {

/// Parses CSV text as RFC 4180 defines it (section 2): cells in double quotes may hold commas, CR, LF
/// and doubled quotes; rows end in CRLF or LF. Throws on a quote in an unquoted cell or an unclosed
/// quote, so a writer that quotes wrongly fails the tests instead of shifting columns.
inline std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string cell;
  bool quoted = false, cell_started = false;
  auto end_cell = [&] {
    row.push_back(std::move(cell));
    cell.clear();
    cell_started = false;
  };
  auto end_row = [&] {
    end_cell();
    rows.push_back(std::move(row));
    row.clear();
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c != '"') {
        cell.push_back(c);
      } else if (i + 1 < text.size() && text[i + 1] == '"') {
        cell.push_back('"');
        ++i;
      } else {
        quoted = false;
        if (i + 1 < text.size() && text[i + 1] != ',' && text[i + 1] != '\n' && text[i + 1] != '\r')
          throw std::runtime_error(fmt::format("CSV: text after a closing quote at byte {}", i + 1));
      }
    } else if (c == '"') {
      if (cell_started)
        throw std::runtime_error(fmt::format("CSV: quote inside an unquoted cell at byte {}", i));
      quoted = cell_started = true;
    } else if (c == ',') {
      end_cell();
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n')
        ++i;
      end_row();
    } else {
      cell.push_back(c);
      cell_started = true;
    }
  }
  if (quoted)
    throw std::runtime_error("CSV: unclosed quote");
  if (cell_started || !row.empty())
    end_row();
  return rows;
}

} // namespace wattsim::test
