#include "sim/power_states.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <stdexcept>

namespace wattsim::sim {

PowerStates::PowerStates(const Partition& partition) : partition_(&partition) {
  off_w_ = partition.system.off_power_w;
  const auto& acc = partition.accelerator;
  // Host speed: the node's peak at the widest precision the accelerator has (bf16, else fp32...).
  for (auto p : {models::Precision::bf16, models::Precision::fp16, models::Precision::tf32, models::Precision::fp32}) {
    if (auto peak = acc.peak(p)) {
      peak_flop_s_ = *peak * partition.system.accelerators_per_node;
      break;
    }
  }
  if (peak_flop_s_ <= 0)
    peak_flop_s_ = 1.0;
  idle = add(idle_op());
  booting = add(booting_op());
  waiting = add(waiting_op());
}

models::NodeOperatingPoint PowerStates::idle_op() const {
  models::NodeOperatingPoint op;
  op.accelerator = models::ActivityMix::idle();
  op.host_active = false;
  op.accelerator_cap_w = partition_->accelerator_cap_w;
  op.liquid_cooled = partition_->liquid_cooled;
  return op;
}

models::NodeOperatingPoint PowerStates::booting_op() const {
  auto op = idle_op();
  op.host_active = true;
  return op;
}

models::NodeOperatingPoint PowerStates::waiting_op() const {
  auto op = idle_op();
  op.accelerator = models::ActivityMix::waiting();
  op.host_active = true;
  op.accelerator_floor_w = partition_->accelerator_floor_w; // a job holds the node
  return op;
}

models::NodeOperatingPoint PowerStates::training_op(const models::ActivityMix& mix, int throttle_level) const {
  auto op = idle_op();
  op.accelerator = mix;
  op.host_active = true;
  op.accelerator_floor_w = partition_->accelerator_floor_w;
  if (throttle_level > 0) {
    // Thermal throttling lowers the power limit (the GPU's clocks follow: NVML clock event reason SwPowerCap).
    const auto& acc = partition_->accelerator;
    const double base = partition_->accelerator_cap_w > 0 ? partition_->accelerator_cap_w : acc.tdp_w;
    const double cap = throttle_fractions_.at(static_cast<std::size_t>(throttle_level - 1)) * acc.tdp_w;
    op.accelerator_cap_w = std::max(acc.power_cap_min_w, std::min(base, cap));
  }
  return op;
}

models::NodePower PowerStates::power_at_inlet(PState p, double inlet_c) const {
  auto op = ops_.at(static_cast<std::size_t>(p));
  op.inlet_c = inlet_c;
  return models::node_power(partition_->system, partition_->accelerator, op);
}

PState PowerStates::add(const models::NodeOperatingPoint& op) {
  for (std::size_t i = 0; i < ops_.size(); ++i)
    if (ops_[i] == op)
      return static_cast<PState>(i);
  ops_.push_back(op);
  power_.push_back(models::node_power(partition_->system, partition_->accelerator, op));
  return static_cast<PState>(ops_.size() - 1);
}

PState PowerStates::find(const models::NodeOperatingPoint& op) const {
  for (std::size_t i = 0; i < ops_.size(); ++i)
    if (ops_[i] == op)
      return static_cast<PState>(i);
  throw std::logic_error("PowerStates::find: operating point was not registered before the platform was built");
}

double PowerStates::speed_flop_s(PState p) const {
  if (p == kOff)
    return 0.0;
  return peak_flop_s_ * power_.at(static_cast<std::size_t>(p)).throughput;
}

std::string PowerStates::wattage_per_state() const {
  // "idle:full" per pstate, both the state's power: no activity ever runs on a node host, so only the
  // idle value is used. Shortest round-trip decimal (fmt's default) keeps the value exact and the
  // string short: SimGrid parses it once per host.
  std::string out;
  for (std::size_t i = 0; i < power_.size(); ++i) {
    const double w = power_[i].input_w;
    out += fmt::format("{}{}:{}", i ? "," : "", w, w);
  }
  return out;
}

std::string PowerStates::wattage_off() const { return fmt::format("{}", off_w_); }

std::vector<double> PowerStates::speeds() const {
  std::vector<double> s;
  for (std::size_t i = 0; i < power_.size(); ++i)
    s.push_back(std::max(speed_flop_s(static_cast<PState>(i)), 1.0));
  return s;
}

} // namespace wattsim::sim
