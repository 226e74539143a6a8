#include "models/reliability/failure_model.hpp"

#include <chrono>
#include <cmath>
#include <gtest/gtest.h>
#include <map>
#include <string>

using namespace wattsim::models;

namespace {

constexpr double kDay = 86400.0;

// Llama 3 405B, Table 5 of arXiv:2407.21783, typed in again here (not read from the model) so the test is
// an independent check of the calibration.
const std::map<std::string, int>& llama3_counts() {
  static const std::map<std::string, int> counts = {
      {"faulty_gpu", 148},          {"gpu_hbm3_memory", 72},      {"software_bug", 54},
      {"network_switch_cable", 35}, {"host_maintenance", 32},     {"gpu_sram_memory", 19},
      {"gpu_system_processor", 17}, {"nic", 7},                   {"nccl_watchdog_timeouts", 7},
      {"silent_data_corruption", 6}, {"gpu_thermal_interface_sensor", 6}, {"ssd", 3},
      {"power_supply", 3},          {"server_chassis", 2},        {"io_expansion_board", 2},
      {"dependency", 2},            {"cpu", 2},                   {"system_memory", 2},
      {"planned_maintenance", 47}};
  return counts;
}

JobFootprint llama3_job() { return JobFootprint::of_nodes(2048, 8); }

} // namespace

TEST(FailureModel, Llama3ExpectedCountsReproduceTable5) {
  const FailureModel m = FailureModel::llama3_defaults();
  ASSERT_EQ(m.processes.size(), llama3_counts().size());
  const JobFootprint fp = llama3_job();
  EXPECT_EQ(fp.gpus, 16384);
  EXPECT_EQ(fp.network_links, 16384);
  double unplanned = 0, planned = 0;
  for (const auto& [name, count] : llama3_counts()) {
    const std::size_t i = m.find(name);
    ASSERT_LT(i, m.processes.size()) << name;
    EXPECT_NEAR(m.expected_count(i, fp, 54 * kDay), count, 1e-9 * count) << name;
    (m.processes[i].category == FailureCategory::planned ? planned : unplanned) += m.expected_count(i, fp, 54 * kDay);
  }
  EXPECT_NEAR(unplanned, 419.0, 1e-9);
  EXPECT_NEAR(planned, 47.0, 1e-9);
  EXPECT_NEAR(m.expected_total(fp, 54 * kDay), 466.0, 1e-9);
  // Job MTTI: 54 x 24 h / 466 = 2.781 h (Llama 3 Herd of Models, arXiv:2407.21783 s3.3.4: 2.78 h for all 466).
  EXPECT_NEAR(m.job_mtti_s(fp) / 3600.0, 1296.0 / 466.0, 1e-9);
  EXPECT_NEAR(m.unplanned_rate_per_hour(fp) * 24.0, 419.0 / 54.0, 1e-9);
}

TEST(FailureModel, Llama3RatesAndCategoriesByHand) {
  const FailureModel m = FailureModel::llama3_defaults();
  const auto& gpu = m.processes[m.find("faulty_gpu")];
  EXPECT_EQ(gpu.unit, FailureUnit::gpu);
  EXPECT_DOUBLE_EQ(gpu.rate_per_unit_hour, 148.0 / (16384.0 * 1296.0)); // 6.97e-6 per GPU-hour
  const auto& nic = m.processes[m.find("nic")];
  EXPECT_EQ(nic.unit, FailureUnit::node);
  EXPECT_EQ(nic.category, FailureCategory::host);
  EXPECT_DOUBLE_EQ(nic.rate_per_unit_hour, 7.0 / (2048.0 * 1296.0));
  const auto& sw = m.processes[m.find("software_bug")];
  EXPECT_EQ(sw.category, FailureCategory::software_dependency);
  EXPECT_FALSE(sw.takes_node_down);
  EXPECT_EQ(m.processes[m.find("nccl_watchdog_timeouts")].category, FailureCategory::unknown);
  EXPECT_EQ(m.processes[m.find("host_maintenance")].category, FailureCategory::unplanned_maintenance);
  EXPECT_TRUE(m.processes[m.find("host_maintenance")].takes_node_down);
  EXPECT_EQ(m.processes[m.find("network_switch_cable")].category, FailureCategory::network);
  const auto& planned = m.processes[m.find("planned_maintenance")];
  EXPECT_EQ(planned.unit, FailureUnit::job);
  EXPECT_DOUBLE_EQ(planned.rate_per_unit_hour, 47.0 / 1296.0);
  // Hardware-attributed (GPU + host + network) = 148+72+19+17+6+6 + 7+3+3+2+2+2+2 + 35 = 324 take a node
  // down; with host maintenance 356. Software/unknown (63) do not.
  double node_down = 0;
  for (std::size_t i = 0; i < m.processes.size(); ++i)
    if (m.processes[i].takes_node_down)
      node_down += m.expected_count(i, llama3_job(), 54 * kDay);
  EXPECT_NEAR(node_down, 356.0, 1e-9);
  EXPECT_NO_THROW(m.validate());
}

