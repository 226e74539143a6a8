#pragma once
// Prefill (prompt) processing time: compute-bound, so time per prompt token = FLOPs per token /
// (GPUs x peak at the weight precision x MFU_prefill). MFU_prefill is calibrated on a measured time to
// first token (Splitwise Table IV phase latencies) and carried to other models by this rule.
// Equations: docs/models/inference.md ("Prefill").

#include "models/inference/performance_table.hpp"
#include "models/inference/served_model.hpp"

namespace wattsim::models::inference {

/// MFU of prefill implied by a measured TTFT at batch 1: FLOPs(prompt) / (ttft x GPUs x peak).
double prefill_mfu(const Replica& r, const PhaseLatencyRow& measured);

/// Seconds per prompt token on the replica at the given prefill MFU.
double prefill_s_per_token(const Replica& r, double mfu);

} // namespace wattsim::models::inference
