// Air plant: CRAH fans and chilled-water coils, variable-speed chilled-water pumps, water-cooled
// chillers, constant-speed condenser pumps, a variable-speed tower and an integrated water-side
// economizer (docs/models/cooling.md, "Air plant").

#include "models/cooling/plant_impl.hpp"
#include "models/cooling/properties.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace wattsim::models::detail {

struct AirPlant::Design {
  CrahConfig crah;
  PumpConfig chw_pump, cw_pump;
  ChillerConfig chiller;
  CoolingTowerConfig tower;
  Sizing sz{};
};

AirPlant::Design AirPlant::design(const AirPlantConfig& c) {
  if (!(c.design_it_w > 0))
    throw std::invalid_argument("AirPlant: design IT power must be positive");
  if (c.chiller_count < 1 || !(c.chiller_capacity_margin > 0))
    throw std::invalid_argument("AirPlant: need at least one chiller and a positive margin");
  if (!(c.chw_delta_t_k > 0) || !(c.room_time_constant_s > 0) || !(c.chw_loop_circulation_s > 0))
    throw std::invalid_argument("AirPlant: bad loop parameters");
  AirPlant::Design d;
  auto& sz = d.sz;
  // Air side: the CRAH airflow carries IT heat + fan heat at the design air ΔT.
  d.crah = c.crah;
  d.crah.design_heat_w = c.design_it_w;
  const Crah crah(d.crah);
  sz.air_flow_kg_s = crah.design_mass_flow_kg_s();
  sz.crah_fan_w = crah.design_fan_power_w();
  sz.room_capacitance_j_per_k = c.room_time_constant_s * sz.air_flow_kg_s * props::kAirCp;
  // Chilled water: pump heat per kg Δp/(ρη) also warms the loop.
  const double coil_heat = c.design_it_w + sz.crah_fan_w;
  d.chw_pump = c.chw_pump;
  const double chw_pump_heat_per_kg = d.chw_pump.design_head_pa / (props::kWaterDensity * d.chw_pump.efficiency);
  sz.chw_flow_kg_s = coil_heat / (props::kWaterCp * c.chw_delta_t_k - chw_pump_heat_per_kg);
  d.chw_pump.design_flow_m3_s = sz.chw_flow_kg_s / props::kWaterDensity;
  sz.chw_pump_w = pump_power_w(d.chw_pump.design_flow_m3_s, d.chw_pump.design_head_pa, d.chw_pump.efficiency);
  sz.design_cooling_w = coil_heat + sz.chw_pump_w;
  sz.chw_capacitance_j_per_k = c.chw_loop_circulation_s * sz.chw_flow_kg_s * props::kWaterCp +
                               c.chw_storage_m3 * props::kWaterDensity * props::kWaterCp;
  if (c.air_cooled_chillers && c.water_side_economizer)
    throw std::invalid_argument("AirPlant: a water-side economizer needs cooling towers, not air-cooled chillers");
  // Chillers: sized at the design condenser water temperature (tower leaving at design wet-bulb), or
  // at the design dry-bulb for air-cooled machines.
  const double t_cond_d =
      c.air_cooled_chillers
          ? c.design_dry_bulb_c
          : std::max(std::min(c.cw_setpoint_max_c, std::max(c.cw_setpoint_min_c, c.design_wet_bulb_c + c.cw_setpoint_offset_k)),
                     c.design_wet_bulb_c + c.tower.design_approach_k);
  d.chiller.curves = c.chiller_curves;
  d.chiller.reference_capacity_w = 1.0;
  d.chiller.high_pressure_cutout_c = c.air_cooled_chillers ? 1e300 : c.chiller_high_pressure_cutout_c;
  if (c.air_cooled_chillers)
    d.chiller.condenser = CondenserType::air_cooled; // fans inside the curve set's COP
  const double capft_d = Chiller(d.chiller).capft(c.chw_supply_setpoint_c, t_cond_d);
  d.chiller.reference_capacity_w =
      c.chiller_capacity_margin * sz.design_cooling_w / (c.chiller_count * capft_d);
  sz.chiller_reference_capacity_w = d.chiller.reference_capacity_w;
  const ChillerResult at_design =
      Chiller(d.chiller).run(sz.design_cooling_w / c.chiller_count, c.chw_supply_setpoint_c, t_cond_d);
  sz.design_cop = at_design.cop;
  // Tower: rejects the design cooling + compressor work + condenser pump heat, at its design range.
  d.tower = c.tower;
  d.tower.design_wet_bulb_c = c.design_wet_bulb_c;
  d.cw_pump = c.cw_pump;
  const double cw_pump_heat_per_kg = d.cw_pump.design_head_pa / (props::kWaterDensity * d.cw_pump.efficiency);
  const double q_cond = sz.design_cooling_w * (1.0 + 1.0 / sz.design_cop);
  sz.cw_flow_kg_s = q_cond / (props::kWaterCp * d.tower.design_range_k - cw_pump_heat_per_kg);
  d.cw_pump.design_flow_m3_s = sz.cw_flow_kg_s / props::kWaterDensity;
  d.cw_pump.min_flow_fraction = 1.0; // constant speed
  sz.cw_pump_w = pump_power_w(d.cw_pump.design_flow_m3_s, d.cw_pump.design_head_pa, d.cw_pump.efficiency);
  sz.tower_heat_w = q_cond + sz.cw_pump_w;
  d.tower.design_heat_w = sz.tower_heat_w;
  sz.tower_fan_w = d.tower.design_fan_power_fraction * sz.tower_heat_w;
  if (c.air_cooled_chillers) // no tower or condenser water: the sized objects are never run
    sz.tower_heat_w = sz.tower_fan_w = sz.cw_flow_kg_s = sz.cw_pump_w = 0;
  return d;
}