TEST(FailureModel, PerUnitProcessesScaleWithJobSize) {
  const FailureModel m = FailureModel::llama3_defaults();
  const JobFootprint big = llama3_job();
  const JobFootprint small = JobFootprint::of_nodes(128, 8); // 1,024 GPUs
  EXPECT_EQ(small.gpus, 1024);
  double per_unit_big = 0, per_unit_small = 0;
  for (std::size_t i = 0; i < m.processes.size(); ++i) {
    const double b = m.expected_count(i, big, 54 * kDay), s = m.expected_count(i, small, 54 * kDay);
    if (m.processes[i].unit == FailureUnit::job) {
      EXPECT_DOUBLE_EQ(s, b) << m.processes[i].name; // size independent
    } else {
      EXPECT_NEAR(s, b / 16.0, 1e-12 * b) << m.processes[i].name;
      per_unit_big += b;
      per_unit_small += s;
    }
  }
  EXPECT_NEAR(per_unit_big, 419.0, 1e-9);
  EXPECT_NEAR(per_unit_small, 419.0 / 16.0, 1e-9);
  // The per-node planned variant scales too: 47 / 16.
  const FailureModel pn = FailureModel::llama3_defaults(PlannedScaling::per_node);
  EXPECT_NEAR(pn.expected_total(small, 54 * kDay), 466.0 / 16.0, 1e-9);
  EXPECT_NEAR(pn.expected_total(big, 54 * kDay), 466.0, 1e-9);
}

TEST(FailureModel, UnitsFollowTheFootprint) {
  // Same 2,048 nodes but 4 GPUs (and 4 links) per node: per-GPU/per-rank/per-link processes halve,
  // per-node ones do not, the per-job planned process does not.
  const FailureModel m = FailureModel::llama3_defaults();
  const JobFootprint half = JobFootprint::of_nodes(2048, 4);
  const JobFootprint full = llama3_job();
  for (const char* name : {"faulty_gpu", "gpu_hbm3_memory", "software_bug", "nccl_watchdog_timeouts",
                           "network_switch_cable"}) {
    const std::size_t i = m.find(name);
    EXPECT_NEAR(m.expected_count(i, half, 54 * kDay), llama3_counts().at(name) / 2.0, 1e-9) << name;
  }
  for (const char* name : {"nic", "power_supply", "host_maintenance", "planned_maintenance"}) {
    const std::size_t i = m.find(name);
    EXPECT_NEAR(m.expected_count(i, half, 54 * kDay), m.expected_count(i, full, 54 * kDay), 1e-9) << name;
  }
  // Total: GPU-scaled 268 + 63 (software/unknown) + 35 (links) = 366 halve; 21 + 32 + 47 = 100 stay.
  EXPECT_NEAR(m.expected_total(half, 54 * kDay), 366.0 / 2 + 100.0, 1e-9);
  // Explicit links: an 8-GPU node with a single scale-out link.
  EXPECT_EQ(JobFootprint::of_nodes(10, 8, 1).network_links, 10);
  EXPECT_EQ(JobFootprint::of_nodes(10, 8, 1).units(FailureUnit::job), 1);
}

