#include "sim/training_run.hpp"

#include "sim/scheduler.hpp"

#include <simgrid/s4u/Actor.hpp>
#include <simgrid/s4u/Engine.hpp>

namespace wattsim::sim {

TrainingRun::TrainingRun(Context& ctx, std::size_t job, std::vector<NodeId> nodes)
    : ctx_(ctx), job_(job), nodes_(std::move(nodes)) {}

double TrainingRun::planned_duration_s(const Context& ctx, std::size_t job) {
  const auto& spec = ctx.scenario.jobs[job];
  const auto& states = ctx.cluster.states(spec.partition);
  const PState train = states.find(states.training_op(spec.activity));
  return spec.work_s / states.power(train).throughput;
}

void TrainingRun::run() {
  const auto& spec = ctx_.scenario.jobs[job_];
  auto& states = ctx_.cluster.states(spec.partition);
  auto& record = ctx_.result.jobs[job_];
  const int job = static_cast<int>(job_);

  // Powered-off nodes boot first; the others hold the job's context and wait for them.
  std::vector<NodeId> cold, warm;
  for (NodeId n : nodes_)
    (ctx_.cluster.pstate(n) == kOff ? cold : warm).push_back(n);
  if (!cold.empty()) {
    ctx_.cluster.apply({{cold, states.booting, job}, {warm, states.waiting, job}});
    simgrid::s4u::this_actor::sleep_for(ctx_.scenario.scheduler.boot_s);
  }

  const PState train = states.find(states.training_op(spec.activity));
  record.start_s = simgrid::s4u::Engine::get_clock();
  record.throughput = states.power(train).throughput;
  ctx_.cluster.apply(nodes_, train, job);
  simgrid::s4u::this_actor::sleep_for(planned_duration_s(ctx_, job_));

  record.end_s = simgrid::s4u::Engine::get_clock();
  record.progress = 1.0;
  ctx_.cluster.apply(nodes_, states.idle, -1);
  ctx_.scheduler->release(job_, nodes_);
}

} // namespace wattsim::sim
