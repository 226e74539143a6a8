#include "tools/experiment/running_stats.hpp"

#include <boost/math/distributions/students_t.hpp>

namespace wattsim::experiment {

double RunningStats::ci_half_width(double level) const {
  if (n_ < 2)
    return std::numeric_limits<double>::quiet_NaN();
  const boost::math::students_t dist(static_cast<double>(n_ - 1));
  const double t = boost::math::quantile(dist, 1 - (1 - level) / 2);
  return t * stddev() / std::sqrt(static_cast<double>(n_));
}

} // namespace wattsim::experiment
