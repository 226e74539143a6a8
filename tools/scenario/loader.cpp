#include "tools/scenario/loader.hpp"

#include "models/common/random.hpp"
#include "models/hardware/training_activity.hpp"
#include "models/training/iteration.hpp"
#include "models/training/job_length.hpp"
#include "models/inference/continuous_batching.hpp"
#include "models/inference/performance_table.hpp"
#include "models/inference/prefill_time.hpp"
#include "tools/scenario/builtin_catalog_data.hpp"
#include "tools/scenario/catalog_loader.hpp"
#include "tools/scenario/error_list.hpp"
#include "tools/scenario/inference_loader.hpp"
#include "tools/scenario/input_file.hpp"
#include "tools/scenario/output_estimate.hpp"
#include "tools/scenario/reader.hpp"
#include "tools/scenario/signal_loader.hpp"
#include "tools/scenario/job_list_csv.hpp"
#include "tools/scenario/swf_reader.hpp"

#include "models/weather/epw.hpp"
#include "sim/facility_kinds.hpp"

#include <algorithm>
#include <ctime>
#include <cmath>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <map>
#include <openssl/evp.h>
#include <set>
#include <sstream>

namespace wattsim::scenario {

namespace {

namespace fs = std::filesystem;

std::string sha256_hex(const std::string& data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), digest, &len, EVP_sha256(), nullptr);
  std::string hex;
  for (unsigned int i = 0; i < len; ++i)
    hex += fmt::format("{:02x}", digest[i]);
  return hex;
}

template <class Map> std::vector<std::string> names_of(const Map& m) {
  std::vector<std::string> out;
  for (const auto& [k, _] : m)
    out.push_back(k);
  return out;
}

std::string unknown_name(const std::string& what, const std::string& name, const std::vector<std::string>& known) {
  std::string msg = fmt::format("unknown {} '{}'", what, name);
  if (auto guess = closest_match(name, known))
    return msg + fmt::format("; did you mean '{}'?", *guess);
  return msg + "; `wattsim catalog` lists them";
}

class Builder {
public:
  Builder(LoadedScenario& out, std::string& hash_input) : out_(out), sc_(out.scenario), hash_input_(hash_input) {}

  void build(Reader& root) {
    // Each section is read even when an earlier one failed, so one run reports every error it can
    // (up to kMaxErrors); a section that needs a failed one (jobs need the cluster) is skipped.
    ErrorList errors;
    root.allow({"extends", "catalog"});
    errors.attempt([&] {
      root.each("validation", [&](Reader& v, std::size_t) { out_.validation.push_back(read_check(v)); });
    });
    errors.attempt([&] { sc_.name = root.string_or("name", fs::path(out_.path).stem().string()); });
    errors.attempt([&] { sc_.description = root.string_or("description", ""); });
    errors.attempt([&] { sc_.seed = static_cast<std::uint64_t>(root.integer_or("seed", 1, 0, 9007199254740991LL)); });
    errors.attempt([&] { read_duration(root); });
    errors.attempt([&] { read_start(root); });
    errors.attempt([&] {
      Reader site = root.map("site");
      read_site(site);
      site.finish();
    });
    // The facility's model sets the partitions' default cooling; its sizing needs the cluster.
    Reader facility = root.map("facility");
    const bool model_ok = errors.attempt([&] {
      const auto model =
          facility.choice("model", {sim::kFacilityKindNames.begin(), sim::kFacilityKindNames.end()}, "fixed-pue");
      sc_.facility.design = *sim::facility_design_named(model);
      liquid_hall_ = sim::is_liquid_hall(sc_.facility.design);
    });
    const bool cluster_ok = model_ok && errors.attempt([&] {
      Reader cluster = root.map("cluster");
      read_cluster(cluster);
      cluster.finish();
    });
    if (cluster_ok)
      errors.attempt([&] {
        read_facility(facility);
        facility.finish();
      });
    const bool workload_ok = cluster_ok && errors.attempt([&] {
      Reader workload = root.map("workload");
      read_workload(workload);
      workload.finish();
    });
    if (workload_ok)
      errors.attempt([&] {
        Reader outputs = root.map("outputs");
        read_outputs(outputs);
        outputs.finish();
      });

    errors.attempt([&] {
      Reader engine = root.map("engine");
      sc_.engine.per_node_hosts = engine.choice("hosts", {"grouped", "per-node"}, "grouped") == "per-node";
      engine.finish();
    });
    root.allow({"facility", "workload", "outputs"}); // read above, or skipped after an error
    errors.attempt([&] { root.finish(); });
    errors.throw_if_any();
  }

private:
  void read_duration(Reader& r) {
    const auto* d = r.child("duration");
    if (!d || (d->is_scalar() && d->scalar() == "until-done")) {
      sc_.duration_s = sim::kForever;
      return;
    }
    sc_.duration_s = r.quantity("duration", kinds::time, 1.0, 100.0 * 365 * 86400);
  }

  /// `start:` an ISO 8601 date or UTC date-time (2024-07-01, 2024-07-01T06:00, ...T06:00:00Z): the
  /// calendar time of t = 0, only for timestamps in the outputs (it does not move the weather).
  void read_start(Reader& r) {
    const auto text = r.optional_string("start");
    if (!text)
      return;
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0, used = 0;
    const int n = std::sscanf(text->c_str(), "%4d-%2d-%2d%n", &y, &mo, &d, &used);
    std::string rest = n == 3 ? text->substr(static_cast<std::size_t>(used)) : std::string("?");
    if (!rest.empty() && (rest[0] == 'T' || rest[0] == ' ')) {
      int u2 = 0;
      if (std::sscanf(rest.c_str() + 1, "%2d:%2d%n", &h, &mi, &u2) != 2)
        rest = "?";
      else {
        rest = rest.substr(1 + static_cast<std::size_t>(u2));
        if (!rest.empty() && rest[0] == ':' && std::sscanf(rest.c_str(), ":%2d%n", &sec, &u2) == 1)
          rest = rest.substr(static_cast<std::size_t>(u2));
        if (rest == "Z" || rest == "+00:00")
          rest.clear();
      }
    }
    std::tm tm{};
    tm.tm_year = y - 1900;
    tm.tm_mon = mo - 1;
    tm.tm_mday = d;
    tm.tm_hour = h;
    tm.tm_min = mi;
    tm.tm_sec = sec;
    const std::time_t t = timegm(&tm);
    std::tm back{};
    gmtime_r(&t, &back);
    if (!rest.empty() || y < 1900 || y > 9999 || back.tm_mday != d || back.tm_mon != mo - 1 || h > 23 || mi > 59 || sec > 59)
      r.fail("start", fmt::format("'{}': expected an ISO 8601 date or UTC date-time (2024-07-01 or 2024-07-01T06:00:00Z)", *text));
    sc_.start_unix_s = static_cast<double>(t);
  }

  void read_site(Reader& r) {
    sc_.site.name = r.string_or("name", "");
    if (r.has("weather")) {
      Reader w = r.map("weather");
      read_weather(w);
      w.finish();
    }
    sc_.site.ewif_kg_per_j = r.quantity_or("ewif", kinds::water_intensity, 0.0, 0.0) * 1000.0; // m3/J -> kg/J
    sc_.site.ewif_withdrawal_kg_per_j = r.quantity_or("ewif_withdrawal", kinds::water_intensity, 0.0, 0.0) * 1000.0;
    if (r.has("battery")) {
      Reader b = r.map("battery");
      sc_.site.battery = read_battery(b);
      b.finish();
    }
    read_power_management(r);
    if (r.has("carbon_intensity"))
      sc_.site.carbon_kg_per_j = read_signal(r, "carbon_intensity", kinds::carbon_intensity, hash_input_);
    if (r.has("electricity_price")) {
      sc_.site.price_per_j = read_signal(r, "electricity_price", kinds::price, hash_input_);
      sc_.site.currency = currency_of(*r.child("electricity_price"));
    }
  }

  /// The contract power and demand response events (models/grid/power_budget.hpp, docs/models/grid.md).
  void read_power_management(Reader& r) {
    if (r.has("power_budget")) {
      Reader b = r.map("power_budget");
      sc_.site.power_budget_w = b.quantity("limit", kinds::power, 1.0);
      const std::vector<std::string> actions(std::begin(models::kBudgetActionNames), std::end(models::kBudgetActionNames));
      const auto action = b.choice("action", actions, actions.front());
      sc_.site.budget_action = static_cast<models::BudgetAction>(
          std::find(actions.begin(), actions.end(), action) - actions.begin());
      b.finish();
    }
    r.each("demand_response", [&](Reader& e, std::size_t) {
      models::DemandResponseEvent ev;
      ev.start_s = e.quantity("start", kinds::time, 0.0);
      ev.duration_s = e.quantity("duration", kinds::time, 1.0);
      ev.shed_w = e.quantity("shed", kinds::power, 1.0);
      if (!sc_.site.demand_response.empty() && ev.start_s < sc_.site.demand_response.back().end_s())
        e.fail("start", "events must be in time order and must not overlap (this one starts before the previous one ends)");
      sc_.site.demand_response.push_back(ev);
    });
  }

  /// A battery (models/grid/battery.hpp, docs/models/grid.md): between the facility and the grid, or in
  /// a rack. `default_peak_w` > 0 makes peak shaving's threshold optional (a rack's power limit).
  static models::BatteryConfig read_battery(Reader& r, double default_peak_w = 0) {
    models::BatteryConfig b;
    b.capacity_j = r.quantity("capacity", kinds::energy, 1.0);
    b.power_w = r.quantity("power", kinds::power, 1.0);
    b.round_trip_efficiency = r.number_or("round_trip_efficiency", b.round_trip_efficiency, 0.01, 1.0);
    b.soc_min = r.number_or("soc_min", b.soc_min, 0.0, 1.0);
    b.soc_max = r.number_or("soc_max", b.soc_max, 0.0, 1.0);
    if (b.soc_min >= b.soc_max)
      r.fail("soc_max", fmt::format("must be above soc_min ({:g})", b.soc_min));
    b.soc_initial = r.number_or("soc_initial", std::clamp(0.5, b.soc_min, b.soc_max), b.soc_min, b.soc_max);
    const auto policy = r.choice("policy", std::vector<std::string>(std::begin(models::kBatteryPolicyNames),
                                                                    std::end(models::kBatteryPolicyNames)),
                                 "ramp-limiting");
    b.policy = static_cast<models::BatteryPolicy>(
        std::find(std::begin(models::kBatteryPolicyNames), std::end(models::kBatteryPolicyNames), policy) -
        std::begin(models::kBatteryPolicyNames));
    switch (b.policy) {
    case models::BatteryPolicy::peak_shaving:
      b.peak_w = default_peak_w > 0 ? r.quantity_or("peak", kinds::power, default_peak_w, 0.0)
                                    : r.quantity("peak", kinds::power, 0.0);
      break;
    case models::BatteryPolicy::floor_filling:
      b.floor_w = r.quantity("floor", kinds::power, 0.0);
      break;
    case models::BatteryPolicy::ramp_limiting:
      b.max_step_w = r.quantity("max_step", kinds::power, 1.0);
      b.ramp_window_s = r.quantity_or("ramp_window", kinds::time, b.ramp_window_s, 1e-3);
      break;
    }
    return b;
  }

