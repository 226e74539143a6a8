#pragma once
// One training iteration: its duration, its compute/communication split, and the power waveform it
// draws when traces are rendered finer than an iteration. Equations: docs/models/checkpointing.md
// ("Iterations and the power waveform").
//
// The engine never simulates iterations as events (docs/engine.md, "Event economy"): a training phase is one
// power state, and the waveform below is overlaid analytically when a trace asks for sub-iteration
// resolution. All functions here are pure.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <span>
#include <stdexcept>
#include <vector>

namespace wattsim::models {

/// Wall time of one iteration of a dense transformer: 6 x parameters x tokens per iteration (the global
/// batch, in tokens) / (accelerators x peak x MFU). 6 FLOPs per parameter per token: forward 2 + backward 4
/// (Kaplan et al. 2020); MFU as defined by Chowdhery et al. 2022 (PaLM), so recomputation is not counted.
double iteration_time_s(double parameters, double tokens_per_iteration, std::int64_t accelerators,
                        double peak_flop_s, double mfu);

/// Same from a measured training budget: (flops / tokens) x tokens per iteration / (N x peak x MFU).
double iteration_time_from_budget_s(double training_flops, double training_tokens, double tokens_per_iteration,
                                    std::int64_t accelerators, double peak_flop_s, double mfu);

struct IterationPhases {
  double period_s = 0;
  double compute_s = 0;       ///< high power: kernels running
  double communication_s = 0; ///< low power: exposed (non-overlapped) collectives, waits
};

/// Split a period by the compute share (AcceleratorSpec::training_compute_fraction, 0.95 by default).
IterationPhases iteration_phases(double period_s, double compute_fraction);

/// The periodic compute/communication square wave of synchronous training. Each period starts with its
/// compute phase at phase_s + k x period_s and ends with communication.
struct IterationWaveform {
  double period_s = 1;
  double compute_fraction = 0.95;
  double phase_s = 0;

  /// 1 during compute, 0 during communication.
  [[nodiscard]] double fraction_at(double t_s) const;
};

/// A constant piece of the waveform. power_fraction is 1 (compute) or 0 (communication); the power of
/// a node is P_comm + power_fraction x (P_compute - P_comm).
struct WaveformSegment {
  double start_s = 0;
  double end_s = 0;
  double power_fraction = 0;
};

/// Calls f(WaveformSegment) for each constant piece of `w` in [t0_s, t1_s), in order, contiguous (one
/// segment's end is bit-identical to the next one's start), clipped to the window, alternating levels.
/// Cost: O(number of iterations in the window). Boundaries are computed from the iteration index, never
/// accumulated, so they do not drift over long runs. A piece shorter than a few ulps of the window's
/// time (a window edge that falls on a phase boundary up to rounding) is merged into its neighbour
/// rather than emitted as a sliver.
template <class F>
void for_each_waveform_segment(const IterationWaveform& w, double t0_s, double t1_s, F&& f) {
  if (!(w.period_s > 0))
    throw std::invalid_argument("waveform period must be > 0");
  if (!(t1_s > t0_s))
    return;
  if (w.compute_fraction >= 1.0 || w.compute_fraction <= 0.0) {
    f(WaveformSegment{t0_s, t1_s, w.compute_fraction >= 1.0 ? 1.0 : 0.0});
    return;
  }
  const double eps_s =
      8.0 * std::numeric_limits<double>::epsilon() * std::max({std::abs(t0_s), std::abs(t1_s), w.period_s});
  const double compute_s = w.compute_fraction * w.period_s;
  WaveformSegment pending{t0_s, t0_s, -1.0}; // level -1: nothing pending yet
  // A raw piece [a, b) at `level`: slivers extend what is pending; equal levels merge.
  const auto piece = [&](double a, double b, double level) {
    if (b - a <= eps_s) {
      pending.end_s = b;
      return;
    }
    if (pending.power_fraction == level || pending.power_fraction < 0) {
      pending.end_s = b;
      pending.power_fraction = level;
      return;
    }
    f(pending);
    pending = WaveformSegment{pending.end_s, b, level};
    (void)a;
  };
  for (auto k = static_cast<std::int64_t>(std::floor((t0_s - w.phase_s) / w.period_s));; ++k) {
    const double start = w.phase_s + static_cast<double>(k) * w.period_s;
    const double switch_to_comm = start + compute_s;
    const double end = w.phase_s + static_cast<double>(k + 1) * w.period_s;
    if (double a = std::max(start, t0_s), b = std::min(switch_to_comm, t1_s); a < b)
      piece(a, b, 1.0);
    if (double a = std::max(switch_to_comm, t0_s), b = std::min(end, t1_s); a < b)
      piece(a, b, 0.0);
    if (end >= t1_s)
      break;
  }
  if (pending.power_fraction >= 0) {
    pending.end_s = t1_s;
    f(pending);
  }
}

/// The segments of `w` in [t0_s, t1_s) as a vector.
std::vector<WaveformSegment> waveform_segments(const IterationWaveform& w, double t0_s, double t1_s);

/// Compute time of `w` inside [t0_s, t1_s), in closed form (no enumeration): use it to average the
/// waveform over trace bins of any length.
double waveform_compute_time_s(const IterationWaveform& w, double t0_s, double t1_s);

/// Frequency (Hz) with the largest spectral power of a uniformly sampled series, searched in
/// [min_hz, max_hz] (max_hz <= 0: up to Nyquist). Mean removed, Hann window, Goertzel scan on a grid 4x
/// finer than 1 / duration, then golden-section refinement around the best grid point. Cost
/// O(samples x grid points). Used to check the 0.2-3 Hz band of training power swings (Choukse et al.
/// 2025, arXiv:2508.14318, Fig. 3). For a square wave the fundamental always carries the most power
/// (|sin(n x)| <= n |sin x|), but for compute shares near 1 its lead over the harmonics is slim.
double dominant_frequency_hz(std::span<const double> samples, double sample_rate_hz, double min_hz = 0,
                             double max_hz = 0);

} // namespace wattsim::models
