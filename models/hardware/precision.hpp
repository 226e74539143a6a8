#pragma once
// Arithmetic precisions for which accelerators publish peak throughput.

#include <array>
#include <optional>
#include <string_view>

namespace wattsim::models {

enum class Precision { fp64, fp64_tensor, fp32, tf32, bf16, fp16, fp8, fp4, int8 };

inline constexpr std::array<std::string_view, 9> kPrecisionNames = {
    "fp64", "fp64_tensor", "fp32", "tf32", "bf16", "fp16", "fp8", "fp4", "int8"};

constexpr std::string_view to_string(Precision p) { return kPrecisionNames[static_cast<std::size_t>(p)]; }

constexpr std::optional<Precision> parse_precision(std::string_view s) {
  for (std::size_t i = 0; i < kPrecisionNames.size(); ++i)
    if (kPrecisionNames[i] == s)
      return static_cast<Precision>(i);
  return std::nullopt;
}

} // namespace wattsim::models
