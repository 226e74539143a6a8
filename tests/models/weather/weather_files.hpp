#pragma once
// The TMY3 weather files shipped in scenarios/weather/ (attribution in its README), for the weather tests.

#include <filesystem>

namespace wattsim::test {

inline std::filesystem::path weather_dir() {
  return std::filesystem::path(__FILE__).parent_path() / ".." / ".." / ".." / "scenarios" / "weather";
}
inline const char* kPhoenix = "USA_AZ_Phoenix-Sky.Harbor.Intl.AP.722780_TMY3.epw";
inline const char* kSanFrancisco = "USA_CA_San.Francisco.Intl.AP.724940_TMY3.epw";
inline const char* kDenver = "USA_CO_Denver.Intl.AP.725650_TMY3.epw";
inline const char* kChicago = "USA_IL_Chicago-OHare.Intl.AP.725300_TMY3.epw";

} // namespace wattsim::test
