#include "sim/job_kinds.hpp"

#include "sim/batch_inference.hpp"
#include "sim/inference_service.hpp"
#include "sim/training_run.hpp"

#include <variant>

namespace wattsim::sim {

namespace {

/// The table: the class that runs each alternative of JobSpec::kind. Each class provides the static
/// members used below (planned_duration_s, register_operating_points, describe, uses_storage) and a
/// constructor (Context&, job index, nodes).
template <class Spec> struct KindOf;
template <> struct KindOf<TrainingSpec> {
  using type = TrainingRun;
};
template <> struct KindOf<InferenceServiceSpec> {
  using type = InferenceService;
};
template <> struct KindOf<BatchInferenceSpec> {
  using type = BatchInference;
};

template <class F> decltype(auto) with_kind(const JobSpec& job, F&& f) {
  return std::visit([&](const auto& spec) -> decltype(auto) {
    using Kind = typename KindOf<std::decay_t<decltype(spec)>>::type;
    return f(static_cast<Kind*>(nullptr));
  }, job.kind);
}

} // namespace

std::unique_ptr<Job> make_job(Context& ctx, std::size_t job, std::vector<NodeId> nodes) {
  return with_kind(ctx.scenario.jobs[job], [&](auto* kind) -> std::unique_ptr<Job> {
    using Kind = std::remove_pointer_t<decltype(kind)>;
    return std::make_unique<Kind>(ctx, job, std::move(nodes));
  });
}

double planned_duration_s(const Context& ctx, std::size_t job) {
  return with_kind(ctx.scenario.jobs[job], [&](auto* kind) {
    return std::remove_pointer_t<decltype(kind)>::planned_duration_s(ctx, job);
  });
}

void register_operating_points(const JobSpec& job, PowerStates& states) {
  with_kind(job, [&](auto* kind) { std::remove_pointer_t<decltype(kind)>::register_operating_points(job, states); });
}

void describe(const JobSpec& job, JobRecord& record) {
  with_kind(job, [&](auto* kind) { std::remove_pointer_t<decltype(kind)>::describe(job, record); });
}

bool uses_storage(const JobSpec& job) {
  return with_kind(job, [&](auto* kind) { return std::remove_pointer_t<decltype(kind)>::uses_storage(job); });
}

} // namespace wattsim::sim
