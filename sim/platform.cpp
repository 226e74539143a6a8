#include "sim/platform.hpp"

#include "sim/job_kinds.hpp"

#include <fmt/format.h>
#include <simgrid/plugins/energy.h>
#include <simgrid/s4u/Engine.hpp>
#include <simgrid/s4u/Host.hpp>
#include <simgrid/s4u/Link.hpp>
#include <simgrid/s4u/NetZone.hpp>

namespace wattsim::sim {

namespace sg4 = simgrid::s4u;

namespace {

std::string constant_wattage(double w) { return fmt::format("{}:{}", w, w); }

sg4::Host* fixed_host(sg4::NetZone* zone, const std::string& name, double power_w) {
  auto* h = zone->create_host(name, 1.0);
  h->set_properties({{"wattage_per_state", constant_wattage(power_w)}, {"wattage_off", "0"}});
  return h;
}

// A link without latency: checkpoint transfers last size / bandwidth, shared fairly.
sg4::Link* link(sg4::NetZone* zone, const std::string& name, double bandwidth) {
  return zone->create_link(name, bandwidth)->set_latency(0)->seal();
}

// One host per node, with the partition's pstate table; turned off with its node.
NodeHosts per_node_hosts(sg4::NetZone* zone, const Cluster& cluster) {
  // Host properties are shared strings per partition: one table, many hosts.
  std::vector<std::string> wattages, offs;
  std::vector<std::vector<double>> speeds;
  for (std::size_t p = 0; p < cluster.partitions(); ++p) {
    wattages.push_back(cluster.states(p).wattage_per_state());
    offs.push_back(cluster.states(p).wattage_off());
    speeds.push_back(cluster.states(p).speeds());
  }
  std::vector<sg4::Host*> hosts;
  hosts.reserve(cluster.size());
  for (NodeId n = 0; n < cluster.size(); ++n) {
    const auto& info = cluster.node(n);
    auto* h = zone->create_host(cluster.host_name(n), speeds[info.partition]);
    h->set_properties({{"wattage_per_state", wattages[info.partition]},
                       {"wattage_off", offs[info.partition]},
                       {"rack", cluster.rack_name(info.rack)}});
    hosts.push_back(h);
  }
  return NodeHosts::per_node(std::move(hosts));
}

// Per partition and power state (off included, last), a units host and a blocks host whose pstate k
// draws k and k x B nodes' power (sim/node_hosts.hpp). No activity runs on them: speeds are nominal.
NodeHosts counting_hosts(sg4::NetZone* zone, const Cluster& cluster) {
  std::vector<NodeHosts::Counter> counters;
  for (std::size_t p = 0; p < cluster.partitions(); ++p) {
    const auto& states = cluster.states(p);
    const std::uint64_t nodes = cluster.partition_size(p);
    const std::uint64_t base = NodeHosts::base_for(nodes);
    const std::uint64_t max_blocks = nodes / base;
    auto counter_host = [&](const std::string& name, double node_w, std::uint64_t unit, std::uint64_t pstates) {
      std::string wattage;
      for (std::uint64_t k = 0; k < pstates; ++k) {
        const double w = static_cast<double>(k * unit) * node_w;
        wattage += fmt::format("{}{}:{}", k ? "," : "", w, w);
      }
      auto* h = zone->create_host(name, std::vector<double>(pstates, 1.0));
      h->set_properties({{"wattage_per_state", wattage}, {"wattage_off", "0"}});
      return h;
    };
    for (std::size_t s = 0; s <= states.size(); ++s) {
      const bool off = s == states.size();
      const double w = off ? states.off_w() : states.watts(static_cast<PState>(s));
      const std::string name = fmt::format("{}-{}", cluster.partition_name(p), off ? std::string("off") : fmt::format("s{}", s));
      NodeHosts::Counter c;
      c.base = base;
      c.units = counter_host(name + "-units", w, 1, std::min(base, nodes + 1));
      c.blocks = counter_host(name + "-blocks", w, base, max_blocks + 1);
      counters.push_back(c);
    }
  }
  return NodeHosts::counting(std::move(counters));
}

} // namespace

double job_storage_bandwidth(const Scenario& scenario, const JobSpec& job) {
  const double per_node = scenario.cluster.storage.node_bandwidth_bytes_s;
  return per_node > 0 ? per_node * job.nodes : 1e18;
}

Platform build_platform(const Scenario& scenario, Cluster& cluster, PowerLedger& ledger) {
  // Plain max-min bandwidth sharing: no TCP window, bandwidth-factor or ACK cross-traffic
  // corrections, which model single TCP flows, not a parallel file system's aggregate throughput.
  sg4::Engine::set_config("network/model:CM02");
  sg4::Engine::set_config("network/TCP-gamma:0");
  sg4::Engine::set_config("network/crosstraffic:0");
  sg_host_energy_plugin_init();
  auto* zone = sg4::create_star_zone("cluster");
  Platform platform;
  platform.controller = fixed_host(zone, "controller", 0.0);
  platform.storage = fixed_host(zone, "storage", scenario.cluster.storage.power_w);
  platform.network = fixed_host(zone, "network", scenario.cluster.network.power_w);

  const auto& st = scenario.cluster.storage;
  const double storage_bw = std::max(st.write_bandwidth_bytes_s, st.read_bandwidth_bytes_s);
  if (storage_bw > 0) {
    auto* storage_link = link(zone, "storage-link", storage_bw);
    zone->add_route(platform.storage->get_netpoint(), nullptr, nullptr, nullptr, {sg4::LinkInRoute(storage_link)});
  }
  platform.job_io.assign(scenario.jobs.size(), nullptr);
  platform.job_links.assign(scenario.jobs.size(), nullptr);
  for (std::size_t j = 0; j < scenario.jobs.size(); ++j) {
    const auto& job = scenario.jobs[j];
    if (!uses_storage(job) || storage_bw <= 0)
      continue;
    auto* io = fixed_host(zone, fmt::format("io-{:05d}", j), 0.0);
    auto* l = link(zone, fmt::format("io-link-{:05d}", j), job_storage_bandwidth(scenario, job));
    zone->add_route(io->get_netpoint(), nullptr, nullptr, nullptr, {sg4::LinkInRoute(l)});
    platform.job_io[j] = io;
    platform.job_links[j] = l;
  }

  const NodeHosts hosts = scenario.engine.per_node_hosts ? per_node_hosts(zone, cluster) : counting_hosts(zone, cluster);
  zone->seal();
  ledger.add_fixed_load(scenario.cluster.storage.power_w + scenario.cluster.network.power_w);
  cluster.attach_hosts(hosts, &ledger);
  return platform;
}

} // namespace wattsim::sim
