#include "sim/inference_service.hpp"

#include "models/inference/load.hpp"
#include "sim/scheduler.hpp"
#include "sim/serving_power.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <simgrid/s4u/Actor.hpp>
#include <simgrid/s4u/Engine.hpp>
#include <simgrid/s4u/Host.hpp>

namespace wattsim::sim {

namespace sg4 = simgrid::s4u;
namespace inf = models::inference;

InferenceService::InferenceService(Context& ctx, std::size_t job, std::vector<NodeId> nodes)
    : JobBase(ctx, job, std::move(nodes)), svc_(*spec_.service()),
      rng_(ctx.scenario.seed, "inference/" + spec_.name) {
  const auto& states = ctx_.cluster.states(spec_.partition);
  for (int k = 0; k <= kServingLevels; ++k)
    serving_states_.push_back(states.find(serving_op(states, k)));
  serving_state_ = serving_states_.front();
  gpus_per_unit_ = svc_.unit_replicas() * svc_.replica.gpus();
  for (auto& s : ctx_.result.services)
    if (s.job == job_)
      record_ = &s;
  // One replica's capacity at its maximum batch (uncapped by throttling): the autoscaler's yardstick.
  capacity_tokens_s_ = inf::replica_operating_point(svc_.service.curve, svc_.service.batching, 0.0).capacity_tokens_s;
}

double InferenceService::planned_duration_s(const Context&, std::size_t) { return kForever; }

void InferenceService::register_operating_points(const JobSpec&, PowerStates& states) {
  register_serving_states(states);
}

void InferenceService::describe(const JobSpec&, JobRecord&) {}

bool InferenceService::uses_storage(const JobSpec&) { return true; }

void InferenceService::give_node(NodeId) {
  // A service never asks to wait for a node (Scheduler::wait_for_node), so none is handed over.
  throw std::logic_error("inference service '" + spec_.name + "' was handed a node it did not wait for");
}

void InferenceService::set_throttle(int level) { throttle_ = level; }

inf::ServiceConfig InferenceService::config() const {
  auto cfg = svc_.service;
  apply_throttle(cfg.batching, svc_.replica.accelerator, ctx_.scenario.facility.throttle_caps, throttle_);
  return cfg;
}

inf::PrefillPoolConfig InferenceService::prefill_config() const {
  auto c = svc_.prefill_pool;
  inf::BatchingConfig caps; // the same throttle-cap rule as the decode pool's
  caps.cap = c.cap;
  apply_throttle(caps, svc_.replica.accelerator, ctx_.scenario.facility.throttle_caps, throttle_);
  c.cap = caps.cap;
  return c;
}

double InferenceService::prefill_gpu_w() const {
  return static_cast<double>(prefill_.size() * static_cast<std::size_t>(svc_.unit_nodes())) *
         ctx_.cluster.states(spec_.partition).power(prefill_state_).accelerators_w;
}

double InferenceService::prefill_node_w() const {
  return static_cast<double>(prefill_.size() * static_cast<std::size_t>(svc_.unit_nodes())) *
         ctx_.cluster.states(spec_.partition).watts(prefill_state_);
}

int InferenceService::replicas(std::size_t units) const { return static_cast<int>(units) * svc_.unit_replicas(); }

int InferenceService::warming_units() const {
  std::size_t n = 0;
  for (const auto& w : warming_)
    n += w.units.size();
  return static_cast<int>(n);
}

int InferenceService::booting_units() const {
  std::size_t n = 0;
  for (const auto& b : booting_)
    n += b.units.size();
  return static_cast<int>(n);
}

std::vector<NodeId> InferenceService::nodes_of(const Units& units) const {
  std::vector<NodeId> out;
  out.reserve(units.size() * static_cast<std::size_t>(svc_.unit_nodes()));
  for (auto u : units)
    for (int i = 0; i < svc_.unit_nodes(); ++i)
      out.push_back(nodes_[u * static_cast<std::size_t>(svc_.unit_nodes()) + static_cast<std::size_t>(i)]);
  // Rack order, as the ledger batches expect (docs/engine.md, "Event economy").
  std::sort(out.begin(), out.end());
  return out;
}

void InferenceService::apply(const Units& units, PState state) {
  if (units.empty())
    return;
  const auto nodes = nodes_of(units);
  ctx_.cluster.apply(nodes, state, static_cast<int>(job_));
}

void InferenceService::apply_serving(PState state, const Units& added) {
  if (state != serving_state_) {
    const PState from = serving_state_;
    serving_state_ = state;
    // The serving nodes are all in the old serving state: when no other node of the job is (a prompt
    // pool or warming replicas in the same power state), they are the job's whole group in that state,
    // which changes in O(1) (docs/engine.md, "Node groups"); otherwise node by node.
    const std::size_t serving_nodes = serving_.size() * static_cast<std::size_t>(svc_.unit_nodes());
    if (added.empty() && ctx_.cluster.job_nodes_in(static_cast<int>(job_), spec_.partition, from) == serving_nodes)
      ctx_.cluster.apply_job_state(static_cast<int>(job_), spec_.partition, from, state);
    else
      apply(serving_, state); // every serving node changes: one batch
  } else {
    apply(added, state);    // only the newcomers
  }
}

void InferenceService::to_rest(const Units& units) {
  const auto& states = ctx_.cluster.states(spec_.partition);
  apply(units, svc_.power_off_idle ? kOff : states.idle);
  auto& rest = svc_.power_off_idle ? off_ : idle_;
  rest.insert(rest.end(), units.begin(), units.end());
}

PState InferenceService::serving_state(double replica_gpu_w) const {
  return serving_states_[static_cast<std::size_t>(serving_level(svc_.replica.accelerator, replica_gpu_w / svc_.replica.gpus()))];
}

double InferenceService::powered_gpu_w() const {
  const auto& states = ctx_.cluster.states(spec_.partition);
  const double per_node = static_cast<double>(svc_.unit_nodes());
  double w = static_cast<double>(serving_.size()) * per_node * states.power(serving_state_).accelerators_w;
  w += static_cast<double>(warming_units()) * per_node * states.power(states.waiting).accelerators_w;
  w += static_cast<double>(booting_units()) * per_node * states.power(states.booting).accelerators_w;
  w += static_cast<double>(idle_.size()) * per_node * states.power(states.idle).accelerators_w;
  return w + prefill_gpu_w();
}

double InferenceService::pool_node_w() const {
  const auto& states = ctx_.cluster.states(spec_.partition);
  const double per_node = static_cast<double>(svc_.unit_nodes());
  double w = static_cast<double>(serving_.size()) * per_node * states.watts(serving_state_);
  w += static_cast<double>(warming_units()) * per_node * states.watts(states.waiting);
  w += static_cast<double>(booting_units()) * per_node * states.watts(states.booting);
  w += static_cast<double>(idle_.size()) * per_node * states.watts(states.idle);
  w += static_cast<double>(off_.size()) * per_node * states.off_w();
  return w + prefill_node_w();
}

void InferenceService::account(double now) {
  const double dt = now - accounted_t_;
  if (dt > 0) {
    record_->gpu_energy_j += powered_gpu_w() * dt;
    const double serving_gpu_w = static_cast<double>(serving_.size()) * svc_.unit_nodes() *
                                ctx_.cluster.states(spec_.partition).power(serving_state_).accelerators_w;
    record_->serving_gpu_energy_j += (serving_gpu_w + prefill_gpu_w()) * dt;
    record_->serving_gpu_s += static_cast<double>(serving_.size() + prefill_.size()) * gpus_per_unit_ * dt;
    record_->serving_replica_s += replicas(serving_.size() + prefill_.size()) * dt;
    record_->powered_replica_s +=
        replicas(serving_.size() + prefill_.size() + static_cast<std::size_t>(warming_units())) * dt;
    record_->prefill_gpu_energy_j += prefill_gpu_w() * dt;
    record_->prefill_node_energy_j += prefill_node_w() * dt;
    record_->prefill_replica_s += replicas(prefill_.size()) * dt;
    if (svc_.preempt) {
      const int awaiting = awaiting_units();
      record_->borrowed_replica_s += replicas(static_cast<std::size_t>(borrowed_units_)) * dt;
      ctx_.result.jobs[job_].borrowed_gpu_s += static_cast<double>(borrowed_units_) * gpus_per_unit_ * dt;
      record_->awaiting_replica_s += replicas(static_cast<std::size_t>(awaiting)) * dt;
      record_->awaiting_s += awaiting > 0 ? dt : 0.0;
    }
  }
  accounted_t_ = now;
}

void InferenceService::start_warmup(Units units, bool prefill) {
  // The weights of every replica in the batch come from shared storage through the job's I/O link
  // and the shared storage link, as a checkpoint load does (max-min sharing with other transfers).
  ctx_.cluster.apply(nodes_of(units), ctx_.cluster.states(spec_.partition).waiting, static_cast<int>(job_));
  const double bytes = svc_.replica.model.weight_bytes() * replicas(units.size());
  Warmup w{std::move(units), nullptr, prefill};
  if (ctx_.platform.job_io[job_] && bytes > 0) {
    w.comm = sg4::Comm::sendto_init(ctx_.platform.storage, ctx_.platform.job_io[job_])
                 ->set_payload_size(static_cast<std::uint64_t>(bytes));
    w.comm->start();
  }
  record_->warmups += replicas(w.units.size());
  warming_.push_back(std::move(w));
}

void InferenceService::complete_warmups(double now) {
  // Boots that ended start loading their weights.
  while (!booting_.empty() && booting_.front().ready_s <= now) {
    auto units = std::move(booting_.front().units);
    booting_.pop_front();
    start_warmup(std::move(units));
  }
  // Loads that completed serve from this interval on (a load ending inside an interval waits for its
  // end: the pool is evaluated per interval).
  Units added, prefill_back;
  for (auto it = warming_.begin(); it != warming_.end();) {
    if (!it->comm || it->comm->test()) {
      auto& to = it->prefill ? prefill_back : added;
      to.insert(to.end(), it->units.begin(), it->units.end());
      it = warming_.erase(it);
    } else {
      ++it;
    }
  }
  serving_.insert(serving_.end(), added.begin(), added.end());
  apply(added, serving_state_);
  prefill_.insert(prefill_.end(), prefill_back.begin(), prefill_back.end());
  apply(prefill_back, prefill_state_);
}

std::int64_t InferenceService::powered_nodes() const {
  const std::size_t units = serving_.size() + prefill_.size() + idle_.size() +
                            static_cast<std::size_t>(warming_units() + booting_units());
  return static_cast<std::int64_t>(units) * svc_.unit_nodes();
}

void InferenceService::sync_footprint(double now) {
  // Only powered nodes fail: the rate follows the pool as it scales (as a training job's follows its nodes).
  if (!sampler_)
    return;
  const int per_node = ctx_.scenario.cluster.partitions[spec_.partition].system.accelerators_per_node;
  const auto fp = models::JobFootprint::of_nodes(std::max<std::int64_t>(1, powered_nodes()), per_node);
  const double t = now - failure_origin_t_;
  if (sampler_->footprint().nodes != fp.nodes && t >= sampler_->now_s() && t <= sampler_->peek_time_s())
    sampler_->set_footprint(fp, t);
}

void InferenceService::fail_unit(std::uint32_t unit, bool node_down, double repair_s, double now) {
  // Out of its list, whatever it was doing; the requests it was running go back to the queue (the others
  // serve them), a warming or booting unit's load is abandoned.
  bool prefill = false;
  auto drop = [&](Units& list) {
    const auto it = std::find(list.begin(), list.end(), unit);
    if (it == list.end())
      return false;
    list.erase(it);
    return true;
  };
  if (drop(serving_)) {
    const double in_flight = record_->intervals.empty() ? 0.0 : record_->intervals.back().batch;
    // They were counted served (the interval model completes what runs); they are served again instead.
    const double requeued = std::min(in_flight * svc_.unit_replicas(), record_->requests_served);
    backlog_ += requeued;
    record_->requests_served -= requeued;
    record_->requests_requeued += requeued;
  } else if (drop(prefill_)) {
    prefill = true;
  } else if (!drop(idle_)) {
    for (auto it = warming_.begin(); it != warming_.end(); ++it)
      if (drop(it->units)) {
        prefill = it->prefill;
        if (it->units.empty()) {
          if (it->comm && !it->comm->test())
            it->comm->cancel();
          warming_.erase(it);
        }
        break;
      }
    for (auto it = booting_.begin(); it != booting_.end(); ++it)
      if (drop(it->units)) {
        if (it->units.empty())
          booting_.erase(it);
        break;
      }
  }
  ++record_->replica_failures;
  if (node_down) {
    // The nodes go to repair: off and no longer the service's until they are back.
    ++record_->node_failures;
    const auto nodes = nodes_of({unit});
    ctx_.cluster.apply(nodes, kOff, -1);
    repairs_.push_back({unit, now + repair_s, prefill});
  } else {
    // A failure that leaves the node up (software, a job-level fault): the replica reloads its weights.
    start_warmup({unit}, prefill);
  }
}

void InferenceService::handle_failures(double now) {
  if (!sampler_)
    return;
  sync_footprint(now);
  const auto& reliability = ctx_.scenario.cluster.reliability;
  while (failure_origin_t_ + sampler_->peek_time_s() <= now) {
    const auto intr = sampler_->next();
    const auto& process = sampler_->process(intr.process);
    // The node hit, among the powered ones in a fixed order (serving, prompt pool, idle, warming, booting).
    Units powered = serving_;
    powered.insert(powered.end(), prefill_.begin(), prefill_.end());
    powered.insert(powered.end(), idle_.begin(), idle_.end());
    for (const auto& w : warming_)
      powered.insert(powered.end(), w.units.begin(), w.units.end());
    for (const auto& b : booting_)
      powered.insert(powered.end(), b.units.begin(), b.units.end());
    if (powered.empty())
      continue;
    const auto index = static_cast<std::size_t>(intr.node_index) % (powered.size() * static_cast<std::size_t>(svc_.unit_nodes()));
    const std::uint32_t unit = powered[index / static_cast<std::size_t>(svc_.unit_nodes())];
    const double repair_s = reliability.repairs.sample_s(process, *repair_rng_);
    if (ctx_.scenario.outputs.events) {
      EventRecord e;
      e.time_s = failure_origin_t_ + intr.time_s;
      e.job = spec_.name;
      e.kind = "interruption";
      e.cause = process.name;
      e.category = std::string(models::to_string(process.category));
      e.node = ctx_.cluster.host_name(nodes_of({unit}).front());
      ctx_.result.events.push_back(std::move(e));
    }
    fail_unit(unit, process.takes_node_down, repair_s, now);
    sync_footprint(now);
  }
}

void InferenceService::return_repaired(double now) {
  // Repaired decode units rest (idle or off) for the autoscaler; prompt units reload and rejoin their pool.
  Units rest;
  for (auto it = repairs_.begin(); it != repairs_.end();) {
    if (it->ready_s > now) {
      ++it;
      continue;
    }
    if (ctx_.scenario.outputs.events) {
      EventRecord e;
      e.time_s = it->ready_s;
      e.job = spec_.name;
      e.kind = "repair";
      e.node = ctx_.cluster.host_name(nodes_of({it->unit}).front());
      ctx_.result.events.push_back(std::move(e));
    }
    if (it->prefill)
      start_warmup({it->unit}, true);
    else
      rest.push_back(it->unit);
    it = repairs_.erase(it);
  }
  retire(rest);
}

void InferenceService::scale_up(int units, double now) {
  // Idle units load their weights at once; off units boot first.
  Units from_idle, from_off;
  while (units > 0 && !idle_.empty()) {
    from_idle.push_back(idle_.back());
    idle_.pop_back();
    --units;
  }
  while (units > 0 && !off_.empty()) {
    from_off.push_back(off_.back());
    off_.pop_back();
    --units;
  }
  if (!from_idle.empty())
    start_warmup(std::move(from_idle));
  if (!from_off.empty()) {
    ctx_.cluster.apply(nodes_of(from_off), ctx_.cluster.states(spec_.partition).booting, static_cast<int>(job_));
    booting_.push_back({std::move(from_off), now + ctx_.scenario.scheduler.boot_s});
  }
  // Beyond the reserved units: nodes of the partition (docs/engine.md, "Preemption").
  if (units > 0 && svc_.preempt)
    borrow(units, now);
}

int InferenceService::awaiting_units() const {
  const int un = svc_.unit_nodes();
  return (awaiting_nodes_ + static_cast<int>(arriving_.size()) + un - 1) / un;
}

void InferenceService::borrow(int units, double now) {
  auto loan = ctx_.scheduler->borrow(job_, this, spec_.partition, units * svc_.unit_nodes());
  record_->preemptions += loan.preempted;
  awaiting_nodes_ += loan.coming;
  receive(std::move(loan.now), now);
}

void InferenceService::lend(std::vector<NodeId> nodes, int withdrawn) {
  // Called from the preempted job's actor when its checkpoint is written: the pool changes mid-interval.
  const double now = sg4::Engine::get_clock();
  account(now);
  awaiting_nodes_ -= static_cast<int>(nodes.size()) + withdrawn;
  receive(std::move(nodes), now);
  record_->node_power_w.set(now, pool_node_w());
}

void InferenceService::receive(std::vector<NodeId> nodes, double now) {
  const auto un = static_cast<std::size_t>(svc_.unit_nodes());
  arriving_.insert(arriving_.end(), nodes.begin(), nodes.end());
  Units warm, cold;
  while (arriving_.size() >= un) {
    std::uint32_t u = 0;
    if (!free_slots_.empty()) {
      u = free_slots_.back();
      free_slots_.pop_back();
    } else {
      u = static_cast<std::uint32_t>(borrowed_.size());
      borrowed_.push_back(0);
      nodes_.resize(nodes_.size() + un);
    }
    bool off = false;
    for (std::size_t i = 0; i < un; ++i) {
      nodes_[u * un + i] = arriving_[arriving_.size() - un + i];
      off |= ctx_.cluster.pstate(arriving_[arriving_.size() - un + i]) == kOff;
    }
    arriving_.resize(arriving_.size() - un);
    borrowed_[u] = 1;
    ++borrowed_units_;
    (off ? cold : warm).push_back(u);
  }
  record_->nodes_borrowed += static_cast<double>((warm.size() + cold.size()) * un);
  record_->peak_borrowed_nodes = std::max(record_->peak_borrowed_nodes, static_cast<double>(borrowed_units_ * un));
  if (awaiting_nodes_ == 0 && !arriving_.empty()) {
    // Part of a unit, and no more coming: back.
    ctx_.scheduler->return_borrowed(spec_.partition, arriving_);
    arriving_.clear();
  }
  if (!warm.empty())
    start_warmup(std::move(warm));
  if (!cold.empty()) {
    ctx_.cluster.apply(nodes_of(cold), ctx_.cluster.states(spec_.partition).booting, static_cast<int>(job_));
    booting_.push_back({std::move(cold), now + ctx_.scenario.scheduler.boot_s});
  }
}

void InferenceService::retire(const Units& units) {
  Units own, lent;
  for (auto u : units)
    (borrowed_[u] ? lent : own).push_back(u);
  to_rest(own);
  if (lent.empty())
    return;
  const auto nodes = nodes_of(lent);
  ctx_.cluster.apply(nodes, ctx_.cluster.states(spec_.partition).idle, -1);
  for (auto u : lent) {
    borrowed_[u] = 0;
    free_slots_.push_back(u);
  }
  borrowed_units_ -= static_cast<int>(lent.size());
  ctx_.scheduler->return_borrowed(spec_.partition, nodes);
}

int InferenceService::cancel_awaiting(int units) {
  const int un = svc_.unit_nodes();
  const int nodes = std::min(units * un, awaiting_nodes_);
  if (nodes <= 0)
    return 0;
  ctx_.scheduler->cancel_borrow(this, spec_.partition, nodes);
  awaiting_nodes_ -= nodes;
  if (awaiting_nodes_ == 0 && !arriving_.empty()) {
    ctx_.scheduler->return_borrowed(spec_.partition, arriving_);
    arriving_.clear();
  }
  return (nodes + un - 1) / un;
}

bool InferenceService::preemption_affects_interval() const {
  if (awaiting_units() > 0)
    return true;
  auto borrowed = [&](const Units& units) {
    return std::any_of(units.begin(), units.end(), [&](std::uint32_t u) { return borrowed_[u] != 0; });
  };
  return std::any_of(warming_.begin(), warming_.end(), [&](const Warmup& w) { return borrowed(w.units); }) ||
         std::any_of(booting_.begin(), booting_.end(), [&](const Boot& b) { return borrowed(b.units); });
}

void InferenceService::scale_down(int units) {
  units -= cancel_awaiting(units); // nodes not here yet are the newest request
  Units stopped;
  // The newest requests for capacity go first: booting, then warming (the load is abandoned), then serving.
  while (units > 0 && !booting_.empty()) {
    auto& b = booting_.back();
    while (units > 0 && !b.units.empty()) {
      stopped.push_back(b.units.back());
      b.units.pop_back();
      --units;
    }
    if (b.units.empty())
      booting_.pop_back();
  }
  while (units > 0 && !warming_.empty()) {
    auto& w = warming_.back();
    if (w.comm && !w.comm->test())
      w.comm->cancel();
    stopped.insert(stopped.end(), w.units.begin(), w.units.end());
    units -= static_cast<int>(w.units.size());
    warming_.pop_back();
  }
  // Serving units on borrowed nodes go first, so that a preempted job gets its nodes back.
  for (auto it = serving_.end(); borrowed_units_ > 0 && units > 0 && it != serving_.begin();) {
    --it;
    if (borrowed_[*it]) {
      stopped.push_back(*it);
      it = serving_.erase(it);
      --units;
    }
  }
  while (units > 0 && !serving_.empty()) {
    stopped.push_back(serving_.back());
    serving_.pop_back();
    --units;
  }
  retire(stopped);
}

void InferenceService::autoscale(double now) {
  const auto& p = svc_.autoscaler;
  if (p.min_replicas == p.max_replicas)
    return;
  const int current_units = static_cast<int>(serving_.size()) + warming_units() + booting_units() + awaiting_units();
  inf::AutoscalerObservation obs;
  obs.now_s = now;
  obs.current_replicas = replicas(static_cast<std::size_t>(current_units));
  obs.demand_replicas = last_demand_replicas_;
  obs.requests_in_system = last_in_system_;
  const int desired = inf::desired_replicas(p, scaler_, obs);
  const int unit = svc_.unit_replicas();
  const int desired_units = (desired + unit - 1) / unit;
  if (desired_units > current_units)
    scale_up(desired_units - current_units, now);
  else if (desired_units < current_units)
    scale_down(current_units - desired_units);
}

void InferenceService::step(double t0, double t1) {
  account(t0);
  const std::size_t serving_before = serving_.size();
  handle_failures(t0);
  return_repaired(t0);
  complete_warmups(t0);
  if (!record_->intervals.empty()) // the first decision needs one interval observed
    autoscale(t0);

  inf::IntervalInput in;
  in.duration_s = t1 - t0;
  in.prompt = svc_.prompt;
  in.output = svc_.output;
  const double rel0 = t0 - ctx_.result.jobs[job_].start_s, rel1 = t1 - ctx_.result.jobs[job_].start_s;
  if (svc_.trace) {
    const auto iv = svc_.trace->interval(rel0, rel1);
    in.arrivals = iv.requests;
    if (iv.has_tokens && iv.requests > 0) {
      in.prompt.mean = iv.mean_prompt_tokens;
      in.output.mean = iv.mean_output_tokens;
    }
  } else {
    in.arrivals = static_cast<double>(inf::poisson_count(rng_, inf::mean_rate_rps(svc_.load, rel0, rel1) * in.duration_s));
  }
  in.serving_replicas = replicas(serving_.size());
  in.backlog_requests = backlog_;
  const double arrivals = in.arrivals;
  auto cfg = config();
  inf::PrefillInterval pre;
  if (svc_.disaggregated()) {
    // The prompt pool first: what it processes arrives at the decode pool, which then does no prefill.
    // The TTFT objective left to the decode pool is what the median prompt's wait and prefill leave.
    pre = inf::evaluate_prefill(prefill_config(), in.duration_s, in.arrivals, prefill_backlog_, in.prompt);
    prefill_backlog_ = pre.backlog_requests;
    prefill_utilization_ = pre.utilization;
    in.arrivals = pre.processed;
    cfg.prefill_s_per_token = 0;
    const PState ps = serving_state(pre.replica_gpu_power_w);
    if (ps != prefill_state_) {
      prefill_state_ = ps;
      apply(prefill_, ps);
    }
  }
  auto res = inf::evaluate_interval(cfg, in);
  backlog_ = res.backlog_requests;
  if (svc_.disaggregated()) {
    const double decode_wait_p50_s = res.ttft_p50_s;
    res.ttft_p50_s += pre.wait_p50_s + pre.prefill_p50_s;
    res.ttft_p99_s += pre.wait_p99_s + pre.prefill_p99_s; // the sum of p99s: an upper bound
    res.backlog_requests += prefill_backlog_;
    // A request meets the TTFT objective if the prompt pool's wait and prefill fit in what the decode
    // pool's queue (its median) leaves: the two pools' shares multiply (independent queues).
    if (cfg.slo.ttft_s > 0)
      res.slo_attainment *= inf::prefill_share_within(pre, cfg.slo.ttft_s - decode_wait_p50_s);
  }

  // Newly serving units were applied at the old serving state in complete_warmups; a new state moves all.
  apply_serving(in.serving_replicas > 0 ? serving_state(res.replica.gpu_power_w) : serving_state_, {});
  if (serving_.size() != serving_before || t0 == ctx_.result.jobs[job_].start_s)
    timeline_.begin(t0, GpuUse::productive, static_cast<int>(serving_.size() + prefill_.size()) * gpus_per_unit_,
                    ctx_.ledger.job_energy_at(job_, t0));

  auto& rec = *record_;
  ServiceInterval row;
  row.start_s = t0;
  row.duration_s = in.duration_s;
  row.arrivals = arrivals;
  row.requests_served = res.requests_served;
  row.prompt_tokens = res.prompt_tokens;
  row.output_tokens = res.output_tokens;
  row.serving = in.serving_replicas + replicas(prefill_.size());
  row.warming = replicas(static_cast<std::size_t>(warming_units() + booting_units()));
  row.idle = replicas(idle_.size());
  row.off = replicas(off_.size());
  row.batch = res.replica.batch;
  row.gpu_power_w = powered_gpu_w();
  row.node_power_w = pool_node_w();
  row.ttft_p50_s = res.ttft_p50_s;
  row.ttft_p99_s = res.ttft_p99_s;
  row.tpot_p50_s = res.tpot_p50_s;
  row.tpot_p99_s = res.tpot_p99_s;
  row.slo_attainment = res.slo_attainment;
  row.backlog_requests = res.backlog_requests;
  row.repair = replicas(repairs_.size());
  row.prefill_replicas = replicas(prefill_.size());
  row.prefill_utilization = prefill_utilization_;
  row.prefill_gpu_power_w = prefill_gpu_w();
  row.prefill_node_power_w = prefill_node_w();
  row.borrowed = replicas(static_cast<std::size_t>(borrowed_units_));
  row.awaiting = replicas(static_cast<std::size_t>(awaiting_units()));
  if (svc_.preempt && preemption_affects_interval()) {
    ++rec.affected_intervals;
    rec.affected_requests_served += res.requests_served;
    rec.affected_slo_met_requests += res.slo_attainment * res.requests_served;
  }
  rec.intervals.push_back(row);
  rec.requests += arrivals;
  rec.requests_served += res.requests_served;
  rec.prompt_tokens += res.prompt_tokens;
  rec.output_tokens += res.output_tokens;
  rec.slo_met_requests += res.slo_attainment * res.requests_served;
  rec.warnings |= res.warnings;
  rec.node_power_w.set(t0, row.node_power_w);

  // What the autoscaler sees at the next decision: this interval's demand in replicas at full batch,
  // and the requests in the system (running plus queued).
  const double demand_tokens_s = in.arrivals / in.duration_s * in.output.mean;
  last_demand_replicas_ = capacity_tokens_s_ > 0 ? demand_tokens_s / capacity_tokens_s_ : 0.0;
  last_in_system_ = res.backlog_requests + res.replica.batch * in.serving_replicas;
}

void InferenceService::run() {
  const double start = sg4::Engine::get_clock();
  auto& job = ctx_.result.jobs[job_];
  job.start_s = start;
  accounted_t_ = start;
  const int unit = svc_.unit_replicas();
  const auto all_units = nodes_.size() / static_cast<std::size_t>(svc_.unit_nodes());
  // A disaggregated service's prompt pool: the last units, loaded from the start, at the idle level.
  const auto prefill_units = static_cast<std::size_t>(svc_.prefill_pool.replicas / unit);
  const auto units = all_units - prefill_units;
  record_->disaggregated = svc_.disaggregated();
  for (auto u = static_cast<std::uint32_t>(units); u < all_units; ++u)
    prefill_.push_back(u);
  borrowed_.assign(all_units, 0);
  prefill_state_ = serving_state(svc_.prefill_pool.idle_gpu_power_w);
  apply(prefill_, prefill_state_);
  const auto initial = std::min(units, static_cast<std::size_t>((svc_.initial_replicas + unit - 1) / unit));
  // The initial replicas serve from the start (weights loaded before the simulated period).
  for (std::uint32_t u = 0; u < initial; ++u)
    serving_.push_back(u);
  Units rest;
  for (auto u = static_cast<std::uint32_t>(initial); u < units; ++u)
    rest.push_back(u);
  // Rest units in reverse so that scaling up takes the lowest-numbered first (idle_.back()).
  std::reverse(rest.begin(), rest.end());
  to_rest(rest);
  apply(serving_, serving_state_);
  if (ctx_.scenario.cluster.reliability.enabled && spec_.failures) {
    const int per_node = ctx_.scenario.cluster.partitions[spec_.partition].system.accelerators_per_node;
    sampler_.emplace(ctx_.scenario.cluster.reliability.failures,
                     models::JobFootprint::of_nodes(std::max<std::int64_t>(1, powered_nodes()), per_node),
                     models::RandomStream(ctx_.scenario.seed, "failures/" + spec_.name));
    repair_rng_.emplace(ctx_.scenario.seed, "repairs/" + spec_.name);
    failure_origin_t_ = start;
  }
  // One event per interval: the service sleeps between them (nothing else wakes it).
  const double horizon = ctx_.scenario.duration_s;
  for (std::uint64_t k = 0;; ++k) {
    const double t0 = start + static_cast<double>(k) * svc_.interval_s;
    const double t1 = std::min(start + static_cast<double>(k + 1) * svc_.interval_s, horizon);
    if (t1 <= t0)
      break;
    step(t0, t1);
    sg4::this_actor::sleep_until(t1);
  }
}

void InferenceService::finish_at(double t_end) {
  account(t_end);
  timeline_.finish(t_end, ctx_.ledger.job_energy_at(job_, t_end));
}

} // namespace wattsim::sim