  void read_weather(Reader& w) {
    const int kinds_given = w.has("epw") + w.has("constant") + w.has("design_day");
    if (kinds_given != 1)
      w.fail("epw", "give the weather as one of: epw (a file), constant, design_day");
    try {
      if (w.has("epw")) {
        const auto* file = w.child("epw");
        if (!file->is_scalar())
          w.fail("epw", "expected the path of an EPW file");
        const std::string path = resolve_path(*file);
        if (!std::filesystem::exists(path))
          w.fail("epw", fmt::format("file not found: {}", path));
        // The simulation starts on this day of the typical year (1 = Jan 1), at this hour.
        const double day = w.number_or("start_day", 1.0, 1.0, 365.0);
        const double hour = w.number_or("start_hour", 0.0, 0.0, 23.999);
        hash_input_ += read_input_file(path, kMaxDataFileBytes, file->where(), w.key_path("epw"));
        sc_.site.weather = models::WeatherSeries::from_epw(path, (day - 1) * 24 + hour);
        weather_from_epw_ = true;
      } else if (w.has("constant")) {
        Reader c = w.map("constant");
        const double db = c.quantity("dry_bulb", kinds::temperature, -60.0, 60.0);
        const double rh = c.number("relative_humidity", 0.0, 1.0);
        const double p = c.quantity_or("pressure", kinds::pressure, 101325.0, 50e3, 110e3);
        c.finish();
        sc_.site.weather = models::WeatherSeries::constant(db, rh, p);
      } else {
        Reader d = w.map("design_day");
        const double db = d.quantity("dry_bulb", kinds::temperature, -60.0, 60.0);
        const double range = d.quantity("daily_range", kinds::temperature_difference, 0.0, 30.0);
        const double wb = d.quantity("wet_bulb", kinds::temperature, -60.0, 40.0);
        const double p = d.quantity_or("pressure", kinds::pressure, 101325.0, 50e3, 110e3);
        d.finish();
        sc_.site.weather = models::WeatherSeries::design_day(db, range, wb, p);
      }
    } catch (const models::EpwError& e) {
      throw InputError({e.file(), static_cast<int>(e.line()), 1}, w.key_path("epw"), e.what());
    } catch (const std::invalid_argument& e) {
      w.fail(w.has("constant") ? "constant" : "design_day", e.what());
    }
  }

  static models::StageRedundancy redundancy(Reader& r, const std::string& key, models::StageRedundancy fallback) {
    const auto v = r.choice(key, {"N", "N+1", "2N"}, fallback.scheme == models::Redundancy::n        ? "N"
                                                     : fallback.scheme == models::Redundancy::n_plus_1 ? "N+1"
                                                                                                        : "2N");
    fallback.scheme = v == "N" ? models::Redundancy::n : v == "N+1" ? models::Redundancy::n_plus_1 : models::Redundancy::two_n;
    return fallback;
  }

  // The facility: one kind (sim/facility_kinds.hpp), read by the read_design overload of its
  // configuration type, so a kind without a reader does not compile.
  void read_facility(Reader& r) {
    auto& f = sc_.facility;
    const auto model = sim::facility_kind_name(f.design);
    // Another kind's option map may be present (a file extending one design into another): ignored.
    for (const auto name : sim::kFacilityKindNames)
      if (name != model)
        r.allow({name});
    std::visit([&](auto& design) { read_design(r, design); }, f.design);
  }

  void read_design(Reader& r, sim::FixedPue& d) {
    d.pue = r.number_or("pue", 1.0, 1.0, 5.0);
    d.wue_kg_per_j = r.quantity_or("wue", kinds::water_intensity, 0.0, 0.0) * 1000.0;
    r.allow({"step", "design_it_power", "other_load", "distribution", "throttle", "faults"});
  }

  void read_design(Reader& r, models::AirPlantConfig& c) {
    read_plant(r);
    const auto& f = sc_.facility;
    Reader a = r.map("air");
    c.design_it_w = f.design_it_w;
    c.chw_supply_setpoint_c = a.quantity_or("chilled_water_supply", kinds::temperature, c.chw_supply_setpoint_c, 4.0, 25.0);
    const auto chiller = a.choice("chiller", {"vsd", "centrifugal", "air-cooled"}, "vsd");
    c.air_cooled_chillers = chiller == "air-cooled";
    c.chiller_curves = chiller == "vsd"           ? models::carrier_19xr_742kw_5_42cop_vsd()
                       : chiller == "centrifugal" ? models::doe2_centrifugal_5_50cop()
                                                  : models::york_ycal0033ee_air_cooled();
    const auto eco =
        a.choice("economizer", {"water-side", "air-side", "both", "none"}, c.air_cooled_chillers ? "none" : "water-side");
    c.water_side_economizer = eco == "water-side" || eco == "both";
    c.air_side_economizer = eco == "air-side" || eco == "both";
    if (c.air_cooled_chillers && c.water_side_economizer)
      a.fail("economizer", "a water-side economizer runs on cooling-tower water; air-cooled chillers have none "
                           "(use air-side or none)");
    c.water.cycles_of_concentration = a.number_or("cycles_of_concentration", c.water.cycles_of_concentration, 1.5, 20.0);
    // Constant-flow primary pumping (the legacy practice before variable-flow chilled water) runs the
    // chilled-water pumps at design flow whatever the load.
    if (a.choice("chilled_water_pumps", {"variable", "constant"}, "variable") == "constant")
      c.chw_pump.min_flow_fraction = 1.0;
    read_air_path(a, c.crah, c.recirculation_fraction);
    a.finish();
  }

  // The air path every air-side plant shares (docs/models/cooling.md, "CRAH"): supply air, fan control,
  // containment (bypass of CRAH air around the servers, recirculation of server exhaust to their inlets)
  // and the CRAH air temperature rise, which by default follows the servers' own airflow.
  void read_air_path(Reader& a, models::CrahConfig& crah, double& recirculation) {
    crah.supply_air_setpoint_c = a.quantity_or("supply_air", kinds::temperature, crah.supply_air_setpoint_c, 10.0, 35.0);
    crah.constant_speed = a.choice("fans", {"variable", "constant"}, "variable") == "constant";
    const bool contained = a.choice("containment", {"contained", "none"}, "contained") == "contained";
    const auto& room = contained ? models::kContainedHall : models::kUncontainedHall;
    const double bypass = a.number_or("bypass", room.bypass_fraction, 0.0, 0.9);
    recirculation = a.number_or("recirculation", room.recirculation_fraction, 0.0, 0.9);
    // The servers' exhaust limit, weighted by the heat each partition puts into the air at nameplate.
    double air_heat = 0, exhaust = 0;
    for (const auto& p : sc_.cluster.partitions) {
      const double q = p.total_nodes() * p.system.max_power_w * (p.liquid_cooled ? 1 - p.system.liquid_heat_fraction : 1.0);
      air_heat += q;
      exhaust += q * (p.system.fans.design_inlet_c + p.system.fans.design_rise_k);
    }
    if (air_heat > 0)
      crah.design_delta_t_k = models::crah_delta_t_for_servers_k(exhaust / air_heat, crah.supply_air_setpoint_c, bypass);
    crah.design_delta_t_k = a.quantity_or("air_delta_t", kinds::temperature_difference, crah.design_delta_t_k, 3.0, 30.0);
  }

  void read_design(Reader& r, models::DxPlantConfig& c) {
    read_plant(r);
    Reader d = r.map("dx");
    c.design_it_w = sc_.facility.design_it_w;
    const auto eco = d.choice("economizer", {"none", "air-side", "pumped-refrigerant"}, "none");
    c.economizer = eco == "none"       ? models::DxEconomizer::none
                   : eco == "air-side" ? models::DxEconomizer::air_side
                                       : models::DxEconomizer::pumped_refrigerant;
    c.room_dew_point_c = d.quantity_or("room_dew_point", kinds::temperature, c.room_dew_point_c, -9.0, 15.0);
    read_air_path(d, c.crac, c.recirculation_fraction);
    d.finish();
  }

  void read_design(Reader& r, models::LiquidPlantConfig& c) {
    read_plant(r);
    const auto& f = sc_.facility;
    double liquid_heat = 0;
    for (const auto& p : sc_.cluster.partitions)
      if (p.liquid_cooled)
        liquid_heat += p.total_nodes() * p.system.max_power_w * p.system.liquid_heat_fraction;
    Reader l = r.map("liquid");
    c.design_it_w = f.design_it_w;
    c.liquid_fraction = liquid_heat > 0 ? liquid_heat / f.design_it_w : 0.0;
    const auto cls = l.choice("class", {"W17", "W27", "W32", "W40", "W45"}, "W32");
    c.liquid_class = cls == "W17"   ? models::LiquidClass::w17
                     : cls == "W27" ? models::LiquidClass::w27
                     : cls == "W32" ? models::LiquidClass::w32
                     : cls == "W40" ? models::LiquidClass::w40
                                    : models::LiquidClass::w45;
    if (l.has("supply"))
      c.facility_supply_setpoint_c = l.quantity("supply", kinds::temperature, 10.0, 50.0);
    const auto rej = l.choice("heat_rejection", {"dry-cooler", "tower", "hybrid"}, "dry-cooler");
    c.heat_rejection = rej == "dry-cooler" ? models::HeatRejection::dry_cooler
                       : rej == "tower"    ? models::HeatRejection::tower
                                           : models::HeatRejection::hybrid;
    c.trim_chiller = l.boolean("trim_chiller", true);
    // The residual air heat: a dry design keeps it dry (air-cooled chillers), a tower design may use
    // water-cooled chillers on towers as well.
    const auto residual =
        l.choice("residual_air", {"air-cooled", "tower"}, c.heat_rejection == models::HeatRejection::tower ? "tower" : "air-cooled");
    if (residual == "air-cooled") {
      c.residual_air.air_cooled_chillers = true;
      c.residual_air.chiller_curves = models::york_ycal0033ee_air_cooled();
      c.residual_air.water_side_economizer = false;
    }
    c.water.cycles_of_concentration = l.number_or("cycles_of_concentration", c.water.cycles_of_concentration, 1.5, 20.0);
    c.residual_air_other_heat_w = design_loss_heat_inside_w();
    l.finish();
    if (liquid_heat <= 0)
      r.fail("model", "a liquid plant with no liquid-cooled partition: set cluster.partitions[].cooling: liquid");
  }

