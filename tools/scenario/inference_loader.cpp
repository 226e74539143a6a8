#include "tools/scenario/inference_loader.hpp"

#include <filesystem>
#include <fmt/format.h>
#include <fstream>

namespace wattsim::scenario {

namespace mi = models::inference;

mi::PerformanceTable read_performance_table(Reader& r) {
  mi::PerformanceTable t;
  t.model = r.string("model");
  t.accelerator = r.string("accelerator");
  t.layout.tensor_parallel = static_cast<int>(r.integer_or("tensor_parallel", 1, 1, 4096));
  t.layout.pipeline_parallel = static_cast<int>(r.integer_or("pipeline_parallel", 1, 1, 4096));
  const std::string phase = r.choice("phase", {"mixed", "prefill", "decode"}, "mixed");
  t.phase = phase == "prefill" ? mi::ServingPhase::prefill
            : phase == "decode" ? mi::ServingPhase::decode
                                : mi::ServingPhase::mixed;
  r.each("rows", [&](Reader& row, std::size_t) {
    mi::PerformanceRow p;
    p.batch = row.number("batch", 1.0);
    p.gpu_power_w = row.quantity("gpu_power", kinds::power, 1e-9);
    const bool has_rate = row.has("output_tokens_per_s");
    const bool has_energy = row.has("energy_per_output_token");
    if (has_rate == has_energy)
      row.fail(has_rate ? "energy_per_output_token" : "output_tokens_per_s",
               "give exactly one of output_tokens_per_s and energy_per_output_token");
    p.output_tokens_s = has_rate ? row.number("output_tokens_per_s", 1e-9)
                                 : p.gpu_power_w / row.quantity("energy_per_output_token", kinds::energy, 1e-12);
    p.mean_prompt_tokens = row.number_or("mean_prompt_tokens", 0, 0.0);
    p.mean_output_tokens = row.number_or("mean_output_tokens", 0, 0.0);
    p.source = row.string("source");
    row.finish();
    t.rows.push_back(std::move(p));
  });
  r.finish();
  if (auto problem = mi::table_problem(t))
    r.fail("rows", *problem);
  return t;
}

mi::RequestTrace load_request_trace(const std::string& path, const std::string& key_path) {
  std::ifstream in(path);
  if (!in)
    throw InputError({path, 0, 0}, key_path,
                     fmt::format("cannot open request trace '{}'{}", path,
                                 std::filesystem::exists(path) ? "" : ": file not found"));
  try {
    return mi::RequestTrace::parse(in);
  } catch (const mi::TraceError& e) {
    throw InputError({path, static_cast<int>(e.line()), 1}, key_path, e.message());
  }
}

} // namespace wattsim::scenario
