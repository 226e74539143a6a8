#pragma once
// job_timeseries.csv: each job's IT power and GPUs by use per resolution step, long format, rows
// where all are zero left out (docs/outputs/traces.md).

#include "tools/output/run_output.hpp"

namespace wattsim::output {

class JobTimeseriesCsv final : public RunOutput {
public:
  void write(const RunView& run, std::ostream& out) const override;
};

} // namespace wattsim::output
