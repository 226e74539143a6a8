#pragma once
// Queue policy: which waiting jobs start now. One small interface (one method), one enum naming the
// variants, one factory; the scheduler knows no variant by name (docs/developing.md, "Adding a queue
// policy"). Each partition is its own queue: a blocked job holds back only jobs of its partition.
//
//   fifo          start jobs in submission order while the first waiting one fits
//   easy          FIFO, then EASY backfilling (Lifka 1995; Mu'alem & Feitelson 2001): the first blocked
//                 job gets a reservation at the shadow time; a later job may start now if it ends
//                 before then or uses only the nodes the reservation leaves over ("extra" nodes)
//   conservative  every waiting job gets a reservation in submission order; a job starts now only if
//                 that delays no earlier job's reservation (Mu'alem & Feitelson 2001)
//   priority      the queue ordered by job priority (higher first, then submission), then EASY
//
// Reservations come from the user's requested walltime (job `walltime`), never the true runtime: the
// scheduler cannot know it.

#include <cstddef>
#include <deque>
#include <map>
#include <string_view>

namespace wattsim::sim {

struct JobSpec;

enum class QueuePolicyKind { fifo, easy, conservative, priority };

/// The scenario names of the policies, in enum order.
inline constexpr std::string_view kQueuePolicyNames[] = {"fifo", "easy", "conservative", "priority"};

/// What a policy sees of the scheduler.
class QueueView {
public:
  virtual ~QueueView() = default;
  [[nodiscard]] virtual double now() const = 0;
  [[nodiscard]] virtual const JobSpec& spec(std::size_t job) const = 0;
  /// From start to the end of the requested walltime, with a boot when nodes may be off.
  [[nodiscard]] virtual double walltime_s(std::size_t job) const = 0;
  [[nodiscard]] virtual std::size_t free_nodes(std::size_t partition) const = 0;
  /// Running jobs of a partition: planned end (by requested walltime) -> nodes they hold.
  [[nodiscard]] virtual const std::multimap<double, std::size_t>& releases(std::size_t partition) const = 0;
  [[nodiscard]] virtual std::size_t partitions() const = 0;
  /// Starts the job if its partition has the nodes free; false otherwise.
  virtual bool try_start(std::size_t job) = 0;
};

class QueuePolicy {
public:
  virtual ~QueuePolicy() = default;
  /// Starts what the policy allows now; started jobs are removed from `queue` (submission order).
  virtual void schedule(std::deque<std::size_t>& queue, QueueView& view) const = 0;
};

/// The policy of a kind (a shared, stateless instance).
const QueuePolicy& queue_policy(QueuePolicyKind kind);

} // namespace wattsim::sim
