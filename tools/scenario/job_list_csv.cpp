#include "tools/scenario/job_list_csv.hpp"

#include "tools/scenario/signal_loader.hpp"

#include <fmt/format.h>
#include <fstream>
#include <set>
#include <sstream>

namespace wattsim::scenario {

namespace {

/// The 1-based character column where each cell of a CSV line starts.
std::vector<int> cell_columns(const std::string& line) {
  std::vector<int> cols = {1};
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '"')
      quoted = !quoted;
    else if (line[i] == ',' && !quoted)
      cols.push_back(static_cast<int>(i) + 2);
  }
  return cols;
}

} // namespace

std::vector<ConfigNode> read_job_list_csv(const std::string& path, std::string& hash_input) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw InputError(Location{path, 0, 0}, "", "cannot read the CSV job list");
  std::stringstream buf;
  buf << in.rdbuf();
  hash_input += buf.str();
  std::vector<ConfigNode> rows;
  std::vector<std::vector<std::string>> header; // each column's key path
  std::string line;
  int line_no = 0;
  while (std::getline(buf, line)) {
    ++line_no;
    if (line.empty() || line == "\r" || line[0] == '#')
      continue;
    const auto cells = split_csv_line(line);
    const auto cols = cell_columns(line);
    if (header.empty()) {
      std::set<std::string> seen;
      for (std::size_t c = 0; c < cells.size(); ++c) {
        const Location where{path, line_no, cols[c]};
        if (cells[c].empty())
          throw InputError(where, "", fmt::format("column {} of the header has no name: name it after a job key", c + 1));
        if (!seen.insert(cells[c]).second)
          throw InputError(where, "", fmt::format("column '{}' appears twice", cells[c]));
        std::vector<std::string> parts;
        std::stringstream ks(cells[c]);
        for (std::string part; std::getline(ks, part, '.');)
          parts.push_back(part);
        header.push_back(std::move(parts));
      }
      continue;
    }
    if (cells.size() > header.size())
      throw InputError(Location{path, line_no, 1}, "",
                       fmt::format("{} cells but the header names {} columns", cells.size(), header.size()));
    ConfigNode row = ConfigNode::make_map(Location{path, line_no, 1});
    for (std::size_t c = 0; c < cells.size(); ++c) {
      if (cells[c].empty())
        continue;
      const Location where{path, line_no, cols[c]};
      ConfigNode* at = &row;
      for (std::size_t k = 0; k + 1 < header[c].size(); ++k) {
        ConfigNode* next = at->find(header[c][k]);
        if (!next)
          next = &at->put(header[c][k], ConfigNode::make_map(where));
        else if (!next->is_map())
          throw InputError(where, cells[c], fmt::format("column '{}' nests under a key that holds a value", header[c][k]));
        at = next;
      }
      at->put(header[c].back(), ConfigNode::make_scalar(cells[c], where));
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

} // namespace wattsim::scenario
