#pragma once
// Output files appear whole or not at all: each is written under a temporary name in the output
// folder and renamed into place only when every file of the run is complete.

#include <filesystem>
#include <fstream>
#include <list>
#include <string>
#include <vector>

namespace wattsim::output {

class AtomicFileSet {
public:
  explicit AtomicFileSet(std::filesystem::path dir);
  ~AtomicFileSet(); ///< removes temporaries that were never committed

  AtomicFileSet(const AtomicFileSet&) = delete;
  AtomicFileSet& operator=(const AtomicFileSet&) = delete;

  /// A stream writing `name` (under a temporary name until commit()).
  std::ofstream& open(const std::string& name);
  /// Closes every stream, checks it was written, then renames all into place.
  void commit();
  [[nodiscard]] const std::filesystem::path& dir() const { return dir_; }
  [[nodiscard]] std::vector<std::string> names() const;

private:
  struct Entry {
    std::string name;
    std::filesystem::path temp;
    std::ofstream stream;
  };
  std::filesystem::path dir_;
  std::list<Entry> entries_; // stable addresses: open() hands out stream references
  bool committed_ = false;
};

} // namespace wattsim::output
