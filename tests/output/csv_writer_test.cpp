// The CSV writer every output uses: RFC 4180 quoting, byte-identical unquoted output, row shape.

#include "../support/rfc4180_parser.hpp"
#include "tools/output/csv_writer.hpp"
#include "tools/output/number_format.hpp"

#include <gtest/gtest.h>
#include <sstream>

using wattsim::output::CsvWriter;
using wattsim::test::parse_csv;

TEST(CsvWriter, CellsThatNeedNoQuotesAreWrittenAsTheyAre) {
  std::ostringstream out;
  {
    CsvWriter csv(out, {"time_s", "job", "it_kw"});
    csv.number(900).text("llm-7b").number(1234.5678).end_row();
    csv.number(1800).text("a b;c'd").empty().end_row();
  }
  EXPECT_EQ(out.str(), "time_s,job,it_kw\n900,llm-7b,1234.5678\n1800,a b;c'd,\n");
}

TEST(CsvWriter, QuotesCommasQuotesAndLineBreaksAsRfc4180) {
  const std::vector<std::string> hostile = {"fine, tune", "say \"hi\"", "two\nlines", "cr\rhere", "crlf\r\n",
                                            "\"", ",", ""};
  std::ostringstream out;
  {
    CsvWriter csv(out, {"name", "n"});
    for (const auto& h : hostile)
      csv.text(h).integer(7).end_row();
  }
  EXPECT_NE(out.str().find("\"fine, tune\",7\n"), std::string::npos) << out.str();
  EXPECT_NE(out.str().find("\"say \"\"hi\"\"\",7\n"), std::string::npos) << out.str();
  const auto rows = parse_csv(out.str());
  ASSERT_EQ(rows.size(), hostile.size() + 1);
  for (std::size_t i = 0; i < hostile.size(); ++i) {
    ASSERT_EQ(rows[i + 1].size(), 2u) << i;
    EXPECT_EQ(rows[i + 1][0], hostile[i]);
    EXPECT_EQ(rows[i + 1][1], "7");
  }
  EXPECT_EQ(CsvWriter::quote("a,b"), "\"a,b\"");
  EXPECT_EQ(CsvWriter::quote("ab"), "ab");
}

TEST(CsvWriter, HeaderCellsAreQuotedToo) {
  std::ostringstream out;
  { CsvWriter csv(out, {"run", "workload.jobs.0.name,x"}); }
  EXPECT_EQ(out.str(), "run,\"workload.jobs.0.name,x\"\n");
}

TEST(CsvWriter, NumbersAreTheOutputsFormat) {
  for (double v : {0.0, -1.5, 1e-7, 123456789.123456789, 5.67e12, 1e300, 2.0 / 3.0}) {
    std::ostringstream out;
    {
      CsvWriter csv(out, {"v"});
      csv.number(v).end_row();
    }
    char text[40];
    const std::string expected(text, wattsim::output::format_number(text, v));
    EXPECT_EQ(out.str(), "v\n" + expected + "\n") << v;
  }
}

TEST(CsvWriter, ARowOfTheWrongWidthIsAProgrammingError) {
  std::ostringstream out;
  CsvWriter csv(out, {"a", "b"});
  csv.text("x");
  EXPECT_THROW(csv.end_row(), std::logic_error);
  CsvWriter csv2(out, {"a", "b"});
  csv2.text("x").text("y").text("z");
  EXPECT_THROW(csv2.end_row(), std::logic_error);
}

TEST(CsvParser, ReadsQuotedCellsAndRejectsMalformedQuoting) {
  const auto rows = parse_csv("a,b\r\n\"x,\"\"y\"\"\nz\",\n");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1][0], "x,\"y\"\nz");
  EXPECT_EQ(rows[1][1], "");
  EXPECT_THROW(parse_csv("a,b\"c\n"), std::runtime_error);
  EXPECT_THROW(parse_csv("\"open\n"), std::runtime_error);
  EXPECT_THROW(parse_csv("\"a\"b\n"), std::runtime_error);
  // What the old comma-splitting helper got wrong: one cell, not two.
  EXPECT_EQ(parse_csv("\"fine, tune\"\n").front().size(), 1u);
}
