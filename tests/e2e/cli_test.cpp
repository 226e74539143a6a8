// The wattsim command's contract: subcommands, help, version, exit codes, and that bad input
// never costs the user files already written.

#include "e2e_util.hpp"

#include <gtest/gtest.h>

using namespace wattsim::e2e;

TEST(Cli, HelpAndVersion) {
  auto r = run_wattsim("--version");
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.output.find("wattsim "), std::string::npos);
  for (const char* sub : {"run", "check", "catalog"}) {
    r = run_wattsim(std::string(sub) + " --help");
    EXPECT_EQ(r.status, 0) << sub;
    EXPECT_NE(r.output.find("Usage"), std::string::npos) << sub;
  }
  EXPECT_EQ(run_wattsim("").status, 2);
  EXPECT_EQ(run_wattsim("frobnicate").status, 2);
}

TEST(Cli, CheckValidatesWithoutRunning) {
  TempDir dir;
  auto r = run_wattsim("check " + scenario("quickstart.yaml"));
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("valid"), std::string::npos);
  EXPECT_NE(r.output.find("4 per rack"), std::string::npos) << r.output;
}

TEST(Cli, CatalogListsAndShowsSources) {
  auto r = run_wattsim("catalog");
  EXPECT_EQ(r.status, 0);
  for (const char* name : {"H100-SXM", "DGX-H100", "GB200-NVL72", "TPU-v4-host", "QM9700"})
    EXPECT_NE(r.output.find(name), std::string::npos) << name;
  r = run_wattsim("catalog DGX-H100");
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.output.find("max_power:"), std::string::npos) << "every number shows its source";
  EXPECT_NE(r.output.find("training, liquid"), std::string::npos) << "an air-or-liquid system shows both: " << r.output;
  r = run_wattsim("catalog DGX-H10");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.output.find("did you mean 'DGX-H100'"), std::string::npos);
}

TEST(Cli, BadInputExitsTwoNamingFileLineAndKeyAndKeepsOldOutputs) {
  TempDir dir;
  ASSERT_EQ(run_wattsim("run " + scenario("quickstart.yaml") + " -q -o " + dir.str()).status, 0);
  const auto before = read_text(dir.path / "summary.json");
  const auto bad = dir.path / "bad.yaml";
  std::ofstream(bad) << "extends: " << scenario("quickstart.yaml") << "\nfacility: {pue: 1.2, modle: fixed-pue}\n";
  auto r = run_wattsim("run " + bad.string() + " -o " + dir.str());
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.output.find(bad.string() + ":2:"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("facility.modle"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("did you mean 'model'"), std::string::npos) << r.output;
  EXPECT_EQ(read_text(dir.path / "summary.json"), before);
  for (const auto& entry : std::filesystem::directory_iterator(dir.path))
    EXPECT_EQ(entry.path().filename().string().find(".tmp"), std::string::npos) << "no temporary left behind";

  r = run_wattsim("run " + scenario("quickstart.yaml") + " --set cluster.partitions.h100.nodes=-3 -o " + dir.str());
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.output.find("cluster.partitions[0].nodes"), std::string::npos) << r.output;
  r = run_wattsim("run /nonexistent/scenario.yaml");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.output.find("file not found"), std::string::npos) << r.output;
}

TEST(Cli, AnUnwritableOutputFolderIsBadInputBeforeAnySimulation) {
  TempDir dir;
  const auto file = dir.path / "a-file";
  std::ofstream(file) << "not a folder\n";
  for (const char* sub : {"run", "sweep"}) {
    auto r = run_wattsim(std::string(sub) + " " + scenario("quickstart.yaml") + " -q -o " + (file / "out").string());
    EXPECT_EQ(r.status, 2) << sub << ": " << r.output;
    EXPECT_NE(r.output.find("output folder"), std::string::npos) << r.output;
  }
  EXPECT_EQ(read_text(file), "not a folder\n");
}