AirPlant::AirPlant(const AirPlantConfig& config) : AirPlant(config, design(config)) {}

AirPlant::AirPlant(const AirPlantConfig& config, const Design& d)
    : cfg_(config), sz_(d.sz), crah_(d.crah), chw_pump_(d.chw_pump), cw_pump_(d.cw_pump), chiller_(d.chiller),
      tower_(d.tower), wse_(config.wse) {
  cfg_.crah = d.crah;
  cfg_.chw_pump = d.chw_pump;
  cfg_.cw_pump = d.cw_pump;
  cfg_.tower = d.tower;
  const double sa = d.crah.supply_air_setpoint_c;
  room_ = net_.add_node(sz_.room_capacitance_j_per_k, sa + d.crah.design_delta_t_k);
  chw_ = net_.add_node(sz_.chw_capacitance_j_per_k, cfg_.chw_supply_setpoint_c);
  if (cfg_.it_mass_j_per_k > 0) {
    mass_ = net_.add_node(cfg_.it_mass_j_per_k, sa + d.crah.design_delta_t_k);
    net_.connect(room_, mass_, cfg_.it_mass_j_per_k / cfg_.it_mass_time_constant_s);
  }
  t_cw_last_ = cw_setpoint_c(cfg_.design_wet_bulb_c);
}

double AirPlant::cw_setpoint_c(double wet_bulb_c) const {
  // Modelica PartialDataCenter: TCWSupSet = min(29.44 °C, max(15.56 °C, T_wb + 3 K)).
  return std::min(cfg_.cw_setpoint_max_c, std::max(cfg_.cw_setpoint_min_c, wet_bulb_c + cfg_.cw_setpoint_offset_k));
}

AirPlant::Bank AirPlant::run_chillers(double q_w, double t_cond_c) const {
  Bank b;
  if (q_w <= 0)
    return b;
  if (chiller_trip_) {
    b.unmet_w = q_w;
    return b;
  }
  const double t_chw = cfg_.chw_supply_setpoint_c;
  const double one = chiller_.available_capacity_w(t_chw, t_cond_c) * cfg_.chiller_curves.plr_max;
  if (!(one > 0)) {
    b.unmet_w = q_w;
    return b;
  }
  // Equal-size chillers staged on one at a time: the fewest that carry the load share it equally.
  const int n = std::clamp(static_cast<int>(std::ceil(q_w / one - 1e-12)), 1, cfg_.chiller_count);
  const ChillerResult r = chiller_.run(q_w / n, t_chw, t_cond_c);
  b.on = n;
  b.evaporator_w = n * r.evaporator_w;
  b.electric_w = n * r.electric_w;
  b.condenser_w = n * r.condenser_w;
  b.unmet_w = n * r.unmet_w;
  return b;
}

