#pragma once
// events.csv: checkpoints, interruptions, restarts and repairs in time order (docs/outputs/events.md).

#include "tools/output/run_output.hpp"

namespace wattsim::output {

class EventsCsv final : public RunOutput {
public:
  void write(const RunView& run, std::ostream& out) const override;
};

} // namespace wattsim::output
