#pragma once
// PDU, busway, switchboard and cabling: a constant efficiency plus an optional I^2 R term.
//
//   P_loss = P_out (1 - eta) / eta + L_rated (P_out / P_rated)^2
//
// The first term lumps breakers, meters, contacts and short runs whose loss is roughly proportional to
// the power carried (0.5-1.5 %, an unverified industry range); the second is the
// resistive loss of a long feeder or busway, which scales with current squared (P = I^2 R at fixed
// voltage and power factor). With L_rated = 0 the element is a fixed efficiency.

namespace wattsim::models {

struct PduParams {
  double efficiency = 0.99;       ///< eta of the proportional part (output / input)
  double rated_w = 0;             ///< current rating expressed as real power; needed only for the I^2 R term
  double i2r_loss_at_rated_w = 0; ///< resistive loss at rated load (0: none)
};

class Pdu {
public:
  explicit Pdu(const PduParams& params);

  [[nodiscard]] double loss_w(double output_w) const {
    double loss = output_w * proportional_;
    if (i2r_at_rated_w_ > 0) {
      const double x = output_w / rated_w_;
      loss += i2r_at_rated_w_ * x * x;
    }
    return loss;
  }
  [[nodiscard]] double input_w(double output_w) const { return output_w + loss_w(output_w); }
  /// output / input; 0 at no load.
  [[nodiscard]] double efficiency(double output_w) const;

  [[nodiscard]] const PduParams& params() const { return params_; }

private:
  PduParams params_;
  double proportional_;   ///< (1 - eta) / eta
  double rated_w_;
  double i2r_at_rated_w_;
};

} // namespace wattsim::models