AirPlant::Solve AirPlant::solve_plant(double q_req, double t_ret, double c_chw, const Ambient& a) {
  Solve s;
  s.t_wse_out = t_ret;
  s.t_cw = t_cw_last_;
  const double wb = a.wet_bulb_c;
  const double m_cw = tower_.design_water_flow_kg_s();
  if (cfg_.air_cooled_chillers) {
    // Condensers in the outdoor air: nothing to iterate, no tower, no condenser water.
    if (q_req > 0 && c_chw > 0) {
      const Bank b = run_chillers(q_req, a.dry_bulb_c);
      s.q_chiller = b.evaporator_w;
      s.chiller_w = b.electric_w;
      s.chiller_unmet = q_req - b.evaporator_w;
      s.q_cond_air = b.condenser_w;
    }
    return s;
  }
  if (q_req <= 0 || c_chw <= 0) {
    s.tower = tower_.run(0.0, wb, cw_setpoint_c(wb), m_cw, !tower_fan_failure_);
    return s;
  }
  const double eps = cfg_.wse.hx_effectiveness;
  EconomizerMode mode = cfg_.water_side_economizer ? wse_.mode() : EconomizerMode::full_mechanical;
  // With every chiller down the operators put the economizer on whatever it can do.
  if (chiller_trip_ && cfg_.water_side_economizer && mode == EconomizerMode::full_mechanical)
    mode = EconomizerMode::partial_mechanical;
  s.cw_pump_w = cw_pump_.design_power_w();
  const double cutout = chiller_.config().high_pressure_cutout_c;
  const bool fan_ok = !tower_fan_failure_;
  // Fixed point on the tower water temperature: WSE and chillers given T_cw → tower heat → T_cw.
  // The tower's dependence on its load is weak (approach vs range), a few passes settle it. When
  // the tower cannot keep its water below the chillers' high-pressure cutout (a fan failure, an
  // extreme wet-bulb), the chillers unload to the condenser heat the tower can take at the cutout
  // instead of tripping on and off from one step to the next.
  double t_cw = t_cw_last_;
  double q_ch_limit = 1e300;
  for (int it = 0; it < 4; ++it) {
    s.q_wse = mode == EconomizerMode::full_mechanical ? 0.0 : std::clamp(eps * c_chw * (t_ret - t_cw), 0.0, q_req);
    double q_cond = 0;
    Bank b;
    s.q_chiller = s.chiller_w = s.chiller_unmet = 0;
    if (mode != EconomizerMode::free_cooling) {
      const double want = q_req - s.q_wse;
      const double t_cond = std::max(std::min(t_cw, cutout), cfg_.chiller_min_condenser_entering_c);
      b = run_chillers(std::min(want, q_ch_limit), t_cond);
      s.q_chiller = b.evaporator_w;
      s.chiller_w = b.electric_w;
      s.chiller_unmet = want - b.evaporator_w;
      q_cond = b.condenser_w;
    }
    double setpoint = 0;
    if (mode == EconomizerMode::free_cooling)
      setpoint = t_ret - q_req / (eps * c_chw); // tower water the WSE needs to carry the whole load
    else if (mode == EconomizerMode::partial_mechanical)
      setpoint = -1e9; // fan at full speed: every kelvin of tower water is free cooling
    else
      setpoint = cw_setpoint_c(wb);
    s.tower = tower_.run(s.q_wse + q_cond + s.cw_pump_w, wb, setpoint, m_cw, fan_ok);
    t_cw = s.tower.leaving_c;
    if (t_cw > cutout && b.evaporator_w > 0 && q_ch_limit > 1e299) {
      const double q_cond_max = tower_.capacity_w(wb, cutout, m_cw, fan_ok) - s.q_wse - s.cw_pump_w;
      const double cond_per_evap = b.condenser_w / b.evaporator_w;
      q_ch_limit = std::max(0.0, q_cond_max / cond_per_evap);
    }
  }
  s.t_cw = t_cw;
  t_cw_last_ = t_cw;
  s.t_wse_out = t_ret - s.q_wse / c_chw;
  return s;
}

