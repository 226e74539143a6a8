#include "sim/design_check.hpp"

#include "models/weather/psychrometrics.hpp"
#include "sim/facility_kinds.hpp"

#include <cmath>

namespace wattsim::sim {

DesignCheck design_check(const Scenario& sc, double settle_s) {
  DesignCheck d;
  const auto& f = sc.facility;
  if (!f.has_plant())
    return d;
  d.plant = true;
  std::visit(
      [&](const auto& c) {
        if constexpr (!std::is_same_v<std::decay_t<decltype(c)>, FixedPue>) {
          d.dry_bulb_c = c.design_dry_bulb_c;
          d.wet_bulb_c = c.design_wet_bulb_c;
        }
      },
      f.design);
  double liquid = 0, it = sc.cluster.storage.power_w + sc.cluster.network.power_w;
  for (const auto& p : sc.cluster.partitions) {
    it += p.total_nodes() * p.system.max_power_w;
    if (p.liquid_cooled)
      liquid += p.total_nodes() * p.system.max_power_w * p.system.liquid_heat_fraction;
  }
  d.it_heat_w = f.design_it_w > 0 ? f.design_it_w : it;
  d.liquid_heat_w = std::min(liquid, d.it_heat_w);
  const double p_pa = sc.site.weather && !sc.site.weather->records().empty() ? sc.site.weather->records()[0].pressure_pa
                                                                            : 101325.0;
  const double w = models::humidity_ratio_from_wet_bulb_kg_kg(d.dry_bulb_c, std::min(d.wet_bulb_c, d.dry_bulb_c), p_pa);
  const double rh = std::clamp(models::relative_humidity_from_humidity_ratio(d.dry_bulb_c, w, p_pa), 0.0, 1.0);
  const models::Ambient ambient{d.dry_bulb_c, d.wet_bulb_c, rh, p_pa};
  auto plant = make_plant(f.design);
  const models::PlantLoad load{d.it_heat_w - d.liquid_heat_w, d.liquid_heat_w};
  const double dt = f.step_s;
  models::PlantStep s;
  for (double t = 0; t < settle_s; t += dt)
    s = plant->step(load, ambient, dt);
  d.server_inlet_c = s.server_inlet_c;
  d.coolant_supply_c = s.coolant_supply_c;
  d.cooling_w = s.total_w();
  constexpr double kTolK = 1e-6;
  d.inlet_throttles = s.server_inlet_c > f.inlet_limit_c + kTolK;
  d.coolant_throttles = std::isfinite(s.coolant_supply_c) && s.coolant_supply_c > f.coolant_limit_c + kTolK;
  return d;
}

} // namespace wattsim::sim
