#pragma once
// Mean, spread and confidence interval of a sample, updated one value at a time.
//
// The mean and the sum of squared deviations use Welford's recurrence (B. P. Welford, "Note on a
// method for calculating corrected sums of squares and products", Technometrics 4(3), 1962), which
// stays accurate when the values are large and close together; the textbook Σx² − n·x̄² loses every
// digit there (1e9 + {0, 1, 2} gives a variance of 0 or a negative one in double precision).

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>

namespace wattsim::experiment {

class RunningStats {
public:
  void add(double x) {
    ++n_;
    const double delta = x - mean_;
    mean_ += delta / static_cast<double>(n_);
    m2_ += delta * (x - mean_);
    min_ = std::min(min_, x);
    max_ = std::max(max_, x);
  }
  [[nodiscard]] std::size_t count() const { return n_; }
  [[nodiscard]] double mean() const { return n_ ? mean_ : std::numeric_limits<double>::quiet_NaN(); }
  /// Sample standard deviation (n − 1 in the denominator); 0 for a single value.
  [[nodiscard]] double stddev() const { return n_ > 1 ? std::sqrt(m2_ / static_cast<double>(n_ - 1)) : 0.0; }
  [[nodiscard]] double min() const { return n_ ? min_ : std::numeric_limits<double>::quiet_NaN(); }
  [[nodiscard]] double max() const { return n_ ? max_ : std::numeric_limits<double>::quiet_NaN(); }
  /// Half-width of the two-sided Student-t confidence interval of the mean at `level` (0.95: 95 %):
  /// t(1 − (1 − level)/2, n − 1) · s / √n. NaN with fewer than two values.
  [[nodiscard]] double ci_half_width(double level) const;

private:
  std::size_t n_ = 0;
  double mean_ = 0;
  double m2_ = 0;
  double min_ = std::numeric_limits<double>::infinity();
  double max_ = -std::numeric_limits<double>::infinity();
};

} // namespace wattsim::experiment
