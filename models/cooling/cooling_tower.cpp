#include "models/cooling/cooling_tower.hpp"

#include "models/cooling/properties.hpp"
#include "models/cooling/solve.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace wattsim::models {

namespace {
// YorkCalc approach coefficients, Coeff(1..27) of the EnergyPlus engineering reference table
// "Approach Temperature Correlation Coefficients" (identical in Modelica Buildings yorkCalc).
// Grouped by power of LG (k = 0, 1, 2); inside a group the terms are
//   1, Twb, Twb², Tr, Twb·Tr, Twb²·Tr, Tr², Twb·Tr², Twb²·Tr².
constexpr double kYork[27] = {
    -0.359741205,     -0.055053608,      0.0023850432,   0.173926877,   -0.0248473764,
    0.00048430224,    -0.005589849456,   0.0005770079712, -1.342427256e-05, //
    2.84765801111111, -0.121765149,      0.0014599242,   1.680428651,   -0.0166920786,
    -0.0007190532,    -0.025485194448,   4.87491696e-05, 2.719234152e-05, //
    -0.06537662555556, -0.002278167,     0.0002500254,   -0.0910565458, 0.00318176316,
    3.8621772e-05,    -0.0034285382352,  8.56589904e-06, -1.516821552e-06};
// Validity of the YorkCalc correlation (EnergyPlus engineering reference; Modelica BoundsYorkCalc).
constexpr double kWbMin = -34.4, kWbMax = 26.7, kFrWaterMin = 0.75, kFrWaterMax = 1.25;
constexpr double kRangeMax = 22.2;

// Coefficients of the approach as a polynomial in range for a given wet-bulb and LG.
void range_polynomial(double twb, double lg, double (&d)[3]) {
  d[0] = d[1] = d[2] = 0;
  double lgk = 1;
  for (int k = 0; k < 3; ++k) {
    for (int j = 0; j < 3; ++j) {
      const double* c = kYork + 9 * k + 3 * j;
      d[j] += lgk * (c[0] + c[1] * twb + c[2] * twb * twb);
    }
    lgk *= lg;
  }
}
} // namespace

CoolingTower::CoolingTower(CoolingTowerConfig config) : config_(config) {
  if (!(config_.design_heat_w > 0) || !(config_.design_range_k > 0) || !(config_.design_approach_k > 0))
    throw std::invalid_argument("CoolingTower: design heat, range and approach must be positive");
  if (!(config_.min_airflow_ratio > 0 && config_.min_airflow_ratio <= 1))
    throw std::invalid_argument("CoolingTower: minimum airflow ratio must be in (0, 1]");
  if (!(config_.free_convection_fraction > 0 && config_.free_convection_fraction < config_.min_airflow_ratio))
    throw std::invalid_argument("CoolingTower: free-convection fraction must be in (0, min airflow)");
  m_design_ = config_.design_heat_w / (props::kWaterCp * config_.design_range_k);
  p_fan_design_ = config_.design_fan_power_fraction * config_.design_heat_w;
  // EnergyPlus calibration: the FR_water that yields the design approach at FR_air = 1, design
  // wet-bulb and range. With FR_air = 1, LG = FR_water, and the approach is a quadratic in LG.
  double b[3];
  lg_polynomial(config_.design_wet_bulb_c, config_.design_range_k, b);
  const double a = b[2], bb = b[1], c = b[0] - config_.design_approach_k;
  double root = -1;
  if (std::abs(a) < 1e-14) {
    root = -c / bb;
  } else {
    const double disc = bb * bb - 4 * a * c;
    if (disc >= 0) {
      for (double s : {-1.0, 1.0}) {
        const double r = (-bb + s * std::sqrt(disc)) / (2 * a);
        // the physical branch: approach rises with LG
        if (r > 0 && r < 20 && bb + 2 * a * r > 0 && (root < 0 || r < root))
          root = r;
      }
    }
  }
  if (!(root > 0))
    throw std::invalid_argument("CoolingTower: design point outside the YorkCalc correlation");
  fr_water_design_ = root;
}

void CoolingTower::lg_polynomial(double twb, double tr, double (&b)[3]) const {
  for (int k = 0; k < 3; ++k) {
    const double* c = kYork + 9 * k;
    b[k] = c[0] + c[1] * twb + c[2] * twb * twb + tr * (c[3] + c[4] * twb + c[5] * twb * twb) +
           tr * tr * (c[6] + c[7] * twb + c[8] * twb * twb);
  }
}

double CoolingTower::fr_water(double water_flow_kg_s) const {
  const double m = water_flow_kg_s > 0 ? water_flow_kg_s : m_design_;
  return fr_water_design_ * m / m_design_;
}

double CoolingTower::approach_k(double wet_bulb_c, double range_k, double water_flow_ratio,
                                double airflow_ratio) const {
  const double twb = std::clamp(wet_bulb_c, kWbMin, kWbMax);
  const double frw = std::clamp(water_flow_ratio, kFrWaterMin, kFrWaterMax);
  const double lg = frw / airflow_ratio;
  double b[3];
  lg_polynomial(twb, range_k, b);
  return b[0] + b[1] * lg + b[2] * lg * lg;
}

