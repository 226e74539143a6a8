#pragma once
// A progress bar with ETA on stderr, shown only on a terminal and only once a run has taken more
// than a second (short runs print nothing).

#include <chrono>
#include <string>

namespace wattsim::tools {

class ProgressBar {
public:
  explicit ProgressBar(std::string label);
  ~ProgressBar();
  /// `fraction` in [0, 1]; cheap to call often.
  void update(double simulated_s, double fraction);
  void finish();

private:
  std::string label_;
  std::chrono::steady_clock::time_point start_;
  bool enabled_;
  bool shown_ = false;
};

} // namespace wattsim::tools
