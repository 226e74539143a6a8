#pragma once
// Demand response: the grid operator asks the site to shed power for a while; what the site delivered
// is measured against a baseline, the metered demand just before the event ("meter before / meter
// after", one of the baseline types of the NAESB WEQ Business Practice Standards for Measurement and
// Verification of Demand Response, WEQ-015), read on the grid side (after a battery).
// docs/models/grid.md, "Demand response".

#include "models/common/step_series.hpp"

namespace wattsim::models {

struct DemandResponseEvent {
  double start_s = 0;
  double duration_s = 0;
  double shed_w = 0;     ///< the reduction asked for, below the baseline
  [[nodiscard]] double end_s() const { return start_s + duration_s; }
};

/// The metering interval before an event the baseline averages: 15 min, a market settlement interval
/// (ERCOT Nodal Protocols, Section 2: the Settlement Interval is 15 minutes); the NAESB standard leaves
/// the interval to each program.
inline constexpr double kBaselineWindow_s = 900;

/// Mean of `grid_w` over the window before `start_s` (shorter at the start of the run; the value at
/// `start_s` when the event starts at 0).
double baseline_w(const StepSeries& grid_w, double start_s, double window_s = kBaselineWindow_s);

struct DemandResponseOutcome {
  double baseline_w = 0;
  double target_w = 0;      ///< baseline - asked
  double mean_w = 0;        ///< mean grid power over the event
  double delivered_w = 0;   ///< baseline - mean (negative when demand rose)
  double asked_j = 0;       ///< shed x duration
  double delivered_j = 0;   ///< integral of (baseline - grid) over the event
  int short_minutes = 0;    ///< 1-min means above the target
};

/// What the site delivered for one event, from its grid-side power series.
DemandResponseOutcome evaluate_demand_response(const StepSeries& grid_w, const DemandResponseEvent& event,
                                               double baseline_w);

} // namespace wattsim::models
