#pragma once
// The ranks of an MPI launch (mpirun, srun), or a world of one. wattsim calls MPI only when a
// launcher started it, so a plain `wattsim sweep` never needs MPI at run time, and builds without
// MPI (no libopenmpi-dev) run every sweep on one machine.

#include <string>

namespace wattsim::experiment {

class MpiWorld {
public:
  /// Joins the MPI launch if there is one (MPI_Init); otherwise a world of one rank.
  MpiWorld();
  ~MpiWorld(); ///< MPI_Finalize when it joined
  MpiWorld(const MpiWorld&) = delete;
  MpiWorld& operator=(const MpiWorld&) = delete;

  [[nodiscard]] int rank() const { return rank_; }
  [[nodiscard]] int size() const { return size_; }
  /// Ranks sharing this machine (they share its cores).
  [[nodiscard]] int local_size() const { return local_size_; }
  [[nodiscard]] bool active() const { return active_; }
  /// Waits for every rank.
  void barrier() const;
  /// The sum of `value` over the ranks, on every rank.
  [[nodiscard]] long sum(long value) const;

private:
  int rank_ = 0;
  int size_ = 1;
  int local_size_ = 1;
  bool active_ = false;
};

/// True when a launcher (OpenMPI's mpirun, PMIx, Slurm's srun with PMI) started this process as one
/// of several ranks.
bool launched_by_mpi();

/// Whether this build can join an MPI launch.
bool mpi_built_in();

} // namespace wattsim::experiment
