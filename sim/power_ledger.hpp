#pragma once
// Exact power accounting over node groups. Every node's draw is piecewise constant between events, so
// energy is the exact sum of power x dt. Nodes in the same state for the same reason form a group
// (sim/cluster.hpp); the ledger integrates one "energy per member node" per group, so a group's change
// of state costs O(1) whatever its size. The total is integrated on every SimGrid clock advance, jobs
// when their power changes; racks are settled when a node leaves a group and once at the end
// (docs/engine.md, "Node groups"). The ledger never samples: what it records are the step functions.

#include "models/common/step_series.hpp"

#include <cstdint>
#include <span>
#include <vector>

namespace wattsim::sim {

/// A quantity integrated over time, updated only when its rate changes.
struct Accumulator {
  double rate = 0;     ///< current value (W)
  double integral = 0; ///< exact integral up to `since` (J)
  double since = 0;

  void advance(double now) {
    integral += rate * (now - since);
    since = now;
  }
  void add(double now, double delta) {
    advance(now);
    rate += delta;
  }
  [[nodiscard]] double at(double now) const { return integral + rate * (now - since); }
};

using GroupId = std::uint32_t;

class PowerLedger {
public:
  struct Options {
    std::vector<std::uint32_t> rack_of_node;
    std::size_t racks = 0;
    std::size_t jobs = 0;
    bool rack_traces = false;  ///< every rack's power series (outputs.traces: [racks])
    bool job_traces = false;
    /// Without job_traces, the jobs whose power series are still recorded (a carbon-aware run's
    /// flexible jobs, for its comparison with first come, first served); empty: none.
    std::vector<bool> traced_jobs;
    /// Per partition: 1 to keep the power series of its racks only (a rack battery runs over them).
    std::vector<char> rack_series_of_partition;
  };
  explicit PowerLedger(Options options);

  /// A constant IT load outside the nodes (storage, network), from t = 0.
  void add_fixed_load(double power_w);

  // Group changes, within a batch: the totals are recorded by end_batch().
  /// A group of `partition` starts empty at `now` with `node_w` per member.
  void open_group(GroupId g, int job, double node_w, double now, std::uint32_t partition = 0);
  /// Every member of group `g` (`members`, `count` of them) goes from `old_w` to `new_w`.
  void change_group(GroupId g, std::span<const std::uint32_t> members, double old_w, double new_w, double now);
  /// Node `n` joins / leaves group `g`, whose members draw `node_w`.
  void join(std::uint32_t n, GroupId g, double node_w, double now);
  void leave(std::uint32_t n, GroupId g, double node_w, double now);

  /// Records the step series after a batch of changes at time `now`.
  void end_batch(double now);
  /// Integrates the total to `now` (hooked on SimGrid's clock advance).
  void advance(double now) { total_.advance(now); }
  /// Integrates everything to `t_end`; `group_of` gives each node's group then (racks are settled).
  void finish(double t_end, std::span<const GroupId> group_of);

  [[nodiscard]] double total_power_w() const { return total_.rate; }
  [[nodiscard]] double total_energy_j() const { return total_.integral; }
  /// A rack's energy (after finish()).
  [[nodiscard]] double rack_energy_j(std::size_t r) const { return rack_energy_[r]; }
  [[nodiscard]] double job_energy_j(std::size_t j) const { return jobs_[j].integral; }
  /// A job's energy up to `now` without touching its accumulator (phase bookkeeping reads it often).
  [[nodiscard]] double job_energy_at(std::size_t j, double now) const { return jobs_[j].at(now); }
  [[nodiscard]] double job_power_w(std::size_t j) const { return jobs_[j].rate; }

  [[nodiscard]] const models::StepSeries& total_series() const { return total_series_; }
  /// Each rack's power series: all racks with rack traces, else only the racks of the partitions asked
  /// for in Options::rack_series_of_partition (the others empty); empty when neither.
  [[nodiscard]] const std::vector<models::StepSeries>& rack_series() const { return rack_series_; }
  /// Hands one rack's series over after the run (rack batteries keep it without a copy).
  [[nodiscard]] models::StepSeries take_rack_series(std::size_t r) { return std::move(rack_series_[r]); }
  [[nodiscard]] const std::vector<models::StepSeries>& job_series() const { return job_series_; }
  [[nodiscard]] std::size_t racks() const { return rack_energy_.size(); }
  /// From now on, end_batch() lists the racks whose series got a point; take_changed_racks() hands the
  /// list over (rack batteries fed during the run, sim/rack_batteries.hpp). O(1) per rack change.
  void watch_rack_changes() { rack_watched_.assign(rack_series_.size(), 0); }
  [[nodiscard]] std::vector<std::uint32_t> take_changed_racks();

private:
  void job_delta(int job, double delta_w, int count, double now);
  void rack_delta(std::uint32_t n, double delta_w);

  struct GroupAccount {
    Accumulator node_energy; ///< energy per member node (J), at the members' power (W)
    int job = -1;
    bool racks = false;      ///< its members' racks keep a power series (O(members) per change)
  };
  double batch_delta_ = 0;
  std::vector<std::uint32_t> rack_of_;
  std::vector<double> node_mark_j_;   ///< its group's energy per node when the node joined it
  std::vector<double> rack_energy_;   ///< settled energy of nodes that left their groups (J)
  std::vector<GroupAccount> groups_;
  std::vector<Accumulator> jobs_;
  std::vector<int> job_nodes_;
  Accumulator total_;
  models::StepSeries total_series_;
  // Rack power only for the racks whose series are kept: it costs O(members) per change of their groups.
  bool all_racks_ = false;
  std::vector<char> partition_racks_;
  std::vector<double> rack_power_w_;
  std::vector<models::StepSeries> rack_series_;
  std::vector<models::StepSeries> job_series_;
  std::vector<bool> traced_jobs_; ///< empty: every job's series (job_traces)
  std::vector<std::uint32_t> dirty_racks_;
  std::vector<char> rack_watched_;          ///< per rack, 1 while in changed_racks_ (empty: not watching)
  std::vector<std::uint32_t> changed_racks_;
  std::vector<char> rack_dirty_;
  std::vector<std::uint32_t> dirty_jobs_;
  std::vector<char> job_dirty_;
};

} // namespace wattsim::sim
