#include "tools/output/job_timeseries_csv.hpp"

namespace wattsim::output {

void JobTimeseriesCsv::write(const RunView& run, std::ostream& out) const {
  const auto& r = run.result;
  const double dt = run.scenario().outputs.resolution_s;
  CsvWriter csv(out, {"time_s", "job", "it_kw", "gpus_productive", "gpus_checkpoint_stall", "gpus_lost", "gpus_restart"});
  for (std::size_t j = 0; j < r.jobs.size(); ++j) {
    std::vector<std::vector<double>> cols;
    cols.push_back(r.job_power_w[j].interval_means(0.0, dt, r.simulated_s));
    for (const auto& use : r.job_gpu_use[j])
      cols.push_back(use.interval_means(0.0, dt, r.simulated_s));
    for (std::size_t k = 0; k < cols[0].size(); ++k) {
      bool any = false;
      for (const auto& c : cols)
        any |= c[k] != 0;
      if (!any)
        continue;
      csv.number(run.trace.row_start(k)).text(r.jobs[j].name).number(cols[0][k] / 1e3);
      for (std::size_t c = 1; c < cols.size(); ++c)
        csv.number(cols[c][k]);
      csv.end_row();
    }
  }
}

} // namespace wattsim::output
