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
  const double delta = power_w - old_w;
  total_.add(now, delta);

  const auto r = rack_of_[n];
  racks_[r].add(now, delta);
  if (!rack_dirty_[r]) {
    rack_dirty_[r] = 1;
    dirty_racks_.push_back(r);
  }
  auto touch_job = [&](int j, double d, int count) {
    auto& acc = jobs_[static_cast<std::size_t>(j)];
    acc.add(now, d);
    job_nodes_[static_cast<std::size_t>(j)] += count;
    if (job_nodes_[static_cast<std::size_t>(j)] == 0)
      acc.rate = 0.0; // no node left: clear rounding residue exactly
    if (!job_dirty_[static_cast<std::size_t>(j)]) {
      job_dirty_[static_cast<std::size_t>(j)] = 1;
      dirty_jobs_.push_back(static_cast<std::uint32_t>(j));
    }
  };
  if (old_job == job) {
    if (job >= 0)
      touch_job(job, delta, 0);
  } else {
    if (old_job >= 0)
      touch_job(old_job, -old_w, -1);
    if (job >= 0)
      touch_job(job, power_w, +1);
  }
  node_power_[n] = power_w;
  node_job_[n] = job;
}

void PowerLedger::end_batch(double now) {
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
