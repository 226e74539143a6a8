#include "tools/scenario/signal_loader.hpp"
#include "tools/scenario/shown_token.hpp"

#include "tools/scenario/input_file.hpp"

#include <cmath>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <sstream>
#include <vector>

namespace wattsim::scenario {

std::vector<std::string> split_csv_line(const std::string& line) {
  std::vector<std::string> out;
  std::string cell;
  bool quoted = false;
  for (char c : line) {
    if (c == '"')
      quoted = !quoted;
    else if (c == ',' && !quoted) {
      out.push_back(cell);
      cell.clear();
    } else if (c != '\r')
      cell.push_back(c);
  }
  out.push_back(cell);
  for (auto& s : out) {
    while (!s.empty() && s.front() == ' ')
      s.erase(s.begin());
    while (!s.empty() && s.back() == ' ')
      s.pop_back();
  }
  return out;
}

namespace {

double time_column_unit_s(const std::string& header) {
  if (header == "time_s")
    return 1.0;
  if (header == "time_min")
    return 60.0;
  if (header == "time_h" || header == "hour")
    return 3600.0;
  if (header == "time_d")
    return 86400.0;
  return 0.0;
}

} // namespace

std::string currency_of(const ConfigNode& price) {
  std::string text;
  if (price.is_scalar())
    text = price.scalar();
  else if (const auto* unit = price.find("unit"); unit && unit->is_scalar())
    text = unit->scalar();
  for (const char* c : {"€", "EUR", "£", "GBP", "USD", "$"})
    if (text.find(c) != std::string::npos)
      return c;
  return "$";
}

models::Signal read_signal(Reader& r, const std::string& key, const QuantityKind& kind, std::string& hash_input) {
  const auto* node = r.child(key);
  if (node->is_scalar())
    return models::Signal::constant(r.quantity(key, kind, 0.0));
  Reader s = r.map(key);
  const auto* file_node = s.child("csv");
  if (!file_node || !file_node->is_scalar())
    s.fail("csv", fmt::format("expected the path of a CSV file, or write a constant like '{}'", kind.example));
  const std::string path = resolve_path(*file_node);
  const std::string unit = s.string("unit");
  std::string error;
  const auto factor = to_si("1 " + unit, kind, error);
  if (!factor)
    s.fail("unit", error);
  const std::string column = s.string_or("column", "");
  const bool repeat = s.boolean("repeat", false);
  const auto period = s.optional_quantity("period", kinds::time, 1.0);
  s.finish();

  std::stringstream buf(read_input_file(path, kMaxDataFileBytes, file_node->where(), s.key_path("csv")));
  hash_input += buf.str();

  std::string line;
  int line_no = 0;
  std::vector<std::string> header;
  std::size_t time_col = 0, value_col = 1;
  double time_unit = 0;
  std::vector<double> times, values;
  auto bad = [&](const std::string& msg) {
    throw InputError({path, line_no, 1}, r.key_path(key), msg);
  };
  while (std::getline(buf, line)) {
    ++line_no;
    if (line.empty() || line[0] == '#')
      continue;
    auto cells = split_csv_line(line);
    if (header.empty()) {
      header = cells;
      for (std::size_t i = 0; i < header.size(); ++i)
        if (time_column_unit_s(header[i]) > 0) {
          time_col = i;
          time_unit = time_column_unit_s(header[i]);
          break;
        }
      if (time_unit == 0)
        bad("no time column: name one time_s, time_min, time_h (or hour) or time_d");
      if (!column.empty()) {
        auto it = std::find(header.begin(), header.end(), column);
        if (it == header.end())
          bad(fmt::format("no column named '{}'", column));
        value_col = static_cast<std::size_t>(it - header.begin());
      } else {
        value_col = time_col == 0 ? 1 : 0;
        if (header.size() != 2)
          bad("more than two columns: say which with `column:`");
      }
      continue;
    }
    if (cells.size() <= std::max(time_col, value_col))
      bad("too few cells in this row");
    auto t = parse_number(cells[time_col]);
    auto v = parse_number(cells[value_col]);
    if (!t)
      bad(fmt::format("'{}' is not a time", shown_token(cells[time_col])));
    if (!v)
      bad(fmt::format("'{}' is not a number", shown_token(cells[value_col])));
    if (*v < 0)
      bad(fmt::format("negative value {}", cells[value_col]));
    if (!(*v * *factor <= kind.max_si)) // the limits of units.hpp, as for a constant
      bad(fmt::format("'{}' is out of range: must be at most {}", cells[value_col], format_like(kind.max_si, kind)));
    if (!std::isfinite(*t * time_unit))
      bad(fmt::format("'{}' is out of range", cells[time_col]));
    if (!times.empty() && *t * time_unit <= times.back())
      bad("times must increase");
    times.push_back(*t * time_unit);
    values.push_back(*v * *factor);
  }
  if (times.empty())
    throw InputError({path, line_no, 1}, r.key_path(key), "the file has no data rows");
  double period_s = 0;
  if (repeat) {
    // A table of hourly values repeats with the span it covers plus one step (8,760 h -> one year).
    const double step = times.size() > 1 ? times[1] - times[0] : 3600.0;
    period_s = period.value_or(times.back() - times.front() + step);
    if (period_s <= times.back())
      s.fail("period", "must exceed the last time in the file");
  }
  return models::Signal::table(std::move(times), std::move(values), period_s);
}

} // namespace wattsim::scenario