  /// The outdoor conditions the plant is sized for: the ASHRAE 0.4 % annual cooling values of the EPW
  /// hours, each replaceable by `facility.design_conditions` (docs/models/weather.md); other weather keeps
  /// the fixed 35 °C dry-bulb and 25.55 °C wet-bulb unless given. Applied to the plant's sizing fields.
  void read_design_conditions(Reader& r) {
    auto& f = sc_.facility;
    if (weather_from_epw_ && sc_.site.weather) {
      f.design_conditions = models::cooling_design_conditions(sc_.site.weather->records());
      f.design_conditions_source = "epw";
    }
    Reader d = r.map("design_conditions");
    auto& dc = f.design_conditions;
    for (const char* key : {"dry_bulb", "coincident_wet_bulb", "wet_bulb"})
      if (d.has(key))
        f.design_conditions_source = "scenario";
    dc.dry_bulb_c = d.quantity_or("dry_bulb", kinds::temperature, dc.dry_bulb_c, -10.0, 60.0);
    dc.wet_bulb_c = d.quantity_or("wet_bulb", kinds::temperature, dc.wet_bulb_c, -10.0, 40.0);
    dc.coincident_wet_bulb_c =
        d.quantity_or("coincident_wet_bulb", kinds::temperature, std::min(dc.coincident_wet_bulb_c, dc.dry_bulb_c), -10.0, 40.0);
    if (dc.coincident_wet_bulb_c > dc.dry_bulb_c)
      d.fail("coincident_wet_bulb", "a wet-bulb cannot be above its dry-bulb");
    d.finish();
    // Towers are sized at the 0.4 % wet-bulb, air-cooled equipment at the 0.4 % dry-bulb.
    std::visit(
        [&](auto& c) {
          if constexpr (!std::is_same_v<std::decay_t<decltype(c)>, sim::FixedPue>) {
            c.design_dry_bulb_c = dc.dry_bulb_c;
            c.design_wet_bulb_c = dc.wet_bulb_c;
          }
        },
        f.design);
  }

  /// Distribution losses that end inside the cooled space with the hall at its design load.
  double design_loss_heat_inside_w() const {
    const auto& f = sc_.facility;
    models::PowerDistribution chain(f.distribution);
    chain.set_loads(f.design_it_w, f.distribution.cooling_capacity_w, f.other_load_w);
    double w = 0;
    for (const auto& e : chain.compute().elements)
      if (f.loss_heat.of(e.kind) != sim::HeatLocation::outdoors)
        w += e.loss_w;
    return w;
  }

  // What every physical plant shares: weather, sizing basis, throttling, the power chain, faults.
  void read_plant(Reader& r) {
    auto& f = sc_.facility;
    const auto model = std::string(sim::facility_kind_name(f.design));
    for (const char* key : {"pue", "wue"})
      if (r.has(key))
        r.fail(key, fmt::format("{} {} plant computes its {}; `{}` is for model: fixed-pue", model == "air" ? "an" : "a",
                                model, key == std::string("pue") ? "PUE" : "water use", key));
    if (!sc_.site.weather)
      r.fail("model", fmt::format("a {} cooling plant needs outdoor air: set site.weather", model));
    f.step_s = r.quantity_or("step", kinds::time, 60.0, 1.0, 3600.0);
    read_design_conditions(r);
    // Design IT: every node at its nameplate maximum, plus storage and network.
    double design = sc_.cluster.storage.power_w + sc_.cluster.network.power_w;
    for (const auto& p : sc_.cluster.partitions)
      design += p.total_nodes() * p.system.max_power_w;
    f.design_it_w = r.quantity_or("design_it_power", kinds::power, design, 1.0);
    // Lighting, offices, security: 1% of design IT (estimate; docs/models/power-distribution.md).
    f.other_load_w = r.quantity_or("other_load", kinds::power, 0.01 * f.design_it_w, 0.0);

    Reader t = r.map("throttle");
    f.inlet_limit_c = t.quantity_or("inlet_limit", kinds::temperature, f.inlet_limit_c, 15.0, 60.0);
    // The coolant limit is the hardware's: the lowest cold-plate inlet limit of the liquid-cooled
    // systems in the catalog, the facility default where no system gives one.
    double catalog_limit = 0;
    for (const auto& p : sc_.cluster.partitions)
      if (p.liquid_cooled && p.system.coolant_limit_c > 0)
        catalog_limit = catalog_limit > 0 ? std::min(catalog_limit, p.system.coolant_limit_c) : p.system.coolant_limit_c;
    if (catalog_limit > 0)
      f.coolant_limit_c = catalog_limit;
    f.coolant_limit_c = t.quantity_or("coolant_limit", kinds::temperature, f.coolant_limit_c, 15.0, 80.0);
    f.hysteresis_k = t.quantity_or("hysteresis", kinds::temperature_difference, f.hysteresis_k, 0.1, 20.0);
    if (t.has("caps")) {
      f.throttle_caps.clear();
      for (const auto& c : t.string_list("caps")) {
        auto v = parse_number(c);
        if (!v || *v <= 0 || *v > 1 || (!f.throttle_caps.empty() && *v >= f.throttle_caps.back()))
          t.fail("caps", "decreasing fractions of TDP in (0, 1], e.g. [0.9, 0.8, 0.7]");
        f.throttle_caps.push_back(*v);
      }
    }
    t.finish();

    Reader d = r.map("distribution");
    auto& dc = f.distribution;
    dc.it_capacity_w = f.design_it_w;
    dc.other_capacity_w = f.other_load_w;
    const auto ups = d.choice("ups", {"double-conversion", "eco", "legacy"}, "double-conversion");
    dc.ups_mode = ups == "eco"      ? models::UpsMode::eco
                  : ups == "legacy" ? models::UpsMode::legacy
                                    : models::UpsMode::double_conversion;
    dc.ups = redundancy(d, "ups_redundancy", dc.ups);
    dc.it_transformer = redundancy(d, "transformer_redundancy", dc.it_transformer);
    dc.pdu_efficiency = d.number_or("pdu_efficiency", dc.pdu_efficiency, 0.9, 1.0);
    // Where each kind of element sits, so where its losses go as heat.
    Reader h = d.map("heat");
    const std::vector<std::string> places(std::begin(sim::kHeatLocationNames), std::end(sim::kHeatLocationNames));
    auto place = [&](const char* key, sim::HeatLocation& loc) {
      const auto v = h.choice(key, places, sim::kHeatLocationNames[static_cast<std::size_t>(loc)]);
      loc = static_cast<sim::HeatLocation>(std::find(places.begin(), places.end(), v) - places.begin());
    };
    place("transformers", f.loss_heat.transformer);
    place("ups", f.loss_heat.ups);
    place("pdu", f.loss_heat.pdu);
    place("switchboard", f.loss_heat.switchboard);
    h.finish();
    d.finish();
    // The cooling branch is sized for the plant at design (an estimate per kind, sim/facility_kinds.hpp).
    dc.cooling_capacity_w = sim::cooling_branch_fraction(f.design) * f.design_it_w;

    r.each("faults", [&](Reader& fr, std::size_t) {
      sim::FacilityFault fault;
      const auto kind = fr.choice("kind", {"chiller-trip", "cdu-pump-failure", "tower-fan-failure", "heat-wave"}, "");
      if (kind.empty())
        fr.fail("kind", "missing; one of chiller-trip, cdu-pump-failure, tower-fan-failure, heat-wave");
      fault.kind = kind == "chiller-trip"        ? sim::FacilityFault::Kind::chiller_trip
                   : kind == "cdu-pump-failure"  ? sim::FacilityFault::Kind::cdu_pump_failure
                   : kind == "tower-fan-failure" ? sim::FacilityFault::Kind::tower_fan_failure
                                                 : sim::FacilityFault::Kind::heat_wave;
      fault.start_s = fr.quantity("at", kinds::time, 0.0);
      fault.duration_s = fr.quantity("duration", kinds::time, 1.0);
      if (fault.kind == sim::FacilityFault::Kind::heat_wave)
        fault.offset_k = fr.quantity("offset", kinds::temperature_difference, -30.0, 30.0);
      f.faults.push_back(fault);
    });
  }

  void read_cluster(Reader& r) {
    const auto* parts = r.child("partitions");
    if (!parts)
      r.fail("partitions", "missing; a cluster needs at least one partition (name, system, nodes)");
    std::set<std::string> names;
    r.each("partitions", [&](Reader& p, std::size_t i) {
      auto part = read_partition(p, i);
      if (!names.insert(part.name).second)
        p.fail("name", fmt::format("partition name '{}' is used twice", part.name));
      sc_.cluster.partitions.push_back(std::move(part));
    });
    if (sc_.cluster.partitions.empty())
      r.fail("partitions", "needs at least one partition");
    Reader storage = r.map("storage");
    read_storage(storage);
    storage.finish();
    Reader network = r.map("network");
    read_network(network);
    network.finish();
    Reader reliability = r.map("reliability");
    read_reliability(reliability);
    reliability.finish();
  }

