#pragma once
// How far a power series went above a limit (both piecewise constant): the 1-minute means above it, the
// largest of those excesses and the exact energy above the limit. A contract power and a demand
// response target are read on metered interval means, not on instants (docs/models/grid.md).

#include "models/common/step_series.hpp"

namespace wattsim::models {

struct LimitExcess {
  int windows_above = 0;      ///< windows whose mean power exceeds the window's mean limit
  double max_excess_w = 0;    ///< the largest (window mean power - window mean limit), 0 if none
  double energy_above_j = 0;  ///< exact integral of max(0, power - limit)
};

/// Compares `power_w` with `limit_w` over [t0_s, t1_s] in windows of `window_s` (the last one cut).
LimitExcess excess_over(const StepSeries& power_w, const StepSeries& limit_w, double t0_s, double t1_s,
                        double window_s = 60.0);

/// Exact time during which `power_w` is above `limit_w` (a constant) over [t0_s, t1_s]; a value within
/// a relative 1e-9 of the limit is at it, not above it.
double time_above_s(const StepSeries& power_w, double limit_w, double t0_s, double t1_s);

} // namespace wattsim::models
