#pragma once
// Composite cooling plants called by the engine every facility step (docs/models/cooling.md,
// "Plants"). Two kinds:
//  - air plant: CRAH fans + chilled-water pumps + water-cooled chillers + cooling tower +
//    integrated water-side economizer (+ optional air-side economizer);
//  - liquid plant: CDU (technology cooling system) + facility water loop (ASHRAE W-class) + heat
//    rejection {dry cooler | tower | hybrid dry cooler with adiabatic pads} + an air-cooled trim
//    chiller only when the ambient cannot hold the loop, plus the residual air heat through its own
//    small air plant (CRAHs, chiller, tower).
//
// Thermal state lives in an RcNetwork (models/thermal/rc_network.hpp): one node per air volume or
// water loop, each holding the loop's heat capacity (circulation time × design flow × c_p). The
// equipment acts on the nodes as heat inputs chosen by ideal controllers that bring each node to
// its setpoint by the end of the step when capacity allows ("dead-beat", exact on the linear
// network), clamped to what the equipment can deliver at the temperatures of the step's start.
// When capacity is short the node warms through the network instead of heat vanishing, so
// server_inlet_c and coolant_supply_c climb.
//
// Conservation, per step: heat_removed_w·dt + stored_heat_j = heat_produced_w·dt (IT heat + fan and
// pump heat that ends in the air or water), to rounding error; make-up = evaporation + blowdown +
// drift exactly.

#include "models/cooling/cdu.hpp"
#include "models/cooling/chiller.hpp"
#include "models/cooling/cooling_tower.hpp"
#include "models/cooling/crah.hpp"
#include "models/cooling/dry_cooler.hpp"
#include "models/cooling/dx_coil.hpp"
#include "models/cooling/economizer.hpp"
#include "models/cooling/pump.hpp"
#include "models/water/tower_water.hpp"

#include <concepts>
#include <iterator>
#include <limits>
#include <memory>
#include <variant>

