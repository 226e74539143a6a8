#include "models/power/ups.hpp"

#include <cmath>
#include <stdexcept>

namespace wattsim::models {

Ups::Ups(double rated_w, UpsCoefficients coefficients) : rated_w_(rated_w), c_(coefficients) {
  if (!(rated_w_ > 0) || !std::isfinite(rated_w_))
    throw std::invalid_argument("ups: rating must be positive");
  if (!(c_.k0 >= 0 && c_.k1 >= 0 && c_.k2 >= 0))
    throw std::invalid_argument("ups: loss coefficients must be non-negative");
}

double Ups::efficiency(double output_w) const {
  if (output_w <= 0)
    return 0.0;
  return output_w / input_w(output_w);
}

double Ups::efficiency_at_fraction(double x) const {
  if (x <= 0)
    return 0.0;
  return x / (x + c_.k0 + x * (c_.k1 + x * c_.k2));
}

} // namespace wattsim::models
