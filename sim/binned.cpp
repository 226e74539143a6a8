#include "sim/binned.hpp"

#include <algorithm>
#include <cmath>

namespace wattsim::sim {

void Binned::add(double t0, double t1, double value) {
  if (t1 <= t0)
    return;
  total_ += value * (t1 - t0);
  auto k = static_cast<std::size_t>(std::floor(t0 / bin_s_));
  const auto last = static_cast<std::size_t>(std::floor(t1 / bin_s_ - 1e-12));
  if (bins_.size() <= std::max(k, last))
    bins_.resize(std::max(k, last) + 1, 0.0);
  for (double a = t0; k <= last && a < t1; ++k) {
    const double b = std::min(t1, static_cast<double>(k + 1) * bin_s_);
    bins_[k] += value * (b - a);
    a = b;
  }
}

} // namespace wattsim::sim