  sim::Partition read_partition(Reader& r, std::size_t index) {
    sim::Partition p;
    p.name = r.string_or("name", fmt::format("p{}", index));
    const std::string system = r.string("system");
    const auto* spec = out_.catalog.system(system);
    if (!spec)
      r.fail("system", unknown_name("system", system, names_of(out_.catalog.systems)));
    p.system = *spec;
    p.accelerator = *out_.catalog.accelerator(spec->accelerator);
    p.nodes = static_cast<int>(r.integer("nodes", 1, 1000000));
    p.spare_nodes = static_cast<int>(r.integer_or("spare_nodes", 0, 0, 1000000));
    p.rack_units = static_cast<int>(r.quantity_or("rack_units", kinds::rack_units, 42, 1, 100));
    p.rack_power_limit_w = r.quantity_or("rack_power_limit", kinds::power, 0.0, 0.0);
    const bool liquid_default = spec->cooling == models::CoolingSupport::liquid ||
                                (liquid_hall_ && spec->cooling == models::CoolingSupport::air_or_liquid);
    const auto cooling = r.choice("cooling", {"air", "liquid"}, liquid_default ? "liquid" : "air");
    p.liquid_cooled = cooling == "liquid";
    if (p.liquid_cooled && spec->cooling == models::CoolingSupport::air)
      r.fail("cooling", fmt::format("{} is an air-cooled system; its catalog entry allows only air", system));
    if (!p.liquid_cooled && spec->cooling == models::CoolingSupport::liquid)
      r.fail("cooling", fmt::format("{} must be liquid cooled", system));
    if (r.has("power_cap")) {
      p.accelerator_cap_w = r.quantity("power_cap", kinds::power, p.accelerator.power_cap_min_w,
                                       p.accelerator.power_cap_max_w);
    }
    // The card method (GPU-hours x a fixed wattage), reported beside the physical model.
    p.counted_at_w = r.quantity_or("counted_at", kinds::power, 0.0, 1e-3);
    // A power floor as a share of TDP while a job holds the GPUs (NVIDIA's power smoothing on GB200
    // systems sets a minimum power for low-power phases; docs/models/grid.md).
    if (r.has("power_floor"))
      p.accelerator_floor_w = r.number("power_floor", 0.0, 1.0) * p.accelerator.tdp_w;
    read_rack_battery(r, p);
    // With a rack battery the rack's feed plus the battery's rating must cover the nodes' maximum power.
    const double rack_supply_w = p.rack_power_limit_w + (p.rack_battery ? p.rack_battery->power_w : 0.0);
    // Nodes per rack: fixed for rack-scale systems, else what fits in height and in the power limit.
    if (spec->nodes_per_rack) {
      p.nodes_per_rack = *spec->nodes_per_rack;
      if (p.rack_power_limit_w > 0 && p.nodes_per_rack * spec->max_power_w > rack_supply_w * (1 + 1e-9))
        r.fail("rack_power_limit",
               fmt::format("a {} rack holds {} nodes of {} max: {} at most, above the limit{}", system,
                           p.nodes_per_rack, format_like(spec->max_power_w, kinds::power),
                           format_like(p.nodes_per_rack * spec->max_power_w, kinds::power),
                           p.rack_battery ? " plus the rack battery's power" : ""));
    } else {
      int by_height = p.rack_units / spec->rack_units;
      if (by_height < 1)
        r.fail("rack_units", fmt::format("a {} is {} U high; the rack has {} U", system, spec->rack_units, p.rack_units));
      int by_power = by_height;
      if (p.rack_power_limit_w > 0) {
        by_power = static_cast<int>(std::floor(rack_supply_w / spec->max_power_w + 1e-9));
        if (by_power < 1)
          r.fail("rack_power_limit", fmt::format("below one {}'s maximum power of {}", system,
                                                 format_like(spec->max_power_w, kinds::power)));
      }
      p.nodes_per_rack = std::min(by_height, by_power);
    }
    return p;
  }

  /// The battery in each rack of a partition (`rack_battery`, the site battery's keys): peak shaving
  /// defaults to the rack's power limit. It sits after the rack's PDU (docs/models/grid.md).
  void read_rack_battery(Reader& r, sim::Partition& p) {
    if (!r.has("rack_battery"))
      return;
    Reader b = r.map("rack_battery");
    p.rack_battery = read_battery(b, p.rack_power_limit_w);
    b.finish();
  }

  void read_storage(Reader& r) {
    auto& st = sc_.cluster.storage;
    st.capacity_bytes = r.quantity_or("capacity", kinds::data, 0.0, 0.0);
    const double both = r.quantity_or("bandwidth", kinds::bandwidth, 0.0, 0.0);
    st.read_bandwidth_bytes_s = r.quantity_or("read_bandwidth", kinds::bandwidth, both, 0.0);
    st.write_bandwidth_bytes_s = r.quantity_or("write_bandwidth", kinds::bandwidth, both, 0.0);
    st.node_bandwidth_bytes_s = r.quantity_or("node_bandwidth", kinds::bandwidth, 0.0, 0.0);
    st.power_w = r.quantity_or("power", kinds::power, 0.0, 0.0);
  }

  void read_network(Reader& r) {
    auto& net = sc_.cluster.network;
    net.topology = r.choice("topology", {"none", "fat-tree"}, "none");
    const auto explicit_power = r.optional_quantity("power", kinds::power, 0.0);
    if (net.topology == "fat-tree") {
      const std::string name = r.string("switch");
      const auto* sw = out_.catalog.network_switch(name);
      if (!sw)
        r.fail("switch", unknown_name("switch", name, names_of(out_.catalog.switches)));
      net.switch_spec = *sw;
      long long endpoints = 0;
      for (const auto& p : sc_.cluster.partitions) {
        const int per_node = static_cast<int>(r.integer_or("links_per_node", p.system.accelerators_per_node, 1, 64));
        endpoints += static_cast<long long>(p.total_nodes()) * per_node;
      }
      net.switches = fat_tree_switches(endpoints, sw->ports);
      net.power_w = net.switches * sw->typical_power_w;
    } else {
      r.allow({"switch", "links_per_node"});
    }
    if (explicit_power)
      net.power_w = *explicit_power;
  }

  void read_reliability(Reader& r) {
    auto& rel = sc_.cluster.reliability;
    const auto model = r.choice("model", {"none", "llama3", "kokolis"}, "none");
    if (model == "none") {
      r.allow({"planned", "failures_per_1000_node_days", "rate_scale", "repair_scale", "weibull_shape"});
      return;
    }
    rel.enabled = true;
    if (model == "llama3") {
      const auto planned = r.choice("planned", {"per-job", "per-node"}, "per-job");
      rel.failures = models::FailureModel::llama3_defaults(planned == "per-node" ? models::PlannedScaling::per_node
                                                                                 : models::PlannedScaling::per_job);
      r.allow({"failures_per_1000_node_days"});
    } else {
      rel.failures = models::FailureModel::kokolis(
          r.number_or("failures_per_1000_node_days", models::kKokolisRsc1PerThousandNodeDays, 0.0, 1e6));
      r.allow({"planned"});
    }
    const double scale = r.number_or("rate_scale", 1.0, 0.0, 1000.0);
    if (scale != 1.0)
      rel.failures = rel.failures.scaled(scale);
    if (r.has("weibull_shape")) {
      const double k = r.number("weibull_shape", 0.05, 20.0);
      for (auto& p : rel.failures.processes)
        p.weibull_shape = k;
    }
    rel.repairs = models::RepairModel::defaults();
    const double repair_scale = r.number_or("repair_scale", 1.0, 0.0, 1000.0);
    if (repair_scale != 1.0) {
      for (auto& [cat, dist] : rel.repairs.by_category) {
        dist.quick.median_s *= repair_scale;
        dist.slow.median_s *= repair_scale;
      }
    }
  }

  /// Leaf-spine (two tiers) while endpoints <= k^2/2, else three tiers (k^3/4), with half of each
  /// switch's ports facing down (non-blocking folded Clos, Al-Fares et al. 2008).
  static int fat_tree_switches(long long endpoints, int radix) {
    const long long half = std::max(radix / 2, 1);
    const long long leaves = (endpoints + half - 1) / half;
    if (endpoints <= half * radix)
      return static_cast<int>(leaves + (leaves + 1) / 2);
    const long long aggregation = leaves;
    const long long core = (aggregation + 1) / 2;
    return static_cast<int>(leaves + aggregation + core);
  }

  void read_workload(Reader& r) {
    Reader sched = r.map("scheduler");
    auto& s = sc_.scheduler;
    read_queue_policy(sched, s);
    read_flexible_runs(sched, s);
    s.power_off_idle = sched.choice("idle", {"stay-on", "power-off"}, "stay-on") == "power-off";
    s.idle_off_after_s = sched.quantity_or("power_off_after", kinds::time, s.idle_off_after_s, 0.0);
    s.boot_s = sched.quantity_or("boot_time", kinds::time, s.boot_s, 0.0);
    sched.finish();

    std::set<std::string> names;
    r.each("jobs", [&](Reader& j, std::size_t i) {
      auto job = read_job(j, i);
      if (!names.insert(job.name).second)
        j.fail("name", fmt::format("job name '{}' is used twice", job.name));
      sc_.jobs.push_back(std::move(job));
    });
    if (r.has("trace")) {
      Reader t = r.map("trace");
      read_trace(t, names);
      t.finish();
    }
    Reader gen = r.map("generate");
    if (gen.has("count"))
      generate_jobs(gen, names);
    gen.finish();
    if (sc_.jobs.empty() && sc_.duration_s == sim::kForever)
      r.fail("jobs", "no jobs and no duration: give jobs, a generator, or a duration to simulate an idle cluster");
  }

  /// Queue policy, placement and walltime enforcement (sim/queue_policy.hpp, sim/placement.hpp).
  static void read_queue_policy(Reader& sched, sim::SchedulerSpec& s) {
    const auto index_of = [](const auto& names, const std::string& name) {
      return static_cast<std::size_t>(std::find(std::begin(names), std::end(names), name) - std::begin(names));
    };
    const auto word_list = [](const auto& names) { return std::vector<std::string>(std::begin(names), std::end(names)); };
    s.placement = static_cast<sim::Placement>(
        index_of(sim::kPlacementNames, sched.choice("placement", word_list(sim::kPlacementNames), "first-fit")));
    // `backfill: true` (older scenarios) means EASY; with `queue` given as well the two must agree.
    const bool backfill = sched.boolean("backfill", false);
    const auto queue = sched.choice("queue", word_list(sim::kQueuePolicyNames), backfill ? "easy" : "fifo");
    if (sched.has("backfill") && sched.has("queue") && backfill != (queue == "easy"))
      sched.fail("backfill", fmt::format("`backfill: {}` contradicts `queue: {}`; drop `backfill` (it is the older "
                                         "spelling of `queue: easy`)", backfill, queue));
    s.queue = static_cast<sim::QueuePolicyKind>(index_of(sim::kQueuePolicyNames, queue));
    s.kill_at_walltime = sched.choice("on_walltime", {"continue", "kill"}, "continue") == "kill";
    s.defer = static_cast<sim::DeferTo>(index_of(sim::kDeferNames, sched.choice("defer", word_list(sim::kDeferNames), "none")));
  }

  /// What running flexible jobs do through high-signal hours (docs/models/grid.md, "Pausing and slowing
  /// running jobs").
  void read_flexible_runs(Reader& sched, sim::SchedulerSpec& s) const {
    const auto flex = sched.choice("flex", {std::begin(sim::kFlexRunNames), std::end(sim::kFlexRunNames)}, "start");
    s.flex = static_cast<sim::FlexRun>(std::find(std::begin(sim::kFlexRunNames), std::end(sim::kFlexRunNames), flex) -
                                       std::begin(sim::kFlexRunNames));
    if (s.flex != sim::FlexRun::start && s.defer == sim::DeferTo::none)
      sched.fail("flex", fmt::format("`flex: {}` plans on a signal: give `defer: carbon` or `defer: price` too", flex));
    if (s.flex_slows() && sc_.site.manages_power())
      sched.fail("flex", fmt::format("`flex: {}` caps GPUs, as the site's power budget and demand response do; with "
                                     "those use `flex: pause`", flex));
  }

