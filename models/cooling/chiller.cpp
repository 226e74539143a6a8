#include "models/cooling/chiller.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace wattsim::models {

namespace {
double biquadratic(const double (&c)[6], double x, double y) {
  return c[0] + c[1] * x + c[2] * x * x + c[3] * y + c[4] * y * y + c[5] * x * y;
}
} // namespace

ChillerCurves doe2_centrifugal_5_50cop() {
  // EnergyPlus dataset record "DOE-2 Centrifugal/5.50COP" (I/O reference; "same as DOE-2.1E
  // HERM-CENT-CAP-FT / OPEN-CENT"), typed from the EnergyPlus I/O reference record. Curve limits 5-10 °C and
  // 24-35 °C are those of the EnergyPlus curve objects, which EnergyPlus enforces.
  ChillerCurves c;
  c.name = "DOE-2 Centrifugal/5.50COP";
  const double capft[6] = {0.257896, 0.0389016, -0.00021708, 0.0468684, -0.00094284, -0.00034344};
  const double eirft[6] = {0.933884, -0.058212, 0.00450036, 0.00243, 0.000486, -0.001215};
  std::copy(capft, capft + 6, c.capft);
  std::copy(eirft, eirft + 6, c.eirft);
  c.eirfplr[0] = 0.222903;
  c.eirfplr[1] = 0.313387;
  c.eirfplr[2] = 0.463710;
  c.reference_cop = 5.5;
  c.reference_chw_leaving_c = 6.67;
  c.reference_cond_entering_c = 29.4;
  c.plr_min = 0.1;
  c.plr_max = 1.0;
  c.min_unloading_ratio = 0.2;
  c.chw_leaving_min_c = 5;
  c.chw_leaving_max_c = 10;
  c.cond_entering_min_c = 24;
  c.cond_entering_max_c = 35;
  c.clamp_to_box = true;
  return c;
}

ChillerCurves carrier_19xr_742kw_5_42cop_vsd() {
  // Modelica Buildings Fluid.Chillers.Data.ElectricEIR.ElectricEIRChiller_Carrier_19XR_742kW_
  // 5_42COP_VSD: QEva 742 kW, COP 5.42, PLRMin = PLRMinUnl = 0.19, PLRMax 1.02, TEvaLvg 5.56 °C,
  // TConEnt 21.11 °C, box 5.56-10 °C / 11.25-23.89 °C. Modelica does not clamp to the box.
  ChillerCurves c;
  c.name = "Carrier 19XR 742kW/5.42COP/VSD";
  const double capft[6] = {0.9797101, -0.002895701, -0.0008970718, 0.0103144, -0.0007431651, 0.001453508};
  const double eirft[6] = {0.9946139, -0.04829399, 0.0004674277, -0.001158726, 0.0005762583, 0.0002148192};
  std::copy(capft, capft + 6, c.capft);
  std::copy(eirft, eirft + 6, c.eirft);
  c.eirfplr[0] = 0.1202277;
  c.eirfplr[1] = 0.1396384;
  c.eirfplr[2] = 0.7394038;
  c.reference_cop = 5.42;
  c.reference_chw_leaving_c = 5.56;
  c.reference_cond_entering_c = 21.11;
  c.plr_min = 0.19;
  c.plr_max = 1.02;
  c.min_unloading_ratio = 0.19;
  c.chw_leaving_min_c = 5.56;
  c.chw_leaving_max_c = 10.0;
  c.cond_entering_min_c = 11.25;
  c.cond_entering_max_c = 23.89;
  c.clamp_to_box = false;
  return c;
}

ChillerCurves air_cooled_doe2_shape() {
  // The EnergyPlus unit test ChillerElectricEIR_AirCooledChiller uses exactly the DOE-2
  // centrifugal curves with the condenser fed by outdoor air [V, illustrative]; a third-party
  // template pairs them with COP 2.78 [S]. Reference COP 3.5 here is the compressor alone [D]:
  // with the 0.04 W/W condenser fans the machine totals ≈ 3.07 at 29.4 °C and ≈ 2.7 at 35 °C
  // ambient, close to the ASHRAE 90.1-2010 air-cooled minimum of 9.7 EER ≈ 2.84 COP [M].
  ChillerCurves c = doe2_centrifugal_5_50cop();
  c.name = "Air-cooled (DOE-2 centrifugal shape)/3.5COP";
  c.reference_cop = 3.5;
  c.min_unloading_ratio = 0.25; // the EnergyPlus air-cooled test object
  return c;
}

