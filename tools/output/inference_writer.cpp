#include "tools/output/inference_writer.hpp"

#include "models/inference/performance_curve.hpp"
#include "sim/service_footprint.hpp"

#include <cmath>
#include <fmt/format.h>

namespace wattsim::output {

namespace {

constexpr double kJPerKWh = 3.6e6;

nlohmann::json per(double amount, double count) { return count > 0 ? nlohmann::json(amount / count) : nlohmann::json(nullptr); }

nlohmann::json warning_names(unsigned w) {
  namespace inf = models::inference;
  nlohmann::json out = nlohmann::json::array();
  const std::pair<unsigned, const char*> names[] = {{inf::kBelowTable, "below_table"},
                                                    {inf::kAboveTable, "above_table"},
                                                    {inf::kScaledTable, "scaled_table"},
                                                    {inf::kSaturated, "saturated"}};
  for (const auto& [bit, name] : names)
    if (w & bit)
      out.push_back(name);
  return out;
}

} // namespace

nlohmann::json services_json(const sim::Scenario& scenario, const sim::RunResult& r) {
  auto out = nlohmann::json::array();
  for (const auto& s : r.services) {
    const auto f = sim::service_footprint(scenario, r, s);
    const double k_out = s.output_tokens / 1000.0;
    nlohmann::json o;
    o["name"] = s.name;
    o["model"] = s.model;
    o["gpus_per_replica"] = s.gpus_per_replica;
    o["requests"] = s.requests;
    o["requests_served"] = s.requests_served;
    o["prompt_tokens"] = s.prompt_tokens;
    o["output_tokens"] = s.output_tokens;
    o["gpu_energy_kwh"] = s.gpu_energy_j / kJPerKWh;
    o["node_energy_kwh"] = f.node_energy_j / kJPerKWh;
    o["facility_energy_kwh"] = f.facility_energy_j / kJPerKWh;
    o["energy_per_request_wh"] = {{"gpu", per(s.gpu_energy_j / 3600.0, s.requests_served)},
                                  {"node", per(f.node_energy_j / 3600.0, s.requests_served)},
                                  {"facility", per(f.facility_energy_j / 3600.0, s.requests_served)}};
    o["energy_per_1k_output_tokens_wh"] = {{"gpu", per(s.gpu_energy_j / 3600.0, k_out)},
                                           {"node", per(f.node_energy_j / 3600.0, k_out)},
                                           {"facility", per(f.facility_energy_j / 3600.0, k_out)}};
    o["water_onsite_l_per_request"] = per(f.water_onsite_kg, s.requests_served);
    o["water_offsite_l_per_request"] = per(f.water_offsite_kg, s.requests_served);
    o["carbon_g_per_request"] = per(f.carbon_kg * 1000.0, s.requests_served);
    o["water_onsite_m3"] = f.water_onsite_kg / 1000.0;
    o["water_offsite_m3"] = f.water_offsite_kg / 1000.0;
    o["carbon_kg"] = f.carbon_kg;
    o["slo_attainment"] = per(s.slo_met_requests, s.requests_served);
    o["mean_replicas"] = r.simulated_s > 0 ? s.serving_replica_s / r.simulated_s : 0.0;
    o["replica_hours"] = s.powered_replica_s / 3600.0;
    o["serving_replica_hours"] = s.serving_replica_s / 3600.0;
    o["warmups"] = s.warmups;
    o["backlog_at_end"] = s.intervals.empty() ? 0.0 : s.intervals.back().backlog_requests;
    o["model_warnings"] = warning_names(s.warnings);
    // The measured tables' own quantities (ML.ENERGY: GPU energy per output token, GPU power in steady state).
    o["gpu_energy_per_output_token_j"] = per(s.gpu_energy_j, s.output_tokens);
    o["serving_gpu_power_per_gpu_w"] = per(s.serving_gpu_energy_j, s.serving_gpu_s);
    o["replica_failures"] = s.replica_failures;
    o["node_failures"] = s.node_failures;
    o["requests_requeued"] = s.requests_requeued;
    // Nodes borrowed beyond the reserved replicas, and what waiting for preempted training cost
    // (docs/outputs/inference.md, "preemption").
    o["preemption"] = {{"preemptions", s.preemptions},
                       {"nodes_borrowed", s.nodes_borrowed},
                       {"peak_borrowed_nodes", s.peak_borrowed_nodes},
                       {"borrowed_replica_hours", s.borrowed_replica_s / 3600.0},
                       {"awaiting_s", s.awaiting_s},
                       {"awaiting_replica_hours", s.awaiting_replica_s / 3600.0},
                       {"affected_intervals", s.affected_intervals},
                       {"affected_requests", s.affected_requests_served},
                       {"affected_slo_attainment", s.affected_requests_served > 0
                                                       ? nlohmann::json(s.affected_slo_met_requests / s.affected_requests_served)
                                                       : nlohmann::json(nullptr)}};
    if (s.disaggregated) {
      // Prefill/decode disaggregation: each pool's share (the decode pool is the rest of the service).
      double busy_s = 0, total_s = 0;
      for (const auto& row : s.intervals) {
        busy_s += row.prefill_utilization * row.duration_s;
        total_s += row.duration_s;
      }
      const auto& pool = scenario.jobs[s.job].service()->prefill_pool;
      o["pools"] = {{"prefill",
                     {{"replicas", pool.replicas},
                      {"power_cap_w", pool.cap.active() ? nlohmann::json(pool.cap.per_gpu_w) : nlohmann::json(nullptr)},
                      {"gpu_energy_kwh", s.prefill_gpu_energy_j / kJPerKWh},
                      {"node_energy_kwh", s.prefill_node_energy_j / kJPerKWh},
                      {"replica_hours", s.prefill_replica_s / 3600.0},
                      {"mean_utilization", per(busy_s, total_s)}}},
                    {"decode",
                     {{"gpu_energy_kwh", (s.gpu_energy_j - s.prefill_gpu_energy_j) / kJPerKWh},
                      {"node_energy_kwh", (f.node_energy_j - s.prefill_node_energy_j) / kJPerKWh},
                      {"replica_hours", (s.powered_replica_s - s.prefill_replica_s) / 3600.0}}}};
    }
    out.push_back(std::move(o));
  }
  return out;
}

void InferenceCsv::write(const RunView& run, std::ostream& out) const {
  CsvWriter csv(out, {"time_s", "service", "arrival_rate_rps", "requests_served", "prompt_tokens", "output_tokens",
                      "replicas_serving", "replicas_warming", "replicas_idle", "replicas_off", "batch", "gpu_power_kw",
                      "node_power_kw", "ttft_p50_s", "ttft_p99_s", "tpot_p50_s", "tpot_p99_s", "slo_attainment",
                      "backlog_requests", "prefill_replicas", "prefill_utilization", "prefill_gpu_power_kw",
                      "prefill_node_power_kw", "decode_gpu_power_kw", "decode_node_power_kw", "replicas_repair",
                      "replicas_borrowed", "replicas_awaiting"});
  // No replica serving: the latency is unbounded, written `inf`.
  auto latency = [&](double v) -> CsvWriter& { return std::isfinite(v) ? csv.number(v) : csv.text("inf"); };
  for (const auto& s : run.result.services)
    for (const auto& row : s.intervals) {
      csv.number(row.start_s).text(s.name).number(row.arrivals / row.duration_s).number(row.requests_served);
      csv.number(row.prompt_tokens).number(row.output_tokens).integer(row.serving).integer(row.warming);
      csv.integer(row.idle).integer(row.off).number(row.batch).number(row.gpu_power_w / 1e3);
      csv.number(row.node_power_w / 1e3);
      latency(row.ttft_p50_s);
      latency(row.ttft_p99_s);
      latency(row.tpot_p50_s);
      latency(row.tpot_p99_s);
      csv.number(row.slo_attainment).number(row.backlog_requests);
      if (s.disaggregated) {
        csv.integer(row.prefill_replicas).number(row.prefill_utilization).number(row.prefill_gpu_power_w / 1e3);
        csv.number(row.prefill_node_power_w / 1e3).number((row.gpu_power_w - row.prefill_gpu_power_w) / 1e3);
        csv.number((row.node_power_w - row.prefill_node_power_w) / 1e3);
      } else {
        csv.empty().empty().empty().empty().empty().empty(); // one pool does both phases
      }
      csv.integer(row.repair).integer(row.borrowed).integer(row.awaiting).end_row();
    }
  csv.flush();
}

} // namespace wattsim::output
