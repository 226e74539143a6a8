#include "models/inference/request_trace.hpp"

#include <gtest/gtest.h>
#include <sstream>

namespace wattsim::models::inference {
namespace {

RequestTrace parse(const std::string& text) {
  std::istringstream in(text);
  return RequestTrace::parse(in);
}

TEST(RequestTrace, TimestampsCountPerIntervalWithTokenMeans) {
  const auto t = parse("# a comment\ntimestamp_s,prompt_tokens,output_tokens\n0.5,100,10\n1.0,300,30\n\n"
                       "61,200,20\n61,400,40\n130,1,1\n");
  EXPECT_EQ(t.kind(), TraceKind::timestamps);
  EXPECT_EQ(t.rows(), 5u);
  const TraceInterval first = t.interval(0, 60);
  EXPECT_EQ(first.requests, 2);
  EXPECT_DOUBLE_EQ(first.mean_prompt_tokens, 200);
  EXPECT_DOUBLE_EQ(first.mean_output_tokens, 20);
  EXPECT_EQ(t.interval(60, 120).requests, 2);
  EXPECT_DOUBLE_EQ(t.interval(60, 120).mean_prompt_tokens, 300);
  EXPECT_EQ(t.interval(120, 180).requests, 1);
  EXPECT_EQ(t.interval(61, 62).requests, 2); // [t0, t1): both at 61
  EXPECT_EQ(t.interval(180, 240).requests, 0);
  EXPECT_EQ(t.interval(0, 1e9).requests, 5);
}

TEST(RequestTrace, RatesIntegrateAsAStepFunction) {
  const auto t = parse("start_s,rate_rps\n0,2\n60,5\n120,1\n");
  EXPECT_EQ(t.kind(), TraceKind::rates);
  EXPECT_FALSE(t.has_tokens());
  EXPECT_DOUBLE_EQ(t.interval(0, 60).requests, 120);
  EXPECT_DOUBLE_EQ(t.interval(30, 90).requests, 60 + 150);
  EXPECT_DOUBLE_EQ(t.interval(120, 1120).requests, 1000); // the last rate holds
  const auto tokens = parse("start_s,rate_rps,prompt_tokens,output_tokens\n0,1,100,10\n10,3,200,30\n");
  const TraceInterval i = tokens.interval(0, 20);
  EXPECT_DOUBLE_EQ(i.requests, 40);
  EXPECT_DOUBLE_EQ(i.mean_prompt_tokens, (10 * 100 + 30 * 200) / 40.0);
  EXPECT_DOUBLE_EQ(i.mean_output_tokens, (10 * 10 + 30 * 30) / 40.0);
}

void expect_error(const std::string& text, std::size_t line, const std::string& words) {
  try {
    parse(text);
    FAIL() << "no error for: " << text;
  } catch (const TraceError& e) {
    EXPECT_EQ(e.line(), line) << e.what();
    EXPECT_NE(std::string(e.what()).find(words), std::string::npos) << e.what();
  }
}

TEST(RequestTrace, BadInputNamesTheLine) {
  expect_error("", 0, "empty trace");
  expect_error("time,rate\n1,2\n", 1, "header");
  expect_error("timestamp_s\n1\n2\nx\n", 4, "not a finite number");
  expect_error("timestamp_s\n1\n-2\n", 3, ">= 0");
  expect_error("timestamp_s\n5\n2\n", 3, "comes before");
  expect_error("start_s,rate_rps\n0,1\n0,2\n", 3, "comes before");
  expect_error("start_s,rate_rps\n0,1,7\n", 2, "3 fields");
  expect_error("start_s,rate_rps\n# only a comment\n", 2, "no rows");
  expect_error("timestamp_s\n1e999\n", 2, "not a finite number");
  expect_error("timestamp_s,prompt_tokens,output_tokens\n1,2,nan\n", 2, "output_tokens");
}

TEST(RequestTrace, FromVectorsMatchesTheParsedText) {
  const auto parsed = parse("start_s,rate_rps,prompt_tokens,output_tokens\n0,1,100,10\n10,3,200,30\n");
  const auto built = RequestTrace::from_rates({0, 10}, {1, 3}, {100, 200}, {10, 30});
  for (double t0 : {0.0, 5.0, 12.0}) {
    EXPECT_DOUBLE_EQ(built.interval(t0, t0 + 7).requests, parsed.interval(t0, t0 + 7).requests);
    EXPECT_DOUBLE_EQ(built.interval(t0, t0 + 7).mean_prompt_tokens, parsed.interval(t0, t0 + 7).mean_prompt_tokens);
  }
  EXPECT_EQ(RequestTrace::from_timestamps({1, 2, 2, 5}).interval(2, 5).requests, 2);
  EXPECT_THROW(RequestTrace::from_timestamps({}), std::invalid_argument);
  EXPECT_THROW(RequestTrace::from_timestamps({3, 1}), std::invalid_argument);
  EXPECT_THROW(RequestTrace::from_rates({0, 1}, {1}), std::invalid_argument);
  EXPECT_THROW(RequestTrace::from_rates({0, 1}, {1, -2}), std::invalid_argument);
  EXPECT_THROW(RequestTrace::from_timestamps({1, 2}, {5}, {5, 6}), std::invalid_argument);
}

} // namespace
} // namespace wattsim::models::inference
