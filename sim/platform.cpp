#include "sim/platform.hpp"

#include <fmt/format.h>
#include <simgrid/plugins/energy.h>
#include <simgrid/s4u/Disk.hpp>
#include <simgrid/s4u/Host.hpp>
#include <simgrid/s4u/NetZone.hpp>

namespace wattsim::sim {

namespace {

std::string constant_wattage(double w) { return fmt::format("{:.17g}:{:.17g}:{:.17g}", w, w, w); }

simgrid::s4u::Host* fixed_host(simgrid::s4u::NetZone* zone, const std::string& name, double power_w) {
  auto* h = zone->create_host(name, 1.0);
  h->set_properties({{"wattage_per_state", constant_wattage(power_w)}, {"wattage_off", "0"}});
  return h;
}

} // namespace

Platform build_platform(const Scenario& scenario, Cluster& cluster, PowerLedger& ledger) {
  sg_host_energy_plugin_init();
  auto* zone = simgrid::s4u::create_star_zone("cluster");
  Platform platform;
  platform.controller = fixed_host(zone, "controller", 0.0);
  platform.storage = fixed_host(zone, "storage", scenario.cluster.storage.power_w);
  platform.network = fixed_host(zone, "network", scenario.cluster.network.power_w);
  const auto& st = scenario.cluster.storage;
  if (st.write_bandwidth_bytes_s > 0 && st.read_bandwidth_bytes_s > 0)
    platform.storage_disk = platform.storage->create_disk("storage-disk", st.read_bandwidth_bytes_s,
                                                          st.write_bandwidth_bytes_s);

  // Host properties are shared strings per partition: one table, many hosts.
  std::vector<std::string> wattages, offs;
  std::vector<std::vector<double>> speeds;
  for (std::size_t p = 0; p < scenario.cluster.partitions.size(); ++p) {
    wattages.push_back(cluster.states(p).wattage_per_state());
    offs.push_back(cluster.states(p).wattage_off());
    speeds.push_back(cluster.states(p).speeds());
  }
  std::vector<simgrid::s4u::Host*> hosts;
  hosts.reserve(cluster.size());
  for (NodeId n = 0; n < cluster.size(); ++n) {
    const auto& info = cluster.node(n);
    auto* h = zone->create_host(cluster.host_name(n), speeds[info.partition]);
    h->set_properties({{"wattage_per_state", wattages[info.partition]},
                       {"wattage_off", offs[info.partition]},
                       {"rack", cluster.rack_name(info.rack)}});
    hosts.push_back(h);
  }
  zone->seal();
  ledger.add_fixed_load(scenario.cluster.storage.power_w + scenario.cluster.network.power_w);
  cluster.attach_hosts(std::move(hosts), &ledger);
  return platform;
}

} // namespace wattsim::sim
