#pragma once
// The inference outputs: inference.csv (one row per service and interval) and the `services` array of
// summary.json. Formats: docs/outputs/inference.md.

#include "sim/result.hpp"
#include "sim/scenario.hpp"
#include "tools/output/run_output.hpp"

#include <nlohmann/json.hpp>

namespace wattsim::output {

/// The `services` array of summary.json (empty without inference services).
nlohmann::json services_json(const sim::Scenario& scenario, const sim::RunResult& result);

/// inference.csv: one row per service per interval.
class InferenceCsv : public RunOutput {
public:
  void write(const RunView& run, std::ostream& out) const override;
};

} // namespace wattsim::output
