#include "sim/batch_inference.hpp"

#include "sim/scheduler.hpp"
#include "sim/serving_power.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>
#include <simgrid/s4u/Actor.hpp>
#include <simgrid/s4u/Comm.hpp>
#include <simgrid/s4u/Engine.hpp>
#include <simgrid/s4u/Host.hpp>

namespace wattsim::sim {

namespace sg4 = simgrid::s4u;
namespace inf = models::inference;

namespace {
// A demand no replica meets: the operating point at the maximum batch (saturated).
constexpr double kUnbounded = std::numeric_limits<double>::max() / 4;

double total_output_tokens(const BatchInferenceSpec& b) { return b.requests * b.output.mean; }

double capacity_tokens_s(const BatchInferenceSpec& b) {
  return inf::replica_operating_point(b.service.curve, b.service.batching, kUnbounded).output_tokens_s;
}
} // namespace

BatchInference::BatchInference(Context& ctx, std::size_t job, std::vector<NodeId> nodes)
    : JobBase(ctx, job, std::move(nodes)), batch_(*spec_.batch_inference()),
      mutex_(sg4::Mutex::create()), cv_(sg4::ConditionVariable::create()) {
  for (auto& s : ctx_.result.services)
    if (s.job == job_)
      record_ = &s;
}

double BatchInference::planned_duration_s(const Context& ctx, std::size_t job) {
  const auto& b = *ctx.scenario.jobs[job].batch_inference();
  const double bw = ctx.scenario.cluster.storage.read_bandwidth_bytes_s;
  const double load_s = bw > 0 ? b.replica.model.weight_bytes() * b.replicas / bw : 0.0;
  return load_s + total_output_tokens(b) / (b.replicas * capacity_tokens_s(b));
}

void BatchInference::register_operating_points(const JobSpec&, PowerStates& states) { register_serving_states(states); }

void BatchInference::describe(const JobSpec& job, JobRecord& record) {
  const auto& b = *job.batch_inference();
  record.work_s = total_output_tokens(b) / (b.replicas * capacity_tokens_s(b));
}

bool BatchInference::uses_storage(const JobSpec&) { return true; }

void BatchInference::give_node(NodeId) {
  // A batch job never asks to wait for a node (Scheduler::wait_for_node), so none is handed over.
  throw std::logic_error("batch inference job '" + spec_.name + "' was handed a node it did not wait for");
}

void BatchInference::set_throttle(int level) {
  throttle_ = level;
  cv_->notify_all();
}

std::pair<double, double> BatchInference::full_batch() const {
  auto cfg = batch_.service.batching;
  apply_throttle(cfg, batch_.replica.accelerator, ctx_.scenario.facility.throttle_caps, throttle_);
  const auto op = inf::replica_operating_point(batch_.service.curve, cfg, kUnbounded);
  return {op.output_tokens_s, op.gpu_power_w};
}

void BatchInference::account(double now) {
  const double dt = now - accounted_t_;
  if (dt > 0) {
    record_->gpu_energy_j += gpu_w_ * dt;
    if (serving_) {
      tokens_done_ = std::min(total_output_tokens(batch_), tokens_done_ + rate_tokens_s_ * dt);
      record_->serving_replica_s += batch_.replicas * dt;
      record_->serving_gpu_energy_j += gpu_w_ * dt;
      record_->serving_gpu_s += spec_.accelerators * dt;
    }
    record_->powered_replica_s += batch_.replicas * dt;
  }
  accounted_t_ = now;
}

void BatchInference::serve(double now) {
  // Every replica at its maximum batch: one power state for all the job's nodes.
  const auto [tokens_s, replica_gpu_w] = full_batch();
  const auto& states = ctx_.cluster.states(spec_.partition);
  const PState state = states.find(serving_op(states, serving_level(batch_.replica.accelerator, replica_gpu_w / batch_.replica.gpus())));
  // The job owns all its nodes since loading: one change of its group, whatever its size.
  ctx_.cluster.apply_job(static_cast<int>(job_), state);
  rate_tokens_s_ = tokens_s * batch_.replicas;
  gpu_w_ = states.power(state).accelerators_w * static_cast<double>(nodes_.size());
  node_w_ = states.watts(state) * static_cast<double>(nodes_.size());
  record_->node_power_w.set(now, node_w_);
}

void BatchInference::run() {
  std::unique_lock lock(*mutex_);
  const double start = sg4::Engine::get_clock();
  auto& rec = ctx_.result.jobs[job_];
  rec.start_s = start;
  accounted_t_ = start;
  // Load the weights of every replica from shared storage: contexts resident, GPUs waiting.
  const auto& states = ctx_.cluster.states(spec_.partition);
  ctx_.cluster.apply(nodes_, states.waiting, static_cast<int>(job_));
  gpu_w_ = states.power(states.waiting).accelerators_w * static_cast<double>(nodes_.size());
  node_w_ = states.watts(states.waiting) * static_cast<double>(nodes_.size());
  record_->node_power_w.set(start, node_w_);
  record_->warmups = batch_.replicas;
  // Loading holds the GPUs as a training job's restart does (initialization and checkpoint load).
  timeline_.begin(start, GpuUse::restart, spec_.accelerators, ctx_.ledger.job_energy_at(job_, start));
  const double bytes = batch_.replica.model.weight_bytes() * batch_.replicas;
  if (ctx_.platform.job_io[job_] && bytes > 0) {
    auto comm = sg4::Comm::sendto_init(ctx_.platform.storage, ctx_.platform.job_io[job_])
                    ->set_payload_size(static_cast<std::uint64_t>(bytes));
    comm->start();
    comm->wait();
  }
  double now = sg4::Engine::get_clock();
  account(now);
  serving_ = true;
  timeline_.begin(now, GpuUse::productive, spec_.accelerators, ctx_.ledger.job_energy_at(job_, now));
  int planned_throttle = throttle_;
  serve(now);
  const double total = total_output_tokens(batch_);
  while (true) {
    const double end = now + (total - tokens_done_) / rate_tokens_s_;
    cv_->wait_until(lock, end);
    now = sg4::Engine::get_clock();
    account(now);
    // Rounding: the wake-up was planned from the same rate.
    if (total - tokens_done_ <= 1e-9 * total || now >= end) {
      tokens_done_ = total;
      break;
    }
    if (throttle_ != planned_throttle) {
      planned_throttle = throttle_;
      serve(now);
    }
  }
  // Done: the counts, the nodes back to the scheduler.
  record_->requests = batch_.requests;
  record_->requests_served = batch_.requests;
  record_->prompt_tokens = batch_.requests * batch_.prompt.mean;
  record_->output_tokens = total;
  record_->slo_met_requests = batch_.requests; // no latency objective for a batch
  serving_ = false;
  done_ = true;
  gpu_w_ = 0;
  record_->node_power_w.set(now, 0.0);
  timeline_.finish(now, ctx_.ledger.job_energy_at(job_, now));
  rec.end_s = now;
  rec.progress = 1.0;
  ctx_.cluster.apply(nodes_, states.idle, -1);
  ctx_.scheduler->release(job_, nodes_);
}

void BatchInference::finish_at(double t_end) {
  if (done_)
    return;
  account(t_end);
  const double total = total_output_tokens(batch_);
  const double share = total > 0 ? tokens_done_ / total : 0.0;
  // Cut by the horizon: the share of the requests whose tokens were produced.
  record_->requests = batch_.requests;
  record_->requests_served = share * batch_.requests;
  record_->prompt_tokens = record_->requests_served * batch_.prompt.mean;
  record_->output_tokens = tokens_done_;
  record_->slo_met_requests = record_->requests_served;
  ctx_.result.jobs[job_].progress = share;
  timeline_.finish(t_end, ctx_.ledger.job_energy_at(job_, t_end));
}

} // namespace wattsim::sim
