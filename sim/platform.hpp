#pragma once
// Builds the SimGrid platform in code: the hosts carrying the nodes' power (counting hosts per
// partition and power state, or one host per node: sim/node_hosts.hpp), a controller host for the
// actors, a storage host, and a host standing for the network fabric, all carrying energy-plugin
// wattages. With one host per node, racks are a host property, not zones: SimGrid's zone cost grows
// with zones x hosts (SimGrid documentation, "Describing your platform", routing zones), and a rack
// holds only a few nodes.
//
// Checkpoint traffic is simulated by SimGrid's network model: every checkpointing job has an I/O
// endpoint whose link carries the job's aggregate storage bandwidth (nodes x per-node bandwidth), and
// every endpoint reaches the storage host through one shared link of the storage system's bandwidth,
// so concurrent checkpoints share it (max-min fairness) and slow each other down.

#include "sim/cluster.hpp"
#include "sim/scenario.hpp"

#include <vector>

namespace simgrid::s4u {
class Host;
class Link;
} // namespace simgrid::s4u

namespace wattsim::sim {

struct Platform {
  simgrid::s4u::Host* controller = nullptr; ///< never fails, draws nothing: runs the actors
  simgrid::s4u::Host* storage = nullptr;
  simgrid::s4u::Host* network = nullptr;
  std::vector<simgrid::s4u::Host*> job_io;  ///< per job: its storage endpoint (nullptr if it has none)
  std::vector<simgrid::s4u::Link*> job_links;
};

/// Needs a live simgrid::s4u::Engine; initialises the energy plugin before sealing the hosts.
Platform build_platform(const Scenario& scenario, Cluster& cluster, PowerLedger& ledger);

/// Aggregate storage bandwidth of a job's link: its nodes times the per-node bandwidth (unbounded when
/// the scenario sets no per-node figure).
double job_storage_bandwidth(const Scenario& scenario, const JobSpec& job);

} // namespace wattsim::sim
