#pragma once
// The site's power management inside the scheduler: a contract power (site.power_budget) and demand
// response events (site.demand_response). The rules are pure (models/grid/power_budget.hpp); this
// class books each running job at its peak power at its cap level, estimates the facility power of
// the bookings, and applies the rules' decisions to the jobs (cap levels, pauses). It acts only at
// scheduler passes (a submission, a job's end, an event's start or end): no polling.
// docs/models/grid.md, "Power budget" and "Demand response".

#include "models/grid/power_budget.hpp"
#include "sim/context.hpp"

#include <optional>
#include <vector>

namespace wattsim::sim {

class SitePower {
public:
  explicit SitePower(Context& ctx);

  [[nodiscard]] bool active() const { return active_; }
  /// The cap level at which the job may start now, or none (hold it).
  [[nodiscard]] std::optional<int> admission(std::size_t job) const;
  /// The budget refused the job at this pass.
  void refused(std::size_t job, double now);
  /// The job started at `level`: book it and tell the job.
  void started(std::size_t job, int level, double now);
  /// The job ended: free its booking, lift caps the headroom allows.
  void released(std::size_t job, double now);
  /// At the start of a scheduler pass: demand response events starting or ending now.
  void update(double now);
  /// At the end of a pass: records the limit and whether the budget binds.
  void end_pass(double now);
  /// The next demand response start or end after `now` (infinity: none).
  [[nodiscard]] double next_event_s(double now) const;

private:
  [[nodiscard]] double limit_facility_w() const;
  [[nodiscard]] double facility_factor() const;
  [[nodiscard]] double booked_it_w() const;
  /// IT power the limit leaves for more bookings (may be negative).
  [[nodiscard]] double headroom_it_w() const;
  [[nodiscard]] models::BudgetedJob budgeted(std::size_t job) const;
  void set_level(std::size_t job, int level, double now);
  void shed(double now);
  void uncap(double now);
  void record(double now);


  Context& ctx_;
  bool active_ = false;
  int deepest_ = 0;                        ///< deepest cap level the action allows
  double base_it_w_ = 0;                   ///< every node idle plus storage and network
  double design_factor_ = 1;               ///< a plant's facility-to-IT ratio at its design point
  std::vector<std::vector<double>> power_by_level_w_; ///< per job, booked IT power per level
  std::vector<double> idle_w_;             ///< per job, its nodes idle
  std::vector<double> paused_w_;           ///< per job, its nodes idle while paused
  std::vector<int> level_;
  std::vector<bool> running_, paused_, cappable_, pausable_;
  std::vector<std::size_t> order_;         ///< running jobs in start order
  std::vector<double> refused_since_;      ///< per job, first refusal (-1: none)
  double booked_delta_w_ = 0;              ///< sum over running jobs of booked - idle
  std::size_t next_event_ = 0;             ///< next demand response event to start
  double dr_limit_w_ = 0;                  ///< facility-side target during an event (0: none)
  double dr_end_s_ = -1;
  bool refused_this_pass_ = false;
  int capped_gpus_ = 0, paused_gpus_ = 0;
};

} // namespace wattsim::sim
