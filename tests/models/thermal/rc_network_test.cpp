// RC network (docs/models/thermal.md): exact step against the closed form of a single node, energy
// conservation of coupled networks, and agreement with an independent fine-step RK4 integration.

#include "models/thermal/rc_network.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <stdexcept>
#include <vector>

using wattsim::models::RcNetwork;

namespace {
// Independent reference: classical RK4 with a small step on C dT/dt = q − K T + G_b T_b, written
// from the node/link description, not from the network's matrices.
struct Link {
  int a, b;
  double g;
};
struct BLink {
  int node;
  double g, tb;
};
std::vector<double> rk4(std::vector<double> t, const std::vector<double>& c, const std::vector<Link>& links,
                        const std::vector<BLink>& blinks, const std::vector<double>& q, double dt, int n) {
  auto deriv = [&](const std::vector<double>& x) {
    std::vector<double> d(x.size(), 0.0);
    for (size_t i = 0; i < x.size(); ++i)
      d[i] = q[i];
    for (const auto& l : links) {
      const double f = l.g * (x[l.a] - x[l.b]);
      d[l.a] -= f;
      d[l.b] += f;
    }
    for (const auto& b : blinks)
      d[b.node] -= b.g * (x[b.node] - b.tb);
    for (size_t i = 0; i < x.size(); ++i)
      d[i] /= c[i];
    return d;
  };
  const double h = dt / n;
  for (int s = 0; s < n; ++s) {
    auto k1 = deriv(t);
    std::vector<double> y(t.size());
    for (size_t i = 0; i < t.size(); ++i)
      y[i] = t[i] + 0.5 * h * k1[i];
    auto k2 = deriv(y);
    for (size_t i = 0; i < t.size(); ++i)
      y[i] = t[i] + 0.5 * h * k2[i];
    auto k3 = deriv(y);
    for (size_t i = 0; i < t.size(); ++i)
      y[i] = t[i] + h * k3[i];
    auto k4 = deriv(y);
    for (size_t i = 0; i < t.size(); ++i)
      t[i] += h / 6.0 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
  }
  return t;
}
} // namespace

TEST(RcNetwork, SingleNodeStepResponseIsTheExponential) {
  // C = 2 MJ/K, G = 10 kW/K to 20 °C, q = 50 kW: T_ss = 25 °C, τ = 200 s.
  RcNetwork net;
  const int n = net.add_node(2e6, 40.0);
  const int b = net.add_boundary(20.0);
  net.connect_to_boundary(n, b, 1e4);
  const double q[1] = {5e4};
  const double t_ss = 25.0, tau = 200.0, t0 = 40.0;
  double t = 0;
  for (double dt : {37.0, 37.0, 10.0, 60.0, 0.5, 123.0}) {
    const double before = net.temperature_c(n);
    double mean = 0;
    net.step(q, dt, &mean);
    t += dt;
    EXPECT_NEAR(net.temperature_c(n), t_ss + (t0 - t_ss) * std::exp(-t / tau), 1e-10);
    // Exact step-average: T_ss + (T_start − T_ss) τ/dt (1 − e^{−dt/τ}).
    EXPECT_NEAR(mean, t_ss + (before - t_ss) * tau / dt * (1 - std::exp(-dt / tau)), 1e-10);
  }
}

TEST(RcNetwork, FloatingNodeIntegratesHeat) {
  RcNetwork net;
  const int n = net.add_node(1e6, 10.0);
  const double q[1] = {2e5};
  double mean = 0;
  const auto r = net.step(q, 30.0, &mean);
  EXPECT_NEAR(net.temperature_c(n), 10.0 + 2e5 * 30.0 / 1e6, 1e-12);
  EXPECT_NEAR(mean, 10.0 + 0.5 * 2e5 * 30.0 / 1e6, 1e-12);
  EXPECT_NEAR(r.stored_j, 2e5 * 30.0, 1e-6);
}

