#pragma once
// Integrals of piecewise-constant quantities over fixed-width bins (the output resolution), filled as
// the run goes: memory grows with output rows, not with facility steps. All columns share the bins,
// so a step's overlap with them is computed once for every column.

#include <cstddef>
#include <span>
#include <string>
#include <vector>

namespace wattsim::sim {

class BinnedTable {
public:
  BinnedTable() = default;
  BinnedTable(double bin_s, std::vector<std::string> names);

  /// Adds value x time for each column's value, held on [t0_s, t1_s). A NaN leaves its column alone.
  void add(double t0_s, double t1_s, std::span<const double> values);

  [[nodiscard]] double bin_s() const { return bin_s_; }
  [[nodiscard]] std::size_t columns() const { return names_.size(); }
  [[nodiscard]] const std::string& name(std::size_t c) const { return names_[c]; }
  [[nodiscard]] std::size_t column(const std::string& name) const; ///< throws if absent
  /// Mean of column c over bin k given the bin's length (the last may be cut by the end of the run).
  [[nodiscard]] double mean(std::size_t c, std::size_t k, double length_s) const;
  [[nodiscard]] double total(std::size_t c) const { return totals_[c]; }

private:
  double bin_s_ = 60;
  std::vector<std::string> names_;
  std::vector<double> bins_; ///< row-major: bin k, column c at k * columns + c
  std::vector<double> totals_;
};

} // namespace wattsim::sim