TEST(FailureSampler, TwoHundredSeedsMatchLlama3CountsAndShares) {
  const FailureModel m = FailureModel::llama3_defaults();
  const JobFootprint fp = llama3_job();
  const int seeds = 200;
  std::vector<double> per_process(m.processes.size(), 0.0);
  double total = 0, planned = 0;
  for (int seed = 0; seed < seeds; ++seed) {
    const auto events = sample_interruptions(m, fp, 54 * kDay, RandomStream(1000 + seed, "failures/llama3"));
    total += static_cast<double>(events.size());
    double prev = 0;
    for (const auto& ev : events) {
      ASSERT_GE(ev.time_s, prev);
      ASSERT_LT(ev.time_s, 54 * kDay);
      prev = ev.time_s;
      ASSERT_GE(ev.node_index, 0);
      ASSERT_LT(ev.node_index, fp.nodes);
      EXPECT_EQ(ev.takes_node_down, m.processes[ev.process].takes_node_down);
      EXPECT_EQ(ev.category, m.processes[ev.process].category);
      per_process[ev.process] += 1;
      if (ev.category == FailureCategory::planned)
        planned += 1;
    }
  }
  const double mean = total / seeds;
  EXPECT_NEAR(mean, 466.0, 0.03 * 466.0);
  // Poisson: the mean of 200 runs has sd sqrt(466 / 200) = 1.5, so it is in fact much closer.
  EXPECT_NEAR(mean, 466.0, 5 * std::sqrt(466.0 / seeds));
  EXPECT_NEAR(planned / seeds, 47.0, 5 * std::sqrt(47.0 / seeds));
  // Per cause: pooled count within 5 Poisson sigma of 200 x the table count.
  for (const auto& [name, count] : llama3_counts()) {
    const double expected = seeds * static_cast<double>(count);
    EXPECT_NEAR(per_process[m.find(name)], expected, 5 * std::sqrt(expected)) << name;
  }
}

TEST(FailureSampler, NodeOfAUnitIsTheNodeHoldingIt) {
  const FailureModel m = FailureModel::llama3_defaults();
  const JobFootprint fp = llama3_job();
  const auto events = sample_interruptions(m, fp, 200 * kDay, RandomStream(7, "failures/nodes"));
  ASSERT_GT(events.size(), 1000u);
  double node_sum = 0;
  for (const auto& ev : events) {
    const auto& p = m.processes[ev.process];
    if (p.unit == FailureUnit::gpu || p.unit == FailureUnit::network_link) {
      ASSERT_LT(ev.unit_index, fp.gpus);
      EXPECT_EQ(ev.node_index, ev.unit_index / 8);
    } else if (p.unit == FailureUnit::node) {
      EXPECT_EQ(ev.node_index, ev.unit_index);
    }
    node_sum += static_cast<double>(ev.node_index);
  }
  // Uniform over [0, 2048): mean 1023.5, sd of the mean 591 / sqrt(n).
  const double n = static_cast<double>(events.size());
  EXPECT_NEAR(node_sum / n, 1023.5, 5 * 591.0 / std::sqrt(n));
}

TEST(FailureModel, KokolisPresetMttfIsOneOverNodesTimesRate) {
  for (double rf : {kKokolisRsc1PerThousandNodeDays, kKokolisRsc2PerThousandNodeDays}) {
    const FailureModel m = FailureModel::kokolis(rf);
    ASSERT_EQ(m.processes.size(), 1u);
    EXPECT_TRUE(m.processes[0].takes_node_down);
    for (std::int64_t nodes : {1, 128, 2048, 12500}) {
      const JobFootprint fp = JobFootprint::of_nodes(nodes, 8);
      const double mttf_days = 1.0 / (static_cast<double>(nodes) * rf / 1000.0);
      EXPECT_NEAR(m.job_mtti_s(fp) / kDay, mttf_days, 1e-12 * mttf_days);
    }
  }
  // RSC-1 at 2,048 nodes: 1 / (2048 x 0.0065) d = 1.803 h (the "16,384 GPUs: ~1.8 h" Meta figure).
  EXPECT_NEAR(FailureModel::kokolis(6.5).job_mtti_s(llama3_job()) / 3600.0, 1.8029, 1e-3);

  // Sampled: 20,000 inter-arrival times, mean within 2% (sd of the mean 0.7%).
  const FailureModel m = FailureModel::kokolis(kKokolisRsc2PerThousandNodeDays);
  FailureSampler s(m, llama3_job(), RandomStream(3, "failures/kokolis"));
  const int n = 20000;
  double last = 0;
  for (int i = 0; i < n; ++i)
    last = s.next().time_s;
  const double expected_s = kDay / (2048 * 2.34 / 1000.0);
  EXPECT_NEAR(last / n, expected_s, 0.02 * expected_s);
}

