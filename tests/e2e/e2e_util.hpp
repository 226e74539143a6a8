#pragma once
// Helpers for end-to-end tests: run the wattsim binary, read its CSV and JSON outputs.

#include "../support/rfc4180_parser.hpp"

#include <cstdio>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>
#include <string>
#include <sys/wait.h>
#include <vector>

namespace wattsim::e2e {

inline std::string scenario(const std::string& rel) { return std::string(WATTSIM_SOURCE_DIR) + "/scenarios/" + rel; }

struct TempDir {
  std::filesystem::path path;
  TempDir() {
    char tmpl[] = "/tmp/wattsim-test-XXXXXX";
    path = mkdtemp(tmpl);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  [[nodiscard]] std::string str() const { return path.string(); }
};

struct CommandResult {
  int status = -1;
  std::string output; ///< stdout and stderr together
};

inline CommandResult run_command(const std::string& cmd) {
  CommandResult r;
  FILE* pipe = popen((cmd + " 2>&1").c_str(), "r");
  if (!pipe)
    throw std::runtime_error("popen failed");
  char buf[4096];
  while (auto n = fread(buf, 1, sizeof buf, pipe))
    r.output.append(buf, n);
  const int raw = pclose(pipe);
  r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : 128 + WTERMSIG(raw);
  return r;
}

inline CommandResult run_wattsim(const std::string& args) { return run_command(std::string(WATTSIM_BINARY) + " " + args); }

inline nlohmann::json read_json(const std::filesystem::path& p) {
  std::ifstream in(p);
  if (!in)
    throw std::runtime_error("missing " + p.string());
  return nlohmann::json::parse(in);
}

inline std::string read_text(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct Csv {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  [[nodiscard]] std::size_t index(const std::string& name) const {
    for (std::size_t i = 0; i < header.size(); ++i)
      if (header[i] == name)
        return i;
    throw std::runtime_error("no column " + name);
  }
  [[nodiscard]] std::vector<double> column(const std::string& name) const {
    const auto i = index(name);
    std::vector<double> out;
    for (const auto& r : rows)
      out.push_back(r.at(i).empty() ? 0.0 : std::stod(r.at(i)));
    return out;
  }
};

inline Csv read_csv(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in)
    throw std::runtime_error("missing " + p.string());
  std::stringstream ss;
  ss << in.rdbuf();
  auto rows = wattsim::test::parse_csv(ss.str());
  Csv csv;
  if (rows.empty())
    return csv;
  csv.header = std::move(rows.front());
  for (std::size_t i = 1; i < rows.size(); ++i) {
    if (rows[i].size() != csv.header.size())
      throw std::runtime_error(fmt::format("{}: row {} has {} cells under a header of {}", p.string(), i + 1,
                                           rows[i].size(), csv.header.size()));
    csv.rows.push_back(std::move(rows[i]));
  }
  return csv;
}

} // namespace wattsim::e2e
