#pragma once
// The power states (SimGrid pstates) of one partition's nodes. Each pstate is one operating point
// of the node model (what the accelerators do, host active or not, power cap); its wattage and
// speed come from models/hardware/node_power. All operating points a run needs are known before the
// platform is sealed, so each host is created with the full table.

#include "models/hardware/node_power.hpp"
#include "sim/scenario.hpp"

#include <string>
#include <vector>

namespace wattsim::sim {

using PState = int;
inline constexpr PState kOff = -1; ///< the host is turned off

class PowerStates {
public:
  explicit PowerStates(const Partition& partition);

  /// Index of an operating point, added if new. Only before the platform is built.
  PState add(const models::NodeOperatingPoint& op);
  /// Index of an existing operating point; throws if absent.
  [[nodiscard]] PState find(const models::NodeOperatingPoint& op) const;

  [[nodiscard]] std::size_t size() const { return ops_.size(); }
  [[nodiscard]] const models::NodeOperatingPoint& op(PState p) const { return ops_.at(static_cast<std::size_t>(p)); }
  [[nodiscard]] const models::NodePower& power(PState p) const { return power_.at(static_cast<std::size_t>(p)); }
  [[nodiscard]] double watts(PState p) const { return p == kOff ? off_w_ : power_[static_cast<std::size_t>(p)].input_w; }
  [[nodiscard]] double liquid_heat_w(PState p) const {
    return p == kOff ? 0.0 : power_[static_cast<std::size_t>(p)].heat_to_liquid_w;
  }
  [[nodiscard]] double off_w() const { return off_w_; }
  /// Node compute rate in this state (FLOP/s at the job precision's peak, scaled by throughput).
  [[nodiscard]] double speed_flop_s(PState p) const;

  /// SimGrid host properties: "wattage_per_state" (idle = full: power is set by the state, not by
  /// SimGrid's load) and "wattage_off"; doubles printed to round-trip exactly.
  [[nodiscard]] std::string wattage_per_state() const;
  [[nodiscard]] std::string wattage_off() const;
  [[nodiscard]] std::vector<double> speeds() const;

  // Operating points every partition has.
  [[nodiscard]] models::NodeOperatingPoint idle_op() const;
  [[nodiscard]] models::NodeOperatingPoint booting_op() const;
  [[nodiscard]] models::NodeOperatingPoint waiting_op() const;
  [[nodiscard]] models::NodeOperatingPoint training_op(const models::ActivityMix& mix, int throttle_level = 0) const;
  /// The same operating point at another server inlet temperature (the facility's fan response).
  [[nodiscard]] models::NodePower power_at_inlet(PState p, double inlet_c) const;

  /// Accelerator caps of the facility's thermal throttling levels (level k >= 1 uses caps[k - 1]),
  /// as fractions of TDP. Set before operating points are registered.
  void set_throttle_caps(const std::vector<double>& fractions) { throttle_fractions_ = fractions; }
  [[nodiscard]] int throttle_levels() const { return static_cast<int>(throttle_fractions_.size()); }

  PState idle = 0;
  PState booting = 0;
  PState waiting = 0;

private:
  const Partition* partition_;
  std::vector<models::NodeOperatingPoint> ops_;
  std::vector<models::NodePower> power_;
  double off_w_ = 0;
  double peak_flop_s_ = 0;
  std::vector<double> throttle_fractions_;
};

} // namespace wattsim::sim