PlantStep AirPlant::substep(double q_air, const Ambient& a, double h) {
  PlantStep o;
  const CrahConfig& cr = crah_.config();
  const double sa_set = cr.supply_air_setpoint_c;
  const double t_room0 = net_.temperature_c(room_), t_s0 = net_.temperature_c(chw_);
  const double rho = props::air_density_kg_m3(a.pressure_pa, sa_set);
  const double cp_a = props::kAirCp;

  // Air-side economizer: outdoor air usable inside the envelope and colder than the room.
  bool econ = false;
  if (cfg_.air_side_economizer)
    econ = a.dry_bulb_c < t_room0 &&
           air_economizer_check(cfg_.air_economizer, a.dry_bulb_c, a.relative_humidity, sa_set).usable;
  const double coil_min = crah_.min_supply_air_c(t_s0);
  const double t_sa_min = econ ? (a.dry_bulb_c <= sa_set ? sa_set : std::min(a.dry_bulb_c, coil_min)) : coil_min;

  // Room node: fans and coil request (room_air, plant.cpp).
  double q[RcNetwork::kMaxNodes] = {};
  const RoomAir ra = room_air(crah_, net_, room_, q_air, rho, t_room0, t_sa_min, q, h);
  const double m_air = ra.mass_flow_kg_s, p_fan = ra.fan_w, q_coil_req = ra.coil_request_w;
  auto capacity = [&](double m) { return std::max(0.0, m * cp_a * (t_room0 - t_sa_min)); };
  // The CRAHs control their supply air: the coil cools all the air it moves down to the supply
  // temperature it can reach (the setpoint, or coil approach above the chilled water), so the servers
  // see supply air whatever the room does. Pulling the room to the target only sets the fan speed
  // (above): a room below target after a load drop warms back at its own pace, the coil never
  // shutting off and handing the servers return air.
  const double q_coil = capacity(m_air);
  const double q_oa = econ ? economizer_heat_w(q_coil, m_air, cp_a, t_room0, a.dry_bulb_c, sa_set) : 0.0;
  const double q_chw_coil = q_coil - q_oa;
  q[room_] -= q_coil;

  // Chilled-water node: variable-speed pumps keep the design ΔT; the plant brings the loop to its
  // supply setpoint.
  const double flow_per_w = 1.0 / (props::kWaterDensity * props::kWaterCp * cfg_.chw_delta_t_k);
  double frac = chw_pump_.flow_fraction(q_chw_coil * flow_per_w);
  double p_chw = chw_pump_.power_at_fraction_w(frac);
  q[chw_] = q_chw_coil + p_chw;
  double q_plant_req = std::max(0.0, extract_for_target(net_, chw_, cfg_.chw_supply_setpoint_c, q, h));
  if (q_plant_req > 0 && frac == 0) {
    frac = chw_pump_.config().min_flow_fraction;
    p_chw = chw_pump_.power_at_fraction_w(frac);
    q[chw_] = q_chw_coil + p_chw;
    q_plant_req = std::max(0.0, extract_for_target(net_, chw_, cfg_.chw_supply_setpoint_c, q, h));
  }
  const double c_chw = frac * sz_.chw_flow_kg_s * props::kWaterCp;
  const double t_ret = c_chw > 0 ? t_s0 + (q_chw_coil + p_chw) / c_chw : t_s0;

  if (cfg_.water_side_economizer && !wse_initialized_) {
    // First step: start in the mode the conditions call for instead of waiting 20 min.
    const double eps = cfg_.wse.hx_effectiveness;
    const TowerResult full = tower_.run(std::max(q_plant_req, 1.0), a.wet_bulb_c, -1e9);
    const double t_pot = wse_leaving_c(t_ret, full.leaving_c, eps);
    const double app = tower_.approach_k(a.wet_bulb_c, full.range_k, tower_.reference_water_flow_ratio(), 1.0);
    EconomizerMode m0 = EconomizerMode::full_mechanical;
    if (t_pot <= cfg_.chw_supply_setpoint_c + cfg_.wse.deadband_partial_to_free_k)
      m0 = EconomizerMode::free_cooling;
    else if (t_ret > a.wet_bulb_c + app + cfg_.wse.deadband_full_to_partial_k)
      m0 = EconomizerMode::partial_mechanical;
    wse_.reset(m0);
    wse_initialized_ = true;
  }
  o.economizer_mode = cfg_.water_side_economizer ? wse_.mode() : EconomizerMode::full_mechanical;

  const Solve s = solve_plant(q_plant_req, t_ret, c_chw, a);
  q[chw_] -= s.q_wse + s.q_chiller;

  double mean[RcNetwork::kMaxNodes];
  const RcNetwork::StepResult st = net_.step(q, h, mean);

  if (cfg_.water_side_economizer) {
    WseSensors sens;
    sens.chw_return_c = t_ret;
    sens.wse_leaving_c = s.t_wse_out;
    sens.chw_supply_setpoint_c = cfg_.chw_supply_setpoint_c;
    sens.wet_bulb_c = a.wet_bulb_c;
    const double range = s.tower.range_k > 0 ? s.tower.range_k : tower_.config().design_range_k;
    sens.tower_approach_k = tower_.approach_k(a.wet_bulb_c, range, tower_.reference_water_flow_ratio(), 1.0);
    wse_.update(sens, h);
  }

  o.crah_fan_w = p_fan;
  o.chilled_water_pump_w = p_chw;
  o.chiller_w = s.chiller_w;
  o.tower_fan_w = s.tower.fan_power_w;
  o.condenser_pump_w = s.tower.heat_w > 0 ? s.cw_pump_w : 0.0;
  o.heat_rejected_w = s.tower.heat_w + s.q_cond_air + q_oa;
  const WaterRates w = tower_water_rates(cfg_.water, s.tower.heat_w, s.tower.leaving_c + 0.5 * s.tower.range_k,
                                         tower_.design_water_flow_kg_s(), s.tower.airflow_ratio, a.dry_bulb_c,
                                         a.relative_humidity);
  o.water_evaporated_kg = w.evaporation_kg_s * h;
  o.water_blowdown_kg = w.blowdown_kg_s * h;
  o.water_drift_kg = w.drift_kg_s * h;
  o.water_makeup_kg = w.makeup_kg_s * h;
  const double t_room = mean[room_];
  const double t_sa = t_room - q_coil / (m_air * cp_a);
  o.server_inlet_c = t_sa + cfg_.recirculation_fraction * (t_room - t_sa);
  o.chilled_water_supply_c = mean[chw_];
  o.heat_removed_w = q_oa + s.q_wse + s.q_chiller + st.to_boundaries_w;
  o.heat_produced_w = q_air + p_fan + p_chw;
  o.stored_heat_j = st.stored_j;
  o.free_cooled_w = q_oa + s.q_wse;
  // Heat that stays in the nodes because the equipment hit its capacity (not the extra a node
  // recovering toward its setpoint asks for).
  if (q_coil < q_coil_req)
    o.capacity_shortfall_w += std::max(0.0, q_air + p_fan - q_coil);
  if (s.q_wse + s.q_chiller < q_plant_req)
    o.capacity_shortfall_w += std::max(0.0, q_chw_coil + p_chw - s.q_wse - s.q_chiller);
  return o;
}

