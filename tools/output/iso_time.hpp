#pragma once
// Calendar time in outputs: ISO 8601, UTC, to the second ("2025-07-01T06:00:00Z").

#include <cmath>
#include <ctime>
#include <fmt/format.h>
#include <string>

namespace wattsim::output {

inline std::string iso_time_utc(double unix_s) {
  const auto t = static_cast<std::time_t>(std::floor(unix_s));
  std::tm tm{};
  gmtime_r(&t, &tm);
  return fmt::format("{:04d}-{:02d}-{:02d}T{:02d}:{:02d}:{:02d}Z", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                     tm.tm_min, tm.tm_sec);
}

} // namespace wattsim::output
