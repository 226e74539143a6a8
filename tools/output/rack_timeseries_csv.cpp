#include "tools/output/rack_timeseries_csv.hpp"

namespace wattsim::output {

void RackTimeseriesCsv::write(const RunView& run, std::ostream& out) const {
  const auto& r = run.result;
  const double dt = run.scenario().outputs.resolution_s;
  CsvWriter csv(out, {"time_s", "rack", "it_kw"});
  std::vector<std::vector<double>> means;
  for (const auto& s : r.rack_power_w)
    means.push_back(s.interval_means(0.0, dt, r.simulated_s));
  const std::size_t rows = models::interval_count(0.0, dt, r.simulated_s);
  for (std::size_t k = 0; k < rows; ++k)
    for (std::size_t i = 0; i < means.size(); ++i)
      csv.number(run.trace.row_start(k)).text(r.rack_names[i]).number(means[i][k] / 1e3).end_row();
}

} // namespace wattsim::output
