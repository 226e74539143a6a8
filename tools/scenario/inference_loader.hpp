#pragma once
// Scenario-side reading of the inference models' data: a performance table written in YAML (the user's
// own measurements, next to the built-in ones of models/inference/performance_data.cpp) and request
// trace files. Errors are InputError at file:line with the key path. Format: docs/models/inference.md
// ("Performance tables", "Load") and docs/scenario-reference.md.

#include "models/inference/performance_table.hpp"
#include "models/inference/request_trace.hpp"
#include "tools/scenario/reader.hpp"

#include <string>

namespace wattsim::scenario {

/// One table from a map:
///   model: Llama-3.1-8B            accelerator: H100-SXM (catalog name)
///   tensor_parallel: 1             pipeline_parallel: 1             phase: mixed | prefill | decode
///   rows:
///     - {batch: 8, gpu_power: 486 W, energy_per_output_token: 0.455 J, source: "..."}
///     - {batch: 64, gpu_power: 610 W, output_tokens_per_s: 5126, source: "..."}
/// Each row gives its throughput or its energy per output token (not both), and a source.
/// The finished table must pass models::inference::table_problem().
models::inference::PerformanceTable read_performance_table(Reader& r);

/// A request trace CSV (models/inference/request_trace.hpp). `key` names where the path was written.
/// Missing file, bad header or row: InputError at the file's line.
models::inference::RequestTrace load_request_trace(const std::string& path, const std::string& key_path);

} // namespace wattsim::scenario
