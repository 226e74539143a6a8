#pragma once
// iteration_trace.csv: IT and facility power at sub-second resolution over the iteration window
// (docs/outputs/iteration-trace.md).

#include "tools/output/run_output.hpp"

namespace wattsim::output {

class IterationTraceCsv final : public RunOutput {
public:
  void write(const RunView& run, std::ostream& out) const override;
};

} // namespace wattsim::output