TEST(FailureSampler, WeibullShapeOneIsExactlyExponential) {
  FailureModel m;
  FailureProcess p;
  p.name = "x";
  p.unit = FailureUnit::node;
  p.rate_per_unit_hour = 1e-3;
  p.weibull_shape = 1.0;
  m.processes = {p};
  const JobFootprint fp = JobFootprint::of_nodes(100, 8);
  const double mean_s = 3600.0 / (1e-3 * 100); // 10 h
  FailureSampler s(m, fp, RandomStream(11, "w"));
  // Hand-made draw sequence: one gap per process at start, then per event one node uniform + one gap.
  RandomStream a(11, "w"), b(11, "w");
  double ta = a.exponential(mean_s), tb = b.weibull(1.0, mean_s);
  for (int i = 0; i < 1000; ++i) {
    const Interruption ev = s.next();
    EXPECT_EQ(ev.time_s, ta);
    EXPECT_EQ(ev.time_s, tb);
    a.uniform();
    b.uniform();
    ta += a.exponential(mean_s);
    tb += b.weibull(1.0, mean_s);
  }
}

TEST(FailureSampler, WeibullKeepsTheMeanAndChangesTheSpread) {
  const JobFootprint fp = JobFootprint::of_nodes(100, 8);
  const double mean_s = 3600.0 / (1e-3 * 100);
  std::map<double, double> cv;
  for (double k : {0.7, 1.0 + 1e-9, 3.0}) {
    FailureModel m;
    FailureProcess p;
    p.name = "x";
    p.unit = FailureUnit::node;
    p.rate_per_unit_hour = 1e-3;
    p.weibull_shape = k;
    m.processes = {p};
    FailureSampler s(m, fp, RandomStream(5, "weibull"));
    const int n = 40000;
    double prev = 0, sum = 0, sum2 = 0;
    for (int i = 0; i < n; ++i) {
      const double t = s.next().time_s, gap = t - prev;
      prev = t;
      sum += gap;
      sum2 += gap * gap;
    }
    const double m1 = sum / n, var = sum2 / n - m1 * m1;
    EXPECT_NEAR(m1, mean_s, 0.03 * mean_s) << "shape " << k;
    cv[k] = std::sqrt(var) / m1;
  }
  // Coefficient of variation of a Weibull: sqrt(G(1+2/k) / G(1+1/k)^2 - 1): 1.46 (k 0.7), 1 (k 1), 0.36 (k 3).
  const auto weibull_cv = [](double k) {
    return std::sqrt(std::tgamma(1 + 2 / k) / std::pow(std::tgamma(1 + 1 / k), 2) - 1);
  };
  EXPECT_NEAR(cv[0.7], weibull_cv(0.7), 0.06);
  EXPECT_NEAR(cv[1.0 + 1e-9], 1.0, 0.03);
  EXPECT_NEAR(cv[3.0], weibull_cv(3.0), 0.02);
}

