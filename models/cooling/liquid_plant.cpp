// Liquid plant: CDU (technology cooling system) → facility water loop (ASHRAE W-class) → heat
// rejection {dry cooler | tower | hybrid}, an air-cooled trim chiller when the ambient cannot hold
// the facility setpoint, and the residual air heat through its own small air plant
// (docs/models/cooling.md, "Liquid plant").

#include "models/cooling/plant_impl.hpp"
#include "models/cooling/properties.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace wattsim::models::detail {

struct LiquidPlant::Design {
  CduConfig cdu;
  PumpConfig fw_pump;
  std::optional<DryCoolerConfig> dry;
  std::optional<CoolingTowerConfig> tower;
  std::optional<ChillerConfig> trim;
  std::optional<AirPlantConfig> air;
  Sizing sz{};
};

LiquidPlant::Design LiquidPlant::design(const LiquidPlantConfig& c) {
  if (!(c.design_it_w > 0))
    throw std::invalid_argument("LiquidPlant: design IT power must be positive");
  if (!(c.liquid_fraction > 0 && c.liquid_fraction <= 1))
    throw std::invalid_argument("LiquidPlant: liquid fraction must be in (0, 1]");
  if (!(c.facility_delta_t_k > 0) || !(c.facility_loop_circulation_s > 0) || !(c.tcs_loop_circulation_s > 0))
    throw std::invalid_argument("LiquidPlant: bad loop parameters");
  Design d;
  auto& sz = d.sz;
  sz.liquid_heat_w = c.liquid_fraction * c.design_it_w;
  sz.facility_setpoint_c = std::isnan(c.facility_supply_setpoint_c) ? liquid_class_info(c.liquid_class).max_supply_c
                                                                    : c.facility_supply_setpoint_c;
  // CDU and TCS loop.
  d.cdu = c.cdu;
  d.cdu.design_liquid_heat_w = sz.liquid_heat_w;
  const Cdu cdu(d.cdu);
  sz.tcs_setpoint_c = sz.facility_setpoint_c + d.cdu.hx_approach_k;
  sz.tcs_flow_m3_s = cdu.design_flow_m3_s();
  sz.cdu_pump_w = cdu.design_pump_power_w();
  sz.tcs_capacitance_j_per_k =
      c.tcs_loop_circulation_s * sz.tcs_flow_m3_s * props::kWaterDensity * props::kWaterCp;
  // Facility water loop: carries the CDU heat (liquid + CDU pumps) plus its own pump heat.
  d.fw_pump = c.facility_pump;
  const double fw_pump_heat_per_kg = d.fw_pump.design_head_pa / (props::kWaterDensity * d.fw_pump.efficiency);
  const double q_cdu_d = sz.liquid_heat_w + sz.cdu_pump_w;
  sz.fw_flow_kg_s = q_cdu_d / (props::kWaterCp * c.facility_delta_t_k - fw_pump_heat_per_kg);
  d.fw_pump.design_flow_m3_s = sz.fw_flow_kg_s / props::kWaterDensity;
  sz.fw_pump_w = pump_power_w(d.fw_pump.design_flow_m3_s, d.fw_pump.design_head_pa, d.fw_pump.efficiency);
  sz.rejection_heat_w = q_cdu_d + sz.fw_pump_w;
  sz.fw_capacitance_j_per_k = c.facility_loop_circulation_s * sz.fw_flow_kg_s * props::kWaterCp;
  // Heat rejection, sized for the loop's design heat at its design range; its capacity at the
  // design ambient sets the trim chiller.
  const double t_return_d = sz.facility_setpoint_c + c.facility_delta_t_k;
  if (c.heat_rejection == HeatRejection::tower) {
    d.tower = c.tower;
    d.tower->design_heat_w = sz.rejection_heat_w;
    d.tower->design_range_k = c.facility_delta_t_k;
    d.tower->design_wet_bulb_c = c.design_wet_bulb_c;
    const CoolingTower tw(*d.tower);
    sz.rejection_capacity_at_design_w = tw.capacity_w(c.design_wet_bulb_c, sz.facility_setpoint_c, sz.fw_flow_kg_s);
    sz.adiabatic_switch_c = PlantState::kNone;
  } else {
    d.dry = c.dry_cooler;
    d.dry->design_heat_w = sz.rejection_heat_w;
    d.dry->design_range_k = c.facility_delta_t_k;
    d.dry->adiabatic = c.heat_rejection == HeatRejection::hybrid;
    d.dry->adiabatic_switch_dry_bulb_c = std::isnan(c.adiabatic_switch_dry_bulb_c)
                                             ? sz.facility_setpoint_c - d.dry->design_approach_k
                                             : c.adiabatic_switch_dry_bulb_c;
    sz.adiabatic_switch_c = d.dry->adiabatic ? d.dry->adiabatic_switch_dry_bulb_c : PlantState::kNone;
    const DryCooler dc(*d.dry);
    double air_in = c.design_dry_bulb_c;
    if (d.dry->adiabatic && c.design_dry_bulb_c >= d.dry->adiabatic_switch_dry_bulb_c)
      air_in -= d.dry->saturation_effectiveness * (c.design_dry_bulb_c - c.design_wet_bulb_c);
    sz.rejection_capacity_at_design_w = dc.heat_at_airflow_w(1.0, t_return_d, sz.fw_flow_kg_s, air_in);
  }
  const double shortfall = sz.rejection_heat_w - sz.rejection_capacity_at_design_w;
  if (c.trim_chiller && shortfall > 0) {
    ChillerConfig t;
    t.curves = c.trim_curves;
    t.condenser = CondenserType::air_cooled;
    t.condenser_fan_power_ratio = c.trim_condenser_fan_power_ratio;
    t.reference_capacity_w = 1.0;
    const double capft = Chiller(t).capft(sz.facility_setpoint_c, c.design_dry_bulb_c);
    t.reference_capacity_w = c.trim_capacity_margin * shortfall / capft;
    sz.trim_reference_capacity_w = t.reference_capacity_w;
    d.trim = t;
  }
  const double q_air = (1.0 - c.liquid_fraction) * c.design_it_w + std::max(0.0, c.residual_air_other_heat_w);
  if (q_air > 0) {
    d.air = c.residual_air;
    d.air->design_it_w = q_air;
    d.air->design_dry_bulb_c = c.design_dry_bulb_c;
    d.air->design_wet_bulb_c = c.design_wet_bulb_c;
  }
  return d;
}

