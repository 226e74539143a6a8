#pragma once
// One CSV file of a run's output folder. Each file is one class (tools/output/*_csv.hpp) with one
// method, listed once in run_csv_outputs() with the condition under which a run writes it: adding an
// output is one class plus one table entry (docs/developing.md, "Adding an output").

#include "sim/recorder.hpp"
#include "sim/result.hpp"
#include "tools/output/csv_writer.hpp"
#include "tools/scenario/loader.hpp"

#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

namespace wattsim::output {

/// What an output is written from.
struct RunView {
  const scenario::LoadedScenario& loaded;
  const sim::RunResult& result;
  const sim::Trace& trace; ///< the facility trace: its rows are every time-series output's rows

  [[nodiscard]] const sim::Scenario& scenario() const { return loaded.scenario; }
};

class RunOutput {
public:
  virtual ~RunOutput() = default;
  /// Writes the whole file (header and rows) through a CsvWriter on `out`.
  virtual void write(const RunView& run, std::ostream& out) const = 0;
};

struct RunOutputEntry {
  std::string file;                                ///< name in the output folder (docs/outputs/)
  std::function<bool(const sim::Scenario&)> wanted; ///< whether this run writes it
  std::shared_ptr<const RunOutput> writer;
};

/// Every CSV output of `wattsim run`, in the order they are written and listed in manifest.json.
const std::vector<RunOutputEntry>& run_csv_outputs();

} // namespace wattsim::output
