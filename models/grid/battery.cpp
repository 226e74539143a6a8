#include "models/grid/battery.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <stdexcept>

namespace wattsim::models {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

class Battery {
public:
  Battery(const BatteryConfig& c, double t_end) : c_(c), t_end_(t_end) {
    eta_ = std::sqrt(c.round_trip_efficiency);
    e_ = c.soc_initial * c.capacity_j;
    e_min_ = c.soc_min * c.capacity_j;
    e_max_ = c.soc_max * c.capacity_j;
  }

  /// Runs over the load's points before `before_s` (final: the load may still grow at or after it),
  /// closing every segment that ends before then; the segment in progress stays open, so a run fed in
  /// pieces takes exactly the segments of a run fed the whole series at once.
  void advance(const StepSeries& load, double before_s) {
    const auto& times = load.times();
    const auto& values = load.values();
    if (!started_) {
      if (!(before_s > 0))
        return;
      started_ = true;
      l_ = values.empty() || times.front() > 0 ? 0.0 : values.front();
      while (i_ < times.size() && times[i_] <= 0)
        l_ = values[i_++];
      grid_ = l_;
      last_step_t_ = -kInf;
    }
    for (;;) {
      if (!open_) {
        if (t_ >= t_end_)
          return;
        open();
      }
      // The next load point that is final ends the segment if it comes before its own end.
      const double next_load = i_ < times.size() && times[i_] < before_s ? times[i_] : kInf;
      const double end = std::min(until_, next_load);
      if (!(end < before_s))
        return;
      close(end);
      while (i_ < times.size() && times[i_] <= t_)
        l_ = values[i_++];
      if (++guard_ > 100000000)
        throw std::runtime_error("battery: no progress (a policy event at the same time forever)");
    }
  }

  BatteryResult finish(const StepSeries& load) {
    advance(load, kInf);
    out_.soc_end = c_.capacity_j > 0 ? e_ / c_.capacity_j : 0.0;
    // Energy drawn into storage minus energy given back minus what is still stored over the start.
    out_.losses_j = out_.charged_j * (1 - eta_) + out_.discharged_j * (1 / eta_ - 1);
    const double usable = e_max_ - e_min_;
    out_.equivalent_full_cycles = usable > 0 ? out_.discharged_j / eta_ / usable : 0.0;
    return std::move(out_);
  }

  [[nodiscard]] double power_w() const { return open_ ? b_ : 0.0; }
  [[nodiscard]] double segment_end_s() const { return open_ ? until_ : kInf; }
  [[nodiscard]] double loss_w(double b) const { return b > 0 ? b * (1 / eta_ - 1) : -b * (1 - eta_); }
  [[nodiscard]] const StepSeries& battery_w() const { return out_.battery_w; }

private:
  /// Opens the segment at t_: the battery's power until the policy's next event, the horizon or a
  /// charge limit (snapped to exactly); a change of load may end it earlier (advance).
  void open() {
    const double t = t_;
    const auto [b, policy_until] = limited(t, l_, decide(t, l_));
    double until = std::min({t_end_, policy_until, next_limit_boundary(t)});
    const double rate = b > 0 ? -b / eta_ : -b * eta_; // dE/dt
    limit_e_ = std::numeric_limits<double>::quiet_NaN();
    if (rate < 0 && t + (e_ - e_min_) / -rate <= until) {
      until = t + (e_ - e_min_) / -rate;
      limit_e_ = e_min_;
    } else if (rate > 0 && t + (e_max_ - e_) / rate <= until) {
      until = t + (e_max_ - e_) / rate;
      limit_e_ = e_max_;
    }
    until_ = std::max(until, t);
    b_ = b;
    rate_ = rate;
    open_ = true;
    record(t, l_ - b, b);
  }

  /// Closes the open segment at `end` (its own end or a change of load before it).
  void close(double end) {
    const double dt = end - t_;
    e_ = end == until_ && !std::isnan(limit_e_) ? limit_e_ : std::clamp(e_ + rate_ * dt, e_min_, e_max_);
    if (b_ > 0)
      out_.discharged_j += b_ * dt;
    else
      out_.charged_j += -b_ * dt;
    t_ = end;
    open_ = false;
  }

  /// Clips a wanted battery power (> 0 discharge) to the power rating and the charge left.
  [[nodiscard]] double feasible(double b) const {
    b = std::clamp(b, -c_.power_w, c_.power_w);
    if (b > 0 && e_ <= e_min_)
      return 0.0;
    if (b < 0 && e_ >= e_max_)
      return 0.0;
    return b;
  }

  /// The battery power from t, and until when the policy keeps it (the charge limits come on top).
  std::pair<double, double> decide(double t, double load) {
    switch (c_.policy) {
    case BatteryPolicy::peak_shaving:
      return {feasible(load > c_.peak_w ? load - c_.peak_w : -(c_.peak_w - load)), kInf};
    case BatteryPolicy::floor_filling:
      // Below the floor: charge with the gap. Above it: give the stored energy back, never pulling
      // the grid under the floor.
      return {feasible(load < c_.floor_w ? -(c_.floor_w - load) : load - c_.floor_w), kInf};
    case BatteryPolicy::ramp_limiting:
      return ramp(t, load);
    }
    return {0.0, kInf};
  }

  /// A demand response target in force at t overrides the policy: the battery discharges at least
  /// load - target (within its rating and charge).
  std::pair<double, double> limited(double t, double load, std::pair<double, double> decided) {
    for (const auto& lim : c_.grid_limits) {
      if (t >= lim.start_s && t < lim.end_s && load - decided.first > lim.max_w) {
        const double b = std::max(decided.first, feasible(load - lim.max_w));
        if (c_.policy == BatteryPolicy::ramp_limiting)
          grid_ = load - b; // the staircase resumes from where the event leaves the grid
        decided.first = b;
      }
    }
    return decided;
  }

