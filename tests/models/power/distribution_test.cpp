// The power-distribution tree. Reference values are recomputed here, step by step, from the loss
// equations of EnergyPlus (ElectricLoadCenter:Transformer), 10 CFR 431.196 and Schneider WP108, and the sizing rules of
// docs/models/power-distribution.md; nothing is read back from the model to build an expectation.

#include "models/power/distribution.hpp"

#include <boost/graph/adjacency_list.hpp>

#include <cmath>
#include <gtest/gtest.h>
#include <map>
#include <random>
#include <stdexcept>
#include <string>

using namespace wattsim::models;

namespace {

const ElementLoss& element(const Losses& l, const std::string& name) {
  for (const auto& e : l.elements)
    if (e.name == name)
      return e;
  throw std::runtime_error("no element " + name);
}

struct UpsK {
  double k0, k1, k2;
};
constexpr UpsK kDc{0.008, 0.020, 0.007};
constexpr UpsK kEco{0.004, 0.004, 0.002};

/// Hand calculation of the default IT path (2N everywhere, 4-module UPS, PDU 0.99, MV transformer
/// 99.3 % at 50 % peaking at 50 %, 1.25 margin) for an IT capacity and load. Returns the efficiency
/// IT / (IT + IT-branch losses) and the individual losses.
struct ItPath {
  double eta, pdu_loss, ups_loss, tx_loss;
};
ItPath hand_it_path(double cap_w, double it_w, UpsK k) {
  // Sizing: the PDU stage passes cap / 0.99; 4 UPS modules carry that at full load; the transformer
  // carries the UPS input at full load, times 1.25.
  const double pdu_design_in = cap_w / 0.99;
  const double r_ups = pdu_design_in / 4.0;
  const double ups_design_in = pdu_design_in + 4.0 * r_ups * (k.k0 + k.k1 + k.k2);
  const double s_tx = ups_design_in * 1.25;
  const double nl = s_tx * 0.5 * (1.0 - 0.993) / (0.993 * 2.0);
  const double ll = nl / 0.25;
  // Operation: 2 PDUs, 8 UPS modules and 2 transformers share the load.
  const double pdu_in = it_w / 0.99;
  const double x = pdu_in / (8.0 * r_ups);
  const double ups_loss = 8.0 * r_ups * (k.k0 + k.k1 * x + k.k2 * x * x);
  const double ups_in = pdu_in + ups_loss;
  const double p = ups_in / (2.0 * s_tx);
  const double tx_loss = 2.0 * (nl + ll * p * p);
  return {it_w / (ups_in + tx_loss), pdu_in - it_w, ups_loss, tx_loss};
}

DistributionConfig two_mw() {
  DistributionConfig c;
  c.it_capacity_w = 2.0e6;
  c.cooling_capacity_w = 0.7e6;
  c.other_capacity_w = 0.04e6;
  return c;
}

} // namespace

TEST(Distribution, TreeShapeAndPostOrder) {
  PowerDistribution d(two_mw());
  const auto& g = d.graph();
  // utility, it_transformer, ups, pdu_0, rack_group_0, mech_transformer, mech_switchboard, cooling, other
  EXPECT_EQ(boost::num_vertices(g), 9u);
  EXPECT_EQ(boost::num_edges(g), 8u);
  EXPECT_EQ(boost::out_degree(d.utility_vertex(), g), 2u);
  EXPECT_EQ(g[d.utility_vertex()].name, "utility");
  const auto& order = d.order();
  ASSERT_EQ(order.size(), 9u);
  EXPECT_EQ(order.back(), d.utility_vertex());
  std::map<DistributionVertex, std::size_t> pos;
  for (std::size_t i = 0; i < order.size(); ++i)
    pos[order[i]] = i;
  for (auto [e, end] = boost::edges(g); e != end; ++e)
    EXPECT_LT(pos[boost::target(*e, g)], pos[boost::source(*e, g)]) << "child after parent";
  // No UPS on the mechanical branch.
  for (auto [v, end] = boost::vertices(g); v != end; ++v) {
    if (g[*v].kind == ElementKind::ups) {
      EXPECT_EQ(g[*v].branch, Branch::it);
    }
  }
}

