#include "sim/scheduler.hpp"

#include "sim/job_kinds.hpp"

#include "models/grid/flexible_start.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <simgrid/s4u/Actor.hpp>
#include <simgrid/s4u/Engine.hpp>

namespace wattsim::sim {

namespace sg4 = simgrid::s4u;

Scheduler::Scheduler(Context& ctx)
    : ctx_(ctx), site_power_(ctx), flexible_runs_(ctx, defer_signal_), releases_(ctx.scenario.cluster.partitions.size()), release_of_(ctx.scenario.jobs.size()),
      idle_since_(ctx.cluster.size(), 0.0), mutex_(sg4::Mutex::create()), wake_(sg4::ConditionVariable::create()),
      workers_(ctx.platform.controller) {
  const auto& parts = ctx.scenario.cluster.partitions;
  for (std::size_t p = 0; p < parts.size(); ++p) {
    pools_.emplace_back(ctx.cluster.first_node(p), static_cast<std::uint32_t>(parts[p].nodes),
                        static_cast<std::uint32_t>(parts[p].nodes_per_rack));
    std::set<NodeId> spares;
    for (int i = parts[p].nodes; i < parts[p].total_nodes(); ++i)
      spares.insert(ctx.cluster.first_node(p) + static_cast<NodeId>(i));
    spares_.push_back(std::move(spares));
  }
  waiting_.resize(parts.size());
  in_repair_.assign(parts.size(), 0);
  loans_.resize(parts.size());
  promised_.assign(parts.size(), 0);
  incoming_.assign(parts.size(), 0);
  preemptible_.resize(parts.size());
  preempted_.resize(parts.size());
  freeing_.assign(ctx.scenario.jobs.size(), 0);
  preempt_start_.assign(ctx.scenario.jobs.size(), 0.0);
  ctx.runs.resize(ctx.scenario.jobs.size());
  submit_order_.resize(ctx.scenario.jobs.size());
  std::iota(submit_order_.begin(), submit_order_.end(), 0);
  std::stable_sort(submit_order_.begin(), submit_order_.end(), [&](auto a, auto b) {
    return ctx.scenario.jobs[a].submit_s < ctx.scenario.jobs[b].submit_s;
  });
  if (ctx.scenario.scheduler.defer != DeferTo::none) {
    // The signal over the latest end any flexible job could plan for.
    double horizon = 0;
    for (std::size_t j = 0; j < ctx.scenario.jobs.size(); ++j) {
      const auto& job = ctx.scenario.jobs[j];
      if (job.slack_s > 0)
        horizon = std::max(horizon, job.submit_s + job.slack_s + requested_s(j));
    }
    const auto& signal = ctx.scenario.scheduler.defer == DeferTo::carbon ? ctx.scenario.site.carbon_kg_per_j
                                                                          : ctx.scenario.site.price_per_j;
    if (std::isfinite(horizon))
      defer_signal_ = signal.over(horizon);
  }
  if (ctx.scenario.scheduler.power_off_idle) {
    // Nodes idle from t = 0 power off after the idle delay unless a job takes them first.
    std::vector<NodeId> all;
    for (std::size_t p = 0; p < parts.size(); ++p)
      for (NodeId n = ctx.cluster.first_node(p); n < ctx.cluster.first_node(p) + parts[p].total_nodes(); ++n)
        all.push_back(n);
    power_offs_.push_back({ctx.scenario.scheduler.idle_off_after_s, std::move(all)});
  }
}

void Scheduler::run() {
  std::unique_lock lock(*mutex_);
  const std::size_t total = ctx_.scenario.jobs.size();
  // Until the workload ends, pending power-offs do not keep the run going; with a horizon they do.
  const bool horizon = ctx_.scenario.duration_s != kForever;
  while (true) {
    const double now = sg4::Engine::get_clock();
    ++ctx_.result.counters.scheduler_passes;
    site_power_.update(now);
    flexible_runs_.update(now);
    admit_submissions(now);
    schedule(now);
    power_off_idle(now);
    record_queue(now);
    site_power_.end_pass(now);
    if (done_ == total && (!horizon || power_offs_.empty())) {
      workers_.close();
      break;
    }
    const double wake = next_wakeup();
    if (wake == std::numeric_limits<double>::infinity())
      wake_->wait(lock);
    else
      wake_->wait_until(lock, wake);
  }
}

void Scheduler::admit_submissions(double now) {
  while (next_submit_ < submit_order_.size() && ctx_.scenario.jobs[submit_order_[next_submit_]].submit_s <= now) {
    const std::size_t job = submit_order_[next_submit_++];
    const double start = deferred_start(job, now);
    if (start > now)
      deferred_.emplace(start, job);
    else
      queue_.push_back(job);
  }
  // Deferred jobs join the queue at their chosen start, in the order of those starts.
  while (!deferred_.empty() && deferred_.begin()->first <= now) {
    const std::size_t job = deferred_.begin()->second;
    ctx_.result.jobs[job].deferred_s = now - ctx_.scenario.jobs[job].submit_s;
    queue_.push_back(job);
    deferred_.erase(deferred_.begin());
  }
}

double Scheduler::deferred_start(std::size_t job, double now) const {
  const auto& spec = ctx_.scenario.jobs[job];
  if (ctx_.scenario.scheduler.defer == DeferTo::none || !(spec.slack_s > 0))
    return now;
  return models::best_start(defer_signal_, now, now + spec.slack_s, requested_s(job));
}

double Scheduler::flexible_deadline_s(std::size_t job, double planned_end_s) const {
  // The latest end deferral allows (submission + slack + requested time); a walltime that kills also
  // bounds it.
  const auto& spec = ctx_.scenario.jobs[job];
  const double deadline = spec.submit_s + spec.slack_s + requested_s(job);
  return ctx_.scenario.scheduler.kill_at_walltime && spec.walltime_s > 0 ? std::min(deadline, planned_end_s) : deadline;
}

double Scheduler::next_wakeup() const {
  double t = std::numeric_limits<double>::infinity();
  if (next_submit_ < submit_order_.size())
    t = ctx_.scenario.jobs[submit_order_[next_submit_]].submit_s;
  if (!power_offs_.empty())
    t = std::min(t, power_offs_.front().at);
  if (!deferred_.empty())
    t = std::min(t, deferred_.begin()->first);
  t = std::min(t, flexible_runs_.next_event_s());
  return std::min(t, site_power_.next_event_s(now_));
}

double Scheduler::requested_s(std::size_t job) const {
  const double w = ctx_.scenario.jobs[job].walltime_s;
  return w > 0 ? w : sim::planned_duration_s(ctx_, job);
}

double Scheduler::walltime_s(std::size_t job) const {
  // Where idle nodes power off a candidate may land on one: count a boot, so a reservation is never
  // optimistic.
  const auto& sched = ctx_.scenario.scheduler;
  return (sched.power_off_idle ? sched.boot_s : 0.0) + requested_s(job);
}

bool Scheduler::try_start(std::size_t job) {
  const auto& spec = ctx_.scenario.jobs[job];
  auto& pool = pools_[spec.partition];
  // A preempted job waiting for its nodes is at the head of its partition: nothing starts before it.
  if (pool.free_count() < static_cast<std::size_t>(spec.nodes) || !preempted_[spec.partition].empty())
    return false;
  const auto level = site_power_.admission(job);
  if (!level) {
    site_power_.refused(job, now_);
    return false;
  }
  auto nodes = pool.take(static_cast<std::size_t>(spec.nodes), ctx_.scenario.scheduler.placement);
  bool needs_boot = false;
  for (NodeId n : nodes)
    needs_boot |= ctx_.cluster.pstate(n) == kOff;
  const double planned_end = now_ + (needs_boot ? ctx_.scenario.scheduler.boot_s : 0.0) + requested_s(job);
  release_of_[job] = releases_[spec.partition].emplace(planned_end, nodes.size());
  ++running_;
  ctx_.result.jobs[job].allocated_s = now_; // GPU time counts from here, whatever the kind: a boot holds the GPUs too
  if (preemptible(job)) {
    preempt_start_[job] = now_;
    preemptible_[spec.partition].emplace(spec.priority, -now_, job);
  }
  ctx_.runs[job] = make_job(ctx_, job, std::move(nodes));
  site_power_.started(job, *level, now_);
  flexible_runs_.started(job, flexible_deadline_s(job, planned_end), now_);
  auto* run = ctx_.runs[job].get();
  // On an actor whose job has ended if there is one (sim/job_workers.hpp).
  if (workers_.run(spec.name, [this, run] { guarded(ctx_, [&] { run->run(); }); }))
    ++ctx_.result.counters.actors;
  return true;
}

void Scheduler::schedule(double now) {
  now_ = now;
  resume_preempted();
  if (!queue_.empty())
    queue_policy(ctx_.scenario.scheduler.queue).schedule(queue_, *this);
}

void Scheduler::release(std::size_t job, const std::vector<NodeId>& returned) {
  const double now = sg4::Engine::get_clock();
  const auto partition = ctx_.scenario.jobs[job].partition;
  give_to_pool(partition, returned, now);
  releases_[partition].erase(release_of_[job]);
  if (preemptible(job))
    preemptible_[partition].erase({ctx_.scenario.jobs[job].priority, -preempt_start_[job], job});
  site_power_.released(job, now);
  flexible_runs_.released(job, now);
  --running_;
  ++done_;
  wake_->notify_all();
}

void Scheduler::give_to_pool(std::size_t partition, const std::vector<NodeId>& returned, double now) {
  // Every node goes home: a spare (by its id) back to the spares, any other node to the pool. A job
  // that used a spare returns the spare itself; the node it replaced comes home when repaired.
  std::vector<NodeId> nodes;
  for (NodeId n : returned) {
    if (is_spare(partition, n))
      spares_[partition].insert(n);
    else
      nodes.push_back(n);
  }
  pools_[partition].give_back(nodes);
  for (NodeId n : nodes)
    idle_since_[n] = now;
  if (ctx_.scenario.scheduler.power_off_idle)
    power_offs_.push_back({now + ctx_.scenario.scheduler.idle_off_after_s, nodes});
}

bool Scheduler::preemptible(std::size_t job) const {
  const auto* t = ctx_.scenario.jobs[job].training();
  return t && t->preemptible;
}

Scheduler::Loan Scheduler::borrow(std::size_t job, Job* borrower, std::size_t partition, int nodes) {
  Loan loan;
  auto& pool = pools_[partition];
  // A job preempted here may hand its nodes over before preempt() returns (its actor runs when this one
  // makes a simcall, as may another service's borrow): hand-overs wait until every loan being booked is.
  ++borrowing_;
  // Free nodes first, as any job would get them.
  loan.now = pool.take(std::min(static_cast<std::size_t>(nodes), pool.free_count()), ctx_.scenario.scheduler.placement);
  const int need = nodes - static_cast<int>(loan.now.size());
  // Nodes already on their way from jobs preempted earlier and not promised to anyone count first; then
  // preemptible jobs give theirs up, the lowest priority first and, among equals, the most recently
  // started (PBS Professional 2021.1 Administrator's Guide, "Preemption Scheduling").
  int unpromised = incoming_[partition] - promised_[partition];
  auto& candidates = preemptible_[partition];
  for (auto it = candidates.begin(); it != candidates.end() && unpromised < need;) {
    const std::size_t victim = std::get<2>(*it);
    const int freed = ctx_.runs[victim]->preempt(ctx_.scenario.jobs[job].name);
    if (freed <= 0) {
      ++it; // checkpointing or restarting now: passed over (the service asks again next interval)
      continue;
    }
    it = candidates.erase(it);
    freeing_[victim] = freed;
    incoming_[partition] += freed;
    unpromised += freed;
    ++loan.preempted;
  }
  loan.coming = std::clamp(unpromised, 0, need);
  if (loan.coming > 0) {
    loans_[partition].push_back({borrower, loan.coming});
    promised_[partition] += loan.coming;
  }
  if (--borrowing_ == 0) {
    auto handovers = std::move(handovers_);
    handovers_.clear();
    for (const auto& [victim, freed] : handovers)
      preempted(victim, freed);
  }
  return loan;
}

void Scheduler::cancel_borrow(Job* borrower, std::size_t partition, int nodes) {
  auto& loans = loans_[partition];
  for (auto it = loans.rbegin(); it != loans.rend() && nodes > 0; ++it) {
    if (it->borrower != borrower)
      continue;
    const int cut = std::min(nodes, it->nodes);
    it->nodes -= cut;
    promised_[partition] -= cut;
    nodes -= cut;
  }
  std::erase_if(loans, [](const LoanRequest& l) { return l.nodes == 0; });
}

void Scheduler::return_borrowed(std::size_t partition, const std::vector<NodeId>& nodes) {
  give_to_pool(partition, nodes, sg4::Engine::get_clock());
  wake_->notify_all(); // a preempted job may fit again
}

void Scheduler::preempted(std::size_t job, const std::vector<NodeId>& nodes) {
  if (borrowing_ > 0) {
    handovers_.emplace_back(job, nodes);
    return;
  }
  const double now = sg4::Engine::get_clock();
  const auto partition = ctx_.scenario.jobs[job].partition;
  incoming_[partition] -= freeing_[job];
  freeing_[job] = 0;
  releases_[partition].erase(release_of_[job]);
  --running_;
  preempted_[partition].push_back(job);
  // The services promised nodes get them in the order they asked; the rest is free.
  auto& loans = loans_[partition];
  std::size_t next = 0;
  while (!loans.empty() && next < nodes.size()) {
    auto& loan = loans.front();
    const auto k = std::min(static_cast<std::size_t>(loan.nodes), nodes.size() - next);
    const auto from = nodes.begin() + static_cast<std::ptrdiff_t>(next);
    next += k;
    loan.nodes -= static_cast<int>(k);
    promised_[partition] -= static_cast<int>(k);
    auto* borrower = loan.borrower;
    if (loan.nodes == 0)
      loans.pop_front();
    borrower->lend(std::vector<NodeId>(from, from + static_cast<std::ptrdiff_t>(k)), 0);
  }
  // A job that lost a node on the way (a failure during its checkpoint) frees fewer than it promised:
  // the latest promises beyond what is still coming are withdrawn.
  while (promised_[partition] > incoming_[partition] && !loans.empty()) {
    auto& loan = loans.back();
    const int cut = std::min(loan.nodes, promised_[partition] - incoming_[partition]);
    loan.nodes -= cut;
    promised_[partition] -= cut;
    auto* borrower = loan.borrower;
    if (loan.nodes == 0)
      loans.pop_back();
    borrower->lend({}, cut);
  }
  give_to_pool(partition, std::vector<NodeId>(nodes.begin() + static_cast<std::ptrdiff_t>(next), nodes.end()), now);
  wake_->notify_all();
}

void Scheduler::resume_preempted() {
  for (std::size_t p = 0; p < preempted_.size(); ++p) {
    auto& waiting = preempted_[p];
    while (!waiting.empty()) {
      const std::size_t job = waiting.front();
      const auto& spec = ctx_.scenario.jobs[job];
      auto& pool = pools_[p];
      if (pool.free_count() < static_cast<std::size_t>(spec.nodes))
        break;
      waiting.pop_front();
      auto nodes = pool.take(static_cast<std::size_t>(spec.nodes), ctx_.scenario.scheduler.placement);
      release_of_[job] = releases_[p].emplace(now_ + walltime_s(job), nodes.size());
      ++running_;
      preempt_start_[job] = now_;
      preemptible_[p].emplace(spec.priority, -now_, job);
      ctx_.runs[job]->resume(std::move(nodes));
    }
  }
}

bool Scheduler::is_spare(std::size_t partition, NodeId node) const {
  // Spares are the last spare_nodes ids of the partition, after its pool nodes (Scheduler()).
  const auto& part = ctx_.scenario.cluster.partitions[partition];
  const NodeId first_spare = ctx_.cluster.first_node(partition) + static_cast<NodeId>(part.nodes);
  return node >= first_spare && node < first_spare + static_cast<NodeId>(part.spare_nodes);
}

std::optional<NodeId> Scheduler::take_spare(std::size_t partition) {
  auto& spares = spares_[partition];
  if (!spares.empty()) {
    const NodeId n = *spares.begin();
    spares.erase(spares.begin());
    return n;
  }
  // No spare left: a free node of the partition serves, as a requeue would take any free node.
  auto nodes = pools_[partition].take(1, Placement::first_fit);
  if (nodes.empty())
    return std::nullopt;
  return nodes.front();
}

void Scheduler::wait_for_node(std::size_t partition, Job* run) { waiting_[partition].push_back(run); }

void Scheduler::node_failed(NodeId node) { ++in_repair_[ctx_.cluster.node(node).partition]; }

void Scheduler::stop_waiting(Job* run) {
  for (std::size_t p = 0; p < waiting_.size(); ++p) {
    auto& q = waiting_[p];
    for (auto it = q.begin(); it != q.end();)
      if (*it == run) {
        it = q.erase(it);
      } else {
        ++it;
      }
  }
}

void Scheduler::node_repaired(NodeId node) {
  const auto partition = ctx_.cluster.node(node).partition;
  --in_repair_[partition];
  if (!waiting_[partition].empty()) {
    auto* run = waiting_[partition].front();
    waiting_[partition].pop_front();
    run->give_node(node);
    return;
  }
  if (is_spare(partition, node))
    spares_[partition].insert(node);
  else
    pools_[partition].give_back({node});
  wake_->notify_all(); // a queued job may fit now
}

void Scheduler::power_off_idle(double now) {
  while (!power_offs_.empty() && power_offs_.front().at <= now) {
    auto batch = std::move(power_offs_.front());
    power_offs_.pop_front();
    const double idle_from = batch.at - ctx_.scenario.scheduler.idle_off_after_s;
    std::vector<NodeId> off;
    for (NodeId n : batch.nodes) {
      // Still free, powered, and idle since this batch was released (not reused in between).
      auto& pool = pools_[ctx_.cluster.node(n).partition];
      const bool spare = spares_[ctx_.cluster.node(n).partition].count(n) > 0;
      if (ctx_.cluster.owner(n) < 0 && ctx_.cluster.pstate(n) != kOff && idle_since_[n] <= idle_from &&
          (pool.is_free_and_on(n) || spare)) {
        off.push_back(n);
        if (!spare)
          pool.mark_off(n);
      }
    }
    if (!off.empty())
      ctx_.cluster.apply(off, kOff, -1);
  }
}

void Scheduler::record_queue(double now) {
  ctx_.result.jobs_queued.set(now, static_cast<double>(queue_.size()));
  ctx_.result.jobs_running.set(now, static_cast<double>(running_));
}

} // namespace wattsim::sim
