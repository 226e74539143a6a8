#pragma once
// What a facility does at its design conditions (`wattsim check`): the plant run at design IT heat in
// its design weather until it settles, and whether the GPUs would throttle there. A design that
// throttles at the conditions it was sized for is a design error worth a warning before a year is
// simulated.

#include "sim/scenario.hpp"

namespace wattsim::sim {

struct DesignCheck {
  bool plant = false;             ///< false for a fixed PUE (nothing to check)
  double dry_bulb_c = 0, wet_bulb_c = 0;
  double it_heat_w = 0, liquid_heat_w = 0;
  double server_inlet_c = 0;
  double coolant_supply_c = 0;    ///< NaN without a liquid loop
  double cooling_w = 0;           ///< plant electric power at design
  bool inlet_throttles = false;   ///< server inlet above the facility's inlet limit
  bool coolant_throttles = false; ///< cold-plate coolant above the coolant limit
  [[nodiscard]] bool throttles() const { return inlet_throttles || coolant_throttles; }
};

/// Steps the scenario's plant for `settle_s` at its design IT heat (every node at nameplate, the
/// liquid share from the liquid-cooled partitions) in constant design weather.
DesignCheck design_check(const Scenario& scenario, double settle_s = 6 * 3600.0);

} // namespace wattsim::sim