LiquidPlant::LiquidPlant(const LiquidPlantConfig& config) : LiquidPlant(config, design(config)) {}

LiquidPlant::LiquidPlant(const LiquidPlantConfig& config, const Design& d)
    : cfg_(config), sz_(d.sz), cdu_(d.cdu), fw_pump_(d.fw_pump) {
  if (d.dry)
    dry_.emplace(*d.dry);
  if (d.tower)
    tower_.emplace(*d.tower);
  if (d.trim)
    trim_.emplace(*d.trim);
  if (d.air)
    air_.emplace(*d.air);
  tcs_ = net_.add_node(sz_.tcs_capacitance_j_per_k, sz_.tcs_setpoint_c);
  fw_ = net_.add_node(sz_.fw_capacitance_j_per_k, sz_.facility_setpoint_c);
}

PlantStep LiquidPlant::substep(double q_liq, const Ambient& a, double h) {
  PlantStep o;
  double q[RcNetwork::kMaxNodes] = {};
  const double t_tcs0 = net_.temperature_c(tcs_), t_fw0 = net_.temperature_c(fw_);
  const double fw_set = sz_.facility_setpoint_c;

  // TCS node: the CDU HX brings the coolant to its supply setpoint, within its capacity against
  // the facility water (nothing without pumps).
  const CduResult cdu = cdu_.run(q_liq, t_tcs0, t_fw0, !cdu_failure_);
  q[tcs_] = q_liq + cdu.pump_w;
  const double q_cdu_req = std::max(0.0, extract_for_target(net_, tcs_, sz_.tcs_setpoint_c, q, h));
  const double q_cdu = std::min(q_cdu_req, cdu.max_transfer_w);
  q[tcs_] -= q_cdu;

  // Facility water node: variable-speed pumps at the design ΔT; heat rejection then trim chiller.
  const double flow_per_w = 1.0 / (props::kWaterDensity * props::kWaterCp * cfg_.facility_delta_t_k);
  double frac = fw_pump_.flow_fraction(q_cdu * flow_per_w);
  double p_fw = fw_pump_.power_at_fraction_w(frac);
  q[fw_] = q_cdu + p_fw;
  double q_hr_req = std::max(0.0, extract_for_target(net_, fw_, fw_set, q, h));
  if (q_hr_req > 0 && frac == 0) {
    frac = fw_pump_.config().min_flow_fraction;
    p_fw = fw_pump_.power_at_fraction_w(frac);
    q[fw_] = q_cdu + p_fw;
    q_hr_req = std::max(0.0, extract_for_target(net_, fw_, fw_set, q, h));
  }
  const double m_fw = frac * sz_.fw_flow_kg_s;
  const double t_ret = m_fw > 0 ? t_fw0 + (q_cdu + p_fw) / (m_fw * props::kWaterCp) : t_fw0;

  double q_hr = 0, pad_evap_kg_s = 0;
  WaterRates tower_w{};
  if (q_hr_req > 0 && m_fw > 0) {
    if (dry_) {
      const DryCoolerResult r = dry_->run(q_hr_req, t_ret, m_fw, a.dry_bulb_c, a.wet_bulb_c, !fan_failure_);
      q_hr = r.heat_w;
      o.dry_cooler_fan_w = r.fan_power_w;
      pad_evap_kg_s = r.water_evaporated_kg_s;
    } else {
      TowerResult tw = tower_->run(q_hr_req, a.wet_bulb_c, fw_set, m_fw, !fan_failure_);
      q_hr = q_hr_req;
      if (tw.leaving_c > fw_set + 1e-9) {
        // Cannot hold the setpoint: it rejects what leaves at the loop's present temperature.
        q_hr = std::min(q_hr_req, tower_->capacity_w(a.wet_bulb_c, std::max(fw_set, t_fw0), m_fw, !fan_failure_));
        tw = tower_->run(q_hr, a.wet_bulb_c, fw_set, m_fw, !fan_failure_);
      }
      o.tower_fan_w = tw.fan_power_w;
      tower_w = tower_water_rates(cfg_.water, tw.heat_w, tw.leaving_c + 0.5 * tw.range_k,
                                  tower_->design_water_flow_kg_s(), tw.airflow_ratio, a.dry_bulb_c,
                                  a.relative_humidity);
    }
  }
  double q_trim = 0, trim_cond = 0;
  const double rest = q_hr_req - q_hr;
  if (rest > 0 && trim_ && !chiller_trip_) {
    const ChillerResult r = trim_->run(rest, fw_set, a.dry_bulb_c);
    q_trim = r.evaporator_w;
    trim_cond = r.condenser_w;
    o.trim_chiller_w = r.electric_w;
  }
  q[fw_] -= q_hr + q_trim;

  double mean[RcNetwork::kMaxNodes];
  const RcNetwork::StepResult st = net_.step(q, h, mean);

  o.cdu_pump_w = cdu.pump_w;
  o.facility_water_pump_w = p_fw;
  o.heat_rejected_w = q_hr + trim_cond;
  const WaterRates pads = water_balance(pad_evap_kg_s, 0.0, cfg_.water.cycles_of_concentration);
  o.water_evaporated_kg = (tower_w.evaporation_kg_s + pads.evaporation_kg_s) * h;
  o.water_blowdown_kg = (tower_w.blowdown_kg_s + pads.blowdown_kg_s) * h;
  o.water_drift_kg = (tower_w.drift_kg_s + pads.drift_kg_s) * h;
  o.water_makeup_kg = (tower_w.makeup_kg_s + pads.makeup_kg_s) * h;
  o.coolant_supply_c = mean[tcs_];
  o.facility_water_supply_c = mean[fw_];
  o.heat_removed_w = q_hr + q_trim + st.to_boundaries_w;
  o.heat_produced_w = q_liq + cdu.pump_w + p_fw;
  o.stored_heat_j = st.stored_j;
  o.free_cooled_w = q_hr;
  if (q_cdu < q_cdu_req)
    o.capacity_shortfall_w += std::max(0.0, q_liq + cdu.pump_w - q_cdu);
  if (q_hr + q_trim < q_hr_req)
    o.capacity_shortfall_w += std::max(0.0, q_cdu + p_fw - q_hr - q_trim);
  return o;
}

