// The scenarios of scenarios/grid/ for the site's power management: a contract power held by capping
// or holding jobs, a demand response day with and without a battery, and a carbon-aware week against
// first come, first served. Each compares runs of the same workload.

#include "e2e_util.hpp"

#include <gtest/gtest.h>

using namespace wattsim::e2e;

namespace {
nlohmann::json run_summary(const TempDir& dir, const std::string& name, const std::string& file, const std::string& sets = "") {
  const auto out = dir.path / name;
  const auto r = run_wattsim("run " + scenario("grid/" + file) + " -q -o " + out.string() + sets);
  EXPECT_EQ(r.status, 0) << r.output;
  return read_json(out / "summary.json");
}
double makespan_s(const TempDir& dir, const std::string& name) {
  const auto jobs = read_csv(dir.path / name / "jobs.csv");
  double end = 0;
  for (double e : jobs.column("end_s"))
    end = std::max(end, e);
  return end;
}
} // namespace

TEST(GridScenarios, APowerBudgetHoldsTheContractAndCostsDelay) {
  TempDir dir;
  const auto capped = run_summary(dir, "cap", "power-budget.yaml");
  const auto held = run_summary(dir, "hold", "power-budget.yaml", " --set site.power_budget.action=hold");
  const auto free = run_summary(dir, "none", "power-budget.yaml", " --set site.power_budget=~");
  const double limit_kw = capped["power_budget"]["limit_kw"];
  // Without the budget the four jobs draw more than the contract; with it, never a minute above.
  const auto peak_kw = [&](const std::string& name) {
    const auto ts = read_csv(dir.path / name / "timeseries.csv");
    const auto f = ts.column("facility_kw");
    return *std::max_element(f.begin(), f.end());
  };
  EXPECT_GT(peak_kw("none"), limit_kw);
  for (const auto* s : {&capped, &held}) {
    EXPECT_EQ((*s)["power_budget"]["minutes_above"], 0);
    EXPECT_LE((*s)["power_budget"]["peak_grid_kw"].get<double>(), limit_kw * (1 + 1e-9));
    EXPECT_GT((*s)["power_budget"]["time_at_budget_h"].get<double>(), 0);
  }
  EXPECT_GT(capped["power_budget"]["capped_gpu_hours"].get<double>(), 0);
  EXPECT_EQ(held["power_budget"]["capped_gpu_hours"].get<double>(), 0);
  EXPECT_GT(held["power_budget"]["held_job_hours"].get<double>(), 0);
  // The delay the budget cost: the workload ends later than without it.
  EXPECT_GT(makespan_s(dir, "cap"), makespan_s(dir, "none"));
  EXPECT_GT(makespan_s(dir, "hold"), makespan_s(dir, "none"));
  EXPECT_FALSE(free.contains("power_budget"));
}

TEST(GridScenarios, DemandResponseIsDeliveredByPausesOrByTheBattery) {
  TempDir dir;
  const auto plain = run_summary(dir, "dr", "demand-response-day.yaml");
  const auto battery = run_summary(dir, "drb", "demand-response-battery.yaml");
  for (const auto* s : {&plain, &battery}) {
    const auto& dr = (*s)["demand_response"];
    ASSERT_EQ(dr["events"].size(), 1u);
    EXPECT_GE(dr["delivered_share"].get<double>(), 1.0 - 1e-9);
    EXPECT_EQ(dr["events"][0]["short_minutes"], 0);
    EXPECT_NEAR(dr["asked_kwh"].get<double>(), 350 * 2, 1e-9);
  }
  // Without a battery capping is not enough: the flexible jobs pause; the battery spares them.
  EXPECT_EQ(plain["demand_response"]["pauses"], 2);
  EXPECT_EQ(battery["demand_response"]["pauses"], 0);
  EXPECT_GT(battery["grid"]["battery"]["discharged_kwh"].get<double>(), 0);
  // The paused jobs' restarts are in events.csv.
  const auto events = read_csv(dir.path / "dr" / "events.csv");
  const auto kind = events.index("kind");
  int pauses = 0;
  for (const auto& row : events.rows)
    pauses += row[kind] == "pause";
  EXPECT_EQ(pauses, 2);
  // The timeseries shows the limit in force during the event.
  const auto ts = read_csv(dir.path / "dr" / "timeseries.csv");
  const auto limit = ts.column("power_limit_kw");
  EXPECT_GT(*std::max_element(limit.begin(), limit.end()), 0);
}

