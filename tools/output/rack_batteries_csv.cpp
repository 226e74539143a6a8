#include "tools/output/rack_batteries_csv.hpp"

#include "models/grid/limit_excess.hpp"
#include "sim/recorder.hpp"

namespace wattsim::output {

namespace {
constexpr double kJPerKWh = 3.6e6;
} // namespace

std::vector<RackBatteryStats> rack_battery_stats(const sim::RunResult& r) {
  std::vector<RackBatteryStats> out;
  const double end = r.simulated_s;
  for (const auto& rb : r.rack_batteries) {
    RackBatteryStats s;
    const auto before = sim::power_swings(rb.it_w, end);
    const auto after = sim::power_swings(rb.battery.grid_w, end);
    s.largest_step_before_w = before.largest_step_w;
    s.largest_step_after_w = after.largest_step_w;
    s.max_ramp_1min_before_w_per_s = before.max_ramp_1min_w_per_s;
    s.max_ramp_1min_after_w_per_s = after.max_ramp_1min_w_per_s;
    if (rb.limit_w > 0) {
      s.above_limit_before_s = models::time_above_s(rb.it_w, rb.limit_w, 0.0, end);
      s.above_limit_after_s = models::time_above_s(rb.battery.grid_w, rb.limit_w, 0.0, end);
    }
    s.it_j = rb.it_w.integral(0.0, end);
    s.feed_j = rb.battery.grid_w.integral(0.0, end);
    out.push_back(s);
  }
  return out;
}

void RackBatteriesCsv::write(const RunView& run, std::ostream& out) const {
  const auto& r = run.result;
  CsvWriter csv(out, {"rack", "it_kwh", "feed_kwh", "largest_step_before_kw", "largest_step_after_kw",
                      "max_ramp_1min_before_kw_per_s", "max_ramp_1min_after_kw_per_s", "limit_kw",
                      "hours_above_limit_before", "hours_above_limit_after", "charged_kwh", "discharged_kwh",
                      "smoothing_losses_kwh", "equivalent_full_cycles", "soc_end"});
  const auto stats = rack_battery_stats(r);
  for (std::size_t i = 0; i < stats.size(); ++i) {
    const auto& rb = r.rack_batteries[i];
    const auto& s = stats[i];
    csv.text(r.rack_names[rb.rack])
        .number(s.it_j / kJPerKWh)
        .number(s.feed_j / kJPerKWh)
        .number(s.largest_step_before_w / 1e3)
        .number(s.largest_step_after_w / 1e3)
        .number(s.max_ramp_1min_before_w_per_s / 1e3)
        .number(s.max_ramp_1min_after_w_per_s / 1e3)
        .number(rb.limit_w / 1e3)
        .number(s.above_limit_before_s / 3600.0)
        .number(s.above_limit_after_s / 3600.0)
        .number(rb.battery.charged_j / kJPerKWh)
        .number(rb.battery.discharged_j / kJPerKWh)
        .number(rb.battery.losses_j / kJPerKWh)
        .number(rb.battery.equivalent_full_cycles)
        .number(rb.battery.soc_end)
        .end_row();
  }
}

} // namespace wattsim::output
