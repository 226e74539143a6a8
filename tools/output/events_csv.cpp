#include "tools/output/events_csv.hpp"

namespace wattsim::output {

void EventsCsv::write(const RunView& run, std::ostream& out) const {
  CsvWriter csv(out, {"time_s", "job", "kind", "cause", "category", "node", "lost_gpu_hours", "duration_s", "bytes",
                      "detection_s", "hold_s", "wait_for_spare_s", "reallocation_s", "initialization_s",
                      "checkpoint_load_s"});
  for (const auto& e : run.result.events)
    csv.number(e.time_s)
        .text(e.job)
        .text(e.kind)
        .text(e.cause)
        .text(e.category)
        .text(e.node)
        .number(e.lost_gpu_hours)
        .number(e.duration_s)
        .number(e.bytes)
        .number(e.detection_s)
        .number(e.hold_s)
        .number(e.wait_for_spare_s)
        .number(e.reallocation_s)
        .number(e.initialization_s)
        .number(e.load_s)
        .end_row();
}

} // namespace wattsim::output
