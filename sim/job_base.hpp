#pragma once
// What every job kind holds: the context, the job's index and specification, its nodes and the timeline
// of its GPU time (sim/job.hpp is the interface the scheduler sees; a kind derives from this).

#include "sim/context.hpp"
#include "sim/job.hpp"

#include <utility>
#include <vector>

namespace wattsim::sim {

class JobBase : public Job {
public:
  [[nodiscard]] const JobTimeline& timeline() const override { return timeline_; }

protected:
  JobBase(Context& ctx, std::size_t job, std::vector<NodeId> nodes)
      : ctx_(ctx), job_(job), spec_(ctx.scenario.jobs[job]), nodes_(std::move(nodes)) {}

  Context& ctx_;
  std::size_t job_;
  const JobSpec& spec_;
  std::vector<NodeId> nodes_;
  JobTimeline timeline_;
};

} // namespace wattsim::sim