TowerResult CoolingTower::run(double heat_w, double wet_bulb_c, double setpoint_c, double water_flow_kg_s,
                              bool fan_available) const {
  TowerResult r;
  r.water_flow_kg_s = water_flow_kg_s > 0 ? water_flow_kg_s : m_design_;
  const double frw = fr_water(r.water_flow_kg_s);
  if (heat_w <= 0) {
    r.regime = TowerRegime::idle;
    r.leaving_c = r.entering_c = wet_bulb_c + std::max(0.0, approach_k(wet_bulb_c, 0.0, frw, 1.0));
    return r;
  }
  r.heat_w = heat_w;
  r.range_k = heat_w / (r.water_flow_kg_s * props::kWaterCp);
  const double fc = config_.free_convection_fraction;
  const double fr_min = config_.min_airflow_ratio;
  auto leaving_at = [&](double fr_air) { return wet_bulb_c + approach_k(wet_bulb_c, r.range_k, frw, fr_air); };

  const double t_off = leaving_at(fc);
  if (!fan_available) {
    r.regime = TowerRegime::free_convection;
    r.airflow_ratio = fc;
    r.leaving_c = t_off;
  } else {
    const double t_full = leaving_at(1.0);
    if (t_full >= setpoint_c) {
      r.regime = TowerRegime::full_speed;
      r.airflow_ratio = 1.0;
      r.fan_plr = 1.0;
      r.fan_power_w = p_fan_design_;
      r.leaving_c = t_full;
    } else if (t_off <= setpoint_c) {
      r.regime = TowerRegime::free_convection;
      r.airflow_ratio = fc;
      r.leaving_c = t_off;
    } else {
      const double t_min = leaving_at(fr_min);
      if (t_min <= setpoint_c) {
        // EnergyPlus: cycle at minimum speed, FanPLR = (T_off − T_set) / (T_off − T_min).
        r.regime = TowerRegime::fan_cycling;
        r.airflow_ratio = fr_min;
        r.fan_plr = (t_off - setpoint_c) / (t_off - t_min);
        r.fan_power_w = p_fan_design_ * r.fan_plr * fr_min * fr_min * fr_min;
        r.leaving_c = setpoint_c;
      } else {
        // Variable speed: approach(LG) = setpoint − T_wb is a quadratic in LG; take the root on the
        // rising branch inside [FR_w, FR_w / FR_min].
        const double target = setpoint_c - wet_bulb_c;
        const double frw_c = std::clamp(frw, kFrWaterMin, kFrWaterMax);
        double b[3];
        lg_polynomial(std::clamp(wet_bulb_c, kWbMin, kWbMax), r.range_k, b);
        const double lg_lo = frw_c, lg_hi = frw_c / fr_min;
        double lg = -1;
        const double a = b[2], bb = b[1], c = b[0] - target;
        if (std::abs(a) > 1e-14) {
          const double disc = bb * bb - 4 * a * c;
          if (disc >= 0)
            for (double s : {-1.0, 1.0}) {
              const double x = (-bb + s * std::sqrt(disc)) / (2 * a);
              if (x >= lg_lo * (1 - 1e-12) && x <= lg_hi * (1 + 1e-12))
                lg = x;
            }
        } else if (std::abs(bb) > 1e-14) {
          lg = -c / bb;
        }
        if (!(lg > 0)) {
          // Not expected inside the correlation's range; bracketing solve on FR_air.
          auto f = [&](double fr) { return leaving_at(fr) - setpoint_c; };
          const double fr = detail::illinois_root(f, fr_min, 1.0, f(fr_min), f(1.0), 1e-9, 1e-9);
          lg = frw_c / fr;
        }
        r.regime = TowerRegime::variable_speed;
        r.airflow_ratio = std::clamp(frw_c / lg, fr_min, 1.0);
        r.fan_plr = 1.0;
        r.fan_power_w = p_fan_design_ * r.airflow_ratio * r.airflow_ratio * r.airflow_ratio;
        r.leaving_c = setpoint_c;
      }
    }
  }
  r.approach_k = r.leaving_c - wet_bulb_c;
  r.entering_c = r.leaving_c + r.range_k;
  return r;
}

double CoolingTower::capacity_w(double wet_bulb_c, double leaving_c, double water_flow_kg_s,
                                bool fan_available) const {
  const double m = water_flow_kg_s > 0 ? water_flow_kg_s : m_design_;
  const double fr_air = fan_available ? 1.0 : config_.free_convection_fraction;
  const double lg = std::clamp(fr_water(m), kFrWaterMin, kFrWaterMax) / fr_air;
  double d[3];
  range_polynomial(std::clamp(wet_bulb_c, kWbMin, kWbMax), lg, d);
  const double target = leaving_c - wet_bulb_c;
  auto g = [&](double tr) { return d[0] + d[1] * tr + d[2] * tr * tr - target; };
  // The approach rises with range up to the parabola's vertex; beyond the correlation's range the
  // fit is not trusted, so the search stops at 2x its upper limit.
  double hi = 2 * kRangeMax;
  if (d[2] < 0 && d[1] > 0)
    hi = std::min(hi, -d[1] / (2 * d[2]));
  const double g0 = g(0.0), ghi = g(hi);
  if (g0 >= 0)
    return 0.0;
  const double tr = ghi <= 0 ? hi : detail::illinois_root(g, 0.0, hi, g0, ghi, 1e-9, 1e-9);
  return tr * m * props::kWaterCp;
}

} // namespace wattsim::models