PlantStep LiquidPlant::step(const PlantLoad& load, const Ambient& a, double dt_s) {
  if (!(dt_s > 0) || !std::isfinite(dt_s))
    throw std::invalid_argument("LiquidPlant::step: dt must be positive and finite");
  if (!(ambient_ok(a)))
    throw std::invalid_argument("LiquidPlant::step: relative humidity must be a fraction in [0, 1]");
  double q_liq = std::max(0.0, load.heat_to_liquid_w);
  const double q_air = std::max(0.0, load.heat_to_air_w);
  PlantStep air_step;
  if (air_)
    air_step = air_->step(PlantLoad{q_air, 0.0}, a, dt_s);
  else
    q_liq += q_air; // a fully liquid design (φ = 1) captures its residual air heat in the loop too
  const int n = std::max(1, static_cast<int>(std::ceil(dt_s / cfg_.max_substep_s - 1e-9)));
  const double h = dt_s / n;
  PlantStep sum;
  for (int i = 0; i < n; ++i)
    accumulate(sum, substep(q_liq, a, h), 1.0 / n);
  if (air_) {
    add_plant(sum, air_step);
    sum.economizer_mode = air_step.economizer_mode;
  }
  finish(sum);
  return sum;
}

void LiquidPlant::set_fault(PlantFault f, bool active) {
  switch (f) {
  case PlantFault::chiller_trip:
    chiller_trip_ = active;
    break;
  case PlantFault::cdu_pump_failure:
    cdu_failure_ = active;
    break;
  case PlantFault::tower_fan_failure:
    fan_failure_ = active;
    break;
  }
  if (air_)
    air_->set_fault(f, active);
}

bool LiquidPlant::fault(PlantFault f) const {
  switch (f) {
  case PlantFault::chiller_trip:
    return chiller_trip_;
  case PlantFault::cdu_pump_failure:
    return cdu_failure_;
  case PlantFault::tower_fan_failure:
    return fan_failure_;
  }
  return false;
}

PlantState LiquidPlant::state() const {
  PlantState s = air_ ? air_->state() : PlantState{};
  s.coolant_supply_c = net_.temperature_c(tcs_);
  s.facility_water_supply_c = net_.temperature_c(fw_);
  return s;
}

void LiquidPlant::set_state(const PlantState& s) {
  if (air_)
    air_->set_state(s);
  if (!std::isnan(s.coolant_supply_c))
    net_.set_temperature(tcs_, s.coolant_supply_c);
  if (!std::isnan(s.facility_water_supply_c))
    net_.set_temperature(fw_, s.facility_water_supply_c);
}

} // namespace wattsim::models::detail