TEST(Distribution, ReferenceCase1MwAtHalfCapacity2nDoubleConversion) {
  PowerDistribution d(two_mw());
  d.set_loads(1.0e6, 0.0, 0.0);
  const Losses& l = d.compute();
  const ItPath ref = hand_it_path(2.0e6, 1.0e6, kDc);
  EXPECT_NEAR(element(l, "pdu_0").loss_w, ref.pdu_loss, 1e-9 * ref.pdu_loss);
  EXPECT_NEAR(element(l, "ups").loss_w, ref.ups_loss, 1e-9 * ref.ups_loss);
  EXPECT_NEAR(element(l, "it_transformer").loss_w, ref.tx_loss, 1e-9 * ref.tx_loss);
  EXPECT_NEAR(l.it_path_efficiency(), ref.eta, 1e-12);
  // Typical chain: MV transformer x UPS x PDU ≈ 0.93-0.96 for the facility part. A 2N UPS
  // at 50 % of capacity runs each module at 25 %, so it sits at the low end.
  EXPECT_GT(l.it_path_efficiency(), 0.925);
  EXPECT_LT(l.it_path_efficiency(), 0.96);
  EXPECT_EQ(element(l, "ups").installed_units, 8);
  EXPECT_NEAR(element(l, "ups").unit_load_fraction, 0.25, 1e-12); // (1 MW / 0.99) / (8 x 2 MW / 0.99 / 4)
}

TEST(Distribution, EcoModeIsBetterAndMatchesTheHandCalculation) {
  auto c = two_mw();
  PowerDistribution dc(c);
  c.ups_mode = UpsMode::eco;
  PowerDistribution eco(c);
  dc.set_loads(1.0e6, 0, 0);
  eco.set_loads(1.0e6, 0, 0);
  const double eta_dc = dc.compute().it_path_efficiency();
  const double eta_eco = eco.compute().it_path_efficiency();
  EXPECT_NEAR(eta_eco, hand_it_path(2.0e6, 1.0e6, kEco).eta, 1e-12);
  EXPECT_GT(eta_eco, eta_dc + 0.02);
  EXPECT_GT(eta_eco, 0.95);
  EXPECT_LT(eta_eco, 0.975);
}

TEST(Distribution, MechanicalBranchHasTransformerAndSwitchboardOnly) {
  PowerDistribution d(two_mw());
  d.set_loads(0.0, 5.0e5, 3.0e4);
  const Losses& l = d.compute();
  // Switchboard at 0.995; N+1 transformers (2 units) sized for (0.7 + 0.04) MW / 0.995 x 1.25.
  const double sb_in = 5.3e5 / 0.995;
  const double s = 0.74e6 / 0.995 * 1.25;
  const double nl = s * 0.5 * 0.007 / (0.993 * 2.0), ll = nl / 0.25;
  const double p = sb_in / (2.0 * s);
  const double tx = 2.0 * (nl + ll * p * p);
  EXPECT_NEAR(element(l, "mech_switchboard").loss_w, sb_in - 5.3e5, 1e-9);
  EXPECT_NEAR(element(l, "mech_transformer").loss_w, tx, 1e-9 * tx);
  EXPECT_NEAR(l.mechanical_branch_loss_w, sb_in - 5.3e5 + tx, 1e-9 * tx);
  EXPECT_EQ(element(l, "mech_transformer").installed_units, 2);
}

