#include "tools/output/iteration_trace_csv.hpp"

namespace wattsim::output {

void IterationTraceCsv::write(const RunView& run, std::ostream& out) const {
  const auto it = sim::iteration_trace(run.scenario(), run.result);
  CsvWriter csv(out, {"time_s", "it_kw", "facility_kw"});
  for (std::size_t k = 0; k < it.it_w.size(); ++k)
    csv.number(it.start_s + static_cast<double>(k) * it.resolution_s)
        .number(it.it_w[k] / 1e3)
        .number(it.facility_w[k] / 1e3)
        .end_row();
}

} // namespace wattsim::output
