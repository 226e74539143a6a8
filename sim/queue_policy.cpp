#include "sim/queue_policy.hpp"

#include "sim/scenario.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <vector>

namespace wattsim::sim {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

/// Starts jobs in queue order; a job that does not fit blocks the later jobs of its partition.
/// Returns, per partition, whether a job of it is blocked (and which).
std::vector<std::ptrdiff_t> start_in_order(std::deque<std::size_t>& queue, QueueView& view) {
  std::vector<std::ptrdiff_t> blocked(view.partitions(), -1);
  std::size_t open = view.partitions();
  for (auto it = queue.begin(); it != queue.end() && open > 0;) {
    const std::size_t p = view.spec(*it).partition;
    if (blocked[p] < 0 && view.try_start(*it)) {
      it = queue.erase(it);
      continue;
    }
    if (blocked[p] < 0) {
      blocked[p] = static_cast<std::ptrdiff_t>(*it);
      --open;
    }
    ++it;
  }
  return blocked;
}

class Fifo final : public QueuePolicy {
public:
  void schedule(std::deque<std::size_t>& queue, QueueView& view) const override { start_in_order(queue, view); }
};

/// EASY backfilling behind the first blocked job of each partition.
void easy_backfill(std::deque<std::size_t>& queue, QueueView& view) {
  const auto blocked = start_in_order(queue, view);
  const double now = view.now();
  // The head's reservation: the shadow time (when enough running jobs will have ended, by their
  // requested walltimes) and the extra nodes free then beyond what the head needs.
  struct Reservation {
    double shadow_s = kInf;
    std::size_t extra = 0;
  };
  std::vector<Reservation> res(view.partitions());
  bool any = false;
  for (std::size_t p = 0; p < res.size(); ++p) {
    if (blocked[p] < 0)
      continue;
    any = true;
    const std::size_t need = static_cast<std::size_t>(view.spec(static_cast<std::size_t>(blocked[p])).nodes);
    std::size_t free = view.free_nodes(p);
    for (const auto& [end, n] : view.releases(p)) {
      free += n;
      if (free >= need) {
        res[p] = {std::max(now, end), free - need};
        break;
      }
    }
  }
  if (!any)
    return;
  for (auto it = queue.begin(); it != queue.end();) {
    const std::size_t j = *it;
    const auto& spec = view.spec(j);
    const std::size_t p = spec.partition;
    const auto n = static_cast<std::size_t>(spec.nodes);
    if (static_cast<std::ptrdiff_t>(j) == blocked[p] || view.free_nodes(p) < n) {
      ++it;
      continue;
    }
    const bool ends_before = now + view.walltime_s(j) <= res[p].shadow_s;
    const bool uses_extra = n <= res[p].extra;
    if ((ends_before || uses_extra) && view.try_start(j)) {
      if (!ends_before)
        res[p].extra -= n;
      it = queue.erase(it);
    } else {
      ++it;
    }
  }
}

class Easy final : public QueuePolicy {
public:
  void schedule(std::deque<std::size_t>& queue, QueueView& view) const override { easy_backfill(queue, view); }
};

class Priority final : public QueuePolicy {
public:
  void schedule(std::deque<std::size_t>& queue, QueueView& view) const override {
    // Stable: equal priorities keep their submission order.
    std::stable_sort(queue.begin(), queue.end(),
                     [&](std::size_t a, std::size_t b) { return view.spec(a).priority > view.spec(b).priority; });
    easy_backfill(queue, view);
  }
};

/// Free nodes of one partition over time: a step function from now on, as (from time, free nodes).
class Profile {
public:
  Profile(double now, std::size_t free, const std::multimap<double, std::size_t>& releases) {
    steps_.push_back({now, static_cast<long long>(free)});
    for (const auto& [end, n] : releases) {
      const double t = std::max(now, end);
      if (t > steps_.back().first)
        steps_.push_back({t, steps_.back().second});
      steps_.back().second += static_cast<long long>(n);
    }
  }
  /// The earliest step time at which `n` nodes stay free for `length_s`.
  [[nodiscard]] double earliest(long long n, double length_s) const {
    for (std::size_t i = 0; i < steps_.size(); ++i) {
      const double start = steps_[i].first;
      bool fits = true;
      for (std::size_t k = i; k < steps_.size() && steps_[k].first < start + length_s; ++k)
        if (steps_[k].second < n) {
          fits = false;
          break;
        }
      if (fits)
        return start;
    }
    return kInf; // more nodes than the partition has free at any time
  }
  /// Holds `n` nodes over [start, start + length_s).
  void reserve(long long n, double start, double length_s) {
    const double end = start + length_s;
    split_at(start);
    if (std::isfinite(end))
      split_at(end);
    for (auto& [t, free] : steps_)
      if (t >= start && t < end)
        free -= n;
  }

private:
  void split_at(double t) {
    auto it = std::lower_bound(steps_.begin(), steps_.end(), t, [](const auto& s, double v) { return s.first < v; });
    if (it != steps_.end() && it->first == t)
      return;
    const long long before = std::prev(it)->second; // t > now: there is a step before
    steps_.insert(it, {t, before});
  }
  std::vector<std::pair<double, long long>> steps_;
};

class Conservative final : public QueuePolicy {
public:
  void schedule(std::deque<std::size_t>& queue, QueueView& view) const override {
    const double now = view.now();
    std::vector<std::optional<Profile>> profiles(view.partitions());
    for (auto it = queue.begin(); it != queue.end();) {
      const std::size_t j = *it;
      const auto& spec = view.spec(j);
      const std::size_t p = spec.partition;
      if (!profiles[p])
        profiles[p].emplace(now, view.free_nodes(p), view.releases(p));
      const double w = view.walltime_s(j);
      const double start = profiles[p]->earliest(spec.nodes, w);
      if (start == now && view.try_start(j)) {
        profiles[p]->reserve(spec.nodes, now, w);
        it = queue.erase(it);
        continue;
      }
      if (std::isfinite(start))
        profiles[p]->reserve(spec.nodes, start, w);
      ++it;
    }
  }
};

} // namespace

const QueuePolicy& queue_policy(QueuePolicyKind kind) {
  // One entry per QueuePolicyKind, in enum order.
  static const Fifo fifo;
  static const Easy easy;
  static const Conservative conservative;
  static const Priority priority;
  static const QueuePolicy* const table[] = {&fifo, &easy, &conservative, &priority};
  return *table[static_cast<std::size_t>(kind)];
}

} // namespace wattsim::sim
