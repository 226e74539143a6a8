#pragma once
// Private: the two plant implementations behind make_air_plant / make_liquid_plant. Exposed to the
// tests through this header for sizing checks; the engine uses plant.hpp only.

#include "models/cooling/plant.hpp"
#include "models/thermal/rc_network.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <stdexcept>
#include <string>

namespace wattsim::models::detail {

/// Adds `part` (a sub-interval of weight `w` = its share of the step) into `sum`: averaged fields
/// are weighted, water and stored heat added.
void accumulate(PlantStep& sum, const PlantStep& part, double w);
/// Adds a second plant's step over the same interval (powers, heat and water add up).
void add_plant(PlantStep& sum, const PlantStep& other);
/// Guards against a weather unit slip (RH in percent instead of a fraction).
inline bool ambient_ok(const Ambient& a) { return a.relative_humidity >= 0.0 && a.relative_humidity <= 1.0; }
/// Free-cooling share from free_cooled_w and heat_removed_w.
void finish(PlantStep& s);
/// Heat to take out of `node` during a step `h` so that it ends at `target_c`, the other inputs
/// being those in `q` (the dead-beat controller; exact on the linear network).
double extract_for_target(RcNetwork& net, int node, double target_c, const double* q, double h);

/// An air-side plant's step: checks its inputs, splits `dt_s` into substeps of at most `max_substep_s`
/// and averages `substep(q_air_w, ambient, h)` over them (all IT heat goes to the air).
template <class Substep>
PlantStep air_side_step(const char* who, const PlantLoad& load, const Ambient& a, double dt_s, double max_substep_s,
                        Substep&& substep) {
  if (!(dt_s > 0) || !std::isfinite(dt_s))
    throw std::invalid_argument(std::string(who) + "::step: dt must be positive and finite");
  if (!ambient_ok(a))
    throw std::invalid_argument(std::string(who) + "::step: relative humidity must be a fraction in [0, 1]");
  const double q_air = std::max(0.0, load.heat_to_air_w) + std::max(0.0, load.heat_to_liquid_w);
  const int n = std::max(1, static_cast<int>(std::ceil(dt_s / max_substep_s - 1e-9)));
  const double h = dt_s / n;
  PlantStep sum;
  for (int i = 0; i < n; ++i)
    accumulate(sum, substep(q_air, a, h), 1.0 / n);
  finish(sum);
  return sum;
}

/// The room side of a CRAH or CRAC step: the fans follow the load at the design air ΔT; when the room
/// is above the return temperature that load implies, variable-speed fans speed up just enough (up to
/// design flow) for the coil to pull it back. Sets q[room] to the IT and fan heat.
struct RoomAir {
  double mass_flow_kg_s = 0, fan_w = 0;
  double coil_request_w = 0; ///< heat that would bring the room to its target by the end of the step
};
RoomAir room_air(const Crah& crah, RcNetwork& net, int room, double q_air_w, double rho, double t_room0_c,
                 double t_supply_min_c, double* q, double h);

/// Heat an air-side economizer takes out of `q_want_w` (air at `m_air_kg_s` leaving a room at
/// `t_room_c`): all of it while outdoor air is at or below the supply setpoint, else what outdoor air at
/// `t_out_c` can absorb by mixing it in (docs/models/cooling.md, "Air plant").
inline double economizer_heat_w(double q_want_w, double m_air_kg_s, double cp_j_kgk, double t_room_c, double t_out_c,
                                double supply_setpoint_c) {
  if (t_out_c <= supply_setpoint_c)
    return q_want_w;
  return std::min(q_want_w, std::max(0.0, m_air_kg_s * cp_j_kgk * (t_room_c - t_out_c)));
}

class AirPlant final : public CoolingPlant {
 public:
  explicit AirPlant(const AirPlantConfig& config);
  PlantStep step(const PlantLoad& load, const Ambient& ambient, double dt_s) override;
  void set_fault(PlantFault fault, bool active) override;
  [[nodiscard]] bool fault(PlantFault fault) const override;
  [[nodiscard]] PlantState state() const override;
  void set_state(const PlantState& state) override;
  [[nodiscard]] double design_it_w() const override { return cfg_.design_it_w; }

  struct Sizing {
    double air_flow_kg_s, crah_fan_w, room_capacitance_j_per_k;
    double chw_flow_kg_s, chw_pump_w, chw_capacitance_j_per_k, design_cooling_w;
    double chiller_reference_capacity_w, design_cop;
    double tower_heat_w, tower_fan_w, cw_flow_kg_s, cw_pump_w;
  };
  [[nodiscard]] const Sizing& sizing() const { return sz_; }
  [[nodiscard]] const AirPlantConfig& config() const { return cfg_; }

