#pragma once
// The table of job kinds: each alternative of JobSpec::kind and the class (behind sim/job.hpp) that
// runs it. The scheduler, the simulation and the platform ask these functions, never a kind's class,
// so adding a kind is one class plus one line in sim/job_kinds.cpp (docs/developing.md).

#include "sim/context.hpp"
#include "sim/job.hpp"

#include <memory>
#include <vector>

namespace wattsim::sim {

/// Creates the object of the job's kind, running on `nodes` (its actor is started by the caller).
std::unique_ptr<Job> make_job(Context& ctx, std::size_t job, std::vector<NodeId> nodes);
/// Failure-free wall time of the job on its nodes once started (kForever: runs until the horizon).
double planned_duration_s(const Context& ctx, std::size_t job);
/// Registers every operating point the job can reach in its partition's table, before the platform exists.
void register_operating_points(const JobSpec& job, PowerStates& states);
/// What the job's record holds before it starts (its planned work).
void describe(const JobSpec& job, JobRecord& record);
/// Whether the job moves data between its nodes and shared storage (checkpoints, model weights):
/// then the platform gives it an I/O host and link.
bool uses_storage(const JobSpec& job);

} // namespace wattsim::sim
