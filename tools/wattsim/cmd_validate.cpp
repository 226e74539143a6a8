// `wattsim validate`: run scenarios that carry published figures and compare. Each scenario runs in
// its own child process (one SimGrid engine per process). The published figure is only compared
// with, never fed into the simulation.

#include "sim/simulation.hpp"
#include "tools/output/run_writer.hpp"
#include "tools/wattsim/child_process.hpp"
#include "tools/wattsim/commands.hpp"

#include <cmath>
#include <filesystem>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

namespace wattsim::tools {

std::optional<double> summary_value(const nlohmann::json& doc, const std::string& key) {
  const nlohmann::json* node = &doc;
  std::size_t start = 0;
  while (start <= key.size()) {
    const auto dot = key.find('.', start);
    const std::string part = key.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    if (node->is_array()) {
      const nlohmann::json* item = nullptr;
      const bool index = !part.empty() && part.size() <= 9 && part.find_first_not_of("0123456789") == std::string::npos;
      if (index && std::stoul(part) < node->size())
        item = &(*node)[std::stoul(part)];
      for (std::size_t i = 0; !index && i < node->size() && !item; ++i)
        if ((*node)[i].is_object() && (*node)[i].value("name", "") == part)
          item = &(*node)[i];
      if (!item)
        return std::nullopt;
      node = item;
    } else if (node->is_object() && node->contains(part)) {
      node = &(*node)[part];
    } else {
      return std::nullopt;
    }
    if (dot == std::string::npos)
      break;
    start = dot + 1;
  }
  if (!node->is_number())
    return std::nullopt;
  return node->get<double>();
}

void check_summary_key(const std::string& key, const sim::Scenario& scenario) {
  if (key.rfind("jobs.", 0) != 0)
    return;
  const auto dot = key.find('.', 5);
  const std::string job = key.substr(5, dot == std::string::npos ? std::string::npos : dot - 5);
  const bool index = !job.empty() && job.size() <= 9 && job.find_first_not_of("0123456789") == std::string::npos;
  if (index && std::stoul(job) < scenario.jobs.size())
    return;
  for (const auto& j : scenario.jobs)
    if (j.name == job)
      return;
  throw UsageError(fmt::format("key '{}': the scenario has no job '{}' (name a job by its index or its name)", key,
                               job));
}

namespace {

std::string big(double v) {
  // 1287000 -> "1,287,000"; keeps three significant decimals below 1000.
  if (std::abs(v) < 1000)
    return fmt::format("{:.4g}", v);
  std::string digits = fmt::format("{:.0f}", std::abs(v));
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0)
      out += ',';
    out += digits[i];
  }
  if (v < 0)
    out.insert(out.begin(), '-');
  return out;
}

} // namespace

int cmd_validate(const std::vector<std::string>& paths, bool markdown, const CommonOptions& c) {
  struct Row {
    std::string scenario, key, published, simulated, error, tolerance, status, source;
  };
  std::vector<Row> rows;
  bool all_pass = true;
  // Load everything first (bad input stops here, exit 2), then run the simulations on all cores.
  // Given several files (a folder's *.yaml), one without published figures is skipped with a note.
  std::vector<std::pair<std::string, scenario::LoadedScenario>> cases;
  for (const auto& path : paths) {
    auto loaded = scenario::load_scenario(path, c.load_options());
    if (!loaded.validation.empty())
      cases.emplace_back(path, std::move(loaded));
    else if (paths.size() == 1)
      throw scenario::InputError({path, 0, 0}, "validation", "this scenario has no validation: section");
    else if (!c.quiet)
      fmt::print(stderr, "note: {} has no validation: section; skipped\n", path);
  }
  std::vector<ChildBody> bodies;
  for (const auto& [path, loaded] : cases)
    bodies.push_back([&c, &loaded = loaded](std::string& out) {
      out = simulate(loaded, c, "", false).dump();
      return 0;
    });
  const auto results = run_children(bodies, static_cast<int>(std::max(1L, sysconf(_SC_NPROCESSORS_ONLN))));
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const auto& [path, loaded] = cases[i];
    if (results[i].exit_code != 0)
      throw std::runtime_error(fmt::format("{}: the simulation failed: {}", path, results[i].output));
    const auto summary = nlohmann::json::parse(results[i].output);
    for (const auto& check : loaded.validation) {
      Row row{loaded.scenario.name, check.key, big(check.published), "", "", "", "", check.source};
      const auto value = summary_value(summary, check.key);
      if (!value)
        throw scenario::InputError({path, 0, 0}, "validation", fmt::format("summary.json has no number at '{}'", check.key));
      const double error = (*value - check.published) / check.published;
      row.simulated = big(*value);
      row.error = fmt::format("{:+.1f}%", 100 * error);
      if (check.report_only) {
        row.tolerance.assign(1, '-'); // (a plain literal assignment trips a GCC 12 -Wrestrict false positive)
        row.status = "prediction";
      } else {
        row.tolerance = fmt::format("±{:g}%", 100 * check.tolerance);
        const bool pass = std::abs(error) <= check.tolerance;
        row.status = pass ? "pass" : "FAIL";
        all_pass &= pass;
      }
      rows.push_back(std::move(row));
    }
  }
  if (markdown) {
    fmt::print("| case | quantity | published | simulated | error | tolerance | status | source |\n");
    fmt::print("|---|---|---:|---:|---:|---:|---|---|\n");
    for (const auto& r : rows)
      fmt::print("| {} | `{}` | {} | {} | {} | {} | {} | {} |\n", r.scenario, r.key, r.published, r.simulated, r.error,
                 r.tolerance, r.status, r.source);
  } else {
    fmt::print("{:<24} {:<22} {:>14} {:>14} {:>8} {:>6}  {}\n", "case", "quantity", "published", "simulated", "error",
               "tol", "status");
    for (const auto& r : rows)
      fmt::print("{:<24} {:<22} {:>14} {:>14} {:>8} {:>6}  {}\n", r.scenario, r.key, r.published, r.simulated, r.error,
                 r.tolerance, r.status);
  }
  return all_pass ? kExitOk : kExitValidationFailed;
}

} // namespace wattsim::tools
