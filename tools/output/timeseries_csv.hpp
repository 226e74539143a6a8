#pragma once
// timeseries.csv: the facility trace, one row per resolution step (docs/outputs/timeseries.md).

#include "tools/output/run_output.hpp"

namespace wattsim::output {

class TimeseriesCsv final : public RunOutput {
public:
  void write(const RunView& run, std::ostream& out) const override;
};

} // namespace wattsim::output
