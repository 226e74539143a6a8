#include "tools/experiment/mpi_world.hpp"

#include <cstdlib>
#include <stdexcept>
#include <string>

#ifdef WATTSIM_HAVE_MPI
#include <mpi.h>
#endif

namespace wattsim::experiment {

namespace {
int env_int(const char* name, int fallback) {
  const char* v = std::getenv(name);
  return v && *v ? std::atoi(v) : fallback;
}
} // namespace

bool launched_by_mpi() {
  // OpenMPI's mpirun sets OMPI_COMM_WORLD_SIZE; a PMIx launch (srun --mpi=pmix) PMIX_RANK; srun with
  // PMI-1/2 PMI_SIZE. A single rank needs no MPI.
  return env_int("OMPI_COMM_WORLD_SIZE", 0) > 1 || env_int("PMI_SIZE", 0) > 1 ||
         (std::getenv("PMIX_RANK") && env_int("SLURM_NTASKS", 2) > 1);
}

bool mpi_built_in() {
#ifdef WATTSIM_HAVE_MPI
  return true;
#else
  return false;
#endif
}

MpiWorld::MpiWorld() {
  if (!launched_by_mpi())
    return;
#ifdef WATTSIM_HAVE_MPI
  int provided = 0;
  MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided);
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
  MPI_Comm local;
  MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, rank_, MPI_INFO_NULL, &local);
  MPI_Comm_size(local, &local_size_);
  MPI_Comm_free(&local);
  active_ = true;
#else
  throw std::runtime_error("started by mpirun/srun with several ranks, but this wattsim was built without MPI "
                           "(install libopenmpi-dev and rebuild)");
#endif
}

MpiWorld::~MpiWorld() {
#ifdef WATTSIM_HAVE_MPI
  if (active_)
    MPI_Finalize();
#endif
}

void MpiWorld::barrier() const {
#ifdef WATTSIM_HAVE_MPI
  if (active_)
    MPI_Barrier(MPI_COMM_WORLD);
#endif
}

long MpiWorld::sum(long value) const {
#ifdef WATTSIM_HAVE_MPI
  if (active_) {
    long total = 0;
    MPI_Allreduce(&value, &total, 1, MPI_LONG, MPI_SUM, MPI_COMM_WORLD);
    return total;
  }
#endif
  return value;
}

} // namespace wattsim::experiment