TEST(RcNetwork, TwoNodeNetworkConservesEnergy) {
  RcNetwork net;
  const int a = net.add_node(5.4e6, 30.0);
  const int b = net.add_node(2.0e7, 12.0);
  const int amb = net.add_boundary(25.0);
  net.connect(a, b, 3.3e4);
  net.connect_to_boundary(a, amb, 2e3);
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> uq(-1e6, 1e6), udt(1.0, 300.0), utb(-10.0, 40.0);
  for (int i = 0; i < 200; ++i) {
    const double q[2] = {uq(rng), uq(rng)};
    const double dt = udt(rng);
    net.set_boundary_temperature(amb, utb(rng));
    const double e0 = net.heat_content_j();
    const auto r = net.step(q, dt);
    const double in = (q[0] + q[1]) * dt;
    EXPECT_NEAR(r.stored_j, net.heat_content_j() - e0, 1e-6 * std::abs(e0));
    // Σ q dt = stored + outflow to the boundary, to rounding.
    EXPECT_NEAR(in, r.stored_j + r.to_boundaries_w * dt, 1e-9 * (std::abs(in) + std::abs(r.stored_j) + 1.0));
  }
}

TEST(RcNetwork, IsolatedPairConservesAndEquilibrates) {
  RcNetwork net;
  const int a = net.add_node(1e6, 50.0);
  const int b = net.add_node(3e6, 10.0);
  net.connect(a, b, 1e4);
  const double q[2] = {0, 0};
  const double e0 = net.heat_content_j();
  for (int i = 0; i < 100; ++i)
    net.step(q, 60.0);
  EXPECT_NEAR(net.heat_content_j(), e0, 1e-6 * e0);
  const double t_eq = (1e6 * 50.0 + 3e6 * 10.0) / 4e6; // capacity-weighted mean
  EXPECT_NEAR(net.temperature_c(a), t_eq, 1e-9);
  EXPECT_NEAR(net.temperature_c(b), t_eq, 1e-9);
}

TEST(RcNetwork, ThreeNodeChainMatchesIndependentIntegration) {
  RcNetwork net;
  const std::vector<double> c = {1.4e7, 2.1e7, 6e5};
  const std::vector<double> t0 = {34.0, 12.0, 40.0};
  for (int i = 0; i < 3; ++i)
    net.add_node(c[i], t0[i]);
  const int amb = net.add_boundary(30.0);
  net.connect(0, 1, 8e4);
  net.connect(0, 2, 5e3);
  net.connect_to_boundary(1, amb, 1e3);
  const std::vector<double> q = {1e6, -1.2e6, 2e4};
  const double dt = 45.0;
  net.step(q.data(), dt);
  const auto ref = rk4(t0, c, {{0, 1, 8e4}, {0, 2, 5e3}}, {{1, 1e3, 30.0}}, q, dt, 20000);
  for (int i = 0; i < 3; ++i)
    EXPECT_NEAR(net.temperature_c(i), ref[i], 1e-8);
}

TEST(RcNetwork, PredictionAndGainMatchTheStep) {
  RcNetwork net;
  const int a = net.add_node(1e6, 20.0);
  const int b = net.add_node(4e6, 30.0);
  net.connect(a, b, 5e3);
  double q[2] = {1e5, -2e5};
  const double dt = 60.0;
  const double pa = net.predict_end_c(a, q, dt);
  // The gain is the end response to 1 W held at a node: check it by finite difference.
  q[b] += 1000.0;
  const double pa2 = net.predict_end_c(a, q, dt);
  EXPECT_NEAR((pa2 - pa) / 1000.0, net.gain(a, b, dt), 1e-15);
  q[b] -= 1000.0;
  net.step(q, dt);
  EXPECT_NEAR(net.temperature_c(a), pa, 1e-12);
}

TEST(RcNetwork, RejectsBadInput) {
  RcNetwork net;
  EXPECT_THROW(net.add_node(0.0, 20.0), std::invalid_argument);
  const int a = net.add_node(1.0, 20.0);
  EXPECT_THROW(net.connect(a, a, 1.0), std::out_of_range);
  const double q[1] = {0};
  EXPECT_THROW(net.step(q, 0.0), std::invalid_argument);
}
