#pragma once
// Builds the SimGrid platform in code: one host per node (in rack order), a controller host for the
// actors, a storage host with its disk, and a host standing for the network fabric, all carrying
// energy-plugin wattages. Racks are a host property, not zones: SimGrid's zone cost grows with
// zones x hosts (reference/simgrid-3.32-notes.md s2), and a rack holds only a few nodes.

#include "sim/cluster.hpp"
#include "sim/scenario.hpp"

namespace simgrid::s4u {
class Host;
class Disk;
} // namespace simgrid::s4u

namespace wattsim::sim {

struct Platform {
  simgrid::s4u::Host* controller = nullptr; ///< never fails, draws nothing: runs the actors
  simgrid::s4u::Host* storage = nullptr;
  simgrid::s4u::Disk* storage_disk = nullptr;
  simgrid::s4u::Host* network = nullptr;
};

/// Needs a live simgrid::s4u::Engine; initialises the energy plugin before sealing the hosts.
Platform build_platform(const Scenario& scenario, Cluster& cluster, PowerLedger& ledger);

} // namespace wattsim::sim