ChillerCurves york_ycal0033ee_air_cooled() {
  // EnergyPlus datasets/Chillers.idf "ElectricEIRChiller York YCAL0033EE 100.6kW/3.1COP" (Condenser
  // Type AirCooled), coefficients as in Modelica Buildings Fluid.Chillers.Data.ElectricEIR (record
  // added 2021 from EnergyPlus 9.4.0). EIRFPLR = PLR (constant COP at part load: a multi-scroll
  // machine stages compressors). Box: 4.44-10 °C leaving water, 23.89-51.67 °C entering air;
  // EnergyPlus clamps curve inputs to it, so colder air than 23.89 °C gives no further gain.
  ChillerCurves c;
  c.name = "York YCAL0033EE 100.6kW/3.1COP air-cooled";
  const double capft[6] = {-0.2660645697, 0.0998714035, -0.0023814154, 0.0628316481, -0.0009644649, -0.0011249224};
  const double eirft[6] = {0.1807017787, 0.0271530312, -0.0004553574, 0.0188175079, 0.0002623276, -0.0012881189};
  std::copy(capft, capft + 6, c.capft);
  std::copy(eirft, eirft + 6, c.eirft);
  c.eirfplr[0] = 0.0;
  c.eirfplr[1] = 1.0;
  c.eirfplr[2] = 0.0;
  c.reference_cop = 3.1;
  c.reference_chw_leaving_c = 6.67;
  c.reference_cond_entering_c = 35.0;
  c.plr_min = 0.1;
  c.plr_max = 1.15;
  c.min_unloading_ratio = 0.1;
  c.chw_leaving_min_c = 4.44;
  c.chw_leaving_max_c = 10.0;
  c.cond_entering_min_c = 23.89;
  c.cond_entering_max_c = 51.67;
  c.clamp_to_box = true;
  return c;
}

Chiller::Chiller(ChillerConfig config) : config_(config) {
  cop_ref_ = config_.reference_cop > 0 ? config_.reference_cop : config_.curves.reference_cop;
  if (!(config_.reference_capacity_w > 0))
    throw std::invalid_argument("Chiller: reference capacity must be positive");
  if (!(cop_ref_ > 0))
    throw std::invalid_argument("Chiller: reference COP must be positive");
  const auto& c = config_.curves;
  if (!(c.plr_max > 0) || c.plr_min < 0 || c.min_unloading_ratio < 0)
    throw std::invalid_argument("Chiller: bad part-load limits");
}

void Chiller::clamp_inputs(double& t_chw, double& t_cond) const {
  const auto& c = config_.curves;
  if (c.clamp_to_box) {
    t_chw = std::clamp(t_chw, c.chw_leaving_min_c, c.chw_leaving_max_c);
    t_cond = std::clamp(t_cond, c.cond_entering_min_c, c.cond_entering_max_c);
  }
}

double Chiller::capft(double t_chw, double t_cond) const {
  clamp_inputs(t_chw, t_cond);
  // Modelica floors CAPFT at 1e-6 because the fit can go negative far outside its box.
  return std::max(1e-6, biquadratic(config_.curves.capft, t_chw, t_cond));
}

double Chiller::eirft(double t_chw, double t_cond) const {
  clamp_inputs(t_chw, t_cond);
  return biquadratic(config_.curves.eirft, t_chw, t_cond);
}

double Chiller::eirfplr(double plr) const {
  const auto& a = config_.curves.eirfplr;
  return a[0] + a[1] * plr + a[2] * plr * plr;
}

double Chiller::available_capacity_w(double t_chw, double t_cond) const {
  if (t_cond > config_.high_pressure_cutout_c)
    return 0.0;
  return config_.reference_capacity_w * capft(t_chw, t_cond);
}

double Chiller::full_load_cop(double t_chw, double t_cond) const {
  return cop_ref_ / (eirft(t_chw, t_cond) * eirfplr(1.0));
}

ChillerResult Chiller::run(double q_evap_w, double t_chw_leaving_c, double t_cond_entering_c) const {
  ChillerResult r;
  const auto& c = config_.curves;
  r.available_capacity_w = available_capacity_w(t_chw_leaving_c, t_cond_entering_c);
  const double q = std::max(0.0, q_evap_w);
  if (q <= 0 || r.available_capacity_w <= 0) {
    r.unmet_w = q;
    return r;
  }
  const double q_avail = r.available_capacity_w;
  r.plr = std::clamp(q / q_avail, 0.0, c.plr_max);
  r.evaporator_w = std::min(q, q_avail * c.plr_max);
  r.unmet_w = q - r.evaporator_w;
  r.cycling_ratio = (c.plr_min > 0 && r.plr < c.plr_min) ? r.plr / c.plr_min : 1.0;
  const double plr_unload = std::max(r.plr, c.min_unloading_ratio);
  r.false_load_w = std::max(0.0, q_avail * plr_unload * r.cycling_ratio - r.evaporator_w);
  r.compressor_w = q_avail / cop_ref_ * eirft(t_chw_leaving_c, t_cond_entering_c) * eirfplr(plr_unload) *
                   r.cycling_ratio;
  if (config_.condenser == CondenserType::air_cooled)
    r.condenser_fan_w = config_.reference_capacity_w * config_.condenser_fan_power_ratio * r.cycling_ratio;
  r.electric_w = r.compressor_w + r.condenser_fan_w;
  // EnergyPlus adds the false load to the condenser heat as well; with hot-gas bypass that heat is
  // recirculated compressor work already counted in P, so it is left out here to conserve energy
  // (condenser = compressor work reaching the refrigerant + evaporator heat).
  r.condenser_w = config_.motor_efficiency * r.compressor_w + r.evaporator_w;
  r.cop = r.electric_w > 0 ? r.evaporator_w / r.electric_w : 0.0;
  return r;
}

} // namespace wattsim::models
