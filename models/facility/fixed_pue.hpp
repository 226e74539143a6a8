#pragma once
// The fixed-PUE facility: facility power = PUE x IT power at every instant. Published footprint
// estimates (Patterson et al. 2021; Luccioni et al. 2022) use exactly this, so it stays a legitimate
// choice beside the physical plant.

namespace wattsim::models {

struct FixedPue {
  double pue = 1.0;
  [[nodiscard]] double facility_w(double it_w) const { return pue * it_w; }
};

} // namespace wattsim::models