 private:
  struct Design;
  static Design design(const AirPlantConfig& config);
  AirPlant(const AirPlantConfig& config, const Design& design);
  struct Bank {
    double evaporator_w = 0, electric_w = 0, condenser_w = 0, unmet_w = 0;
    int on = 0;
  };
  struct Solve {
    double q_wse = 0, q_chiller = 0, chiller_w = 0, chiller_unmet = 0;
    double cw_pump_w = 0, t_wse_out = 0, t_cw = 0;
    double q_cond_air = 0; ///< air-cooled condensers: heat straight to the outdoor air
    TowerResult tower{};
  };
  Bank run_chillers(double q_w, double t_cond_c) const;
  double cw_setpoint_c(double wet_bulb_c) const;
  Solve solve_plant(double q_req, double t_return, double c_chw, const Ambient& a);
  PlantStep substep(double q_air, const Ambient& a, double h);

  AirPlantConfig cfg_;
  Sizing sz_{};
  Crah crah_;
  Pump chw_pump_, cw_pump_;
  Chiller chiller_;
  CoolingTower tower_;
  WaterSideEconomizer wse_;
  RcNetwork net_;
  int room_ = -1, mass_ = -1, chw_ = -1;
  bool wse_initialized_ = false;
  double t_cw_last_;
  bool chiller_trip_ = false, tower_fan_failure_ = false;
};

class LiquidPlant final : public CoolingPlant {
 public:
  explicit LiquidPlant(const LiquidPlantConfig& config);
  PlantStep step(const PlantLoad& load, const Ambient& ambient, double dt_s) override;
  void set_fault(PlantFault fault, bool active) override;
  [[nodiscard]] bool fault(PlantFault fault) const override;
  [[nodiscard]] PlantState state() const override;
  void set_state(const PlantState& state) override;
  [[nodiscard]] double design_it_w() const override { return cfg_.design_it_w; }

  struct Sizing {
    double liquid_heat_w, facility_setpoint_c, tcs_setpoint_c;
    double tcs_flow_m3_s, cdu_pump_w, tcs_capacitance_j_per_k;
    double fw_flow_kg_s, fw_pump_w, fw_capacitance_j_per_k, rejection_heat_w;
    double rejection_capacity_at_design_w, trim_reference_capacity_w, adiabatic_switch_c;
  };
  [[nodiscard]] const Sizing& sizing() const { return sz_; }
  [[nodiscard]] const AirPlant* residual_air() const { return air_ ? &*air_ : nullptr; }

 private:
  struct Design;
  static Design design(const LiquidPlantConfig& config);
  LiquidPlant(const LiquidPlantConfig& config, const Design& design);
  PlantStep substep(double q_liq, const Ambient& a, double h);

  LiquidPlantConfig cfg_;
  Sizing sz_{};
  Cdu cdu_;
  Pump fw_pump_;
  std::optional<DryCooler> dry_;
  std::optional<CoolingTower> tower_;
  std::optional<Chiller> trim_;
  std::optional<AirPlant> air_;
  RcNetwork net_;
  int tcs_ = -1, fw_ = -1;
  bool chiller_trip_ = false, cdu_failure_ = false, fan_failure_ = false;
};

class DxPlant final : public CoolingPlant {
 public:
  explicit DxPlant(const DxPlantConfig& config);
  PlantStep step(const PlantLoad& load, const Ambient& ambient, double dt_s) override;
  void set_fault(PlantFault fault, bool active) override;
  [[nodiscard]] bool fault(PlantFault fault) const override;
  [[nodiscard]] PlantState state() const override;
  void set_state(const PlantState& state) override;
  [[nodiscard]] double design_it_w() const override { return cfg_.design_it_w; }

  struct Sizing {
    double air_flow_kg_s, crac_fan_w, room_capacitance_j_per_k;
    double design_coil_w, design_entering_wet_bulb_c, rated_capacity_w, design_cop;
  };
  [[nodiscard]] const Sizing& sizing() const { return sz_; }

 private:
  PlantStep substep(double q_air, const Ambient& a, double h);
  DxPlantConfig cfg_;
  Sizing sz_{};
  Crah crac_;
  std::optional<DxCoil> coil_;
  RcNetwork net_;
  int room_ = -1;
  bool compressor_trip_ = false;
};

} // namespace wattsim::models::detail
