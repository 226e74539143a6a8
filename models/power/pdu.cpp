#include "models/power/pdu.hpp"

#include <stdexcept>

namespace wattsim::models {

Pdu::Pdu(const PduParams& params)
    : params_(params), proportional_((1.0 - params.efficiency) / params.efficiency), rated_w_(params.rated_w),
      i2r_at_rated_w_(params.i2r_loss_at_rated_w) {
  if (!(params.efficiency > 0 && params.efficiency <= 1))
    throw std::invalid_argument("pdu: efficiency must be in (0, 1]");
  if (!(params.i2r_loss_at_rated_w >= 0))
    throw std::invalid_argument("pdu: I2R loss must be non-negative");
  if (params.i2r_loss_at_rated_w > 0 && !(params.rated_w > 0))
    throw std::invalid_argument("pdu: an I2R loss needs a positive rating");
}

double Pdu::efficiency(double output_w) const {
  if (output_w <= 0)
    return 0.0;
  return output_w / input_w(output_w);
}

} // namespace wattsim::models
