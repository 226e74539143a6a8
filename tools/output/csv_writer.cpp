#include "tools/output/csv_writer.hpp"

#include "tools/output/number_format.hpp"

#include <stdexcept>

namespace wattsim::output {

namespace {
// Buffered rows are handed to the stream in blocks of this size: a year of facility trace is
// millions of cells, and one stream call per cell would cost more than formatting them.
constexpr std::size_t kFlushBytes = std::size_t{1} << 20;

bool needs_quotes(std::string_view cell) { return cell.find_first_of(",\"\r\n") != std::string_view::npos; }

void append_quoted(fmt::memory_buffer& buf, std::string_view cell) {
  buf.push_back('"');
  for (char c : cell) {
    if (c == '"')
      buf.push_back('"');
    buf.push_back(c);
  }
  buf.push_back('"');
}
} // namespace

CsvWriter::CsvWriter(std::ostream& out, const std::vector<std::string>& header) : out_(out), columns_(header.size()) {
  for (const auto& h : header)
    text(h);
  end_row();
}

CsvWriter::~CsvWriter() {
  try {
    flush();
  } catch (...) { // a stream error shows when its owner checks the stream
  }
}

void CsvWriter::separate() {
  if (cells_++ > 0)
    buf_.push_back(',');
}

CsvWriter& CsvWriter::text(std::string_view cell) {
  separate();
  if (needs_quotes(cell))
    append_quoted(buf_, cell);
  else
    buf_.append(cell);
  return *this;
}

// Fixed, locale-free number formatting: 12 significant digits keep every row's rounding below 1e-12
// relative, far inside the 1e-9 the trace integral promises.
CsvWriter& CsvWriter::number(double v) {
  separate();
  char text[40];
  buf_.append(text, format_number(text, v));
  return *this;
}

CsvWriter& CsvWriter::integer(std::int64_t v) {
  separate();
  fmt::format_to(std::back_inserter(buf_), "{}", v);
  return *this;
}

void CsvWriter::end_row() {
  if (cells_ != columns_)
    throw std::logic_error(fmt::format("CSV row of {} cells under a header of {}", cells_, columns_));
  buf_.push_back('\n');
  cells_ = 0;
  if (buf_.size() >= kFlushBytes)
    flush();
}

void CsvWriter::flush() {
  out_.write(buf_.data(), static_cast<std::streamsize>(buf_.size()));
  buf_.clear();
}

std::string CsvWriter::quote(std::string_view cell) {
  if (!needs_quotes(cell))
    return std::string(cell);
  fmt::memory_buffer buf;
  append_quoted(buf, cell);
  return fmt::to_string(buf);
}

} // namespace wattsim::output
