#include "models/cooling/dx_coil.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace wattsim::models {

namespace {
double quadratic(const double (&c)[3], double x) { return c[0] + c[1] * x + c[2] * x * x; }

/// Index i with xs[i] <= x <= xs[i + 1] (xs sorted, x inside) and the weight of xs[i + 1].
std::pair<std::size_t, double> bracket(const std::vector<double>& xs, double x) {
  if (xs.size() == 1)
    return {0, 0.0};
  const auto it = std::upper_bound(xs.begin(), xs.end(), x);
  std::size_t i = it == xs.begin() ? 0 : static_cast<std::size_t>(it - xs.begin()) - 1;
  i = std::min(i, xs.size() - 2);
  return {i, (x - xs[i]) / (xs[i + 1] - xs[i])};
}

// The CRAC capacity table of EnergyPlus testfiles/1ZoneDataCenterCRAC_wApproachTemp.idf, "Cool Cap
// Mod func of Temperature": x = entering wet-bulb 13-23.89 °C, y = outdoor dry-bulb -10-46 °C.
DxSurface crac_capacity_table() {
  DxSurface s;
  s.xs = {13.0, 17.0, 19.4444, 21.0, 23.9};
  s.ys = {-10.0, 15.0, 18.0, 24.0, 30.0, 35.0, 38.0, 46.0};
  s.values = {1.00, 1.00, 1.00, 0.924738271, 0.883909339, 0.835522309, 0.800222635, 0.683109499,  // 13
              1.00, 1.00, 1.00, 1.00, 0.976933863, 0.937696593, 0.907886775, 0.805413255,         // 17
              1.00, 1.00, 1.00, 1.00, 1.00, 1.00, 0.9718, 0.8782,                                 // 19.44
              1.00, 1.00, 1.00, 1.00, 1.00, 1.0385, 1.0142, 0.9264,                               // 21
              1.00, 1.00, 1.00, 1.00, 1.00, 1.110828252, 1.090488436, 1.013268253};               // 23.9
  s.x_min = 13.0;
  s.x_max = 23.89;
  s.y_min = -10.0;
  s.y_max = 46.0;
  return s;
}

// Shared by both CRAC sets: the test file's HPAC flow-fraction and part-load curves and its rating.
DxCurves crac_base() {
  DxCurves c;
  c.capft = crac_capacity_table();
  c.capfff[0] = 0.8, c.capfff[1] = 0.2, c.capfff[2] = 0.0;        // HPACCoolCapFFF
  c.eirfff[0] = 1.156, c.eirfff[1] = -0.1816, c.eirfff[2] = 0.0256; // HPACCOOLEIRFFF
  c.plf[0] = 0.85, c.plf[1] = 0.15, c.plf[2] = 0.0;                // HPACCOOLPLFFPLR
  c.ff_min = 0.5;
  c.ff_max = 1.5;
  c.rated_cop = 4.5669; // Gross Rated Cooling COP of "Main Cooling Coil 1"
  return c;
}
} // namespace

double DxSurface::operator()(double x, double y) const {
  x = std::clamp(x, x_min, x_max);
  y = std::clamp(y, y_min, y_max);
  if (xs.empty())
    return biquadratic[0] + biquadratic[1] * x + biquadratic[2] * x * x + biquadratic[3] * y + biquadratic[4] * y * y +
           biquadratic[5] * x * y;
  // The table may be narrower than the box: EnergyPlus holds the edge values beyond the grid.
  x = std::clamp(x, xs.front(), xs.back());
  y = std::clamp(y, ys.front(), ys.back());
  const auto [i, wx] = bracket(xs, x);
  const auto [j, wy] = bracket(ys, y);
  const std::size_t ny = ys.size();
  auto v = [&](std::size_t a, std::size_t b) { return values[std::min(a, xs.size() - 1) * ny + std::min(b, ny - 1)]; };
  return (1 - wx) * ((1 - wy) * v(i, j) + wy * v(i, j + 1)) + wx * ((1 - wy) * v(i + 1, j) + wy * v(i + 1, j + 1));
}

