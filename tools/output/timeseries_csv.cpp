#include "tools/output/timeseries_csv.hpp"

#include "tools/output/iso_time.hpp"
#include "tools/output/number_format.hpp"

#include <cmath>
#include <utility>

namespace wattsim::output {

void TimeseriesCsv::write(const RunView& run, std::ostream& out) const {
  const auto& trace = run.trace;
  std::vector<std::string> header = {"time_s"};
  header.insert(header.end(), trace.names.begin(), trace.names.end());
  const auto& start = run.scenario().start_unix_s;
  if (start)
    header.emplace_back("timestamp"); // ISO 8601 UTC of the row's start (the scenario's `start:`)
  CsvWriter csv(out, header);
  // Many columns repeat from row to row (prices, counts, setpoints): reuse their text.
  std::vector<std::pair<double, std::string>> last(trace.columns.size(), {std::nan(""), {}});
  char text[40];
  for (std::size_t k = 0; k < trace.rows(); ++k) {
    csv.number(trace.row_start(k));
    for (std::size_t c = 0; c < trace.columns.size(); ++c) {
      const double v = trace.columns[c][k];
      if (v != last[c].first)
        last[c] = {v, std::string(text, format_number(text, v))};
      csv.text(last[c].second);
    }
    if (start)
      csv.text(iso_time_utc(*start + trace.row_start(k)));
    csv.end_row();
  }
}

} // namespace wattsim::output