TEST(Distribution, EnergyBalanceIsExactForRandomLoads) {
  std::mt19937_64 rng(20240611);
  std::uniform_real_distribution<double> u(0.0, 1.3);
  for (int variant = 0; variant < 4; ++variant) {
    auto c = two_mw();
    c.rack_groups = 1 + variant;
    c.pdu_transformer = variant % 2 == 1;
    c.pdu_i2r_fraction = 0.004 * variant;
    if (variant == 3)
      c.transformer_temperature_correction = TransformerTemperatureCorrection{};
    c.ups_mode = variant % 2 == 0 ? UpsMode::double_conversion : UpsMode::eco;
    PowerDistribution d(c);
    d.set_transformer_ambient_c(30.0);
    for (int i = 0; i < 500; ++i) {
      const double it = u(rng) * 2.0e6, cool = u(rng) * 0.7e6, other = u(rng) * 0.04e6;
      d.set_loads(it, cool, other);
      if (c.rack_groups > 1)
        d.set_rack_group_load(0, u(rng) * 1.0e6);
      const Losses& l = d.compute();
      const double loads = l.it_w + l.cooling_w + l.other_w;
      EXPECT_NEAR(l.utility_w, loads + l.total_loss_w, 1e-12 * l.utility_w);
      double sum = 0;
      for (const auto& e : l.elements) {
        sum += e.loss_w;
        EXPECT_NEAR(e.input_w, e.output_w + e.loss_w, 1e-12 * e.input_w);
      }
      EXPECT_NEAR(sum, l.total_loss_w, 1e-12 * l.total_loss_w);
      EXPECT_NEAR(l.transformer_loss_w + l.ups_loss_w + l.pdu_loss_w, l.total_loss_w, 1e-12 * l.total_loss_w);
      EXPECT_NEAR(l.it_branch_loss_w + l.mechanical_branch_loss_w, l.total_loss_w, 1e-12 * l.total_loss_w);
      // The utility feeds exactly the two MV transformers.
      EXPECT_NEAR(element(l, "it_transformer").input_w + element(l, "mech_transformer").input_w, l.utility_w,
                  1e-12 * l.utility_w);
      EXPECT_NEAR(l.cooling_w, cool, 1e-9);
    }
  }
}

TEST(Distribution, LossesRiseMonotonicallyWithLoad) {
  PowerDistribution d(two_mw());
  double prev = -1;
  for (int i = 0; i <= 60; ++i) {
    const double loss = d.loss_w(i * 0.04e6, 0.3e6, 0.02e6);
    EXPECT_GT(loss, prev) << "IT " << i * 0.04 << " MW";
    prev = loss;
  }
  prev = -1;
  for (int i = 0; i <= 40; ++i) {
    const double loss = d.loss_w(1.0e6, i * 0.02e6, 0.02e6);
    EXPECT_GT(loss, prev) << "cooling " << i * 0.02 << " MW";
    prev = loss;
  }
}

TEST(Distribution, TwoNHasMoreNoLoadLossThanNPlusOneAtLightLoad) {
  auto c2n = two_mw();
  auto cn1 = two_mw();
  cn1.ups.scheme = Redundancy::n_plus_1;
  PowerDistribution d2n(c2n), dn1(cn1);
  // Module rating is the same in both (2 MW / 0.99 / 4): only the count differs, 8 vs 5.
  const double r = 2.0e6 / 0.99 / 4.0;
  d2n.set_loads(0, 0, 0);
  dn1.set_loads(0, 0, 0);
  EXPECT_NEAR(element(d2n.compute(), "ups").loss_w, 8.0 * r * 0.008, 1e-9);
  EXPECT_NEAR(element(dn1.compute(), "ups").loss_w, 5.0 * r * 0.008, 1e-9);
  for (double it : {0.0, 0.1e6, 0.2e6, 0.4e6}) {
    d2n.set_loads(it, 0.1e6, 0.01e6);
    dn1.set_loads(it, 0.1e6, 0.01e6);
    EXPECT_GT(d2n.compute().total_loss_w, dn1.compute().total_loss_w) << it;
  }
}