TEST(GridScenarios, ACarbonAwareWeekSavesCarbonAgainstFifoAndPaysInDelay) {
  TempDir dir;
  const auto aware = run_summary(dir, "aware", "carbon-aware-week.yaml");
  const auto fifo = run_summary(dir, "fifo", "carbon-aware-week-fifo.yaml");
  EXPECT_LT(aware["carbon_kg"].get<double>(), fifo["carbon_kg"].get<double>());
  // The same work: energy equal to within the checkpoint traffic's sharing of storage.
  EXPECT_NEAR(aware["facility_energy_kwh"].get<double>(), fifo["facility_energy_kwh"].get<double>(),
              1e-3 * fifo["facility_energy_kwh"].get<double>());
  EXPECT_GT(aware["deferral"]["deferred_jobs"].get<int>(), 0);
  EXPECT_GT(aware["deferral"]["deferred_job_hours"].get<double>(), 0);
  EXPECT_FALSE(fifo.contains("deferral"));
  // Every job starts within its slack (18 h) of its submission.
  const auto jobs = read_csv(dir.path / "aware" / "jobs.csv");
  const auto submit = jobs.column("submit_s"), start = jobs.column("start_s"), deferred = jobs.column("deferred_s");
  for (std::size_t i = 0; i < submit.size(); ++i) {
    EXPECT_GE(start[i], submit[i]);
    EXPECT_LE(start[i], submit[i] + 18 * 3600 + 1e-6);
    EXPECT_LE(deferred[i], start[i] - submit[i] + 1e-6); // deferred, then perhaps queued
  }
}

TEST(GridScenarios, TheCarbonAwareWeekWithPausesReportsItsSavingAgainstFifoInTheRun) {
  TempDir dir;
  const auto start = run_summary(dir, "start", "carbon-aware-week.yaml");
  const auto pause = run_summary(dir, "pause", "carbon-aware-week-pause.yaml");
  const auto fifo = run_summary(dir, "fifo", "carbon-aware-week-fifo.yaml");
  // Both aware runs carry the comparison; its FIFO side is the FIFO scenario's own run.
  for (const auto* s : {&start, &pause}) {
    const auto& v = (*s)["vs_fifo"];
    EXPECT_DOUBLE_EQ(v["site"]["carbon_kg_fifo"].get<double>(), fifo["carbon_kg"].get<double>());
    EXPECT_GT(v["site"]["carbon_saved_kg"].get<double>(), 0);
    EXPECT_EQ(v["flexible"]["jobs"], 12);
    EXPECT_EQ(v["flexible"]["finished_in_both"], 12);
    EXPECT_GE(v["flexible"]["delay_job_hours"].get<double>(), 0);
    for (const auto& j : v["flexible_jobs"])
      EXPECT_LE(j["end_s"].get<double>(), j["deadline_s"].get<double>()) << j["name"];
  }
  // Pausing saves more than deferral alone, and pays in more delay.
  EXPECT_GE(pause["deferral"]["pauses"].get<int>(), 1);
  EXPECT_GT(pause["vs_fifo"]["site"]["carbon_saved_kg"].get<double>(), start["vs_fifo"]["site"]["carbon_saved_kg"].get<double>());
  EXPECT_GT(pause["vs_fifo"]["flexible"]["delay_job_hours"].get<double>(),
            start["vs_fifo"]["flexible"]["delay_job_hours"].get<double>());
  EXPECT_FALSE(fifo.contains("vs_fifo"));
}

TEST(GridScenarios, ABudgetOnAPhysicalPlantBooksAtItsDesignRatio) {
  // The Phoenix air hall draws ~11.6 MW at full power; under an 11 MW budget its one job starts capped,
  // booked at the plant's design ratio until the plant's first step, and never goes above.
  TempDir dir;
  const auto out = dir.path / "air";
  const auto r = run_wattsim("run " + scenario("facility/air-phoenix.yaml") + " -q -o " + out.string() +
                             " --set duration=7d --set 'site.power_budget={limit: 11 MW}'");
  ASSERT_EQ(r.status, 0) << r.output;
  const auto s = read_json(out / "summary.json");
  EXPECT_EQ(s["power_budget"]["minutes_above"], 0);
  EXPECT_LE(s["power_budget"]["peak_grid_kw"].get<double>(), 11000.0);
  EXPECT_GT(s["power_budget"]["capped_gpu_hours"].get<double>(), 0);
  EXPECT_GT(s["pue"].get<double>(), 1.1); // a real plant overhead was in the booking
}
