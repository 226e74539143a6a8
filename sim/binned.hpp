#pragma once
// Integrals of a piecewise-constant quantity over fixed-width bins (the output resolution), filled as
// the run goes: memory grows with output rows, not with facility steps.

#include <cstddef>
#include <vector>

namespace wattsim::sim {

class Binned {
public:
  explicit Binned(double bin_s = 60) : bin_s_(bin_s) {}

  /// Adds value x time for a value that holds on [t0_s, t1_s).
  void add(double t0_s, double t1_s, double value);

  [[nodiscard]] double bin_s() const { return bin_s_; }
  /// Integral per bin (value x s); bins past the last addition are absent.
  [[nodiscard]] const std::vector<double>& integrals() const { return bins_; }
  [[nodiscard]] double total() const { return total_; }
  /// Mean over bin k given the bin's length (the last one may be cut by the end of the run).
  [[nodiscard]] double mean(std::size_t k, double length_s) const {
    return k < bins_.size() && length_s > 0 ? bins_[k] / length_s : 0.0;
  }

private:
  double bin_s_;
  std::vector<double> bins_;
  double total_ = 0;
};

} // namespace wattsim::sim
