#pragma once
// Friendly units at the edge: numbers as people read them in a terminal.

#include <fmt/format.h>
#include <string>

namespace wattsim::tools {

inline std::string energy_text(double kwh) {
  if (kwh >= 1e6)
    return fmt::format("{:.3f} GWh", kwh / 1e6);
  if (kwh >= 1e3)
    return fmt::format("{:.2f} MWh", kwh / 1e3);
  return fmt::format("{:.1f} kWh", kwh);
}

inline std::string power_text(double kw) {
  if (kw >= 1e3)
    return fmt::format("{:.2f} MW", kw / 1e3);
  return fmt::format("{:.1f} kW", kw);
}

inline std::string duration_text(double s) {
  if (s >= 2 * 86400)
    return fmt::format("{:.2f} d", s / 86400);
  if (s >= 2 * 3600)
    return fmt::format("{:.2f} h", s / 3600);
  return fmt::format("{:.0f} s", s);
}

} // namespace wattsim::tools
