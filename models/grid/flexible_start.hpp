#pragma once
// When a flexible job should start: the start within its slack that puts its run on the cleanest (or
// cheapest) hours of a grid signal. The signal is piecewise constant, so the integral over a window
// of fixed length is piecewise linear in the window's start, with kinks only where the window's start or
// end crosses a step: the exact minimum is at one of those starts or at an end of the slack
// (docs/models/grid.md, "Carbon- and price-aware starts").

#include "models/common/step_series.hpp"

namespace wattsim::models {

/// The start s in [earliest_s, latest_s] minimising the integral of `signal` over [s, s + duration_s];
/// among equal integrals, the earliest (the least delay).
double best_start(const StepSeries& signal, double earliest_s, double latest_s, double duration_s);

} // namespace wattsim::models
