#include "models/inference/prefill_time.hpp"

#include <fmt/format.h>
#include <stdexcept>

namespace wattsim::models::inference {

double prefill_mfu(const Replica& r, const PhaseLatencyRow& measured) {
  const double flops = r.model.flops_per_token() * measured.prompt_tokens;
  return flops / (measured.ttft_s * r.gpus() * replica_peak_flops_per_gpu(r));
}

double prefill_s_per_token(const Replica& r, double mfu) {
  if (!(mfu > 0 && mfu <= 1))
    throw std::invalid_argument(fmt::format("prefill MFU {} must be in (0, 1]", mfu));
  return r.model.flops_per_token() / (r.gpus() * replica_peak_flops_per_gpu(r) * mfu);
}

} // namespace wattsim::models::inference
