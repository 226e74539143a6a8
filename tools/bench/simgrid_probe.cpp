// wattsim-simgrid-probe: the cost of SimGrid itself for what wattsim asks of it most, a batched
// change of many hosts' pstates (docs/performance.md, "Why (e) misses its target"). No wattsim code
// runs here: it is the floor under any engine built on SimGrid's hosts and energy plugin.
//
//   wattsim-simgrid-probe [HOSTS [BATCHES]]     (default 12,500 hosts, 2,000 batches)

#include <chrono>
#include <cstdio>
#include <fmt/format.h>
#include <simgrid/plugins/energy.h>
#include <simgrid/s4u.hpp>
#include <simgrid/simix.hpp>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace sg4 = simgrid::s4u;

namespace {

// One process, one engine: the energy plugin must be set up before hosts exist, so each variant is a
// child of its own (fork), and the parent prints the figures.
double ns_per_change(int hosts, int batches, bool energy_plugin) {
  int argc = 1;
  char arg0[] = "probe";
  char* argv[] = {arg0, nullptr};
  sg4::Engine engine(&argc, argv);
  if (energy_plugin)
    sg_host_energy_plugin_init();
  auto* zone = sg4::create_star_zone("probe");
  auto* controller = zone->create_host("controller", 1e9);
  std::vector<sg4::Host*> nodes;
  for (int i = 0; i < hosts; ++i) {
    // Four pstates as a DGX H100 partition has (idle, booting, waiting, training), same speeds.
    auto* h = zone->create_host(fmt::format("node-{}", i), std::vector<double>(4, 1e15));
    h->set_property("wattage_per_state", "1672:1672,2646:2646,2945:2945,8069:8069");
    h->set_property("wattage_off", "50");
    nodes.push_back(h);
  }
  zone->seal();
  const auto t0 = std::chrono::steady_clock::now();
  sg4::Actor::create("batches", controller, [&] {
    for (int b = 0; b < batches; ++b) {
      simgrid::kernel::actor::simcall_answered([&] {
        for (auto* h : nodes)
          h->set_pstate(static_cast<unsigned long>(b % 4));
      });
      sg4::this_actor::sleep_for(60);
    }
  });
  engine.run();
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return s * 1e9 / (static_cast<double>(hosts) * batches);
}

} // namespace

int main(int argc, char** argv) {
  const int hosts = argc > 1 ? std::stoi(argv[1]) : 12500;
  const int batches = argc > 2 ? std::stoi(argv[2]) : 2000;
  xbt_log_control_set("root.thresh:critical");
  for (bool plugin : {true, false}) {
    std::fflush(stdout);
    if (fork() == 0) {
      const double ns = ns_per_change(hosts, batches, plugin);
      fmt::print("{} hosts x {} batches, energy plugin {}: {:.1f} ns per host pstate change\n", hosts, batches,
                 plugin ? "on " : "off", ns);
      std::fflush(stdout);
      _exit(0);
    }
    int status = 0;
    wait(&status);
  }
  return 0;
}
