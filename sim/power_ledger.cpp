#include "sim/power_ledger.hpp"

namespace wattsim::sim {

PowerLedger::PowerLedger(Options o)
    : node_power_(o.nodes, 0.0), node_job_(o.nodes, -1), rack_of_(std::move(o.rack_of_node)), racks_(o.racks),
      jobs_(o.jobs), job_nodes_(o.jobs, 0), rack_dirty_(o.racks, 0), job_dirty_(o.jobs, 0) {
  if (o.rack_traces)
    rack_series_.resize(o.racks);
  if (o.job_traces)
    job_series_.resize(o.jobs);
  total_series_.set(0.0, 0.0);
}

void PowerLedger::add_fixed_load(double power_w) {
  total_.add(0.0, power_w);
  total_series_.set(0.0, total_.rate);
}

void PowerLedger::set_node(std::size_t n, double power_w, int job, double now) {
  const double old_w = node_power_[n];
  const int old_job = node_job_[n];
  if (old_w == power_w && old_job == job)
    return;
  now_ = now;
  const double delta = power_w - old_w;
  batch_delta_ += delta;
  // Nodes of a batch come in rack order, so consecutive changes mostly hit the same rack and the same
  // job: sum them and touch each accumulator once per run instead of once per node.
  const auto r = rack_of_[n];
  if (r != pending_rack_) {
    flush_rack();
    pending_rack_ = r;
  }
  pending_rack_delta_ += delta;
  if (old_job == job) {
    if (job >= 0)
      job_delta(job, delta, 0);
  } else {
    if (old_job >= 0)
      job_delta(old_job, -old_w, -1);
    if (job >= 0)
      job_delta(job, power_w, +1);
  }
  node_power_[n] = power_w;
  node_job_[n] = job;
}

void PowerLedger::job_delta(int j, double delta, int count) {
  if (j != pending_job_) {
    flush_job();
    pending_job_ = j;
  }
  pending_job_delta_ += delta;
  pending_job_count_ += count;
}

void PowerLedger::flush_rack() {
  if (pending_rack_ == kNone)
    return;
  racks_[pending_rack_].add(now_, pending_rack_delta_);
  if (!rack_dirty_[pending_rack_]) {
    rack_dirty_[pending_rack_] = 1;
    dirty_racks_.push_back(pending_rack_);
  }
  pending_rack_ = kNone;
  pending_rack_delta_ = 0;
}

void PowerLedger::flush_job() {
  if (pending_job_ < 0)
    return;
  const auto j = static_cast<std::size_t>(pending_job_);
  jobs_[j].add(now_, pending_job_delta_);
  job_nodes_[j] += pending_job_count_;
  if (job_nodes_[j] == 0)
    jobs_[j].rate = 0.0; // no node left: clear rounding residue exactly
  if (!job_dirty_[j]) {
    job_dirty_[j] = 1;
    dirty_jobs_.push_back(static_cast<std::uint32_t>(j));
  }
  pending_job_ = -1;
  pending_job_delta_ = 0;
  pending_job_count_ = 0;
}

void PowerLedger::end_batch(double now) {
  now_ = now;
  flush_rack();
  flush_job();
  if (batch_delta_ != 0) {
    total_.add(now, batch_delta_);
    batch_delta_ = 0;
  }
  total_series_.set(now, total_.rate);
  for (auto r : dirty_racks_) {
    if (!rack_series_.empty())
      rack_series_[r].set(now, racks_[r].rate);
    rack_dirty_[r] = 0;
  }
  dirty_racks_.clear();
  for (auto j : dirty_jobs_) {
    if (!job_series_.empty())
      job_series_[j].set(now, jobs_[j].rate);
    job_dirty_[j] = 0;
  }
  dirty_jobs_.clear();
}

void PowerLedger::finish(double t_end) {
  total_.advance(t_end);
  for (auto& r : racks_)
    r.advance(t_end);
  for (auto& j : jobs_)
    j.advance(t_end);
}

} // namespace wattsim::sim
