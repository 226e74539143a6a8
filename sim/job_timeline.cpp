#include "sim/job_timeline.hpp"

namespace wattsim::sim {

void JobTimeline::begin(double t, GpuUse use, int gpus, double energy_j) {
  if (open_) {
    auto& last = segments_.back();
    last.t1 = t;
    last.e1 = energy_j;
    if (last.t1 <= last.t0) // a zero-length phase leaves no trace
      segments_.pop_back();
    settled_ = std::min(settled_, segments_.size());
  }
  segments_.push_back({t, t, energy_j, energy_j, use, gpus});
  open_ = true;
}

void JobTimeline::settle(std::size_t upto, GpuUse productive_as) {
  for (; settled_ < upto; ++settled_) {
    auto& s = segments_[settled_];
    if (s.use == GpuUse::productive)
      s.use = productive_as;
    const auto u = static_cast<std::size_t>(s.use);
    gpu_s_[u] += (s.t1 - s.t0) * s.gpus;
    wall_s_[u] += s.t1 - s.t0;
    energy_j_[u] += s.e1 - s.e0;
  }
}

void JobTimeline::mark_durable(double t) {
  std::size_t upto = settled_;
  const std::size_t closed = open_ ? segments_.size() - 1 : segments_.size();
  while (upto < closed && segments_[upto].t1 <= t)
    ++upto;
  settle(upto, GpuUse::productive);
}

void JobTimeline::mark_lost() { settle(open_ ? segments_.size() - 1 : segments_.size(), GpuUse::lost); }

void JobTimeline::finish(double t, double energy_j) {
  if (open_) {
    auto& last = segments_.back();
    last.t1 = t;
    last.e1 = energy_j;
    if (last.t1 <= last.t0)
      segments_.pop_back();
    open_ = false;
  }
  settle(segments_.size(), GpuUse::productive);
}

models::StepSeries JobTimeline::gpu_series(GpuUse u) const {
  models::StepSeries s;
  for (const auto& seg : segments_)
    s.set(seg.t0, seg.use == u ? seg.gpus : 0.0);
  if (!segments_.empty())
    s.set(segments_.back().t1, 0.0);
  return s;
}

} // namespace wattsim::sim
