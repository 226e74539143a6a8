// Issue 12 item 14: comments and docs cite original sources, never notes that do not ship with the
// project. Every text file of the repository is searched for the names of those notes.

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;

TEST(Sources, CiteNoNotesThatDoNotShip) {
  // Spelt in pieces so that this file does not match itself.
  const std::vector<std::string> unshipped = {std::string("facility-") + "physics.md",
                                              std::string("published-") + "figures.csv",
                                              std::string("simgrid-3.32-") + "notes", std::string("design") + ".md",
                                              std::string("/work/") + "shared"};
  const fs::path root = WATTSIM_SOURCE_DIR;
  std::size_t files = 0;
  for (const char* top : {"docs", "models", "sim", "tools", "tests", "scenarios", "cmake", ".ci"}) {
    if (!fs::exists(root / top))
      continue;
    for (const auto& e : fs::recursive_directory_iterator(root / top)) {
      if (!e.is_regular_file() || fs::file_size(e.path()) > (4u << 20))
        continue;
      const auto ext = e.path().extension().string();
      if (ext != ".md" && ext != ".cpp" && ext != ".hpp" && ext != ".yaml" && ext != ".py" && ext != ".txt" &&
          ext != ".cmake" && ext != ".sh" && e.path().filename() != "run")
        continue;
      std::ifstream in(e.path(), std::ios::binary);
      std::stringstream text;
      text << in.rdbuf();
      ++files;
      for (const auto& name : unshipped)
        EXPECT_EQ(text.str().find(name), std::string::npos) << fs::relative(e.path(), root).string() << " cites " << name;
    }
  }
  for (const char* f : {"README.md", "CMakeLists.txt"}) {
    std::ifstream in(root / f, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    ++files;
    for (const auto& name : unshipped)
      EXPECT_EQ(text.str().find(name), std::string::npos) << f << " cites " << name;
  }
  EXPECT_GT(files, 100u) << "the search found the repository";
}