  std::size_t partition_index(Reader& r, const std::string& key) {
    if (!r.has(key))
      return 0;
    const std::string name = r.string(key);
    for (std::size_t i = 0; i < sc_.cluster.partitions.size(); ++i)
      if (sc_.cluster.partitions[i].name == name)
        return i;
    std::vector<std::string> known;
    for (const auto& p : sc_.cluster.partitions)
      known.push_back(p.name);
    r.fail(key, unknown_name("partition", name, known));
  }

  /// A count written plain ("1,082,990") or with its unit ("1,082,990 h", "3.8e25 FLOP").
  static double count_or_quantity(Reader& r, const std::string& key, const QuantityKind& kind, double unit_si) {
    const auto* c = r.child(key);
    if (c && c->is_scalar())
      if (auto v = parse_number(c->scalar())) {
        if (*v <= 0)
          r.fail(key, "must be positive");
        if (!(*v * unit_si <= kind.max_si)) // the bound of the quantity written with its unit
          r.fail(key, fmt::format("'{}' is out of range: must be at most {}", c->scalar(),
                                  format_like(kind.max_si / unit_si * (1 - 1e-12), kinds::dimensionless)));
        return *v * unit_si;
      }
    return r.quantity(key, kind, 1e-300);
  }

  sim::JobSpec read_job(Reader& r, std::size_t index) {
    sim::JobSpec job;
    job.name = r.string_or("name", fmt::format("job-{:04d}", index));
    const std::string type = r.choice("type", {"training", "fine-tuning", "inference", "batch-inference"}, "training");
    job.partition = partition_index(r, "partition");
    const auto& part = sc_.cluster.partitions[job.partition];
    const int per_node = part.system.accelerators_per_node;
    const bool by_nodes = r.has("nodes"), by_gpus = r.has("gpus");
    if (type == "inference" || type == "batch-inference") {
      if (by_nodes || by_gpus)
        r.fail(by_nodes ? "nodes" : "gpus", "an inference job's size is its replicas");
    } else {
    if (by_nodes == by_gpus)
      r.fail(by_nodes ? "gpus" : "nodes", "give the job's size as either nodes or gpus (one of them)");
    if (by_nodes) {
      job.nodes = static_cast<int>(r.integer("nodes", 1, part.nodes));
      job.accelerators = job.nodes * per_node;
    } else {
      job.accelerators = static_cast<int>(r.integer("gpus", 1, static_cast<long long>(part.nodes) * per_node));
      job.nodes = (job.accelerators + per_node - 1) / per_node;
    }
    if (job.nodes > part.nodes)
      r.fail(by_nodes ? "nodes" : "gpus", fmt::format("needs {} nodes; partition '{}' has {}", job.nodes, part.name, part.nodes));
    }
    job.submit_s = r.quantity_or("submit", kinds::time, 0.0, 0.0);
    job.failures = r.boolean("failures", true);
    job.walltime_s = r.quantity_or("walltime", kinds::time, 0.0, 1e-3);
    job.priority = static_cast<int>(r.integer_or("priority", 0, -1000000000LL, 1000000000LL));
    job.slack_s = r.quantity_or("slack", kinds::time, 0.0, 0.0);
    // One branch per job kind (docs/developing.md, "Adding a job kind").
    if (type == "training" || type == "fine-tuning")
      read_training(r, job, job.kind.emplace<sim::TrainingSpec>(), type == "fine-tuning");
    else if (type == "inference")
      read_inference(r, job, job.kind.emplace<sim::InferenceServiceSpec>());
    else if (type == "batch-inference")
      read_batch_inference(r, job, job.kind.emplace<sim::BatchInferenceSpec>());
    return job;
  }

  /// The keys every inference kind has: the served model, its replicas' layout and performance, the
  /// request lengths (docs/scenario-reference.md, "Inference services").
  void read_served(Reader& r, const sim::JobSpec& job, sim::ServedModelSpec& s, bool light_load) {
    namespace inf = models::inference;
    const auto& part = sc_.cluster.partitions[job.partition];
    const int per_node = part.system.accelerators_per_node;
    const std::string model = r.string("model");
    const auto* served = inf::find_served_model(model);
    if (!served) {
      std::vector<std::string> known;
      for (const auto& m : inf::served_model_presets())
        known.push_back(m.name);
      r.fail("model", unknown_name("served model", model, known));
    }
    s.model_name = model;
    s.replica.model = *served;
    s.replica.accelerator = part.accelerator;
    s.replica.layout.tensor_parallel = static_cast<int>(r.integer_or("tensor_parallel", 1, 1, 1024));
    s.replica.layout.pipeline_parallel = static_cast<int>(r.integer_or("pipeline_parallel", 1, 1, 1024));
    const int gpus = s.replica.gpus();
    if (gpus <= per_node ? per_node % gpus != 0 : gpus % per_node != 0)
      r.fail("tensor_parallel", fmt::format("a replica of {} GPUs must divide, or be a multiple of, the {} GPUs of a "
                                            "{} node",
                                            gpus, per_node, part.system.name));
    s.replicas_per_node = gpus <= per_node ? per_node / gpus : 1;
    s.nodes_per_replica = gpus <= per_node ? 1 : gpus / per_node;
    if (auto problem = inf::replica_problem(s.replica))
      r.fail("model", *problem);

    // Performance: the measured table of this model, accelerator and layout, or one carried to it by
    // the roofline rule (docs/models/inference.md) from the table named in `performance_from`.
    const auto extrapolation = r.boolean("extrapolate", false) ? inf::Extrapolation::allow : inf::Extrapolation::refuse;
    const inf::PerformanceTable* table = inf::find_performance_table(model, part.accelerator.name, s.replica.layout);
    // The job's own measured table (docs/models/inference.md, "Your own tables") replaces the built-in one.
    inf::PerformanceTable own;
    if (r.has("performance_table")) {
      if (r.has("performance_from"))
        r.fail("performance_table", "give either performance_table (this replica's own measurements) or "
                                    "performance_from (a table to carry by the roofline rule), not both");
      Reader t = r.map("performance_table");
      own = read_performance_table(t);
      if (own.model != model || own.accelerator != part.accelerator.name || own.layout.gpus() != gpus ||
          own.layout.tensor_parallel != s.replica.layout.tensor_parallel)
        r.fail("performance_table", fmt::format("the table measures {} on {} with {} GPUs (TP {}); this job serves {} on "
                                                "{} with {} GPUs (TP {})",
                                                own.model, own.accelerator, own.layout.gpus(),
                                                own.layout.tensor_parallel, model, part.accelerator.name, gpus,
                                                s.replica.layout.tensor_parallel));
      table = &own;
    }
    try {
      if (table && !r.has("performance_from")) {
        s.service.curve = inf::PerformanceCurve::from_table(*table);
      } else {
        Reader from = r.map("performance_from");
        if (!r.has("performance_from"))
          r.fail("model", fmt::format("no measured table for {} on {} with {} GPUs; name one to carry by the "
                                      "roofline rule in performance_from: {{model, accelerator, tensor_parallel}}",
                                      model, part.accelerator.name, gpus));
        const std::string m = from.string("model");
        const std::string a = from.string("accelerator");
        inf::ReplicaLayout layout;
        layout.tensor_parallel = static_cast<int>(from.integer_or("tensor_parallel", 1, 1, 1024));
        layout.pipeline_parallel = static_cast<int>(from.integer_or("pipeline_parallel", 1, 1, 1024));
        from.finish();
        const auto* t = inf::find_performance_table(m, a, layout);
        if (!t)
          r.fail("performance_from", fmt::format("no measured table for {} on {} with {} GPUs", m, a, layout.gpus()));
        inf::Replica measured;
        measured.model = *inf::find_served_model(t->model);
        measured.layout = t->layout;
        const auto* acc = out_.catalog.accelerator(t->accelerator);
        if (!acc)
          r.fail("performance_from", fmt::format("accelerator {} is not in the catalog", t->accelerator));
        measured.accelerator = *acc;
        s.service.curve = inf::PerformanceCurve::scaled(*t, measured, s.replica);
      }
    } catch (const std::invalid_argument& e) {
      r.fail("model", e.what());
    }
    auto& b = s.service.batching;
    b.max_batch = r.number_or("max_batch", s.service.curve.max_batch(), 1.0, 1e6);
    b.idle_gpu_power_w = s.replica.idle_gpu_power_w();
    b.gpus = gpus;
    b.k_prefill = part.accelerator.cap_sensitivity_compute;
    b.extrapolation = extrapolation;
    if (r.has("power_cap"))
      b.cap.per_gpu_w = r.quantity("power_cap", kinds::power, part.accelerator.power_cap_min_w, part.accelerator.tdp_w);
    // A service's light load runs small batches; a batch job runs only at its maximum batch.
    auto problem = inf::batching_problem(s.service.curve, b);
    if (problem && (light_load || b.max_batch > s.service.curve.max_batch()))
      r.fail(r.has("max_batch") ? "max_batch" : "extrapolate", *problem);

    // Prefill time per prompt token: the MFU of the Splitwise phase measurement on this accelerator
    // (or the first one published) carried to this replica (models/inference/prefill_time.hpp).
    const inf::PhaseLatencyRow* phase = nullptr;
    for (const auto& row : inf::builtin_phase_latencies())
      if (!phase || row.accelerator == part.accelerator.name)
        phase = phase && phase->accelerator == part.accelerator.name ? phase : &row;
    try {
      double mfu = 0;
      if (r.has("prefill_mfu")) {
        mfu = r.number("prefill_mfu", 1e-4, 1.0);
      } else {
        inf::Replica measured;
        measured.model = *inf::find_served_model(phase->model);
        measured.layout = phase->layout;
        const auto* acc = out_.catalog.accelerator(phase->accelerator);
        measured.accelerator = acc ? *acc : part.accelerator;
        mfu = inf::prefill_mfu(measured, *phase);
      }
      s.service.prefill_s_per_token = inf::prefill_s_per_token(s.replica, mfu);
    } catch (const std::invalid_argument& e) {
      r.fail("prefill_mfu", e.what());
    }
    auto lengths = [&](const std::string& key, double mean_default) {
      Reader t = r.map(key);
      inf::TokenLengths len;
      len.mean = t.number_or("mean", mean_default, 1.0);
      len.cv = t.number_or("cv", 0.0, 0.0, 10.0);
      t.finish();
      return len;
    };
    // Defaults: the Splitwise conversation medians (Patel et al. 2024, Table II).
    s.prompt = lengths("prompt_tokens", inf::kSplitwiseConversationPromptTokens);
    s.output = lengths("output_tokens", inf::kSplitwiseConversationOutputTokens);
  }

