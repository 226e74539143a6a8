#include "models/reliability/failure_model.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <set>
#include <stdexcept>

namespace wattsim::models {

std::string_view to_string(FailureUnit u) {
  switch (u) {
  case FailureUnit::gpu: return "gpu";
  case FailureUnit::node: return "node";
  case FailureUnit::network_link: return "network_link";
  case FailureUnit::network_switch: return "network_switch";
  case FailureUnit::job: return "job";
  }
  return "?";
}

std::string_view to_string(FailureCategory c) {
  switch (c) {
  case FailureCategory::gpu: return "gpu";
  case FailureCategory::host: return "host";
  case FailureCategory::network: return "network";
  case FailureCategory::software_dependency: return "software_dependency";
  case FailureCategory::unknown: return "unknown";
  case FailureCategory::unplanned_maintenance: return "unplanned_maintenance";
  case FailureCategory::planned: return "planned";
  }
  return "?";
}

JobFootprint JobFootprint::of_nodes(std::int64_t nodes, int gpus_per_node, int links_per_node,
                                    std::int64_t network_switches) {
  if (nodes < 0 || gpus_per_node < 0)
    throw std::invalid_argument("JobFootprint: negative node or GPU count");
  JobFootprint fp;
  fp.nodes = nodes;
  fp.gpus = nodes * gpus_per_node;
  fp.network_links = nodes * (links_per_node < 0 ? gpus_per_node : links_per_node);
  fp.network_switches = network_switches;
  return fp;
}

std::int64_t JobFootprint::units(FailureUnit u) const {
  switch (u) {
  case FailureUnit::gpu: return gpus;
  case FailureUnit::node: return nodes;
  case FailureUnit::network_link: return network_links;
  case FailureUnit::network_switch: return network_switches;
  case FailureUnit::job: return 1;
  }
  return 0;
}

double FailureProcess::rate_per_hour(const JobFootprint& fp) const {
  return rate_per_unit_hour * static_cast<double>(fp.units(unit));
}

namespace {

// Llama 3 405B, 54-day snapshot (arXiv:2407.21783 Table 5): cause, category as printed, count. The
// count is the only datum; the unit each cause is counted per is our choice (docs/models/reliability.md).
struct Llama3Row {
  const char* name;
  const char* label;
  FailureCategory category;
  FailureUnit unit;
  int count;
  bool takes_node_down;
};

constexpr std::array<Llama3Row, 18> kLlama3Table = {{
    // GPU-attributed causes: counted per GPU (a 1,024-GPU job has 1/16 of the exposure).
    {"faulty_gpu", "Faulty GPU", FailureCategory::gpu, FailureUnit::gpu, 148, true},
    {"gpu_hbm3_memory", "GPU HBM3 Memory", FailureCategory::gpu, FailureUnit::gpu, 72, true},
    {"gpu_sram_memory", "GPU SRAM Memory", FailureCategory::gpu, FailureUnit::gpu, 19, true},
    {"gpu_system_processor", "GPU System Processor", FailureCategory::gpu, FailureUnit::gpu, 17, true},
    {"silent_data_corruption", "Silent Data Corruption", FailureCategory::gpu, FailureUnit::gpu, 6, true},
    {"gpu_thermal_interface_sensor", "GPU Thermal Interface + Sensor", FailureCategory::gpu, FailureUnit::gpu, 6,
     true},
    // Host parts: one set per server.
    {"nic", "NIC", FailureCategory::host, FailureUnit::node, 7, true},
    {"ssd", "SSD", FailureCategory::host, FailureUnit::node, 3, true},
    {"power_supply", "Power Supply", FailureCategory::host, FailureUnit::node, 3, true},
    {"server_chassis", "Server Chassis", FailureCategory::host, FailureUnit::node, 2, true},
    {"io_expansion_board", "IO Expansion Board", FailureCategory::host, FailureUnit::node, 2, true},
    {"cpu", "CPU", FailureCategory::host, FailureUnit::node, 2, true},
    {"system_memory", "System Memory", FailureCategory::host, FailureUnit::node, 2, true},
    // Scale-out fabric: per link of the job (one 400 Gb/s endpoint per GPU on Llama 3's RoCE cluster).
    // The node owning the failed link is drained until the cable/switch port is fixed.
    {"network_switch_cable", "Network Switch/Cable", FailureCategory::network, FailureUnit::network_link, 35, true},
    // Unplanned host maintenance takes the host out of the job.
    {"host_maintenance", "Host Maintenance", FailureCategory::unplanned_maintenance, FailureUnit::node, 32, true},
    // Software: per rank (= per GPU): more ranks, more chances to hit a race, a hang or a timeout.
    // The job restarts on the same nodes.
    {"software_bug", "Software Bug", FailureCategory::software_dependency, FailureUnit::gpu, 54, false},
    {"dependency", "Dependency", FailureCategory::software_dependency, FailureUnit::gpu, 2, false},
    {"nccl_watchdog_timeouts", "NCCL Watchdog Timeouts", FailureCategory::unknown, FailureUnit::gpu, 7, false},
}};

constexpr const char* kLlama3Source = "Llama Team 2024, The Llama 3 Herd of Models (arXiv:2407.21783) Table 5";

double llama3_units(FailureUnit u) {
  const JobFootprint fp = JobFootprint::of_nodes(kLlama3Nodes, static_cast<int>(kLlama3Gpus / kLlama3Nodes));
  return static_cast<double>(fp.units(u));
}

} // namespace

FailureModel FailureModel::llama3_defaults(PlannedScaling planned) {
  const double hours = kLlama3SnapshotDays * 24.0;
  FailureModel m;
  m.processes.reserve(kLlama3Table.size() + 1);
  for (const auto& row : kLlama3Table) {
    FailureProcess p;
    p.name = row.name;
    p.label = row.label;
    p.category = row.category;
    p.unit = row.unit;
    // Calibration: rate = count / (units x hours) over the 54-day, 2,048-node snapshot.
    p.rate_per_unit_hour = row.count / (llama3_units(row.unit) * hours);
    p.takes_node_down = row.takes_node_down;
    p.source = std::string(kLlama3Source) + ": " + std::to_string(row.count) + " in 54 d on 16,384 H100 / " +
               std::to_string(static_cast<long long>(llama3_units(row.unit))) + " " +
               std::string(to_string(row.unit)) + "s";
    m.processes.push_back(std::move(p));
  }
  // Planned interruptions (automated maintenance: firmware upgrades; operator changes: configuration,
  // dataset updates; arXiv:2407.21783 s3.3.4): 47 in 54 days. They pause the job, which restarts on the
  // same nodes, so takes_node_down = false; the pause length is the repair model's "planned" hold.
  FailureProcess p;
  p.name = "planned_maintenance";
  p.label = "Planned maintenance";
  p.category = FailureCategory::planned;
  p.unit = planned == PlannedScaling::per_job ? FailureUnit::job : FailureUnit::node;
  p.rate_per_unit_hour = kLlama3PlannedInterruptions / (llama3_units(p.unit) * hours);
  p.takes_node_down = false;
  p.source = "Llama Team 2024 (arXiv:2407.21783) s3.3.4: 47 planned of 466 interruptions in 54 d";
  m.processes.push_back(std::move(p));
  return m;
}

FailureModel FailureModel::kokolis(double failures_per_1000_node_days) {
  if (!(failures_per_1000_node_days >= 0) || !std::isfinite(failures_per_1000_node_days))
    throw std::invalid_argument("FailureModel::kokolis: rate must be finite and >= 0");
  FailureProcess p;
  p.name = "node_failure";
  p.label = "Node failure (Kokolis et al. 2024 fleet rate)";
  // The fleet rate mixes GPU, host and network hardware; the node is taken out and repaired.
  p.category = FailureCategory::host;
  p.unit = FailureUnit::node;
  p.rate_per_unit_hour = failures_per_1000_node_days / 1000.0 / 24.0;
  p.takes_node_down = true;
  p.source = "Kokolis et al. 2024 (arXiv:2410.21680): r_f = " + std::to_string(failures_per_1000_node_days) +
             " per 1000 node-days (RSC-1 6.50, RSC-2 2.34); MTTF = 1 / (N_nodes r_f)";
  return FailureModel{{std::move(p)}};
}

double FailureModel::job_rate_per_hour(const JobFootprint& fp) const {
  double r = 0;
  for (const auto& p : processes)
    r += p.rate_per_hour(fp);
  return r;
}

double FailureModel::unplanned_rate_per_hour(const JobFootprint& fp) const {
  double r = 0;
  for (const auto& p : processes)
    if (p.category != FailureCategory::planned)
      r += p.rate_per_hour(fp);
  return r;
}

double FailureModel::job_mtti_s(const JobFootprint& fp) const {
  const double r = job_rate_per_hour(fp);
  return r > 0 ? 3600.0 / r : std::numeric_limits<double>::infinity();
}

double FailureModel::expected_count(std::size_t i, const JobFootprint& fp, double duration_s) const {
  return processes.at(i).rate_per_hour(fp) * duration_s / 3600.0;
}

double FailureModel::expected_total(const JobFootprint& fp, double duration_s) const {
  return job_rate_per_hour(fp) * duration_s / 3600.0;
}

std::size_t FailureModel::find(std::string_view name) const {
  for (std::size_t i = 0; i < processes.size(); ++i)
    if (processes[i].name == name)
      return i;
  return processes.size();
}

FailureModel FailureModel::scaled(double factor) const {
  if (!(factor >= 0) || !std::isfinite(factor))
    throw std::invalid_argument("FailureModel::scaled: factor must be finite and >= 0");
  FailureModel m = *this;
  for (auto& p : m.processes)
    p.rate_per_unit_hour *= factor;
  return m;
}

void FailureModel::validate() const {
  std::set<std::string> names;
  for (const auto& p : processes) {
    if (p.name.empty())
      throw std::invalid_argument("failure process with an empty name");
    if (!names.insert(p.name).second)
      throw std::invalid_argument("duplicate failure process name: " + p.name);
    if (!(p.rate_per_unit_hour >= 0) || !std::isfinite(p.rate_per_unit_hour))
      throw std::invalid_argument("failure process " + p.name + ": rate must be finite and >= 0");
    if (!(p.weibull_shape > 0) || !std::isfinite(p.weibull_shape))
      throw std::invalid_argument("failure process " + p.name + ": Weibull shape must be > 0");
  }
}

// ---------------------------------------------------------------------------------------------------

FailureSampler::FailureSampler(FailureModel model, const JobFootprint& footprint, RandomStream stream)
    : model_(std::move(model)), footprint_(footprint), stream_(stream) {
  model_.validate();
  if (footprint_.nodes < 1)
    throw std::invalid_argument("FailureSampler: the job needs at least one node");
  const std::size_t n = model_.processes.size();
  next_s_.resize(n);
  rate_per_s_.resize(n);
  // Initial draws in process order, so a given seed and model give the same event list everywhere.
  for (std::size_t i = 0; i < n; ++i) {
    rate_per_s_[i] = model_.processes[i].rate_per_hour(footprint_) / 3600.0;
    next_s_[i] = draw_gap_s(i);
  }
}

double FailureSampler::draw_gap_s(std::size_t i) {
  // One uniform per draw whatever the process, so the stream's position depends only on the number
  // of events (the time sequence does not shift when a rate becomes zero and back).
  const double rate = rate_per_s_[i];
  const double k = model_.processes[i].weibull_shape;
  const double u = stream_.uniform();
  if (!(rate > 0))
    return std::numeric_limits<double>::infinity();
  const double mean_s = 1.0 / rate;
  // Weibull(k, lambda) has mean lambda * Gamma(1 + 1/k); choose lambda so the mean gap is 1/rate.
  // k = 1 is the exponential: -mean * log(u), exactly RandomStream::exponential.
  if (k == 1.0)
    return -mean_s * std::log(u);
  const double scale_s = mean_s / std::tgamma(1.0 + 1.0 / k);
  return scale_s * std::pow(-std::log(u), 1.0 / k);
}

double FailureSampler::peek_time_s() const {
  return next_s_.empty() ? std::numeric_limits<double>::infinity()
                         : *std::min_element(next_s_.begin(), next_s_.end());
}

Interruption FailureSampler::next() {
  Interruption ev;
  if (next_s_.empty()) {
    ev.time_s = std::numeric_limits<double>::infinity();
    return ev;
  }
  // Earliest next-event time: O(number of processes).
  const auto it = std::min_element(next_s_.begin(), next_s_.end());
  const std::size_t i = static_cast<std::size_t>(it - next_s_.begin());
  ev.time_s = *it;
  ev.process = i;
  const FailureProcess& p = model_.processes[i];
  ev.category = p.category;
  ev.takes_node_down = p.takes_node_down;
  if (!std::isfinite(ev.time_s))
    return ev;

  // Which unit and node: one uniform. Units are spread evenly over the job's nodes, so when the unit
  // count is a multiple of the node count the node is unit / (units per node); otherwise (switches,
  // the job itself) the node is uniform over the job's nodes.
  const double v = stream_.uniform();
  const std::int64_t units = footprint_.units(p.unit);
  const std::int64_t nodes = footprint_.nodes;
  const auto pick = [v](std::int64_t n) {
    return std::min<std::int64_t>(n - 1, static_cast<std::int64_t>(v * static_cast<double>(n)));
  };
  if (p.unit == FailureUnit::job || units < 1) {
    ev.unit_index = 0;
    ev.node_index = pick(nodes);
  } else {
    ev.unit_index = pick(units);
    ev.node_index = (units % nodes == 0) ? ev.unit_index / (units / nodes) : pick(nodes);
  }

  now_s_ = ev.time_s;
  next_s_[i] = now_s_ + draw_gap_s(i);
  return ev;
}

void FailureSampler::set_footprint(const JobFootprint& footprint, double now_s) {
  if (footprint.nodes < 1)
    throw std::invalid_argument("FailureSampler: the job needs at least one node");
  if (now_s < now_s_)
    throw std::logic_error("FailureSampler::set_footprint: time goes backwards");
  if (now_s > peek_time_s())
    throw std::logic_error("FailureSampler::set_footprint: an earlier interruption has not been drawn yet");
  footprint_ = footprint;
  now_s_ = now_s;
  for (std::size_t i = 0; i < next_s_.size(); ++i) {
    const double old_rate = rate_per_s_[i];
    rate_per_s_[i] = model_.processes[i].rate_per_hour(footprint_) / 3600.0;
    const double new_rate = rate_per_s_[i];
    if (old_rate == new_rate)
      continue;
    if (model_.processes[i].weibull_shape == 1.0 || !(old_rate > 0) || !std::isfinite(next_s_[i])) {
      next_s_[i] = now_s + draw_gap_s(i); // memoryless: a fresh draw from now is exact
    } else {
      const double remaining_s = std::max(0.0, next_s_[i] - now_s);
      next_s_[i] = new_rate > 0 ? now_s + remaining_s * old_rate / new_rate : std::numeric_limits<double>::infinity();
    }
  }
}

std::vector<Interruption> sample_interruptions(const FailureModel& model, const JobFootprint& footprint,
                                               double horizon_s, RandomStream stream) {
  if (!std::isfinite(horizon_s))
    throw std::invalid_argument("sample_interruptions: the horizon must be finite");
  FailureSampler s(model, footprint, stream);
  std::vector<Interruption> out;
  out.reserve(static_cast<std::size_t>(std::min(65536.0, 1.2 * model.expected_total(footprint, horizon_s) + 16)));
  for (;;) {
    Interruption ev = s.next();
    if (!(ev.time_s < horizon_s))
      break;
    out.push_back(ev);
  }
  return out;
}

} // namespace wattsim::models
