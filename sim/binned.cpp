#include "sim/binned.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace wattsim::sim {

BinnedTable::BinnedTable(double bin_s, std::vector<std::string> names)
    : bin_s_(bin_s), names_(std::move(names)), totals_(names_.size(), 0.0) {}

void BinnedTable::add(double t0, double t1, std::span<const double> values) {
  if (t1 <= t0)
    return;
  const std::size_t n = names_.size();
  for (std::size_t c = 0; c < n; ++c)
    if (!std::isnan(values[c]))
      totals_[c] += values[c] * (t1 - t0);
  auto k = static_cast<std::size_t>(std::floor(t0 / bin_s_));
  const auto last = static_cast<std::size_t>(std::floor(t1 / bin_s_ - 1e-12));
  if (bins_.size() < (std::max(k, last) + 1) * n)
    bins_.resize((std::max(k, last) + 1) * n, 0.0);
  for (double a = t0; k <= last && a < t1; ++k) {
    const double b = std::min(t1, static_cast<double>(k + 1) * bin_s_);
    double* row = &bins_[k * n];
    for (std::size_t c = 0; c < n; ++c)
      if (!std::isnan(values[c]))
        row[c] += values[c] * (b - a);
    a = b;
  }
}

std::size_t BinnedTable::column(const std::string& name) const {
  for (std::size_t c = 0; c < names_.size(); ++c)
    if (names_[c] == name)
      return c;
  throw std::out_of_range("no binned column " + name);
}

double BinnedTable::mean(std::size_t c, std::size_t k, double length_s) const {
  const std::size_t i = k * names_.size() + c;
  return i < bins_.size() && length_s > 0 ? bins_[i] / length_s : 0.0;
}

} // namespace wattsim::sim
