// Prefill/decode disaggregation end to end (scenarios/inference/chat-disaggregated.yaml): each pool's power
// and energy in inference.csv and summary.json, and the Splitwise finding the pools make visible: decode
// tolerates a 50 % power cap with little latency cost, prefill does not.

#include "e2e_util.hpp"

#include <gtest/gtest.h>

using namespace wattsim::e2e;

namespace {

struct Run {
  nlohmann::json service;
  Csv csv;
  [[nodiscard]] double mean(const std::string& column) const {
    const auto v = csv.column(column);
    double sum = 0;
    for (double x : v)
      sum += x;
    return sum / static_cast<double>(v.size());
  }
};

Run run_pools(const TempDir& dir, const std::string& decode_cap, const std::string& prefill_cap) {
  const auto out = dir.path / (decode_cap + "-" + prefill_cap);
  const auto r = run_wattsim("run " + scenario("inference/chat-disaggregated.yaml") + " -q --set duration=1d" +
                             " --set workload.jobs.chat.power_cap=" + decode_cap +
                             " --set workload.jobs.chat.prefill_pool.power_cap=" + prefill_cap + " -o " + out.string());
  EXPECT_EQ(r.status, 0) << r.output;
  return {read_json(out / "summary.json").at("services").at(0), read_csv(out / "inference.csv")};
}

} // namespace

TEST(InferencePools, EachPoolIsReportedAndItsEnergyIntegratesItsPower) {
  TempDir dir;
  const auto run = run_pools(dir, "350W", "700W");
  const auto& pools = run.service.at("pools");
  EXPECT_EQ(pools.at("prefill").at("replicas"), 32);
  for (double n : run.csv.column("prefill_replicas"))
    EXPECT_EQ(n, 32);
  // The prompt pool's node energy is the integral of its power column (1-minute rows).
  const auto t = run.csv.column("time_s"), p = run.csv.column("prefill_node_power_kw");
  double kwh = 0;
  for (std::size_t i = 0; i < t.size(); ++i)
    kwh += p[i] * ((i + 1 < t.size() ? t[i + 1] : 86400.0) - t[i]) / 3600;
  EXPECT_NEAR(kwh, pools.at("prefill").at("node_energy_kwh").get<double>(), 1e-6 * kwh);
  // The pools share the service: both draw, and each row's decode power is the rest of the service's.
  EXPECT_GT(pools.at("decode").at("node_energy_kwh").get<double>(), 0);
  const auto gpu = run.csv.column("gpu_power_kw"), pre = run.csv.column("prefill_gpu_power_kw"),
             dec = run.csv.column("decode_gpu_power_kw");
  for (std::size_t i = 0; i < gpu.size(); ++i)
    EXPECT_NEAR(pre[i] + dec[i], gpu[i], 1e-6 * gpu[i]);
  // A prompt replica draws between its idle and its compute-bound power: utilisation in [0, 1].
  for (double u : run.csv.column("prefill_utilization")) {
    EXPECT_GE(u, 0);
    EXPECT_LE(u, 1);
  }
}

TEST(InferencePools, DecodeToleratesAHalfCapPrefillDoesNot) {
  TempDir dir;
  const auto base = run_pools(dir, "700W", "700W");
  const auto decode_capped = run_pools(dir, "350W", "700W");
  const auto prefill_capped = run_pools(dir, "700W", "350W");
  // Decode at half the TDP: time per token within 15 %, the decode pool's GPU energy down by over 15 %,
  // the SLO still met.
  EXPECT_LT(decode_capped.mean("tpot_p50_s"), 1.15 * base.mean("tpot_p50_s"));
  EXPECT_GT(decode_capped.mean("tpot_p50_s"), base.mean("tpot_p50_s")); // a cost, small
  EXPECT_LT(decode_capped.service.at("pools").at("decode").at("gpu_energy_kwh").get<double>(),
            0.85 * base.service.at("pools").at("decode").at("gpu_energy_kwh").get<double>());
  EXPECT_GT(decode_capped.service.at("slo_attainment").get<double>(), 0.99);
  // Prefill at half the TDP: compute-bound, so slower by the compute sensitivity; at the afternoon peak the
  // prompt pool no longer keeps up, the time to first token grows by orders of magnitude and the SLO fails.
  EXPECT_GT(prefill_capped.mean("ttft_p50_s"), 10 * base.mean("ttft_p50_s"));
  EXPECT_LT(prefill_capped.service.at("slo_attainment").get<double>(), 0.9);
}

TEST(InferencePools, AServiceWithOnePoolLeavesThePoolColumnsEmpty) {
  TempDir dir;
  const auto out = dir.path / "chat";
  ASSERT_EQ(run_wattsim("run " + scenario("inference/chat-diurnal.yaml") + " -q --set duration=1h -o " + out.string()).status, 0);
  const auto csv = read_csv(out / "inference.csv");
  const auto col = csv.index("prefill_replicas");
  for (const auto& row : csv.rows)
    EXPECT_EQ(row[col], "");
  EXPECT_FALSE(read_json(out / "summary.json").at("services").at(0).contains("pools"));
}
