#pragma once
// The finished runs of a sweep, one JSON file each under DIR/runs/, so a sweep killed at any point
// and started again skips what finished. A run's file appears whole or not at all (written under a
// unique temporary name, flushed to disk, then renamed); a run that failed leaves a `.failed.json`
// beside it instead, which the next start retries.

#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace wattsim::experiment {

/// Writes `text` to `path` so that a reader sees the old file or the new one, never a part.
void write_file_atomically(const std::filesystem::path& path, const std::string& text);

class RunStore {
public:
  explicit RunStore(std::filesystem::path sweep_dir);

  /// The record of run `id` if it finished with exactly these overrides (a changed sweep file
  /// re-runs what it changed).
  [[nodiscard]] std::optional<nlohmann::json> finished(const std::string& id,
                                                       const std::vector<std::string>& overrides) const;
  /// The failure of run `id` ({id, overrides, error}) from this start, if any.
  [[nodiscard]] std::optional<nlohmann::json> failure(const std::string& id) const;
  /// Commits a finished run: {id, overrides, summary, ...}.
  void commit(const std::string& id, const nlohmann::json& record) const;
  void record_failure(const std::string& id, const nlohmann::json& record) const;
  /// Removes temporaries of killed writers and failures of an earlier start (they are retried).
  void clean() const;

  [[nodiscard]] const std::filesystem::path& dir() const { return dir_; }

private:
  std::filesystem::path dir_;
};

} // namespace wattsim::experiment
