#include "models/reliability/repair_model.hpp"

#include <cmath>
#include <stdexcept>

namespace wattsim::models {

double LogNormalDuration::mean_s() const { return median_s * std::exp(0.5 * sigma * sigma); }

double RepairDistribution::mean_s() const {
  return quick_fraction * quick.mean_s() + (1.0 - quick_fraction) * slow.mean_s();
}

double RepairDistribution::sample_s(RandomStream& rng) const {
  const double u = rng.uniform();
  const double z = rng.normal();
  const LogNormalDuration& d = u < quick_fraction ? quick : slow;
  return d.median_s > 0 ? d.median_s * std::exp(d.sigma * z) : 0.0;
}

RepairDistribution RepairDistribution::zero(std::string source) {
  RepairDistribution r;
  r.source = std::move(source);
  return r;
}

namespace {
constexpr double kHour = 3600.0;
constexpr double kMinute = 60.0;
} // namespace

RepairModel RepairModel::defaults() {
  RepairModel m;
  // GPU: Crusoe's H200 fleet (GTC 2025, via G. Lockwood [S]) reports "GPU recoverable faults" 19.5% and
  // "GPU host replacement" 41.5% of failures: 19.5 / 61 = 32% of GPU events fixed without a swap.
  // Branch durations are estimates: a reset plus health check ~1 h; a GPU/baseboard swap with burn-in
  // ~2 days median ("hours to days"), inside the <1 h .. >1 day range of Schroeder & Gibson 2006.
  m.by_category[FailureCategory::gpu] = {
      0.32, {1.0 * kHour, 0.8}, {48.0 * kHour, 0.8},
      "quick share: Crusoe GTC 2025 (19.5% recoverable vs 41.5% host replacement) [S]; durations: estimate"};
  // Host parts (NIC, SSD, PSU, DIMM, CPU, chassis, IO board): field-replaceable unit swap. Estimate:
  // median 1 day, wide spread (parts on hand or not).
  m.by_category[FailureCategory::host] = {0.0, {}, {24.0 * kHour, 1.0},
                                          "estimate: FRU swap, median 24 h (Schroeder & Gibson 2006 range)"};
  // Network: Crusoe's InfiniBand rows: recoverable 4.9% + other 17% vs hardware 12.2% -> 64% quick
  // (port reset, link retrain). Cable/transceiver swap ~8 h median: estimate.
  m.by_category[FailureCategory::network] = {
      0.64, {30.0 * kMinute, 0.8}, {8.0 * kHour, 0.8},
      "quick share: Crusoe GTC 2025 (IB recoverable 4.9% + other 17% vs hardware 12.2%) [S]; durations: estimate"};
  // Unplanned host maintenance: reimage / firmware / BMC work on one host. Estimate: median 4 h.
  m.by_category[FailureCategory::unplanned_maintenance] = {0.0, {}, {4.0 * kHour, 0.8}, "estimate: median 4 h"};
  // Software, dependency, NCCL timeouts: nothing to repair, the job restarts on the same nodes.
  m.by_category[FailureCategory::software_dependency] = RepairDistribution::zero("no repair: restart in place");
  m.by_category[FailureCategory::unknown] = RepairDistribution::zero("no repair: restart in place");
  // Planned maintenance: a job-wide hold. Estimate, bounded by Llama 3's effective training time > 90%
  // (arXiv:2407.21783 s3.3.4): 10% of 1,296 h over 466 interruptions leaves ~17 min per interruption for
  // hold, restart and lost work together, so the hold's median is set to 10 min.
  m.by_category[FailureCategory::planned] = {0.0, {}, {10.0 * kMinute, 0.5},
                                             "estimate: median 10 min, within the Llama 3 ETTR > 90% budget"};
  return m;
}

const RepairDistribution& RepairModel::for_process(const FailureProcess& p) const {
  static const RepairDistribution kZero = RepairDistribution::zero("no entry");
  if (auto it = by_process.find(p.name); it != by_process.end())
    return it->second;
  if (auto it = by_category.find(p.category); it != by_category.end())
    return it->second;
  return kZero;
}

void RepairModel::validate() const {
  const auto check = [](const RepairDistribution& d, const std::string& what) {
    if (!(d.quick_fraction >= 0 && d.quick_fraction <= 1))
      throw std::invalid_argument("repair distribution " + what + ": quick_fraction outside [0, 1]");
    for (const auto* b : {&d.quick, &d.slow})
      if (!(b->median_s >= 0) || !(b->sigma >= 0) || !std::isfinite(b->median_s) || !std::isfinite(b->sigma))
        throw std::invalid_argument("repair distribution " + what + ": median and sigma must be finite and >= 0");
  };
  for (const auto& [c, d] : by_category)
    check(d, std::string(to_string(c)));
  for (const auto& [n, d] : by_process)
    check(d, n);
}

} // namespace wattsim::models
