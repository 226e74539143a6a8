#pragma once
// Seeded random streams. Every stream is derived from the scenario seed and a stable name, so adding
// a new random component never reshuffles the draws of the others (docs/engine.md, "Exactness").
// The generator and the samplers are written out here (no std:: distributions) so a seed gives the
// same numbers with every compiler and standard library.

#include <cmath>
#include <cstdint>
#include <string_view>

namespace wattsim::models {

/// 64-bit FNV-1a: a stable hash of a stream name.
constexpr std::uint64_t stable_hash(std::string_view s) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : s) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

/// xoshiro256** (Blackman & Vigna 2018) seeded through splitmix64.
class RandomStream {
public:
  RandomStream(std::uint64_t seed, std::string_view name) {
    std::uint64_t x = seed ^ stable_hash(name);
    for (auto& s : state_)
      s = splitmix64(x);
  }

  std::uint64_t next() {
    const std::uint64_t result = rotl(state_[1] * 5, 7) * 9;
    const std::uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = rotl(state_[3], 45);
    return result;
  }

  /// Uniform in (0, 1): never 0, so log() is safe.
  double uniform() { return (static_cast<double>(next() >> 11) + 0.5) * 0x1.0p-53; }
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
  /// Exponential with the given mean.
  double exponential(double mean) { return -mean * std::log(uniform()); }
  /// Weibull with shape k and scale lambda (inverse transform).
  double weibull(double shape, double scale) { return scale * std::pow(-std::log(uniform()), 1.0 / shape); }
  /// Standard normal (Box-Muller, one of the pair).
  double normal() { return std::sqrt(-2.0 * std::log(uniform())) * std::cos(2.0 * M_PI * uniform()); }
  /// Log-normal parameterised by its median and the sigma of log(x).
  double lognormal(double median, double sigma) { return median * std::exp(sigma * normal()); }
  /// Integer in [0, n).
  std::uint64_t below(std::uint64_t n) { return static_cast<std::uint64_t>(uniform() * static_cast<double>(n)) % n; }

private:
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  static std::uint64_t splitmix64(std::uint64_t& x) {
    std::uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  std::uint64_t state_[4]{};
};

} // namespace wattsim::models