TEST(FailureSampler, CostDoesNotDependOnNodeCount) {
  // The footprint is counts only, so a trillion-node job costs what a one-node job costs: if the sampler
  // did any per-node or per-GPU work this test would not finish.
  const FailureModel m = FailureModel::llama3_defaults();
  const std::int64_t nodes = std::int64_t{1} << 40;
  const JobFootprint huge = JobFootprint::of_nodes(nodes, 8);
  const auto start = std::chrono::steady_clock::now();
  FailureSampler s(m, huge, RandomStream(1, "huge"));
  double node_sum = 0;
  const int n = 20000;
  for (int i = 0; i < n; ++i) {
    const Interruption ev = s.next();
    ASSERT_GE(ev.node_index, 0);
    ASSERT_LT(ev.node_index, nodes);
    node_sum += static_cast<double>(ev.node_index) / static_cast<double>(nodes);
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_LT(seconds, 2.0);
  EXPECT_NEAR(node_sum / n, 0.5, 5 * 0.2887 / std::sqrt(n));
  // Rate: the 2,048-node rate x 2^29 for the per-unit processes, plus the size-independent planned one.
  const double per_unit = 419.0 / 1296.0 * static_cast<double>(nodes) / 2048.0;
  EXPECT_NEAR(m.job_rate_per_hour(huge), per_unit + 47.0 / 1296.0, 1e-9 * per_unit);
}

TEST(FailureSampler, FootprintChangeChangesTheRate) {
  const FailureModel m = FailureModel::kokolis(6.5);
  const double half_s = 10 * kDay;
  double before = 0, after = 0;
  const int seeds = 50;
  for (int seed = 0; seed < seeds; ++seed) {
    FailureSampler s(m, JobFootprint::of_nodes(2048, 8), RandomStream(seed, "resize"));
    for (;;) {
      if (s.peek_time_s() >= half_s) {
        s.set_footprint(JobFootprint::of_nodes(512, 8), half_s);
        break;
      }
      s.next();
      before += 1;
    }
    while (s.next().time_s < 2 * half_s)
      after += 1;
  }
  // 10 days at 2048 x 6.5e-3 = 13.31/day, then 10 days at a quarter of it.
  EXPECT_NEAR(before / seeds, 133.12, 5 * std::sqrt(133.12 / seeds));
  EXPECT_NEAR(after / seeds, 33.28, 5 * std::sqrt(33.28 / seeds));
  FailureSampler s(m, JobFootprint::of_nodes(4, 8), RandomStream(0, "resize"));
  const double t = s.next().time_s;
  EXPECT_THROW(s.set_footprint(JobFootprint::of_nodes(8, 8), t - 1), std::logic_error);
  EXPECT_THROW(s.set_footprint(JobFootprint::of_nodes(8, 8), s.peek_time_s() + 1), std::logic_error);
}

TEST(FailureModel, ValidateRejectsBadProcesses) {
  FailureModel m = FailureModel::llama3_defaults();
  m.processes[0].rate_per_unit_hour = -1;
  EXPECT_THROW(m.validate(), std::invalid_argument);
  m = FailureModel::llama3_defaults();
  m.processes[1].name = m.processes[0].name;
  EXPECT_THROW(m.validate(), std::invalid_argument);
  m = FailureModel::llama3_defaults();
  m.processes[2].weibull_shape = 0;
  EXPECT_THROW(m.validate(), std::invalid_argument);
  EXPECT_THROW(FailureSampler(m, llama3_job(), RandomStream(0, "x")), std::invalid_argument);
  EXPECT_THROW(FailureSampler(FailureModel::kokolis(1), JobFootprint{}, RandomStream(0, "x")), std::invalid_argument);
  EXPECT_NEAR(FailureModel::llama3_defaults().scaled(2).expected_total(llama3_job(), 54 * kDay), 932.0, 1e-9);
}

TEST(FailureSampler, SameSeedSameEvents) {
  const FailureModel m = FailureModel::llama3_defaults();
  const auto a = sample_interruptions(m, llama3_job(), 54 * kDay, RandomStream(42, "failures/job0"));
  const auto b = sample_interruptions(m, llama3_job(), 54 * kDay, RandomStream(42, "failures/job0"));
  const auto c = sample_interruptions(m, llama3_job(), 54 * kDay, RandomStream(42, "failures/job1"));
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].time_s, b[i].time_s);
    EXPECT_EQ(a[i].process, b[i].process);
    EXPECT_EQ(a[i].node_index, b[i].node_index);
  }
  EXPECT_FALSE(a.size() == c.size() && a.front().time_s == c.front().time_s);
}
