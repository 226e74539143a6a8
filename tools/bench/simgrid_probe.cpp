// wattsim-simgrid-probe: the cost of SimGrid itself for what wattsim asks of it (docs/performance.md).
// No wattsim code runs here: it is the floor under any engine built on SimGrid's hosts and energy
// plugin.
//
//   wattsim-simgrid-probe [HOSTS [BATCHES]]   one batched pstate change of HOSTS hosts, BATCHES times
//                                             (default 12,500 hosts, 2,000 batches)
//   wattsim-simgrid-probe --replay RUN_DIR    the event pattern of a wattsim run (its summary.json and
//                                             manifest.json): as many clock advances and batched state
//                                             changes over the same simulated time, each batch
//                                             switching one host per node, as an engine with one
//                                             SimGrid host per node does; prints its wall and CPU time
//                                             beside the run's own

#include <chrono>
#include <cstdio>
#include <ctime>
#include <fmt/format.h>
#include <fstream>
#include <nlohmann/json.hpp>
#include <simgrid/plugins/energy.h>
#include <simgrid/s4u.hpp>
#include <simgrid/simix.hpp>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace sg4 = simgrid::s4u;

namespace {

double cpu_s() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

struct Pattern {
  int hosts = 12500;
  long batches = 2000;   ///< batched changes of every host
  long advances = 2000;  ///< clock advances (sleeps), batches spread evenly over them
  double period_s = 60;  ///< simulated time between advances
};

struct Cost {
  double wall_s = 0, cpu_s = 0;
};

// One process, one engine: the energy plugin must be set up before hosts exist, so each variant is a
// child of its own (fork), and the parent prints the figures.
Cost run_pattern(const Pattern& p, bool energy_plugin) {
  int argc = 1;
  char arg0[] = "probe";
  char* argv[] = {arg0, nullptr};
  sg4::Engine engine(&argc, argv);
  if (energy_plugin)
    sg_host_energy_plugin_init();
  auto* zone = sg4::create_star_zone("probe");
  auto* controller = zone->create_host("controller", 1e9);
  std::vector<sg4::Host*> nodes;
  for (int i = 0; i < p.hosts; ++i) {
    // Four pstates as a DGX H100 partition has (idle, booting, waiting, training), same speeds.
    auto* h = zone->create_host(fmt::format("node-{}", i), std::vector<double>(4, 1e15));
    h->set_property("wattage_per_state", "1672:1672,2646:2646,2945:2945,8069:8069");
    h->set_property("wattage_off", "50");
    nodes.push_back(h);
  }
  zone->seal();
  // From here: creating the hosts is not counted (stricter for the engine compared with it).
  const double c0 = cpu_s();
  const auto t0 = std::chrono::steady_clock::now();
  sg4::Actor::create("batches", controller, [&] {
    long done = 0;
    for (long a = 0; a < p.advances; ++a) {
      // Batches due by this advance: spread evenly.
      const long due = (a + 1) * p.batches / p.advances;
      for (; done < due; ++done)
        simgrid::kernel::actor::simcall_answered([&] {
          for (auto* h : nodes)
            h->set_pstate(static_cast<unsigned long>(done % 4));
        });
      sg4::this_actor::sleep_for(p.period_s);
    }
  });
  engine.run();
  return {std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(), cpu_s() - c0};
}

Cost in_child(const Pattern& p, bool plugin) {
  int fds[2];
  if (pipe(fds) != 0)
    return {};
  std::fflush(stdout);
  if (fork() == 0) {
    close(fds[0]);
    const Cost c = run_pattern(p, plugin);
    if (write(fds[1], &c, sizeof c) != sizeof c)
      _exit(1);
    _exit(0);
  }
  close(fds[1]);
  Cost c;
  if (read(fds[0], &c, sizeof c) != sizeof c)
    c = {};
  close(fds[0]);
  int status = 0;
  wait(&status);
  return c;
}

nlohmann::json read_json(const std::string& path) {
  std::ifstream f(path);
  if (!f)
    throw std::runtime_error("cannot read " + path);
  return nlohmann::json::parse(f);
}

} // namespace

int main(int argc, char** argv) {
  xbt_log_control_set("root.thresh:critical");
  if (argc > 2 && std::string(argv[1]) == "--replay") {
    const std::string dir = argv[2];
    const auto summary = read_json(dir + "/summary.json");
    const auto manifest = read_json(dir + "/manifest.json");
    const auto& ev = manifest["events"];
    Pattern p;
    p.hosts = summary["nodes"].get<int>();
    p.batches = ev["state_changes"].get<long>();
    p.advances = std::max<long>(1, ev["time_advances"].get<long>());
    p.period_s = summary["simulated_days"].get<double>() * 86400.0 / static_cast<double>(p.advances);
    const Cost c = in_child(p, true);
    fmt::print("replay of {}: {} hosts, {} batches of every host over {} clock advances\n", dir, p.hosts, p.batches,
               p.advances);
    fmt::print("  raw SimGrid, one host per node, energy plugin: {:.3f} s wall, {:.3f} s CPU\n", c.wall_s, c.cpu_s);
    if (manifest.contains("wall_time_s"))
      fmt::print("  the wattsim run itself (manifest wall_time_s):  {:.3f} s wall ({:.2f}x)\n",
                 manifest["wall_time_s"].get<double>(), manifest["wall_time_s"].get<double>() / c.wall_s);
    return 0;
  }
  Pattern p;
  p.hosts = argc > 1 ? std::stoi(argv[1]) : 12500;
  p.batches = argc > 2 ? std::stol(argv[2]) : 2000;
  p.advances = p.batches;
  for (bool plugin : {true, false}) {
    const Cost c = in_child(p, plugin);
    fmt::print("{} hosts x {} batches, energy plugin {}: {:.1f} ns per host pstate change\n", p.hosts, p.batches,
               plugin ? "on " : "off", c.wall_s * 1e9 / (static_cast<double>(p.hosts) * static_cast<double>(p.batches)));
  }
  return 0;
}
