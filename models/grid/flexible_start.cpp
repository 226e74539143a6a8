#include "models/grid/flexible_start.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <vector>

namespace wattsim::models {

double best_start(const StepSeries& signal, double earliest_s, double latest_s, double duration_s) {
  if (!(latest_s >= earliest_s) || !(duration_s >= 0))
    throw std::invalid_argument("best_start: need earliest <= latest and a non-negative duration");
  std::vector<double> candidates{earliest_s, latest_s};
  // Only the steps inside [earliest, latest + duration] can make a kink.
  const auto& times = signal.times();
  for (auto it = std::lower_bound(times.begin(), times.end(), earliest_s);
       it != times.end() && *it <= latest_s + duration_s; ++it) {
    const double t = *it;
    for (double s : {t, t - duration_s})
      if (s > earliest_s && s < latest_s)
        candidates.push_back(s);
  }
  std::sort(candidates.begin(), candidates.end());
  double best = earliest_s;
  double best_integral = signal.integral(earliest_s, earliest_s + duration_s);
  for (double s : candidates) {
    const double v = signal.integral(s, s + duration_s);
    // Strictly better beyond rounding: a tie keeps the earlier start.
    if (v < best_integral - 1e-12 * std::abs(best_integral)) {
      best = s;
      best_integral = v;
    }
  }
  return best;
}

} // namespace wattsim::models
