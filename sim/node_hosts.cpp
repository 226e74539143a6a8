#include "sim/node_hosts.hpp"

#include <cmath>
#include <simgrid/s4u/Host.hpp>

namespace wattsim::sim {

NodeHosts NodeHosts::per_node(std::vector<simgrid::s4u::Host*> hosts) {
  NodeHosts h;
  h.per_node_ = true;
  h.hosts_ = std::move(hosts);
  return h;
}

NodeHosts NodeHosts::counting(std::vector<Counter> counters) {
  NodeHosts h;
  h.counters_ = std::move(counters);
  return h;
}

std::uint64_t NodeHosts::base_for(std::uint64_t nodes) {
  auto b = static_cast<std::uint64_t>(std::ceil(std::sqrt(static_cast<double>(nodes + 1))));
  while (b * b < nodes + 1) // exact, whatever sqrt's rounding
    ++b;
  return std::max<std::uint64_t>(b, 1);
}

void NodeHosts::set_node(std::uint32_t n, PState from, PState to) {
  auto* host = hosts_[n];
  if (to == kOff) {
    if (from != kOff) {
      host->turn_off();
      ++changes_;
    }
    return;
  }
  if (from == kOff) {
    host->turn_on();
    ++changes_;
  }
  // A host turned on keeps its last pstate; ours differs from `from` only then, so it is always set.
  if (to != from) {
    host->set_pstate(static_cast<unsigned long>(to));
    ++changes_;
  }
}

void NodeHosts::set_count(std::size_t slot, std::uint64_t count) {
  auto& c = counters_[slot];
  const std::uint64_t units = count % c.base, blocks = count / c.base;
  if (units != c.count % c.base) {
    c.units->set_pstate(static_cast<unsigned long>(units));
    ++changes_;
  }
  if (blocks != c.count / c.base) {
    c.blocks->set_pstate(static_cast<unsigned long>(blocks));
    ++changes_;
  }
  c.count = count;
}

std::vector<simgrid::s4u::Host*> NodeHosts::all() const {
  if (per_node_)
    return hosts_;
  std::vector<simgrid::s4u::Host*> out;
  for (const auto& c : counters_) {
    out.push_back(c.units);
    out.push_back(c.blocks);
  }
  return out;
}

} // namespace wattsim::sim