TEST(Distribution, RedundancySetsUnitCountsAndLoadFractions) {
  EXPECT_EQ((StageRedundancy{Redundancy::n, 3}.installed_units()), 3);
  EXPECT_EQ((StageRedundancy{Redundancy::n_plus_1, 3}.installed_units()), 4);
  EXPECT_EQ((StageRedundancy{Redundancy::two_n, 3}.installed_units()), 6);
  auto c = two_mw();
  c.ups = {Redundancy::n, 4};
  PowerDistribution d(c);
  d.set_loads(2.0e6, 0, 0);
  const auto& ups = element(d.compute(), "ups");
  EXPECT_EQ(ups.installed_units, 4);
  // At full IT capacity with N modules, each module is exactly at its rating.
  EXPECT_NEAR(ups.unit_load_fraction, 1.0, 1e-12);
  EXPECT_NEAR(ups.unit_rating_w, 2.0e6 / 0.99 / 4.0, 1e-6);
}

TEST(Distribution, PduTransformerUsesTheDoeDryTypeDefault) {
  auto c = two_mw();
  c.pdu_transformer = true;
  PowerDistribution d(c);
  d.set_loads(1.0e6, 0, 0);
  const Losses& l = d.compute();
  const auto& t = element(l, "pdu_transformer_0");
  EXPECT_EQ(t.category, LossCategory::transformer);
  EXPECT_EQ(t.installed_units, 2);
  // Sized for 2 MW / 0.99 x 1.25 (above 225 kVA: 98.94 % at 35 %, peak at 35 %).
  const double s = 2.0e6 / 0.99 * 1.25;
  const double nl = s * 0.35 * (1 - 0.9894) / (0.9894 * 2.0), ll = nl / (0.35 * 0.35);
  const double p = (1.0e6 / 0.99) / (2.0 * s);
  EXPECT_NEAR(t.loss_w, 2.0 * (nl + ll * p * p), 1e-9 * t.loss_w);
  EXPECT_NEAR(t.output_w, 1.0e6 / 0.99, 1e-6);
}

TEST(Distribution, RackGroupsEachHaveAPdu) {
  auto c = two_mw();
  c.rack_groups = 4;
  PowerDistribution d(c);
  EXPECT_EQ(d.rack_groups(), 4u);
  d.set_loads(1.0e6, 0, 0);
  d.set_rack_group_load(3, 0.0);
  const Losses& l = d.compute();
  EXPECT_NEAR(l.it_w, 0.75e6, 1e-9);
  EXPECT_NEAR(element(l, "pdu_0").output_w, 0.25e6, 1e-9);
  EXPECT_NEAR(element(l, "pdu_3").output_w, 0.0, 1e-12);
  EXPECT_NEAR(element(l, "ups").output_w, 0.75e6 / 0.99, 1e-6);
  EXPECT_THROW(d.set_rack_group_load(4, 1.0), std::out_of_range);
}

TEST(Distribution, ConvenienceLossMatchesCompute) {
  PowerDistribution d(two_mw());
  const double loss = d.loss_w(1.2e6, 0.4e6, 0.03e6);
  d.set_it_load(1.2e6);
  d.set_cooling_load(0.4e6);
  d.set_other_load(0.03e6);
  EXPECT_DOUBLE_EQ(d.compute().total_loss_w, loss);
}

TEST(Distribution, RejectsBadInput) {
  PowerDistribution d(two_mw());
  EXPECT_THROW(d.set_it_load(-1.0), std::invalid_argument);
  EXPECT_THROW(d.set_cooling_load(std::nan("")), std::invalid_argument);
  auto c = two_mw();
  c.it_capacity_w = 0;
  EXPECT_THROW(PowerDistribution{c}, std::invalid_argument);
  c = two_mw();
  c.ups.units_for_capacity = 0;
  EXPECT_THROW(PowerDistribution{c}, std::invalid_argument);
}
