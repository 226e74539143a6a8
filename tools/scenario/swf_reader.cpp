#include "tools/scenario/swf_reader.hpp"

#include "tools/scenario/config_tree.hpp"

#include <charconv>
#include <cmath>
#include <fmt/format.h>
#include <fstream>
#include <sstream>

namespace wattsim::scenario {

namespace {

constexpr int kFields = 18; // SWF version 2.2
constexpr const char* kFieldNames[kFields] = {
    "job number",      "submit time",      "wait time",         "run time",         "allocated processors",
    "average CPU time", "used memory",     "requested processors", "requested time", "requested memory",
    "status",          "user id",          "group id",          "executable number", "queue number",
    "partition number", "preceding job",   "think time"};

} // namespace

std::vector<SwfJob> parse_swf(const std::string& text, const std::string& origin) {
  std::vector<SwfJob> jobs;
  std::size_t pos = 0;
  int line_no = 0;
  double fields[kFields];
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string::npos)
      end = text.size();
    const std::string_view line(text.data() + pos, end - pos);
    pos = end + 1;
    ++line_no;
    // Header comments start with ';' (the archive's "; Version: 2.2" lines); blank lines are allowed.
    std::size_t i = line.find_first_not_of(" \t\r");
    if (i == std::string_view::npos || line[i] == ';')
      continue;
    int n = 0;
    while (i < line.size()) {
      const std::size_t j = std::min(line.find_first_of(" \t\r", i), line.size());
      const std::string_view word = line.substr(i, j - i);
      const Location where{origin, line_no, static_cast<int>(i) + 1};
      if (n == kFields)
        throw InputError(where, "", fmt::format("more than {} fields: an SWF line has exactly {} (SWF 2.2)", kFields, kFields));
      double v = 0;
      const auto [ptr, ec] = std::from_chars(word.data(), word.data() + word.size(), v);
      if (ec != std::errc() || ptr != word.data() + word.size() || !std::isfinite(v))
        throw InputError(where, "", fmt::format("field {} ({}) is '{}', not a number", n + 1, kFieldNames[n], word));
      if (v < 0 && v != -1)
        throw InputError(where, "", fmt::format("field {} ({}) is {}: values are >= 0, or -1 when missing", n + 1,
                                                kFieldNames[n], word));
      fields[n++] = v;
      i = line.find_first_not_of(" \t\r", j);
      if (i == std::string_view::npos)
        break;
    }
    const Location where{origin, line_no, 1};
    if (n < kFields)
      throw InputError(where, "", fmt::format("{} fields; an SWF line has {} (SWF 2.2): missing {}", n, kFields,
                                              kFieldNames[n]));
    for (int f : {0, 4, 7, 10, 11, 14})
      if (fields[f] != std::floor(fields[f]))
        throw InputError(where, "", fmt::format("field {} ({}) is {}, not a whole number", f + 1, kFieldNames[f], fields[f]));
    if (fields[1] < 0)
      throw InputError(where, "", "field 2 (submit time) is missing: every job needs a submit time");
    SwfJob job;
    job.line = line_no;
    job.id = static_cast<long long>(fields[0]);
    job.submit_s = fields[1];
    job.wait_s = fields[2];
    job.runtime_s = fields[3];
    job.processors = static_cast<long long>(fields[4] >= 0 ? fields[4] : fields[7]);
    job.requested_s = fields[8];
    job.status = static_cast<long long>(fields[10]);
    job.user = static_cast<long long>(fields[11]);
    job.queue = static_cast<long long>(fields[14]);
    jobs.push_back(job);
  }
  return jobs;
}

std::vector<SwfJob> read_swf(const std::string& path, std::string* text) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw InputError(Location{path, 0, 0}, "", "cannot read the SWF file");
  std::stringstream buf;
  buf << in.rdbuf();
  std::string contents = std::move(buf).str();
  auto jobs = parse_swf(contents, path);
  if (text)
    *text = std::move(contents);
  return jobs;
}

} // namespace wattsim::scenario
