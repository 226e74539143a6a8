// A scenario's extends: and csv: may name any readable file (docs/scenario-reference.md, "Trust"):
// an error about such a file shows the offending token only, bounded and escaped, never the rest.

#include "scenario_test_util.hpp"
#include "tools/scenario/shown_token.hpp"

using namespace wattsim;
using wattsim::test::kMinimalScenario;
using wattsim::test::load_error;
using wattsim::test::TempFiles;

namespace {
const std::string kSecret = "sk-live-0123456789abcdefghijklmnopqrstuvwxyz-ZZZZ-TAIL";
}

TEST(UntrustedFiles, ShownTokensAreBoundedAndEscaped) {
  EXPECT_EQ(scenario::shown_token("12 kWh"), "12 kWh");
  EXPECT_EQ(scenario::shown_token("a\nb\tc\x1b[2J"), "a\\nb\\tc\\x1b[2J");
  const auto long_token = scenario::shown_token(std::string(1000, 'x'));
  EXPECT_LT(long_token.size(), scenario::kShownTokenBytes + 20);
  EXPECT_NE(long_token.find("(1000 bytes)"), std::string::npos);
  // A cut never splits a UTF-8 character.
  const auto cut = scenario::shown_token(std::string(39, 'a') + "\xc3\xa9" + std::string(10, 'b'));
  EXPECT_EQ(cut.substr(0, 40), std::string(39, 'a') + ".");
}

TEST(UntrustedFiles, ACsvCellIsShownCutNotWhole) {
  TempFiles tmp;
  tmp.write("leak.csv", "time_h,v\n0,1\n1," + kSecret + "\n2,3\n");
  std::string text = kMinimalScenario;
  const std::string from = "carbon_intensity: 0.4 kg/kWh";
  text.replace(text.find(from), from.size(), "carbon_intensity: {csv: leak.csv, unit: g/kWh}");
  const auto e = load_error(tmp.write("s.yaml", text));
  const std::string what = e.what();
  EXPECT_NE(what.find("leak.csv"), std::string::npos) << what;
  EXPECT_NE(what.find("not a number"), std::string::npos) << what;
  EXPECT_EQ(what.find("TAIL"), std::string::npos) << "the cell is cut: " << what;
  EXPECT_LT(what.size(), 200u) << what;
}

TEST(UntrustedFiles, AValueFromAnExtendedFileIsShownCutAndEscaped) {
  TempFiles tmp;
  const auto base = tmp.write("base.yaml", kMinimalScenario);
  // The leaking file extends a complete scenario, so its seed is the one error (errors are listed together).
  tmp.write("leak.yaml", "extends: base.yaml\nseed: \"" + kSecret + "\"\n");
  auto e = load_error(tmp.write("s.yaml", "extends: leak.yaml\n"));
  std::string what = e.what();
  EXPECT_EQ(what.find("TAIL"), std::string::npos) << what;
  EXPECT_LT(what.size(), 200u) << what;
  // A value with a line break cannot start a new line of the message (or of a log).
  e = load_error(tmp.write("t.yaml", "extends: base.yaml\nsite: {carbon_intensity: \"4 kg/kWh\\nerror: forged\"}\n"));
  what = e.what();
  EXPECT_EQ(what.find('\n'), std::string::npos) << what;
}

TEST(UntrustedFiles, AKeyWithControlCharactersIsShownEscaped) {
  TempFiles tmp;
  const auto base = tmp.write("base.yaml", kMinimalScenario);
  const auto e = load_error(tmp.write("k.yaml", "extends: base.yaml\nsite: {\"x\\e[2Jy\": 1}\n"));
  const std::string what = e.what();
  EXPECT_EQ(what.find('\x1b'), std::string::npos) << "no terminal escape in the message";
  EXPECT_NE(what.find("x\\x1b[2Jy"), std::string::npos) << what;
}