  /// The next start or end of a grid limit after t.
  [[nodiscard]] double next_limit_boundary(double t) const {
    double next = kInf;
    for (const auto& lim : c_.grid_limits) {
      if (lim.start_s > t)
        next = std::min(next, lim.start_s);
      else if (lim.end_s > t)
        next = std::min(next, lim.end_s);
    }
    return next;
  }

  /// Ramp limiting: the grid moves toward its target (the load, plus a recharge toward the target
  /// state of charge) by at most max_step per window; the battery holds the difference.
  std::pair<double, double> ramp(double t, double load) {
    // Recharge (or discharge) toward the target state of charge once it is off by more than a dead band,
    // with hysteresis, so a flat load costs no events: 1 % of the capacity plus one window of restoring.
    const double e_target = c_.soc_initial * c_.capacity_j;
    const double restore_w = std::min(c_.max_step_w, c_.power_w);
    const double band = 0.01 * c_.capacity_j + restore_w * c_.ramp_window_s / eta_;
    const double tol = 1e-9 * c_.capacity_j;
    if (restoring_ == 0 && std::abs(e_ - e_target) > band)
      restoring_ = e_ < e_target ? 1 : -1;
    else if ((restoring_ > 0 && e_ >= e_target - tol) || (restoring_ < 0 && e_ <= e_target + tol))
      restoring_ = 0;
    const double target = load + restoring_ * restore_w;
    double until = kInf;
    if (grid_ != target) {
      if (t - last_step_t_ >= c_.ramp_window_s * (1 - 1e-12)) {
        grid_ += std::clamp(target - grid_, -c_.max_step_w, c_.max_step_w);
        last_step_t_ = t;
      }
      if (grid_ != target)
        until = last_step_t_ + c_.ramp_window_s;
    }
    const double wanted = load - grid_;
    const double b = feasible(wanted);
    // The battery cannot hold the difference (rating or charge): the grid takes it, breaking the ramp.
    if (b != wanted)
      grid_ = load - b;
    // When restoring, stop at the target's exact crossing.
    const double rate = b > 0 ? -b / eta_ : -b * eta_;
    if (restoring_ != 0 && rate != 0 && (e_target - e_) / rate > 0)
      until = std::min(until, t + (e_target - e_) / rate);
    return {b, until};
  }

  void record(double t, double grid, double b) {
    out_.grid_w.set(t, grid);
    out_.battery_w.set(t, b);
    out_.soc.set(t, c_.capacity_j > 0 ? e_ / c_.capacity_j : 0.0);
  }

  BatteryConfig c_;
  double t_end_;
  double eta_ = 1, e_ = 0, e_min_ = 0, e_max_ = 0;
  // The segment in progress: from t_ at battery power b_ (dE/dt = rate_) until until_, where the
  // stored energy is limit_e_ if a charge limit ends it; l_ the load, i_ the next load point.
  bool started_ = false, open_ = false;
  double t_ = 0, b_ = 0, rate_ = 0, until_ = 0, limit_e_ = 0, l_ = 0;
  std::size_t i_ = 0;
  double grid_ = 0;
  double last_step_t_ = 0;
  int restoring_ = 0; ///< ramp limiting: +1 recharging, -1 discharging toward the target, 0 neither
  std::size_t guard_ = 0;
  BatteryResult out_;
};

} // namespace

namespace {
void check(const BatteryConfig& config) {
  if (!(config.capacity_j > 0) || !(config.power_w > 0))
    throw std::invalid_argument("battery: capacity and power must be positive");
  if (!(config.round_trip_efficiency > 0 && config.round_trip_efficiency <= 1))
    throw std::invalid_argument("battery: round-trip efficiency must be in (0, 1]");
  if (!(0 <= config.soc_min && config.soc_min < config.soc_max && config.soc_max <= 1 &&
        config.soc_min <= config.soc_initial && config.soc_initial <= config.soc_max))
    throw std::invalid_argument("battery: need 0 <= soc_min <= soc_initial <= soc_max <= 1, soc_min < soc_max");
  if (config.policy == BatteryPolicy::ramp_limiting && !(config.max_step_w > 0 && config.ramp_window_s > 0))
    throw std::invalid_argument("battery: ramp limiting needs a positive step and window");
}
} // namespace

BatteryResult run_battery(const BatteryConfig& config, const StepSeries& load_w, double t_end_s) {
  check(config);
  return Battery(config, t_end_s).finish(load_w);
}

struct BatteryRun::Impl : Battery {
  using Battery::Battery;
};

BatteryRun::BatteryRun(const BatteryConfig& config, double t_end_s) {
  check(config);
  impl_ = std::make_unique<Impl>(config, t_end_s);
}
BatteryRun::BatteryRun(BatteryRun&&) noexcept = default;
BatteryRun& BatteryRun::operator=(BatteryRun&&) noexcept = default;
BatteryRun::~BatteryRun() = default;

void BatteryRun::advance(const StepSeries& load_w, double before_s) { impl_->advance(load_w, before_s); }
double BatteryRun::power_w() const { return impl_->power_w(); }
double BatteryRun::segment_end_s() const { return impl_->segment_end_s(); }
double BatteryRun::loss_w(double battery_w) const { return impl_->loss_w(battery_w); }
const StepSeries& BatteryRun::battery_w() const { return impl_->battery_w(); }
BatteryResult BatteryRun::finish(const StepSeries& load_w) { return impl_->finish(load_w); }

} // namespace wattsim::models
