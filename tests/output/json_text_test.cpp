// JsonText (tools/output/json_text.hpp) prints what nlohmann::json::dump prints for the same object:
// numbers of every magnitude, integers, booleans, nulls, escaped and UTF-8 strings, key order, nesting.

#include "tools/output/json_text.hpp"

#include <cmath>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <limits>
#include <nlohmann/json.hpp>
#include <random>
#include <string>

using wattsim::output::JsonText;

namespace {
/// The object printed at the top level (depth 0).
std::string text(const JsonText& o, int indent = 2) {
  std::string out;
  o.print(out, indent);
  return out;
}
} // namespace

TEST(JsonText, NumbersPrintAsNlohmannPrintsThem) {
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> mantissa(-1.0, 1.0);
  std::uniform_int_distribution<int> exponent(-30, 30);
  JsonText mine;
  nlohmann::json theirs = nlohmann::json::object();
  for (int i = 0; i < 5000; ++i) {
    const double v = mantissa(rng) * std::pow(10.0, exponent(rng));
    const std::string key = fmt::format("k{}", i);
    mine.set(key, v);
    theirs[key] = v;
  }
  const double special[] = {0.0, -0.0, 1.0, 100.0, 1e15, 1e16, 1e17, 0.1, 1e-5, 123456789.125, 5e-324,
                            std::numeric_limits<double>::max(), std::numeric_limits<double>::quiet_NaN(),
                            std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity()};
  for (std::size_t i = 0; i < std::size(special); ++i) {
    const std::string key = fmt::format("s{}", i);
    mine.set(key, special[i]);
    theirs[key] = special[i];
  }
  EXPECT_EQ(text(mine), theirs.dump(2));
}

TEST(JsonText, OtherValuesKeyOrderAndNesting) {
  JsonText mine;
  mine.set("name", "swf-12").set("count", 42).set("big", std::int64_t{-9000000000}).set("done", true);
  mine.set("open", false).set("missing", nullptr).set("quote", "a \"b\" \\ c\n\td\x01").set("utf8", "Zürich");
  mine.set("Upper", 1).set("_under", 2).set("9digit", 3);
  auto& inner = mine.object("inner");
  inner.set("z", 1.5).set("a", 0);
  inner.object("empty");
  inner.object("deeper").set("x", "y");

  nlohmann::json theirs = {{"name", "swf-12"}, {"count", 42}, {"big", std::int64_t{-9000000000}}, {"done", true},
                           {"open", false}, {"missing", nullptr}, {"quote", "a \"b\" \\ c\n\td\x01"},
                           {"utf8", "Zürich"}, {"Upper", 1}, {"_under", 2}, {"9digit", 3}};
  theirs["inner"] = {{"z", 1.5}, {"a", 0}, {"empty", nlohmann::json::object()}, {"deeper", {{"x", "y"}}}};
  EXPECT_EQ(text(mine), theirs.dump(2));
  EXPECT_EQ(text(mine, 4), theirs.dump(4));
  EXPECT_EQ(text(JsonText{}), nlohmann::json::object().dump(2));
}

TEST(JsonText, NestedDepthIndentsAsInsideADocument) {
  // An object printed two levels deep reads as it does inside {"jobs": [ ... ]}.
  JsonText job;
  job.set("name", "a").object("phases").set("train", 1.0);
  std::string mine = "{\n  \"jobs\": [\n    ";
  job.print(mine, 2, 2);
  mine += "\n  ]\n}";
  const nlohmann::json theirs = {{"jobs", {{{"name", "a"}, {"phases", {{"train", 1.0}}}}}}};
  EXPECT_EQ(mine, theirs.dump(2));
}

TEST(JsonText, AKeySetTwiceIsAnError) {
  JsonText o;
  o.set("a", 1).set("a", 2);
  std::string out;
  EXPECT_THROW(o.print(out, 2), std::logic_error);
}

TEST(JsonText, ClearedObjectsAreReusedWithoutTheirOldMembers) {
  JsonText o;
  o.set("a", 1).object("inner").set("x", 2).set("y", 3);
  o.clear();
  o.set("b", 4).object("other").set("z", 5);
  const nlohmann::json theirs = {{"b", 4}, {"other", {{"z", 5}}}};
  EXPECT_EQ(text(o), theirs.dump(2));
}
