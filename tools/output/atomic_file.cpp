#include "tools/output/atomic_file.hpp"

#include <fmt/format.h>
#include <stdexcept>
#include <unistd.h>

namespace wattsim::output {

AtomicFileSet::AtomicFileSet(std::filesystem::path dir) : dir_(std::move(dir)) {
  std::filesystem::create_directories(dir_);
}

AtomicFileSet::~AtomicFileSet() {
  if (committed_)
    return;
  for (auto& e : entries_) {
    e.stream.close();
    std::error_code ec;
    std::filesystem::remove(e.temp, ec);
  }
}

std::ofstream& AtomicFileSet::open(const std::string& name) {
  Entry e;
  e.name = name;
  e.temp = dir_ / fmt::format(".{}.tmp-{}", name, ::getpid());
  e.stream.open(e.temp, std::ios::binary | std::ios::trunc);
  if (!e.stream)
    throw std::runtime_error(fmt::format("cannot write {}", e.temp.string()));
  entries_.push_back(std::move(e));
  return entries_.back().stream;
}

void AtomicFileSet::commit() {
  for (auto& e : entries_) {
    e.stream.flush();
    if (!e.stream)
      throw std::runtime_error(fmt::format("writing {} failed (disk full?)", (dir_ / e.name).string()));
    e.stream.close();
  }
  for (auto& e : entries_)
    std::filesystem::rename(e.temp, dir_ / e.name);
  committed_ = true;
}

std::vector<std::string> AtomicFileSet::names() const {
  std::vector<std::string> out;
  for (const auto& e : entries_)
    out.push_back(e.name);
  return out;
}

} // namespace wattsim::output