namespace wattsim::models {

/// Outdoor conditions for the step (the weather models supply them). RH as a fraction 0..1.
struct Ambient {
  double dry_bulb_c = 20.0;
  double wet_bulb_c = 15.0;
  double relative_humidity = 0.6;
  double pressure_pa = 101325.0;
};

/// IT heat during the step, W: what leaves the servers in their exhaust air and in the cold-plate
/// coolant. An air plant takes both through its CRAHs (it has no liquid loop).
struct PlantLoad {
  double heat_to_air_w = 0;
  double heat_to_liquid_w = 0;
};

/// Thermal and control state (for checkpoints and inspection). NaN where a plant has no such node.
struct PlantState {
  static constexpr double kNone = std::numeric_limits<double>::quiet_NaN();
  double room_air_c = kNone;              ///< room / return-air node of the air path
  double it_mass_c = kNone;               ///< optional rack and server mass node
  double chilled_water_supply_c = kNone;  ///< chilled-water loop node
  double coolant_supply_c = kNone;        ///< TCS loop node (liquid plants)
  double facility_water_supply_c = kNone; ///< facility water loop node (liquid plants)
  double condenser_water_c = kNone;       ///< last tower leaving water (seed of the next solve)
  EconomizerMode economizer_mode = EconomizerMode::full_mechanical;
  double economizer_timer_s[2] = {0, 0};
  bool economizer_initialized = false;    ///< false: the first step picks the mode from conditions
};

/// Averages over the step (powers in W), water in kg over the step.
struct PlantStep {
  double chiller_w = 0, tower_fan_w = 0, condenser_pump_w = 0, chilled_water_pump_w = 0, crah_fan_w = 0,
         cdu_pump_w = 0, facility_water_pump_w = 0, dry_cooler_fan_w = 0, trim_chiller_w = 0;
  /// The electric power of each cooling component, in the order of kPlantComponentNames.
  static constexpr double PlantStep::*kComponents[] = {
      &PlantStep::chiller_w,  &PlantStep::tower_fan_w,          &PlantStep::condenser_pump_w,
      &PlantStep::chilled_water_pump_w, &PlantStep::crah_fan_w, &PlantStep::cdu_pump_w,
      &PlantStep::facility_water_pump_w, &PlantStep::dry_cooler_fan_w, &PlantStep::trim_chiller_w};
  [[nodiscard]] double total_w() const {
    double sum = 0;
    for (auto field : kComponents)
      sum += this->*field;
    return sum;
  }
  double heat_rejected_w = 0;   ///< to the outdoors (towers, dry coolers, air-cooled condensers, exhaust)
  double water_evaporated_kg = 0, water_blowdown_kg = 0, water_drift_kg = 0, water_makeup_kg = 0;
  double server_inlet_c = PlantState::kNone;     ///< air reaching the servers (after recirculation)
  double coolant_supply_c = PlantState::kNone;   ///< TCS supply to cold plates (NaN for air plants)
  double chilled_water_supply_c = PlantState::kNone;
  double facility_water_supply_c = PlantState::kNone;
  double free_cooling_fraction = 0; ///< share of heat_removed_w removed without compressors
  double free_cooled_w = 0;         ///< the heat behind that share
  double heat_removed_w = 0;        ///< heat taken out of the thermal nodes (to chillers, HX, outdoors)
  double heat_produced_w = 0;       ///< IT heat + fan/pump heat into the nodes
  double stored_heat_j = 0;         ///< change of heat stored in the nodes over the step
  double capacity_shortfall_w = 0;  ///< heat the controllers asked for but the equipment could not take
  EconomizerMode economizer_mode = EconomizerMode::full_mechanical;
};

/// Names of PlantStep::kComponents as they appear in outputs (`<name>_kw`, `cooling_energy_kwh_by_component`).
inline constexpr const char* kPlantComponentNames[] = {
    "chiller",  "tower_fan",           "condenser_pump",  "chilled_water_pump", "crah_fan",
    "cdu_pump", "facility_water_pump", "dry_cooler_fan", "trim_chiller"};
inline constexpr std::size_t kPlantComponentCount = std::size(kPlantComponentNames);
static_assert(std::size(PlantStep::kComponents) == kPlantComponentCount);

enum class PlantFault {
  chiller_trip,       ///< every chiller (incl. trim chillers) stops
  cdu_pump_failure,   ///< CDU pumps stop: no coolant flow
  tower_fan_failure,  ///< heat-rejection fans stop (tower: free convection only; dry cooler: nothing)
};

class CoolingPlant {
 public:
  virtual ~CoolingPlant() = default;
  /// Advances the plant by `dt_s` (> 0) with constant load and weather; no allocation.
  virtual PlantStep step(const PlantLoad& load, const Ambient& ambient, double dt_s) = 0;
  virtual void set_fault(PlantFault fault, bool active) = 0;
  [[nodiscard]] virtual bool fault(PlantFault fault) const = 0;
  [[nodiscard]] virtual PlantState state() const = 0;
  virtual void set_state(const PlantState& state) = 0;
  [[nodiscard]] virtual double design_it_w() const = 0;
};

/// Every default is sourced in docs/models/cooling.md. Fields marked "derived" are overwritten by
/// the sizing from design_it_w and the design ambient.
struct AirPlantConfig {
  double design_it_w = 1.0e6;
  double design_dry_bulb_c = 35.0;  ///< design outdoor dry-bulb (CTI tower rating point, 95 °F)
  double design_wet_bulb_c = 25.55; ///< tower sizing wet-bulb (YorkCalc nominal) [V]
  // Air side
  CrahConfig crah{};                   ///< design_heat_w derived
  double recirculation_fraction = 0.1; ///< EnergyPlus ITE AdjustedSupply example [V, illustrative]
  double room_time_constant_s = 160;   ///< C_room = τ ṁ_air c_p; Modelica Buildings DataCenter example room [D]
  double it_mass_j_per_k = 0;          ///< optional rack/server mass node (0: none) [M]
  double it_mass_time_constant_s = 600; ///< its coupling to room air, G = C / τ [M]
  // Chilled water
  double chw_supply_setpoint_c = 12.0; ///< [D]
  double chw_delta_t_k = 6.0;          ///< [D] chilled-water design ΔT
  PumpConfig chw_pump{};               ///< design_flow_m3_s derived
  double chw_loop_circulation_s = 120; ///< EnergyPlus loop circulation time default [V]
  double chw_storage_m3 = 0;           ///< optional chilled-water tank on the loop
  // Chillers
  /// Air-cooled chillers reject their heat straight to the outdoor air (condenser = outdoor dry-bulb):
  /// no tower, no condenser water, no evaporation. Then the water-side economizer is unavailable.
  bool air_cooled_chillers = false;
  ChillerCurves chiller_curves = carrier_19xr_742kw_5_42cop_vsd();
  int chiller_count = 2;
  double chiller_capacity_margin = 1.1; ///< installed / design cooling load [D]
  double chiller_high_pressure_cutout_c = 40.0; ///< [M]
  double chiller_min_condenser_entering_c = 15.56; ///< head-pressure floor = Modelica TCWSupSet min [V]
  // Condenser water and tower
  CoolingTowerConfig tower{};          ///< design_heat_w derived; design_wet_bulb_c from above
  PumpConfig cw_pump{};                ///< constant speed (Modelica DC examples); flow derived
  double cw_setpoint_offset_k = 3.0;   ///< TCWSupSet = min(29.44, max(15.56, T_wb + 3)) [V]
  double cw_setpoint_min_c = 15.56;
  double cw_setpoint_max_c = 29.44;
  // Economizers
  bool water_side_economizer = true;
  WaterSideEconomizerConfig wse{};
  bool air_side_economizer = false;
  AirEconomizerConfig air_economizer{};
  // Water
  TowerWaterConfig water{};
  double max_substep_s = 60; ///< longer steps are split (explicit capacity clamps want dt < 2τ)
};

enum class HeatRejection { dry_cooler, tower, hybrid };

struct LiquidPlantConfig {
  double design_it_w = 1.0e6;
  double liquid_fraction = 0.8;          ///< φ_liq, DGX-H100 cold-plate retrofit, 80-90% for typical direct-to-chip (rackmountnts [S]) [D]
  LiquidClass liquid_class = LiquidClass::w32;
  /// Facility water supply setpoint; NaN: the class maximum [D].
  double facility_supply_setpoint_c = PlantState::kNone;
  double facility_delta_t_k = 10.0;      ///< [M]
  double facility_loop_circulation_s = 120; ///< EnergyPlus loop circulation default [V]
  double tcs_loop_circulation_s = 60;    ///< ~1 min: 150 L loop at 1.44 L/min per kW × 100 kW [D]
  CduConfig cdu{};                       ///< design_liquid_heat_w derived
  PumpConfig facility_pump{};            ///< flow derived
  HeatRejection heat_rejection = HeatRejection::dry_cooler;
  DryCoolerConfig dry_cooler{};          ///< design_heat_w derived; adiabatic set by `hybrid`
  /// Dry-bulb above which hybrid pads are wetted; NaN: setpoint − dry-cooler design approach (the
  /// ambient above which the dry coil can no longer hold the setpoint at design load) [D].
  double adiabatic_switch_dry_bulb_c = PlantState::kNone;
  CoolingTowerConfig tower{};            ///< design_heat_w, range derived
  TowerWaterConfig water{};
  double design_dry_bulb_c = 35.0;       ///< trim-chiller sizing ambient [D]
  double design_wet_bulb_c = 25.55;      ///< tower sizing wet-bulb [V]
  bool trim_chiller = true;
  double trim_capacity_margin = 1.1;     ///< [D]
  double trim_condenser_fan_power_ratio = 0.04; ///< EnergyPlus air-cooled unit test [V, illustrative]
  ChillerCurves trim_curves = air_cooled_doe2_shape();
  /// The residual air heat's own plant; design_it_w = (1 − φ) design_it_w and the design ambient are
  /// derived. A dry design gives it air-cooled chillers (see the loader), so nothing evaporates.
  AirPlantConfig residual_air{};
  /// Heat into the room besides the IT's air share at design: distribution losses inside the cooled
  /// space (the loader computes them from the power chain at design load); the residual air plant is
  /// sized for both.
  double residual_air_other_heat_w = 0;
  double max_substep_s = 60;
};

/// What a DX plant does when the outdoor air is cold (docs/models/cooling.md, "DX / CRAC").
enum class DxEconomizer {
  none,               ///< compressors all year
  air_side,           ///< outdoor air inside the ASHRAE envelope, the DX coil trims
  pumped_refrigerant, ///< a refrigerant pump replaces the compressor in cold air (EIR from the curve set)
};

/// CRAC units with direct-expansion coils and air-cooled condensers: no chilled water, no tower, no
/// water. Every default is sourced in docs/models/cooling.md.
struct DxPlantConfig {
  double design_it_w = 1.0e6;
  double design_dry_bulb_c = 35.0;     ///< DX capacity sizing ambient [D]
  double design_wet_bulb_c = 25.55;    ///< coincident wet-bulb (the design check's weather; no tower here)
  CrahConfig crac{};                   ///< the CRAC's fans and supply air; design_heat_w derived
  double recirculation_fraction = 0.1; ///< as AirPlantConfig
  double room_time_constant_s = 160;   ///< as AirPlantConfig [D]
  /// Dew point the room's humidity control holds; sets the coil's entering wet-bulb. Inside the ASHRAE
  /// recommended −9…15 °C [M].
  double room_dew_point_c = 10.0;
  double capacity_margin = 1.1;        ///< installed DX capacity / design coil load at design ambient [D]
  DxEconomizer economizer = DxEconomizer::none;
  AirEconomizerConfig air_economizer{};
  double max_substep_s = 60;
};

/// Every plant the engine can build, one alternative per kind. A new kind is a new alternative: its
/// `make_plant` overload below, its row in sim/facility_kinds.hpp and its reader in the scenario loader
/// (docs/developing.md, "Adding a cooling plant"); the compiler points at each place left to do.
using PlantConfig = std::variant<AirPlantConfig, LiquidPlantConfig, DxPlantConfig>;

std::unique_ptr<CoolingPlant> make_plant(const AirPlantConfig& config);
std::unique_ptr<CoolingPlant> make_plant(const LiquidPlantConfig& config);
std::unique_ptr<CoolingPlant> make_plant(const DxPlantConfig& config);
/// Builds whichever plant `config` holds. A template taking exactly PlantConfig, so that an
/// alternative without its own overload is a compile error instead of a call back to this one.
template <class Config>
  requires std::same_as<Config, PlantConfig>
std::unique_ptr<CoolingPlant> make_plant(const Config& config) {
  return std::visit([](const auto& c) { return make_plant(c); }, config);
}

// Named builders (the tests and older callers use them).
inline std::unique_ptr<CoolingPlant> make_air_plant(const AirPlantConfig& config) { return make_plant(config); }
inline std::unique_ptr<CoolingPlant> make_liquid_plant(const LiquidPlantConfig& config) { return make_plant(config); }

} // namespace wattsim::models
