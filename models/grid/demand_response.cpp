#include "models/grid/demand_response.hpp"

#include "models/grid/limit_excess.hpp"

#include <algorithm>

namespace wattsim::models {

double baseline_w(const StepSeries& grid_w, double start_s, double window_s) {
  const double from = std::max(0.0, start_s - window_s);
  if (!(start_s > from))
    return grid_w.value_at(start_s);
  return grid_w.integral(from, start_s) / (start_s - from);
}

DemandResponseOutcome evaluate_demand_response(const StepSeries& grid_w, const DemandResponseEvent& event,
                                               double baseline) {
  DemandResponseOutcome out;
  out.baseline_w = baseline;
  out.target_w = baseline - event.shed_w;
  out.asked_j = event.shed_w * event.duration_s;
  if (!(event.duration_s > 0))
    return out;
  const double used_j = grid_w.integral(event.start_s, event.end_s());
  out.mean_w = used_j / event.duration_s;
  out.delivered_w = baseline - out.mean_w;
  out.delivered_j = baseline * event.duration_s - used_j;
  StepSeries target;
  target.set(0.0, out.target_w);
  out.short_minutes = excess_over(grid_w, target, event.start_s, event.end_s(), 60.0).windows_above;
  return out;
}

} // namespace wattsim::models
