#pragma once
// Prompt and output length distributions, as a mean and a coefficient of variation of a log-normal
// (the shape reported for LLM serving traces: Patel et al. 2024, Splitwise, Fig. 3; Azure LLM inference
// trace 2023). The engine uses the moments only; nothing samples per request.
// Defaults and sources: docs/models/inference.md ("Load").

namespace wattsim::models::inference {

struct TokenLengths {
  double mean = 0; ///< tokens
  double cv = 0;   ///< standard deviation / mean (0 = every request the same length)

  /// Log-normal quantile with this mean and CV (p in (0, 1)); the mean itself when cv = 0.
  [[nodiscard]] double quantile(double p) const;
  /// Squared coefficient of variation, the service-time term of the queueing approximation.
  [[nodiscard]] double cv2() const { return cv * cv; }
};

/// Medians of the Azure LLM inference trace used by Splitwise (Patel et al. 2024, Table II):
/// coding prompt 1500 / output 13 tokens; conversation prompt 1020 / output 129 tokens.
inline constexpr double kSplitwiseCodingPromptTokens = 1500;
inline constexpr double kSplitwiseCodingOutputTokens = 13;
inline constexpr double kSplitwiseConversationPromptTokens = 1020;
inline constexpr double kSplitwiseConversationOutputTokens = 129;

/// Standard normal quantile (Acklam's rational approximation, |error| < 1.2e-9), used by the quantiles here.
double normal_quantile(double p);

} // namespace wattsim::models::inference
