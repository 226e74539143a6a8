#pragma once
// jobs.csv: one row per job (docs/outputs/jobs.md).

#include "tools/output/run_output.hpp"

namespace wattsim::output {

class JobsCsv final : public RunOutput {
public:
  void write(const RunView& run, std::ostream& out) const override;
};

/// GPU-hours a job has used by `t_end` (the same figure in jobs.csv and summary.json).
double job_gpu_hours(const sim::JobRecord& job, double t_end);

} // namespace wattsim::output
