#pragma once
// The facility controller actor: every facility step (10-60 s of simulated time) it reads the IT
// heat of the step that just ended from the ledger and the cluster's state integrals, steps the
// cooling plant in the weather of that moment, walks the power distribution graph for its losses,
// and throttles the GPUs (their host pstate) when server inlet or coolant exceed the hardware limits,
// so a hot hall makes training slower, not just cooler. Design: docs/engine.md, "Facility".

#include "models/cooling/plant.hpp"
#include "models/power/distribution.hpp"
#include "sim/context.hpp"

#include <array>
#include <memory>
#include <vector>

namespace wattsim::sim {

class RackBatteryBank;

class FacilityController {
public:
  explicit FacilityController(Context& ctx);
  ~FacilityController();

  /// The actor body: a step every scenario.facility.step_s until the simulation stops.
  void run();
  /// After the simulation: accounts the last (partial) step up to t_end and closes the series.
  void finish(double t_end);

private:
  void step(double t0, double t1, bool may_throttle);
  void update_fan_response(double inlet_c);
  void set_throttle(int level, double now);

  Context& ctx_;
  const Facility& spec_;
  std::unique_ptr<models::CoolingPlant> plant_;
  std::unique_ptr<models::PowerDistribution> distribution_;
  double t_last_ = 0;
  double host_energy_last_j_ = 0;
  std::vector<std::vector<double>> node_seconds_last_; ///< [partition][state slot], off last
  std::vector<std::vector<double>> fan_delta_w_;       ///< per node, by state: power at the inlet - table power
  double fan_inlet_c_ = -1000;
  std::array<double, models::kPlantComponentCount> cooling_j_{}; ///< by plant component
  std::vector<double> element_loss_j_;                 ///< by power-distribution element
  double server_inlet_c_;
  double loss_heat_inside_w_ = 0; ///< last step's distribution losses inside the cooled space (white space + electrical room)
  int level_ = 0;
  int calm_steps_ = 0;
  std::unique_ptr<RackBatteryBank> rack_batteries_; ///< with a rack_battery in some partition
};

} // namespace wattsim::sim
