#pragma once
// UPS losses as a quadratic in the load fraction (Schneider WP108: no-load, proportional and square-law losses):
//
//   P_loss = P_rated * (k0 + k1 x + k2 x^2),   x = P_out / P_rated
//
// k0 is the no-load (fixed) loss, paid whenever the module is energized; k1 the proportional loss;
// k2 the square-law (I^2 R) loss. The split follows Schneider Electric WP108 ("Making Large UPS
// Systems More Efficient"); the coefficient sets are fits to vendor efficiency claims and are tagged
// [derived] in the reference. docs/models/power-distribution.md has the table.

namespace wattsim::models {

enum class UpsMode {
  double_conversion, ///< on-line: rectifier + inverter always in the path
  eco,               ///< bypass path normally on, inverter standing by (eConversion / ESS style)
  legacy,            ///< transformer-based double conversion of the 2000s
};

struct UpsCoefficients {
  double k0 = 0; ///< no-load loss, fraction of rating
  double k1 = 0; ///< proportional loss, fraction of output
  double k2 = 0; ///< square-law loss at rated output, fraction of rating
};

/// Modern transformerless double conversion: about 94.2 / 96.2 / 96.6 % at 20 / 50 / 100 % load.
inline constexpr UpsCoefficients kUpsDoubleConversion{0.008, 0.020, 0.007};
/// Eco mode: about 97.6 / 98.7 / 99.0 % at 20 / 50 / 100 % load.
/// Eco mode drops to double conversion when the utility input is poor; that transfer is NOT modelled
/// dynamically here: a UPS in eco mode is assumed to stay in eco mode the whole time, which
/// slightly overstates its annual efficiency at sites with frequent input disturbances.
inline constexpr UpsCoefficients kUpsEco{0.004, 0.004, 0.002};

/// Legacy double conversion: 90 % at every load, the "Design Electric Power Supply Efficiency" 0.9 with
/// a flat part-load curve of EnergyPlus's data-centre example (testfiles/1ZoneDataCenterCRAC_wApproachTemp.idf)
/// [V, illustrative]; loss = (1/0.9 − 1) × output. Older units were worse at light load (~85 % at 20–25 %,
/// Riello [S]), so flat 90 % is the kind end for a 2N system whose modules run near 30 %.
inline constexpr UpsCoefficients kUpsLegacy{0.0, 1.0 / 0.9 - 1.0, 0.0};

[[nodiscard]] constexpr UpsCoefficients ups_coefficients(UpsMode mode) {
  return mode == UpsMode::eco ? kUpsEco : mode == UpsMode::legacy ? kUpsLegacy : kUpsDoubleConversion;
}

/// One UPS module (or one whole UPS treated as a unit).
class Ups {
public:
  Ups(double rated_w, UpsCoefficients coefficients);
  Ups(double rated_w, UpsMode mode) : Ups(rated_w, ups_coefficients(mode)) {}

  /// Loss (W) while delivering `output_w`; equals rated * k0 at no load (an energized module).
  [[nodiscard]] double loss_w(double output_w) const {
    const double x = output_w / rated_w_;
    return rated_w_ * (c_.k0 + x * (c_.k1 + x * c_.k2));
  }
  [[nodiscard]] double input_w(double output_w) const { return output_w + loss_w(output_w); }
  /// output / input; 0 at no load.
  [[nodiscard]] double efficiency(double output_w) const;
  /// Efficiency at load fraction x (independent of the rating).
  [[nodiscard]] double efficiency_at_fraction(double x) const;

  [[nodiscard]] double rated_w() const { return rated_w_; }
  [[nodiscard]] const UpsCoefficients& coefficients() const { return c_; }

private:
  double rated_w_;
  UpsCoefficients c_;
};

} // namespace wattsim::models
