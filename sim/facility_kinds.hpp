#pragma once
// The facility's kinds in one table: each alternative of FacilityDesign has one row here, its name in
// scenario files (`facility.model`) and outputs (`summary.json: facility_model`), what a hall of that
// kind implies for its partitions and power chain, and what builds its plant. The primary template is
// declared and never defined, so an alternative added to FacilityDesign without its row does not
// compile; neither does one without its plant factory (models::make_plant) or its scenario reader
// (tools/scenario/loader.cpp, read_design). docs/developing.md, "Adding a cooling plant".

#include "sim/scenario.hpp"

#include <array>
#include <memory>
#include <optional>
#include <string_view>
#include <utility>

namespace wattsim::sim {

template <class Design> struct FacilityKind;

template <> struct FacilityKind<FixedPue> {
  static constexpr std::string_view name = "fixed-pue";
  /// A hall of this kind cools partitions that can take either air or liquid with liquid.
  static constexpr bool liquid_hall = false;
  /// Design electric load of the cooling branch of the power chain, × design IT [estimate].
  static constexpr double cooling_branch_fraction = 0.0;
  static std::unique_ptr<models::CoolingPlant> make(const FixedPue&) { return nullptr; }
};

template <> struct FacilityKind<models::AirPlantConfig> {
  static constexpr std::string_view name = "air";
  static constexpr bool liquid_hall = false;
  static constexpr double cooling_branch_fraction = 0.35;
  static std::unique_ptr<models::CoolingPlant> make(const models::AirPlantConfig& c) { return models::make_plant(c); }
};

template <> struct FacilityKind<models::LiquidPlantConfig> {
  static constexpr std::string_view name = "liquid";
  static constexpr bool liquid_hall = true;
  static constexpr double cooling_branch_fraction = 0.15;
  static std::unique_ptr<models::CoolingPlant> make(const models::LiquidPlantConfig& c) {
    return models::make_plant(c);
  }
};

template <> struct FacilityKind<models::DxPlantConfig> {
  static constexpr std::string_view name = "dx";
  static constexpr bool liquid_hall = false;
  /// DX compressors and CRAC fans at design: ~0.3-0.45 W per W of IT (COP ≈ 3 at 35 °C) [estimate].
  static constexpr double cooling_branch_fraction = 0.45;
  static std::unique_ptr<models::CoolingPlant> make(const models::DxPlantConfig& c) { return models::make_plant(c); }
};

inline constexpr std::size_t kFacilityKindCount = std::variant_size_v<FacilityDesign>;

namespace detail {
template <class Design> using KindOf = FacilityKind<std::decay_t<Design>>;

template <std::size_t... I> constexpr auto kind_names(std::index_sequence<I...>) {
  return std::array<std::string_view, sizeof...(I)>{
      FacilityKind<std::variant_alternative_t<I, FacilityDesign>>::name...};
}

template <std::size_t... I> std::optional<FacilityDesign> design_named(std::string_view name, std::index_sequence<I...>) {
  std::optional<FacilityDesign> out;
  ((FacilityKind<std::variant_alternative_t<I, FacilityDesign>>::name == name
        ? (void)out.emplace(std::in_place_index<I>)
        : (void)0),
   ...);
  return out;
}
} // namespace detail

/// Every kind's name, in the order of FacilityDesign's alternatives.
inline constexpr std::array<std::string_view, kFacilityKindCount> kFacilityKindNames =
    detail::kind_names(std::make_index_sequence<kFacilityKindCount>{});

/// A default-constructed design of the kind called `name`; nullopt for an unknown name.
inline std::optional<FacilityDesign> facility_design_named(std::string_view name) {
  return detail::design_named(name, std::make_index_sequence<kFacilityKindCount>{});
}

/// The name of the kind `design` holds.
inline std::string_view facility_kind_name(const FacilityDesign& design) {
  return std::visit([](const auto& d) { return detail::KindOf<decltype(d)>::name; }, design);
}

inline bool is_liquid_hall(const FacilityDesign& design) {
  return std::visit([](const auto& d) { return detail::KindOf<decltype(d)>::liquid_hall; }, design);
}

inline double cooling_branch_fraction(const FacilityDesign& design) {
  return std::visit([](const auto& d) { return detail::KindOf<decltype(d)>::cooling_branch_fraction; }, design);
}

/// The cooling plant of `design` (nullptr for a fixed PUE).
inline std::unique_ptr<models::CoolingPlant> make_plant(const FacilityDesign& design) {
  return std::visit([](const auto& d) { return detail::KindOf<decltype(d)>::make(d); }, design);
}

} // namespace wattsim::sim
