#pragma once
// A battery between the site and the grid, applied exactly to the site's power step series: the
// site's power is piecewise constant, each control policy keeps the battery's power piecewise constant,
// so the state of charge is piecewise linear and every limit is met at its exact crossing time. No
// sampling: the cost grows with the load's steps and the policy's own steps, never with time.
//
// Policies (docs/models/grid.md):
//   peak-shaving   the grid draws at most `peak_w`; the battery covers the rest and recharges below it
//   floor-filling  the grid draws at least `floor_w`; the battery absorbs the difference (charging) and
//                  gives it back while the load is above the floor
//   ramp-limiting  grid power changes by at most `max_step_w` per `ramp_window_s` (a staircase toward
//                  the load, so its ramp over any window of that length is at most max_step / window);
//                  the battery covers load - grid, and recharges toward `soc_target` with steps that
//                  obey the same limit
//
// Efficiency: the round-trip efficiency is split evenly between charge and discharge (sqrt(eta) each
// way), the usual assumption for a round-trip figure (NREL ATB, Cole et al. 2023).

#include "models/common/step_series.hpp"

#include <memory>
#include <string_view>
#include <vector>

namespace wattsim::models {

/// A window in which the grid may draw at most `max_w` (a demand response target): the battery
/// discharges to hold it whatever its policy wants, as far as its rating and charge allow.
struct GridLimit {
  double start_s = 0;
  double end_s = 0;
  double max_w = 0;
};

enum class BatteryPolicy { peak_shaving, floor_filling, ramp_limiting };
inline constexpr std::string_view kBatteryPolicyNames[] = {"peak-shaving", "floor-filling", "ramp-limiting"};

struct BatteryConfig {
  double capacity_j = 0;                 ///< energy stored between 0 and 100 % state of charge
  double power_w = 0;                    ///< largest charge or discharge power (grid side)
  double round_trip_efficiency = 0.85;   ///< Li-ion utility battery, NREL ATB 2023 (Cole, Ramasamy & Turan)
  double soc_min = 0.0;                  ///< usable window, as shares of the capacity
  double soc_max = 1.0;
  double soc_initial = 0.5;              ///< also the target the ramp limiter recharges toward
  BatteryPolicy policy = BatteryPolicy::ramp_limiting;
  double peak_w = 0;                     ///< peak-shaving threshold
  double floor_w = 0;                    ///< floor-filling threshold
  double max_step_w = 0;                 ///< ramp-limiting: largest grid change per window
  double ramp_window_s = 60;             ///< ramp-limiting: the window
  std::vector<GridLimit> grid_limits;    ///< demand response targets, over any policy (set by the engine)
};

struct BatteryResult {
  StepSeries grid_w;        ///< what the site draws from the grid
  StepSeries battery_w;     ///< grid-side battery power: > 0 discharging, < 0 charging
  StepSeries soc;           ///< state of charge (share) at each breakpoint of battery_w; linear in between
  double charged_j = 0;     ///< energy into the battery, grid side
  double discharged_j = 0;  ///< energy out of the battery, grid side
  double losses_j = 0;      ///< conversion losses: the energy the smoothing cost
  double equivalent_full_cycles = 0; ///< energy drawn from storage / usable capacity
  double soc_end = 0;
};

/// Runs the battery over the load on [0, t_end_s]. Throws std::invalid_argument for a configuration
/// outside its ranges (the loader checks them first).
BatteryResult run_battery(const BatteryConfig& config, const StepSeries& load_w, double t_end_s);

/// The same battery fed as its load is produced (a rack battery while the run goes on, for a cooling
/// plant that needs the racks' feed side step by step). It takes exactly the segments run_battery
/// takes: a segment closes only once a final load point or its own end comes before the time given.
class BatteryRun {
public:
  BatteryRun(const BatteryConfig& config, double t_end_s); ///< throws as run_battery
  BatteryRun(BatteryRun&&) noexcept;
  BatteryRun& operator=(BatteryRun&&) noexcept;
  ~BatteryRun();
  /// Runs over the load's points before `before_s`; those are final, later ones may still come.
  void advance(const StepSeries& load_w, double before_s);
  [[nodiscard]] double power_w() const;       ///< in the segment in progress (> 0 discharging)
  [[nodiscard]] double segment_end_s() const; ///< when it ends unless the load changes first
  [[nodiscard]] double loss_w(double battery_w) const; ///< conversion losses at that power
  [[nodiscard]] const StepSeries& battery_w() const; ///< so far
  /// Runs to the end over the whole load; the result equals run_battery's.
  BatteryResult finish(const StepSeries& load_w);

private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

} // namespace wattsim::models