  /// The keys of an online inference service (docs/scenario-reference.md, "Inference services"). The job's
  /// nodes are the pool at its largest (replicas.max).
  void read_inference(Reader& r, sim::JobSpec& job, sim::InferenceServiceSpec& s) {
    namespace inf = models::inference;
    read_served(r, job, s, true);
    const auto& part = sc_.cluster.partitions[job.partition];
    const int gpus = s.replica.gpus();
    // Replicas and the autoscaler.
    Reader rep = r.map("replicas");
    auto& a = s.autoscaler;
    const int unit = s.replicas_per_node;
    const long long most = static_cast<long long>(part.nodes) / s.nodes_per_replica * unit;
    a.max_replicas = static_cast<int>(rep.integer("max", 1, most));
    a.min_replicas = static_cast<int>(rep.integer_or("min", a.max_replicas, 0, a.max_replicas));
    s.initial_replicas = static_cast<int>(rep.integer_or("initial", a.min_replicas, 0, a.max_replicas));
    if (a.max_replicas % unit != 0)
      rep.fail("max", fmt::format("the pool scales by whole nodes: {} replicas of {} GPUs share a node, so max must "
                                  "be a multiple of {}",
                                  unit, gpus, unit));
    // Replicas on nodes the service holds; above them it borrows (docs/engine.md, "Preemption").
    s.preempt = r.boolean("preempt", false);
    s.reserved_replicas = static_cast<int>(rep.integer_or("reserved", a.max_replicas, unit, a.max_replicas));
    if (s.reserved_replicas < a.max_replicas && !s.preempt)
      rep.fail("reserved", "replicas above the reserved ones run on borrowed nodes: set preempt: true on the service");
    if (s.reserved_replicas % unit != 0)
      rep.fail("reserved", fmt::format("the pool holds whole nodes: reserved must be a multiple of {}", unit));
    if (s.initial_replicas > s.reserved_replicas)
      rep.fail("initial", fmt::format("the initial replicas serve on the reserved nodes: at most {}", s.reserved_replicas));
    rep.finish();
    Reader as = r.map("autoscaler");
    a.metric = as.choice("metric", {"utilization", "queue"}, "utilization") == "queue" ? inf::ScaleMetric::queue
                                                                                      : inf::ScaleMetric::utilization;
    a.target = as.number_or("target", a.metric == inf::ScaleMetric::queue ? 1.0 : a.target, 1e-6);
    a.tolerance = as.number_or("tolerance", a.tolerance, 0.0, 1.0);
    a.scale_up_cooldown_s = as.quantity_or("scale_up_cooldown", kinds::time, a.scale_up_cooldown_s, 0.0);
    a.scale_down_cooldown_s = as.quantity_or("scale_down_cooldown", kinds::time, a.scale_down_cooldown_s, 0.0);
    if (auto problem = inf::autoscaler_policy_problem(a))
      as.fail("target", *problem);
    as.finish();
    s.power_off_idle = r.choice("idle", {"stay-on", "power-off"}, "stay-on") == "power-off";
    s.interval_s = r.quantity_or("interval", kinds::time, 60.0, 1.0, 86400.0);
    if (a.max_replicas > s.initial_replicas) {
      const auto& st = sc_.cluster.storage;
      if (st.read_bandwidth_bytes_s <= 0)
        r.fail("replicas", "replicas warm up by loading their weights from shared storage: set cluster.storage.bandwidth");
    }

    // Load: a trace, or Poisson arrivals at a rate profile.
    if (r.has("trace") == r.has("load"))
      r.fail("load", "give the request load as exactly one of: load (a rate profile) or trace (a CSV file)");
    if (r.has("trace")) {
      const auto* file = r.child("trace");
      if (!file->is_scalar())
        r.fail("trace", "expected the path of a CSV file");
      const std::string path = resolve_path(*file);
      const std::string text = read_input_file(path, kMaxDataFileBytes, file->where(), r.key_path("trace"));
      hash_input_ += text;
      std::istringstream in(text);
      try {
        s.trace = std::make_shared<const inf::RequestTrace>(inf::RequestTrace::parse(in));
      } catch (const inf::TraceError& e) {
        throw InputError(Location{path, static_cast<int>(e.line()), 0}, e.column().empty() ? "trace" : e.column(),
                         e.what());
      }
    } else {
      Reader l = r.map("load");
      auto& p = s.load;
      p.base_rate_rps = l.quantity("rate", kinds::frequency, 0.0);
      p.diurnal_amplitude = l.number_or("diurnal_amplitude", 0.0, 0.0, 1.0);
      p.peak_hour = l.number_or("peak_hour", p.peak_hour, 0.0, 23.999);
      if (l.has("weekly")) {
        const auto days = l.string_list("weekly");
        if (days.size() != 7)
          l.fail("weekly", "seven factors, Monday first");
        for (std::size_t d = 0; d < 7; ++d) {
          auto v = parse_number(days[d]);
          if (!v || *v < 0)
            l.fail("weekly", fmt::format("'{}' is not a factor >= 0", days[d]));
          p.weekly[d] = *v;
        }
      }
      l.each("bursts", [&](Reader& bu, std::size_t) {
        inf::Burst burst;
        burst.start_s = bu.quantity("start", kinds::time, 0.0);
        burst.duration_s = bu.quantity("duration", kinds::time, 1e-3);
        burst.multiplier = bu.number("multiplier", 1e-6);
        bu.finish();
        p.bursts.push_back(burst);
      });
      if (auto problem = inf::load_profile_problem(p))
        l.fail("rate", *problem);
      l.finish();
    }
    Reader slo = r.map("slo");
    s.service.slo.ttft_s = slo.quantity_or("ttft", kinds::time, 0.0, 0.0);
    s.service.slo.tpot_s = slo.quantity_or("tpot", kinds::time, 0.0, 0.0);
    slo.finish();

    read_prefill_pool(r, s, part);

    // The reserved pool (by default the pool at its largest) and the prompt pool are the job's allocation.
    const int units = (s.reserved_replicas + s.prefill_pool.replicas) / unit;
    job.nodes = units * s.nodes_per_replica;
    job.accelerators = (s.reserved_replicas + s.prefill_pool.replicas) * gpus;
    if (job.nodes > part.nodes)
      r.fail("replicas", fmt::format("{} replicas{} need {} nodes; partition '{}' has {}", a.max_replicas,
                                     s.disaggregated() ? fmt::format(" and {} prompt replicas", s.prefill_pool.replicas) : "",
                                     job.nodes, part.name, part.nodes));
    if (!std::isfinite(sc_.duration_s))
      r.fail("type", "an inference service runs until stopped: give the scenario a duration");
  }

  /// Prefill/decode disaggregation (docs/models/inference.md): `prefill_pool: {replicas, power_cap}`, a fixed
  /// pool of prompt replicas of the same model and layout beside the decode pool.
  void read_prefill_pool(Reader& r, sim::InferenceServiceSpec& s, const sim::Partition& part) {
    namespace inf = models::inference;
    if (!r.has("prefill_pool"))
      return;
    Reader pp = r.map("prefill_pool");
    auto& c = s.prefill_pool;
    const int unit = s.replicas_per_node;
    c.replicas = static_cast<int>(pp.integer("replicas", 1, static_cast<long long>(part.nodes) / s.nodes_per_replica * unit));
    if (c.replicas % unit != 0)
      pp.fail("replicas", fmt::format("the prompt pool takes whole nodes: {} replicas share a node, so replicas must "
                                      "be a multiple of {}",
                                      unit, unit));
    if (pp.has("power_cap"))
      c.cap.per_gpu_w = pp.quantity("power_cap", kinds::power, part.accelerator.power_cap_min_w, part.accelerator.tdp_w);
    pp.finish();
    c.s_per_token = s.service.prefill_s_per_token;
    // Prefill is compute-bound: it runs at the power of the table's most compute-bound (largest) batch.
    const auto& curve = s.service.curve;
    c.busy_gpu_power_w = std::max(curve.at(curve.max_batch(), inf::Extrapolation::allow).gpu_power_w,
                                  s.service.batching.idle_gpu_power_w);
    c.idle_gpu_power_w = s.service.batching.idle_gpu_power_w;
    c.gpus = s.replica.gpus();
    c.k_prefill = part.accelerator.cap_sensitivity_compute;
    if (auto problem = inf::prefill_pool_problem(c))
      r.fail("prefill_pool", *problem);
  }

  /// The keys of a batch inference job: a number of requests on a fixed set of replicas.
  void read_batch_inference(Reader& r, sim::JobSpec& job, sim::BatchInferenceSpec& b) {
    read_served(r, job, b, false);
    const auto& part = sc_.cluster.partitions[job.partition];
    const long long most = static_cast<long long>(part.nodes) / b.nodes_per_replica * b.replicas_per_node;
    b.replicas = static_cast<int>(r.integer("replicas", 1, most));
    if (b.replicas % b.replicas_per_node != 0)
      r.fail("replicas", fmt::format("replicas take whole nodes: {} share a node, so replicas must be a multiple of {}",
                                     b.replicas_per_node, b.replicas_per_node));
    b.requests = count_or_quantity(r, "requests", kinds::dimensionless, 1.0);
    job.nodes = b.replicas / b.replicas_per_node * b.nodes_per_replica;
    job.accelerators = b.replicas * b.replica.gpus();
    if (sc_.cluster.storage.read_bandwidth_bytes_s <= 0)
      r.fail("replicas", "replicas load their weights from shared storage: set cluster.storage.bandwidth");
  }

