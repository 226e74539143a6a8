#pragma once
// rack_timeseries.csv: each rack's IT power per resolution step, long format (docs/outputs/traces.md).

#include "tools/output/run_output.hpp"

namespace wattsim::output {

class RackTimeseriesCsv final : public RunOutput {
public:
  void write(const RunView& run, std::ostream& out) const override;
};

} // namespace wattsim::output
