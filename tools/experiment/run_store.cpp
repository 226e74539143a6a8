#include "tools/experiment/run_store.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fmt/format.h>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <unistd.h>

namespace wattsim::experiment {

namespace fs = std::filesystem;

namespace {
constexpr const char* kTempMark = ".tmp-";

std::optional<nlohmann::json> read_json(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in)
    return std::nullopt;
  auto doc = nlohmann::json::parse(in, nullptr, false);
  if (doc.is_discarded())
    return std::nullopt; // cannot happen for committed files; a hand-edited one is re-run
  return doc;
}
} // namespace

void write_file_atomically(const fs::path& path, const std::string& text) {
  // mkstemp: a fresh name nobody else can have planted (O_EXCL), so concurrent writers of one run
  // (a restarted sweep while a killed one's child still finishes) never share a temporary.
  std::string tmpl = path.parent_path().string();
  tmpl.append("/.").append(path.filename().string()).append(kTempMark).append("XXXXXX");
  const int fd = mkstemp(tmpl.data());
  if (fd < 0)
    throw std::runtime_error(fmt::format("cannot create a file in {}: {}", path.parent_path().string(), std::strerror(errno)));
  std::size_t done = 0;
  while (done < text.size()) {
    const auto n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0) {
      const int err = errno;
      ::close(fd);
      ::unlink(tmpl.c_str());
      throw std::runtime_error(fmt::format("writing {} failed: {}", path.string(), std::strerror(err)));
    }
    done += static_cast<std::size_t>(n);
  }
  // On disk before the rename makes it visible: a power cut cannot leave a committed empty file.
  if (::fsync(fd) != 0 || ::close(fd) != 0 || ::rename(tmpl.c_str(), path.c_str()) != 0) {
    const int err = errno;
    ::unlink(tmpl.c_str());
    throw std::runtime_error(fmt::format("committing {} failed: {}", path.string(), std::strerror(err)));
  }
}

RunStore::RunStore(fs::path sweep_dir) : dir_(std::move(sweep_dir) / "runs") { fs::create_directories(dir_); }

std::optional<nlohmann::json> RunStore::finished(const std::string& id, const std::vector<std::string>& overrides) const {
  auto doc = read_json(dir_ / (id + ".json"));
  if (!doc || !doc->contains("overrides") || (*doc)["overrides"] != nlohmann::json(overrides) || !doc->contains("summary"))
    return std::nullopt;
  return doc;
}

std::optional<nlohmann::json> RunStore::failure(const std::string& id) const {
  return read_json(dir_ / (id + ".failed.json"));
}

void RunStore::commit(const std::string& id, const nlohmann::json& record) const {
  write_file_atomically(dir_ / (id + ".json"), record.dump());
}

void RunStore::record_failure(const std::string& id, const nlohmann::json& record) const {
  write_file_atomically(dir_ / (id + ".failed.json"), record.dump(2) + "\n");
}

void RunStore::clean() const {
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir_, ec)) {
    const auto name = e.path().filename().string();
    const bool temp = name.front() == '.' && name.find(kTempMark) != std::string::npos;
    const bool failed = name.size() > 12 && name.ends_with(".failed.json");
    if (temp || failed)
      fs::remove(e.path(), ec);
  }
}

} // namespace wattsim::experiment