  /// The keys of a training (or fine-tuning) job.
  void read_training(Reader& r, const sim::JobSpec& job, sim::TrainingSpec& t, bool fine_tuning) {
    t.fine_tuning = fine_tuning;
    const auto& part = sc_.cluster.partitions[job.partition];

    const auto& acc = part.accelerator;

    // Length: exactly one of duration, gpu_hours, flops; or tokens with parameters (6 N D FLOPs).
    std::vector<std::string> given;
    for (const char* k : {"duration", "gpu_hours", "flops"})
      if (r.has(k))
        given.emplace_back(k);
    if (given.empty() && r.has("tokens"))
      given.emplace_back("tokens");
    if (given.size() != 1)
      r.fail(given.empty() ? "duration" : given[1],
             "give the job's length as exactly one of: duration, gpu_hours, flops (with mfu), "
             "or parameters and tokens (with mfu)");
    const std::string& basis = given.front();
    if (r.has("parameters"))
      t.parameters = r.number("parameters", 1.0);
    double tokens = 0;
    if (r.has("tokens"))
      tokens = r.number("tokens", 1.0);
    const bool needs_rate = basis == "flops" || basis == "tokens" || r.has("global_batch");
    std::optional<double> peak;
    if (needs_rate || r.has("mfu")) {
      t.mfu = r.number("mfu", 1e-4, 1.0);
      const std::string prec = r.choice("precision", std::vector<std::string>(models::kPrecisionNames.begin(),
                                                                              models::kPrecisionNames.end()),
                                        "bf16");
      t.precision = *models::parse_precision(prec);
      peak = acc.peak(t.precision);
      if (!peak)
        r.fail("precision", fmt::format("{} has no published {} peak in the catalog", acc.name, prec));
    }
    if (basis == "duration") {
      t.work_s = r.quantity("duration", kinds::time, 1e-3);
    } else if (basis == "gpu_hours") {
      const double hours_s = count_or_quantity(r, "gpu_hours", kinds::time, 3600.0);
      t.work_s = models::duration_from_gpu_hours_s(hours_s / 3600.0, job.accelerators);
    } else {
      if (basis == "flops") {
        t.flops = count_or_quantity(r, "flops", kinds::flops, 1.0);
      } else {
        if (t.parameters <= 0)
          r.fail("tokens", "a length in tokens needs the model size: add parameters (e.g. 7e9)");
        t.flops = models::training_flops(t.parameters, tokens);
      }
      t.work_s = models::duration_from_flops_s(t.flops, job.accelerators, *peak, t.mfu);
    }
    t.length_basis = basis;
    // A length no run could reach (gpu_hours: 1e308) is bad input, not a run to the safety limit.
    if (!(t.work_s <= sim::kSafetyLimit_s))
      r.fail(basis, fmt::format("the job would take {} at full speed, beyond the {} limit of a run",
                                std::isfinite(t.work_s) ? format_like(t.work_s, kinds::time) : "forever",
                                format_like(sim::kSafetyLimit_s, kinds::time)));
    read_training_activity(r, t, acc);

    // Iterations: global batch in tokens -> iteration time (for the iteration-resolution window).
    if (r.has("global_batch")) {
      const double batch = r.number("global_batch", 1.0);
      if (t.flops > 0 && tokens > 0)
        t.iteration_s = models::iteration_time_from_budget_s(t.flops, tokens, batch, job.accelerators, *peak, t.mfu);
      else if (t.parameters > 0)
        t.iteration_s = models::iteration_time_s(t.parameters, batch, job.accelerators, *peak, t.mfu);
      else
        r.fail("global_batch", "the iteration time needs parameters (or flops with tokens)");
    }
    std::optional<models::ParallelismDegrees> parallelism;
    if (r.has("parallelism")) {
      Reader par = r.map("parallelism");
      models::ParallelismDegrees d;
      d.tensor = par.integer_or("tensor", 1, 1, job.accelerators);
      d.pipeline = par.integer_or("pipeline", 1, 1, job.accelerators);
      d.data = par.integer_or("data", job.accelerators / (d.tensor * d.pipeline), 1, job.accelerators);
      d.optimizer_sharded_over_data = par.boolean("sharded_optimizer", true);
      if (d.ranks() != job.accelerators)
        par.fail("data", fmt::format("tensor x pipeline x data = {} ranks, but the job has {} accelerators", d.ranks(),
                                     job.accelerators));
      par.finish();
      parallelism = d;
    }
    Reader ck = r.map("checkpoint");
    read_checkpoint(ck, t, parallelism);
    ck.finish();
    Reader rs = r.map("restart");
    read_restart(rs, t.restart);
    rs.finish();
    // Preemption by an inference service (docs/engine.md, "Preemption"): the job saves its state first.
    t.preemptible = r.boolean("preemptible", false);
    if (r.has("on_preemption") && !t.preemptible)
      r.fail("on_preemption", "only a preemptible job is preempted: set preemptible: true");
    t.preempt_kill = r.choice("on_preemption", {"checkpoint", "kill"}, "checkpoint") == "kill";
    if (t.preemptible && !t.preempt_kill && !t.checkpoint.enabled())
      r.fail("preemptible", "a preempted job writes a checkpoint before it gives its nodes back: give it a "
                            "checkpoint policy (or on_preemption: kill)");
  }

  // What the accelerators do while the job trains: from its MFU (docs/models/node-power.md, "Power
  // follows the work"); `utilization` and `compute_fraction` are explicit overrides of that model.
  static void read_training_activity(Reader& r, sim::TrainingSpec& t, const models::AcceleratorSpec& acc) {
    models::TrainingWork work;
    if (t.mfu > 0)
      work.mfu = t.mfu;
    work.memory_bound_share = r.number_or("memory_bound_share", 0.0, 0.0, 1.0);
    if (r.has("utilization"))
      work.utilization = r.number("utilization", 0.0, 1.0);
    if (r.has("compute_fraction"))
      work.compute_fraction = r.number("compute_fraction", 0.0, 1.0);
    t.activity = models::training_activity(acc, work);
  }

  void read_checkpoint(Reader& ck, sim::TrainingSpec& job, const std::optional<models::ParallelismDegrees>& parallelism) {
    auto& c = job.checkpoint;
    const auto policy = ck.choice("policy", {"none", "fixed", "young", "daly"}, "none");
    if (policy == "none") {
      ck.allow({"interval", "mode", "size", "bytes_per_parameter", "host_copy_bandwidth", "overhead"});
      return;
    }
    if (policy == "fixed")
      c.policy = models::CheckpointPolicy::fixed(ck.quantity("interval", kinds::time, 1.0));
    else
      c.policy = policy == "young" ? models::CheckpointPolicy::young() : models::CheckpointPolicy::daly();
    if (policy != "fixed" && ck.has("interval"))
      ck.fail("interval", fmt::format("the {} policy derives its interval; drop `interval` or use policy: fixed", policy));
    if (policy != "fixed" && !sc_.cluster.reliability.enabled)
      ck.fail("policy", fmt::format("the {} interval needs the job's mean time between interruptions: set "
                                    "cluster.reliability.model (or use policy: fixed)", policy));
    c.mode = ck.choice("mode", {"sync", "async"}, "sync") == "async" ? models::CheckpointMode::asynchronous
                                                                      : models::CheckpointMode::synchronous;
    // Size: given, or parameters x bytes per parameter (14 B: bf16 weights + fp32 master + Adam moments).
    models::CheckpointSize size;
    if (ck.has("size")) {
      c.size_bytes = ck.quantity("size", kinds::data, 1.0);
      size.weights_bytes = c.size_bytes;
    } else {
      if (job.parameters <= 0)
        ck.fail("policy", "the checkpoint size needs the model's parameters, or give checkpoint.size");
      models::BytesPerParameter bpp = models::BytesPerParameter::mixed_precision_adam();
      if (ck.has("bytes_per_parameter")) {
        const double b = ck.number("bytes_per_parameter", 0.5, 64.0);
        bpp = {2.0, 0.0, b - 2.0, 0.0}; // the split only matters for restart reads
        if (b < 2.0)
          bpp = {b, 0.0, 0.0, 0.0};
      }
      size = models::checkpoint_size(job.parameters, bpp);
      c.size_bytes = size.total_bytes();
    }
    // A restart reads the checkpoint once and broadcasts it, unless the layout is known: then every
    // data-parallel replica reads its shards (models/training/checkpoint.hpp).
    c.restart_read_bytes = parallelism ? models::checkpoint_restart_read_bytes(size, *parallelism) : c.size_bytes;
    c.host_copy_bandwidth_bytes_s = ck.quantity_or("host_copy_bandwidth", kinds::bandwidth, c.host_copy_bandwidth_bytes_s, 1.0);
    c.fixed_overhead_s = ck.quantity_or("overhead", kinds::time, 0.0, 0.0);
    const auto& st = sc_.cluster.storage;
    if (st.write_bandwidth_bytes_s <= 0 || st.read_bandwidth_bytes_s <= 0)
      ck.fail("policy", "checkpoints are written to shared storage: set cluster.storage.bandwidth");
  }

  void read_restart(Reader& r, sim::RestartSpec& rs) {
    rs.detection_s = r.quantity_or("detection", kinds::time, rs.detection_s, 0.0);
    rs.reallocation_s = r.quantity_or("reallocation", kinds::time, rs.reallocation_s, 0.0);
    rs.initialization_s = r.quantity_or("initialization", kinds::time, rs.initialization_s, 0.0);
    rs.shrink_when_no_spare = r.choice("on_no_spare", {"wait", "shrink"}, "wait") == "shrink";
  }

