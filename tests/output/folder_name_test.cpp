// Output folder names from scenario names: one safe path component, unique among compared runs.

#include "tools/output/folder_name.hpp"

#include <gtest/gtest.h>

using wattsim::output::folder_name;
using wattsim::output::unique_folder_names;

TEST(FolderName, KeepsOrdinaryNames) {
  EXPECT_EQ(folder_name("quickstart"), "quickstart");
  EXPECT_EQ(folder_name("llama3-405b_v2.1"), "llama3-405b_v2.1");
}

TEST(FolderName, NeverLeavesTheFolderItIsJoinedTo) {
  for (const char* hostile : {"../../../x", "/etc/cron.d/x", "..", ".", "", "a/../../b", "\\..\\x", ".hidden",
                              "a\nb", "x\0y"}) {
    const auto f = folder_name(hostile);
    EXPECT_FALSE(f.empty()) << hostile;
    EXPECT_EQ(f.find('/'), std::string::npos) << hostile;
    EXPECT_NE(f.front(), '.') << hostile << " -> " << f;
    EXPECT_NE(f, "..");
  }
  EXPECT_EQ(folder_name("../../../x"), "_.._.._x");
  EXPECT_EQ(folder_name("/abs/name"), "_abs_name");
  EXPECT_EQ(folder_name(".."), "run");
  EXPECT_EQ(folder_name("Großrechner 2"), "Gro_rechner_2");
  EXPECT_LE(folder_name(std::string(1000, 'a')).size(), 100u) << "well inside NAME_MAX";
}

TEST(FolderName, UniqueAmongCompared) {
  const auto names = unique_folder_names({"base", "base", "a/b", "a_b", "base-2"});
  EXPECT_EQ(names, (std::vector<std::string>{"base", "base-2", "a_b", "a_b-2", "base-2-2"}));
}
