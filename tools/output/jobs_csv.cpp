#include "tools/output/jobs_csv.hpp"

namespace wattsim::output {

// GPUs x allocated time, a boot included, so a training job's gpu_hours_by_phase (whose restart phase
// holds the boot) adds up to it (docs/engine.md); a job killed at its walltime stops counting there, a
// preempted job holds no GPU while it waits for its nodes, and a service adds the GPUs it borrowed.
double job_gpu_hours(const sim::JobRecord& j, double t_end) {
  if (j.allocated_s < 0)
    return 0.0;
  const double end = j.finished() ? j.end_s : j.killed_s >= 0 ? j.killed_s : t_end;
  return (j.accelerators * (end - j.allocated_s - j.training.preempted_s) + j.borrowed_gpu_s) / 3600.0;
}

void JobsCsv::write(const RunView& run, std::ostream& out) const {
  constexpr double kJPerKWh = 3.6e6;
  const auto& r = run.result;
  CsvWriter csv(out, {"name", "partition", "nodes", "gpus", "submit_s", "start_s", "end_s", "gpu_hours", "energy_kwh",
                      "progress", "power_held_s", "deferred_s", "flex_pauses", "flex_paused_s", "flex_slowed_s",
                      "preemptions", "preempted_s"});
  for (const auto& j : r.jobs) {
    csv.text(j.name).text(j.partition).integer(j.nodes).integer(j.accelerators).number(j.submit_s);
    j.started() ? csv.number(j.start_s) : csv.empty();
    j.finished() ? csv.number(j.end_s) : csv.empty();
    csv.number(job_gpu_hours(j, r.simulated_s)).number(j.energy_j / kJPerKWh).number(j.progress);
    csv.number(j.power_held_s).number(j.deferred_s).integer(j.flex_pauses).number(j.flex_paused_s).number(j.flex_slowed_s);
    csv.integer(j.training.preemptions).number(j.training.preempted_s).end_row();
  }
}

} // namespace wattsim::output
