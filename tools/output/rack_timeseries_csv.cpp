#include "tools/output/rack_timeseries_csv.hpp"

namespace wattsim::output {

void RackTimeseriesCsv::write(const RunView& run, std::ostream& out) const {
  const auto& r = run.result;
  const double dt = run.scenario().outputs.resolution_s;
  // With rack batteries, what each rack draws from its feed too (its IT where it has no battery).
  const bool feed = !r.rack_batteries.empty();
  std::vector<std::string> header = {"time_s", "rack", "it_kw"};
  if (feed)
    header.emplace_back("feed_kw");
  CsvWriter csv(out, header);
  std::vector<std::vector<double>> means;
  for (const auto& s : r.rack_power_w)
    means.push_back(s.interval_means(0.0, dt, r.simulated_s));
  std::vector<const std::vector<double>*> feed_means(means.size());
  std::vector<std::vector<double>> battery_means;
  battery_means.reserve(r.rack_batteries.size());
  for (std::size_t i = 0; i < means.size(); ++i)
    feed_means[i] = &means[i];
  for (const auto& rb : r.rack_batteries) {
    battery_means.push_back(rb.battery.grid_w.interval_means(0.0, dt, r.simulated_s));
    if (rb.rack < feed_means.size())
      feed_means[rb.rack] = &battery_means.back();
  }
  const std::size_t rows = models::interval_count(0.0, dt, r.simulated_s);
  for (std::size_t k = 0; k < rows; ++k)
    for (std::size_t i = 0; i < means.size(); ++i) {
      csv.number(run.trace.row_start(k)).text(r.rack_names[i]).number(means[i][k] / 1e3);
      if (feed)
        csv.number((*feed_means[i])[k] / 1e3);
      csv.end_row();
    }
}

} // namespace wattsim::output