PlantStep AirPlant::step(const PlantLoad& load, const Ambient& a, double dt_s) {
  return air_side_step("AirPlant", load, a, dt_s, cfg_.max_substep_s,
                       [this](double q_air, const Ambient& amb, double h) { return substep(q_air, amb, h); });
}

void AirPlant::set_fault(PlantFault f, bool active) {
  if (f == PlantFault::chiller_trip)
    chiller_trip_ = active;
  else if (f == PlantFault::tower_fan_failure)
    tower_fan_failure_ = active;
  // cdu_pump_failure: an air plant has no CDU.
}

bool AirPlant::fault(PlantFault f) const {
  if (f == PlantFault::chiller_trip)
    return chiller_trip_;
  if (f == PlantFault::tower_fan_failure)
    return tower_fan_failure_;
  return false;
}

PlantState AirPlant::state() const {
  PlantState s;
  s.room_air_c = net_.temperature_c(room_);
  if (mass_ >= 0)
    s.it_mass_c = net_.temperature_c(mass_);
  s.chilled_water_supply_c = net_.temperature_c(chw_);
  s.condenser_water_c = t_cw_last_;
  s.economizer_mode = wse_.mode();
  s.economizer_timer_s[0] = wse_.timer_s(0);
  s.economizer_timer_s[1] = wse_.timer_s(1);
  s.economizer_initialized = wse_initialized_;
  return s;
}

void AirPlant::set_state(const PlantState& s) {
  if (!std::isnan(s.room_air_c))
    net_.set_temperature(room_, s.room_air_c);
  if (mass_ >= 0 && !std::isnan(s.it_mass_c))
    net_.set_temperature(mass_, s.it_mass_c);
  if (!std::isnan(s.chilled_water_supply_c))
    net_.set_temperature(chw_, s.chilled_water_supply_c);
  if (!std::isnan(s.condenser_water_c))
    t_cw_last_ = s.condenser_water_c;
  wse_.reset(s.economizer_mode, s.economizer_timer_s[0], s.economizer_timer_s[1]);
  wse_initialized_ = s.economizer_initialized;
}

} // namespace wattsim::models::detail
