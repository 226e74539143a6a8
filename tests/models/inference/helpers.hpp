#pragma once
// Shared by the inference model tests: replicas built from the real hardware catalog.

#include "models/inference/served_model.hpp"
#include "tools/scenario/catalog_loader.hpp"

#include <stdexcept>
#include <string>

namespace wattsim::models::inference::testing {

inline Replica replica(const std::string& model, const std::string& accelerator, int tp) {
  const ServedModel* m = find_served_model(model);
  const AcceleratorSpec* a = wattsim::scenario::builtin_catalog().accelerator(accelerator);
  if (!m || !a)
    throw std::runtime_error("unknown model or accelerator in a test: " + model + " / " + accelerator);
  return Replica{*m, {tp, 1}, *a};
}

} // namespace wattsim::models::inference::testing
