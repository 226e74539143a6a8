#pragma once
// Output files appear whole or not at all, and never through a name someone else planted.
//
// Files are written into a staging folder made by mkdtemp (mode 0700, a fresh name), each created
// with O_CREAT | O_EXCL | O_NOFOLLOW, so no symbolic link or older file at a temporary name is ever
// written through. On commit every file is flushed, checked and fsync'ed, then:
// - OutputFolder swaps the staging folder in place of the output folder (renameat2 RENAME_EXCHANGE,
//   one atomic step) and removes the old set: a reader sees the old set or the new one, never a mix,
//   and files an older run wrote that this one does not are gone with it;
// - AtomicFileSet renames each file into an existing folder (the sweep tables, which share their
//   folder with other files).
// A staging folder is removed when its owner fails, throws, or receives SIGINT, SIGTERM or SIGHUP;
// one left by a killed process (kill -9, power loss) is named after its process id and removed by
// the next run that stages beside it once that process is gone. (docs/outputs/README.md)

#include <filesystem>
#include <list>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace wattsim::output {

/// The files of one staging folder (shared by OutputFolder and AtomicFileSet).
class StagedFiles {
public:
  /// Makes `<parent>/<prefix><pid>-XXXXXX` and removes stale ones (same prefix, process gone).
  StagedFiles(const std::filesystem::path& parent, const std::string& prefix);
  ~StagedFiles(); ///< removes the staging folder unless released

  StagedFiles(const StagedFiles&) = delete;
  StagedFiles& operator=(const StagedFiles&) = delete;

  std::ostream& open(const std::string& name);
  void close_all(); ///< flushes, checks, fsyncs and closes every file; throws naming `final_dir`/file
  void release();   ///< the staging folder is no longer ours to remove (it was renamed away)
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }
  [[nodiscard]] std::vector<std::string> names() const;
  std::filesystem::path final_dir; ///< where the files end up, for error messages

private:
  struct File;
  void unregister();
  std::filesystem::path path_;
  std::list<std::unique_ptr<File>> files_;
  int slot_ = -1; ///< in the table the signal handler cleans
  bool released_ = false;
};

/// A run's output folder, replaced as a whole by commit().
class OutputFolder {
public:
  explicit OutputFolder(std::filesystem::path dir);

  /// A new file of the set (under the staging folder until commit()).
  std::ostream& open(const std::string& name) { return staged_.open(name); }
  /// Where a sub-folder of the set is made before commit() (compare's runs).
  [[nodiscard]] std::filesystem::path staging(const std::string& name) const { return staged_.path() / name; }
  [[nodiscard]] std::vector<std::string> names() const { return staged_.names(); }
  [[nodiscard]] const std::filesystem::path& dir() const { return dir_; }
  /// Writes out, checks and closes every file opened so far (files opened later are closed by commit()).
  void close() { staged_.close_all(); }
  /// Closes and checks every file, then puts the staging folder in place of dir() in one step.
  void commit();

  /// Why `dir` cannot be an output folder (exists but is no folder, holds files that are not a
  /// wattsim output, cannot be staged beside), or nothing when it can. Creates its parent folders.
  static std::optional<std::string> check(const std::filesystem::path& dir);

private:
  std::filesystem::path dir_;
  StagedFiles staged_;
};

/// Files renamed one by one into an existing folder that holds other things too (sweep tables).
class AtomicFileSet {
public:
  explicit AtomicFileSet(std::filesystem::path dir);

  std::ostream& open(const std::string& name) { return staged_.open(name); }
  void commit();
  [[nodiscard]] const std::filesystem::path& dir() const { return dir_; }
  [[nodiscard]] std::vector<std::string> names() const { return staged_.names(); }

private:
  std::filesystem::path dir_;
  StagedFiles staged_;
};

/// Test hook: with WATTSIM_TEST_STOP_BEFORE_COMMIT set, a commit stops the process (SIGSTOP) when
/// every file is staged and before anything is swapped, so tests can kill it at that moment.
void test_stop_point();

} // namespace wattsim::output
