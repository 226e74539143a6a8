#pragma once
// The one CSV writer every CSV output goes through. Cells are quoted as RFC 4180 (section 2) asks:
// a cell holding a comma, a double quote, CR or LF is enclosed in double quotes and its quotes are
// doubled; every other cell is written as it is. Rows end in LF (not RFC 4180's CRLF, which the
// outputs never used: a reader that accepts either sees no difference). Numbers use format_number
// (twelve significant digits), so an output that needs no quoting is byte for byte what it was.
//
// Usage (see docs/developing.md, "Adding an output"):
//   CsvWriter csv(out, {"time_s", "job", "it_kw"});
//   csv.number(t).text(job.name).number(kw).end_row();

#include <cstddef>
#include <cstdint>
#include <fmt/format.h>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace wattsim::output {

class CsvWriter {
public:
  /// Writes the header row at once; every later row must have as many cells.
  CsvWriter(std::ostream& out, const std::vector<std::string>& header);
  ~CsvWriter(); ///< flushes what is buffered (call flush() to see errors as exceptions)

  CsvWriter(const CsvWriter&) = delete;
  CsvWriter& operator=(const CsvWriter&) = delete;

  /// A text cell, quoted when it needs to be.
  CsvWriter& text(std::string_view cell);
  /// A number in the outputs' format (docs/outputs/README.md).
  CsvWriter& number(double v);
  /// An integer count.
  CsvWriter& integer(std::int64_t v);
  /// An empty cell (a value that does not exist, e.g. the end of a job that has not finished).
  CsvWriter& empty() { return text({}); }
  /// Ends the row; throws std::logic_error when it has a different number of cells from the header.
  void end_row();
  /// Hands the buffered rows to the stream.
  void flush();

  /// `cell` as RFC 4180 writes it (quoted only where needed).
  [[nodiscard]] static std::string quote(std::string_view cell);

private:
  void separate();

  std::ostream& out_;
  fmt::memory_buffer buf_;
  std::size_t columns_ = 0;
  std::size_t cells_ = 0; ///< in the current row
};

} // namespace wattsim::output
