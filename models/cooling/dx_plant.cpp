// DX plant: CRAC units with direct-expansion coils and air-cooled condensers, optionally an air-side
// or a pumped-refrigerant economizer (docs/models/cooling.md, "DX / CRAC"). One room-air node; the
// CRAC fans and the coil are controlled as the air plant's CRAHs are.

#include "models/cooling/plant_impl.hpp"
#include "models/cooling/properties.hpp"
#include "models/weather/psychrometrics.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace wattsim::models::detail {

namespace {
CrahConfig sized_crac(const DxPlantConfig& c) {
  if (!(c.design_it_w > 0))
    throw std::invalid_argument("DxPlant: design IT power must be positive");
  if (!(c.capacity_margin > 0) || !(c.room_time_constant_s > 0))
    throw std::invalid_argument("DxPlant: bad capacity margin or room time constant");
  CrahConfig crac = c.crac;
  crac.design_heat_w = c.design_it_w;
  return crac;
}

// The CRAC curve set of the economizer choice.
DxCurves curves_for(DxEconomizer e) {
  return e == DxEconomizer::pumped_refrigerant ? crac_pumped_refrigerant_economizer() : crac_no_economizer();
}

double entering_wet_bulb_c(double return_air_c, double dew_point_c) {
  return wet_bulb_from_dew_point_c(return_air_c, std::min(dew_point_c, return_air_c), 101325.0);
}
} // namespace

DxPlant::DxPlant(const DxPlantConfig& config) : cfg_(config), crac_(sized_crac(config)) {
  cfg_.crac = crac_.config();
  sz_.air_flow_kg_s = crac_.design_mass_flow_kg_s();
  sz_.crac_fan_w = crac_.design_fan_power_w();
  sz_.room_capacitance_j_per_k = cfg_.room_time_constant_s * sz_.air_flow_kg_s * props::kAirCp;
  // The DX coils carry the design IT heat and the fans' heat at the design outdoor dry-bulb, with the
  // design return air entering them, times the margin.
  sz_.design_coil_w = cfg_.design_it_w + sz_.crac_fan_w;
  const double t_return = cfg_.crac.supply_air_setpoint_c + cfg_.crac.design_delta_t_k;
  sz_.design_entering_wet_bulb_c = entering_wet_bulb_c(t_return, cfg_.room_dew_point_c);
  const DxCoil unit(curves_for(cfg_.economizer), 1.0);
  const double per_rated = unit.available_w(sz_.design_entering_wet_bulb_c, cfg_.design_dry_bulb_c, 1.0);
  if (!(per_rated > 0))
    throw std::invalid_argument("DxPlant: the DX curves give no capacity at the design conditions");
  sz_.rated_capacity_w = cfg_.capacity_margin * sz_.design_coil_w / per_rated;
  coil_.emplace(curves_for(cfg_.economizer), sz_.rated_capacity_w);
  sz_.design_cop = coil_->full_load_cop(sz_.design_entering_wet_bulb_c, cfg_.design_dry_bulb_c);
  room_ = net_.add_node(sz_.room_capacitance_j_per_k, t_return);
}

PlantStep DxPlant::substep(double q_air, const Ambient& a, double h) {
  PlantStep o;
  const CrahConfig& cr = crac_.config();
  const double sa_set = cr.supply_air_setpoint_c;
  const double t_room0 = net_.temperature_c(room_);
  const double rho = props::air_density_kg_m3(a.pressure_pa, sa_set);
  const double cp_a = props::kAirCp;
  const bool econ = cfg_.economizer == DxEconomizer::air_side && a.dry_bulb_c < t_room0 &&
                    air_economizer_check(cfg_.air_economizer, a.dry_bulb_c, a.relative_humidity, sa_set).usable;
  // The DX coil can make the supply setpoint from any return air; outdoor air warmer than the setpoint
  // only pre-cools.
  const double t_sa_min = sa_set;

  // Fans and coil request as the air plant's CRAHs (room_air, plant.cpp).
  double q[RcNetwork::kMaxNodes] = {};
  const RoomAir ra = room_air(crac_, net_, room_, q_air, rho, t_room0, t_sa_min, q, h);
  const double m_air = ra.mass_flow_kg_s, p_fan = ra.fan_w, q_coil_req = ra.coil_request_w;
  auto capacity = [&](double m) { return std::max(0.0, m * cp_a * (t_room0 - t_sa_min)); };
  const double q_want = capacity(m_air);
  const double q_oa = econ ? economizer_heat_w(q_want, m_air, cp_a, t_room0, a.dry_bulb_c, sa_set) : 0.0;
  const double ff = m_air / crac_.design_mass_flow_kg_s();
  DxResult dx;
  if (!compressor_trip_)
    dx = coil_->run(q_want - q_oa, entering_wet_bulb_c(t_room0, cfg_.room_dew_point_c), a.dry_bulb_c, ff);
  const double q_coil = q_oa + dx.delivered_w;
  q[room_] -= q_coil;
  double mean[RcNetwork::kMaxNodes];
  const RcNetwork::StepResult st = net_.step(q, h, mean);

  o.crah_fan_w = p_fan;
  o.chiller_w = dx.electric_w; // the refrigeration compressors (and their condenser fans)
  o.heat_rejected_w = q_oa + dx.condenser_w;
  const double t_room = mean[room_];
  const double t_sa = t_room - q_coil / (m_air * cp_a);
  o.server_inlet_c = t_sa + cfg_.recirculation_fraction * (t_room - t_sa);
  o.heat_removed_w = q_coil + st.to_boundaries_w;
  o.heat_produced_w = q_air + p_fan;
  o.stored_heat_j = st.stored_j;
  o.free_cooled_w = q_oa;
  o.economizer_mode = q_oa >= q_want && q_want > 0 ? EconomizerMode::free_cooling
                      : q_oa > 0                   ? EconomizerMode::partial_mechanical
                                                   : EconomizerMode::full_mechanical;
  if (q_coil < q_coil_req)
    o.capacity_shortfall_w = std::max(0.0, q_air + p_fan - q_coil);
  return o;
}

PlantStep DxPlant::step(const PlantLoad& load, const Ambient& a, double dt_s) {
  return air_side_step("DxPlant", load, a, dt_s, cfg_.max_substep_s,
                       [this](double q_air, const Ambient& amb, double h) { return substep(q_air, amb, h); });
}

void DxPlant::set_fault(PlantFault f, bool active) {
  if (f == PlantFault::chiller_trip) // the compressors stop; the fans keep moving air
    compressor_trip_ = active;
}

bool DxPlant::fault(PlantFault f) const { return f == PlantFault::chiller_trip && compressor_trip_; }

PlantState DxPlant::state() const {
  PlantState s;
  s.room_air_c = net_.temperature_c(room_);
  return s;
}

void DxPlant::set_state(const PlantState& s) {
  if (!std::isnan(s.room_air_c))
    net_.set_temperature(room_, s.room_air_c);
}

} // namespace wattsim::models::detail