DxCurves crac_pumped_refrigerant_economizer() {
  // "Liebert Econophase EIR Func T": the same values at both entering wet-bulbs (12.7 and 23.8 °C),
  // so a function of the outdoor dry-bulb alone; 1.0 at 34.89 °C.
  DxCurves c = crac_base();
  c.name = "CRAC, pumped-refrigerant economizer (EnergyPlus 1ZoneDataCenterCRAC)";
  c.eirft.xs = {12.7};
  c.eirft.ys = {-50, -4.0, -1.2222, 1.5555, 4.3333, 7.1111, 9.8888, 12.6667, 15.4444,
                18.222, 21.0, 23.777778, 26.55556, 29.33333, 32.11111, 34.88889, 50.0};
  c.eirft.values = {0.042, 0.042, 0.084, 0.084, 0.2269, 0.2395, 0.311, 0.3697, 0.4454,
                    0.5462, 0.6723, 0.7227, 0.7773, 0.8193, 0.895, 1.0, 1.5};
  c.eirft.x_min = 12.7;
  c.eirft.x_max = 23.8;
  c.eirft.y_min = -50;
  c.eirft.y_max = 50;
  return c;
}

DxCurves crac_no_economizer() {
  // EnergyPlus HPAC cooling EIR(T) (the example files' standard curve; Modelica Buildings
  // Curve_I_AirCooled, from EnergyPlus 7.1 AirflowNetwork_MultiZone_House.idf): x = entering wet-bulb
  // 12.78-23.89 °C, y = outdoor dry-bulb 18-46.11 °C. 0.99 at the AHRI point 19.44 / 35 °C.
  DxCurves c = crac_base();
  c.name = "CRAC, no economizer (EnergyPlus 1ZoneDataCenterCRAC capacity, HPAC EIR)";
  const double eir[6] = {0.342414409, 0.034885008, -0.000623700, 0.004977216, 0.000437951, -0.000728028};
  std::copy(eir, eir + 6, c.eirft.biquadratic);
  c.eirft.x_min = 12.77778;
  c.eirft.x_max = 23.88889;
  c.eirft.y_min = 18.0;
  c.eirft.y_max = 46.11111;
  return c;
}

DxCoil::DxCoil(DxCurves curves, double rated_capacity_w) : curves_(std::move(curves)), rated_w_(rated_capacity_w) {
  if (!(rated_w_ > 0) || !(curves_.rated_cop > 0))
    throw std::invalid_argument("DxCoil: rated capacity and COP must be positive");
}

double DxCoil::flow(double ff) const { return std::clamp(ff, curves_.ff_min, curves_.ff_max); }

double DxCoil::available_w(double wb, double odb, double ff) const {
  return std::max(0.0, rated_w_ * curves_.capft(wb, odb) * quadratic(curves_.capfff, flow(ff)));
}

double DxCoil::full_load_cop(double wb, double odb, double ff) const {
  return curves_.rated_cop / (curves_.eirft(wb, odb) * quadratic(curves_.eirfff, flow(ff)));
}

DxResult DxCoil::run(double q_w, double wb, double odb, double ff) const {
  DxResult r;
  r.available_w = available_w(wb, odb, ff);
  const double q = std::max(0.0, q_w);
  if (q <= 0 || r.available_w <= 0) {
    r.unmet_w = q;
    return r;
  }
  r.delivered_w = std::min(q, r.available_w);
  r.unmet_w = q - r.delivered_w;
  const double plr = r.delivered_w / r.available_w;
  const double plf = std::max(0.7, quadratic(curves_.plf, plr)); // EnergyPlus floors PLF at 0.7
  r.runtime_fraction = std::min(1.0, plr / plf);
  const double eir = curves_.eirft(wb, odb) * quadratic(curves_.eirfff, flow(ff)) / curves_.rated_cop;
  r.electric_w = r.available_w * eir * r.runtime_fraction;
  r.condenser_w = r.delivered_w + r.electric_w;
  return r;
}

} // namespace wattsim::models
