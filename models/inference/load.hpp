#pragma once
// Request load: a rate function (base rate x diurnal x weekly x bursts) and seeded Poisson counts per
// interval. Equations and defaults: docs/models/inference.md ("Load").
//
//   lambda(t) = base x (1 + A cos(2 pi (h(t) - h_peak) / 24)) x weekly[day(t)] x prod(bursts active at t)
// with h(t) the hour of day and day(t) the day of week of simulated time t (t = 0 is Monday 00:00 local).

#include "models/common/random.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace wattsim::models::inference {

struct Burst {
  double start_s = 0;
  double duration_s = 0;
  double multiplier = 1; ///< rate factor while active (> 0)
};

struct LoadProfile {
  double base_rate_rps = 0;          ///< mean requests per second of an average day (before bursts)
  double diurnal_amplitude = 0;      ///< A in [0, 1]: peak/mean - 1
  double peak_hour = 0;              ///< hour of the diurnal peak (local time); no effect at amplitude 0
  std::array<double, 7> weekly{1, 1, 1, 1, 1, 1, 1}; ///< factor per day, Monday first
  std::vector<Burst> bursts;
};

/// Why the profile is unusable (negative rate, amplitude outside [0, 1], hour outside [0, 24), negative
/// weekly factor, non-positive burst multiplier or duration), or nullopt. Names the field.
std::optional<std::string> load_profile_problem(const LoadProfile& p);

/// lambda(t), requests per second.
double rate_rps(const LoadProfile& p, double t_s);

/// Mean of lambda over [t0, t1) computed in closed form (cosine integral, exact burst overlaps), so
/// the expected count of an interval does not depend on how the engine samples inside it.
double mean_rate_rps(const LoadProfile& p, double t0_s, double t1_s);

/// A Poisson draw with the given mean in O(1): inversion below mean 10, Hormann's transformed rejection
/// (PTRS, Hormann 1993) above. Same numbers on every platform (RandomStream's own samplers only).
std::uint64_t poisson_count(RandomStream& rng, double mean);

} // namespace wattsim::models::inference