  /// A workload trace: the Standard Workload Format of the Parallel Workloads Archive, or a CSV job list
  /// whose columns are job keys (docs/scenario-reference.md, `workload.trace`).
  void read_trace(Reader& t, std::set<std::string>& names) {
    const auto* file_node = t.child("file");
    if (!file_node || !file_node->is_scalar())
      t.fail("file", "expected the path of a trace file (.swf or .csv)");
    const std::string path = resolve_path(*file_node);
    const std::string ext = fs::path(path).extension().string();
    const auto format = t.choice("format", {"swf", "csv"}, ext == ".csv" ? "csv" : "swf");
    if (!fs::exists(path))
      t.fail("file", fmt::format("'{}': file not found", path));
    const auto add = [&](sim::JobSpec job, Reader& at, const std::string& key) {
      if (!names.insert(job.name).second)
        at.fail(key, fmt::format("job name '{}' is used twice", job.name));
      sc_.jobs.push_back(std::move(job));
    };
    if (format == "csv") {
      t.allow({"partition"});
      for (auto& row : read_job_list_csv(path, hash_input_)) {
        Reader j(row, "");
        if (!j.has("partition") && t.has("partition"))
          row.put("partition", *t.child("partition"));
        auto job = read_job(j, sc_.jobs.size());
        j.finish();
        add(std::move(job), j, "name");
      }
      return;
    }
    // SWF: processors -> nodes (a trace processor is one accelerator unless told otherwise), runtime ->
    // the job's failure-free duration, requested time -> walltime, user and queue kept for reports.
    const std::size_t partition = partition_index(t, "partition");
    const auto& part = sc_.cluster.partitions[partition];
    const int per_node = part.system.accelerators_per_node;
    const long long ppn = t.integer_or("processors_per_node", per_node, 1, 1 << 20);
    t.choice("kind", {"training"}, "training"); // what the trace's jobs become (the only job kind so far)
    const long long max_jobs = t.integer_or("max_jobs", 0, 0, 100000000);
    const bool skip_oversize = t.choice("oversize", {"error", "skip"}, "error") == "skip";
    std::string text; // read once: parsed, and hashed with the scenario
    const auto swf = read_swf(path, &text);
    hash_input_ += text;
    sc_.jobs.reserve(sc_.jobs.size() + swf.size()); // 100,000 jobs of ~1.4 kB: no regrowth
    const auto& acc = part.accelerator;
    const auto activity = models::ActivityMix::training(acc.training_compute_fraction, acc.training_compute_utilization);
    long long taken = 0;
    for (const auto& sj : swf) {
      if (max_jobs > 0 && taken >= max_jobs)
        break;
      // A job that never ran (cancelled in the queue: no runtime or no processors) has nothing to replay.
      if (sj.runtime_s <= 0 || sj.processors <= 0)
        continue;
      const long long nodes = (sj.processors + ppn - 1) / ppn;
      if (nodes > part.nodes) {
        if (skip_oversize)
          continue;
        throw InputError(Location{path, sj.line, 1}, t.key_path("file"),
                         fmt::format("job {} needs {} nodes ({} processors at {} per node); partition '{}' has {} "
                                     "(oversize: skip drops such jobs)", sj.id, nodes, sj.processors, ppn, part.name,
                                     part.nodes));
      }
      sim::JobSpec job;
      job.name = fmt::format("swf-{}", sj.id);
      job.partition = partition;
      job.nodes = static_cast<int>(nodes);
      job.accelerators = job.nodes * per_node; // whole nodes, exclusively
      job.submit_s = sj.submit_s;
      auto& training = job.kind.emplace<sim::TrainingSpec>(); // the trace's jobs become training jobs
      training.work_s = sj.runtime_s;
      training.length_basis = "duration";
      training.activity = activity;
      job.walltime_s = sj.requested_s > 0 ? sj.requested_s : 0.0;
      job.user = sj.user >= 0 ? std::to_string(sj.user) : "";
      job.queue = sj.queue >= 0 ? std::to_string(sj.queue) : "";
      if (!names.insert(job.name).second)
        throw InputError(Location{path, sj.line, 1}, t.key_path("file"),
                         fmt::format("job number {} appears twice (job name '{}')", sj.id, job.name));
      sc_.jobs.push_back(std::move(job));
      ++taken;
    }
  }

  void generate_jobs(Reader& g, std::set<std::string>& names) {
    // A synthetic queue: Poisson arrivals, sizes drawn from a list, log-normal durations (the
    // heavy-tailed runtimes of production traces, Feitelson 2015).
    // Bounded memory: each job costs the engine about 7 kB while it is queued or running (a queue of
    // 1,000,000 jobs needed over 7 GB, measured for issue 12), so a queue is limited to 100,000.
    constexpr long long kMaxGeneratedJobs = 100'000;
    constexpr double kEngineBytesPerJob = 7e3;
    const auto count = g.integer("count", 1);
    if (count > kMaxGeneratedJobs)
      g.fail("count", fmt::format("{} jobs would need about {:.1f} GB of memory ({:.0f} kB a job); at most {}",
                                  count, count * kEngineBytesPerJob / 1e9, kEngineBytesPerJob / 1e3,
                                  kMaxGeneratedJobs));
    const std::size_t partition = partition_index(g, "partition");
    const auto& part = sc_.cluster.partitions[partition];
    const double interarrival = g.quantity_or("interarrival", kinds::time, 0.0, 0.0);
    std::vector<long long> sizes;
    for (const auto& s : g.string_list("nodes")) {
      auto v = parse_number(s);
      if (!v || *v < 1 || *v > part.nodes || std::floor(*v) != *v)
        g.fail("nodes", fmt::format("'{}' is not a node count between 1 and {}", s, part.nodes));
      sizes.push_back(static_cast<long long>(*v));
    }
    if (sizes.empty())
      g.fail("nodes", "missing; a list of node counts to draw from, e.g. [1, 2, 4, 8]");
    const double median = g.quantity("median_duration", kinds::time, 1.0);
    const double sigma = g.number_or("duration_sigma", 1.0, 0.0, 5.0);
    const double max_duration = g.quantity_or("max_duration", kinds::time, 30 * 86400.0, 1.0);
    models::RandomStream rng(sc_.seed, "workload.generate");
    const auto& acc = part.accelerator;
    double t = 0;
    for (long long i = 0; i < count; ++i) {
      sim::JobSpec job;
      job.name = fmt::format("gen-{:06d}", i);
      if (!names.insert(job.name).second)
        g.fail("count", fmt::format("generated name '{}' collides with a listed job", job.name));
      job.partition = partition;
      job.nodes = static_cast<int>(sizes[rng.below(sizes.size())]);
      job.accelerators = job.nodes * part.system.accelerators_per_node;
      job.submit_s = t;
      auto& training = job.kind.emplace<sim::TrainingSpec>();
      training.work_s = std::min(rng.lognormal(median, sigma), max_duration);
      training.length_basis = "duration";
      training.activity = models::ActivityMix::training(acc.training_compute_fraction, acc.training_compute_utilization);
      sc_.jobs.push_back(std::move(job));
      if (interarrival > 0)
        t += rng.exponential(interarrival);
    }
  }

  static ValidationCheck read_check(Reader& v) {
    ValidationCheck c;
    c.key = v.string("key");
    c.published = v.number("published");
    c.report_only = v.boolean("report_only", false);
    if (!c.report_only)
      c.tolerance = v.number("tolerance", 0.0, 1.0);
    c.figure = v.string_or("figure", "");
    c.source = v.string("source");
    return c;
  }

  void read_outputs(Reader& r) {
    sc_.outputs.resolution_s = r.quantity_or("resolution", kinds::time, 60.0, 1e-3, 365 * 86400.0);
    sc_.outputs.events = r.boolean("events", true);
    sc_.outputs.compare_fifo = r.boolean("compare_fifo", true);
    if (r.has("iteration_window")) {
      Reader w = r.map("iteration_window");
      auto& win = sc_.outputs.iteration_window;
      win.enabled = true;
      win.job = w.string_or("job", sc_.jobs.empty() ? "" : sc_.jobs.front().name);
      const sim::JobSpec* job = nullptr;
      for (const auto& j : sc_.jobs)
        if (j.name == win.job)
          job = &j;
      if (!job)
        w.fail("job", fmt::format("no job named '{}'", win.job));
      if (!job->training() || job->training()->iteration_s <= 0)
        w.fail("job", fmt::format("job '{}' has no iteration time: give it parameters, mfu and global_batch", win.job));
      win.start_s = w.quantity_or("start", kinds::time, 0.0, 0.0);
      win.length_s = w.quantity_or("length", kinds::time, 60.0, 1e-3, 86400.0);
      if (std::isfinite(sc_.duration_s) && win.start_s + win.length_s > sc_.duration_s)
        w.fail("start", fmt::format("the window ends after the simulated period ({} long)",
                                    format_like(sc_.duration_s, kinds::time)));
      win.resolution_s = w.quantity_or("resolution", kinds::time, std::min(0.01, job->training()->iteration_s / 20), 1e-4, 60.0);
      if (win.length_s / win.resolution_s > 2e7)
        w.fail("resolution", "more than 20 million samples in the window; shorten it or coarsen the resolution");
      w.finish();
    }
    for (const auto& t : r.string_list("traces")) {
      if (t == "racks")
        sc_.outputs.rack_traces = true;
      else if (t == "jobs")
        sc_.outputs.job_traces = true;
      else {
        std::string msg = fmt::format("unknown trace '{}'; available: racks, jobs", t);
        if (auto guess = closest_match(t, {"racks", "jobs"}))
          msg += fmt::format(" (did you mean '{}'?)", *guess);
        r.fail("traces", msg);
      }
    }
    // Bounded output, also for until-done runs and rack or job traces (one row per rack or job and step).
    if (const auto est = estimate_outputs(sc_); est.rows > kMaxOutputRows)
      r.fail("resolution", fmt::format("about {:.3g} trace rows ({:.1f} GB) over {}; at most {:.0f} million: choose "
                                       "a coarser resolution or fewer traces",
                                       est.rows, est.bytes / 1e9, format_like(est.horizon_s, kinds::time),
                                       kMaxOutputRows / 1e6));
  }

  LoadedScenario& out_;
  sim::Scenario& sc_;
  std::string& hash_input_;
  bool liquid_hall_ = false;
  bool weather_from_epw_ = false; ///< site.weather is a year of EPW hours (design conditions derive from it)
};

} // namespace

LoadedScenario build_scenario(ConfigNode tree, const LoadOptions& options) {
  LoadedScenario out;
  out.path = tree.where().file;
  for (const auto& o : options.overrides)
    apply_override(tree, o);
  std::string hash_input = tree.canonical();

  out.catalog = builtin_catalog();
  for (const auto& f : builtin_catalog_files())
    hash_input += f.text;
  // A catalog file's errors point into it; a missing or oversized one at the key that named it.
  auto add_catalog = [&](const std::string& path, const Location& named_at, const std::string& key) {
    const std::string text = read_input_file(path, kMaxYamlFileBytes, named_at, key);
    load_catalog_text(text, path, out.catalog);
    hash_input += text;
  };
  for (const auto& f : options.catalog_files)
    add_catalog(f, {"--catalog " + f, 0, 0}, "");
  if (const auto* cat = tree.find("catalog"); cat && !cat->is_null()) { // `catalog: ~` unsets (extends)
    std::vector<const ConfigNode*> files;
    if (cat->is_scalar())
      files.push_back(cat);
    else if (cat->is_sequence())
      for (const auto& item : cat->items())
        files.push_back(&item);
    else
      throw InputError(cat->where(), "catalog", "expected a hardware file path or a list of them");
    for (const auto* f : files) {
      if (!f->is_scalar())
        throw InputError(f->where(), "catalog", "expected a file path");
      add_catalog(resolve_path(*f), f->where(), "catalog");
    }
  }

  Reader root(tree, "");
  Builder(out, hash_input).build(root);
  out.tree = std::move(tree);
  out.hash = sha256_hex(hash_input);
  return out;
}

LoadedScenario load_scenario(const std::string& path, const LoadOptions& options) {
  auto out = build_scenario(load_tree_with_extends(path), options);
  out.path = path;
  return out;
}

} // namespace wattsim::scenario
