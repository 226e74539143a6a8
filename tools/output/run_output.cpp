#include "tools/output/run_output.hpp"

#include "tools/output/events_csv.hpp"
#include "tools/output/inference_writer.hpp"
#include "tools/output/iteration_trace_csv.hpp"
#include "tools/output/job_timeseries_csv.hpp"
#include "tools/output/jobs_csv.hpp"
#include "tools/output/rack_batteries_csv.hpp"
#include "tools/output/rack_timeseries_csv.hpp"
#include "tools/output/timeseries_csv.hpp"

#include <algorithm>

namespace wattsim::output {

const std::vector<RunOutputEntry>& run_csv_outputs() {
  auto always = [](const sim::Scenario&) { return true; };
  static const std::vector<RunOutputEntry> table = {
      {"timeseries.csv", always, std::make_shared<TimeseriesCsv>()},
      {"jobs.csv", always, std::make_shared<JobsCsv>()},
      {"rack_timeseries.csv", [](const sim::Scenario& s) { return s.outputs.rack_traces; },
       std::make_shared<RackTimeseriesCsv>()},
      {"rack_batteries.csv",
       [](const sim::Scenario& s) {
         const auto& parts = s.cluster.partitions;
         return std::any_of(parts.begin(), parts.end(), [](const sim::Partition& p) { return p.rack_battery.has_value(); });
       },
       std::make_shared<RackBatteriesCsv>()},
      {"job_timeseries.csv", [](const sim::Scenario& s) { return s.outputs.job_traces; },
       std::make_shared<JobTimeseriesCsv>()},
      {"events.csv", [](const sim::Scenario& s) { return s.outputs.events; }, std::make_shared<EventsCsv>()},
      {"iteration_trace.csv", [](const sim::Scenario& s) { return s.outputs.iteration_window.enabled; },
       std::make_shared<IterationTraceCsv>()},
      {"inference.csv",
       [](const sim::Scenario& s) {
         return std::any_of(s.jobs.begin(), s.jobs.end(), [](const sim::JobSpec& j) { return j.service() != nullptr; });
       },
       std::make_shared<InferenceCsv>()},
  };
  return table;
}

} // namespace wattsim::output
