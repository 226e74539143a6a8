#include "models/thermal/rc_network.hpp"

#include <cmath>
#include <stdexcept>

namespace wattsim::models {

int RcNetwork::add_node(double capacitance_j_per_k, double initial_c) {
  if (n_ >= kMaxNodes)
    throw std::length_error("RcNetwork: too many nodes");
  if (!(capacitance_j_per_k > 0) || !std::isfinite(capacitance_j_per_k))
    throw std::invalid_argument("RcNetwork: node capacitance must be positive and finite");
  c_[n_] = capacitance_j_per_k;
  Vec t(n_ + 1);
  for (int i = 0; i < n_; ++i)
    t(i) = t_(i);
  t(n_) = initial_c;
  t_ = t;
  dirty_ = true;
  return n_++;
}

int RcNetwork::add_boundary(double temperature_c) {
  if (nb_ >= kMaxBoundaries)
    throw std::length_error("RcNetwork: too many boundaries");
  tb_[nb_] = temperature_c;
  return nb_++;
}

void RcNetwork::connect(int node_a, int node_b, double conductance_w_per_k) {
  if (node_a < 0 || node_a >= n_ || node_b < 0 || node_b >= n_ || node_a == node_b)
    throw std::out_of_range("RcNetwork::connect: bad node index");
  if (!(conductance_w_per_k >= 0) || !std::isfinite(conductance_w_per_k))
    throw std::invalid_argument("RcNetwork::connect: conductance must be ≥ 0 and finite");
  if (nl_ >= kMaxLinks)
    throw std::length_error("RcNetwork: too many links");
  links_[nl_++] = Link{node_a, node_b, conductance_w_per_k};
  dirty_ = true;
}

void RcNetwork::connect_to_boundary(int node, int boundary, double conductance_w_per_k) {
  if (node < 0 || node >= n_ || boundary < 0 || boundary >= nb_)
    throw std::out_of_range("RcNetwork::connect_to_boundary: bad index");
  if (!(conductance_w_per_k >= 0) || !std::isfinite(conductance_w_per_k))
    throw std::invalid_argument("RcNetwork::connect_to_boundary: conductance must be ≥ 0 and finite");
  if (nl_ >= kMaxLinks)
    throw std::length_error("RcNetwork: too many links");
  links_[nl_++] = Link{node, -boundary - 1, conductance_w_per_k};
  dirty_ = true;
}

void RcNetwork::set_boundary_temperature(int boundary, double t_c) { tb_[boundary] = t_c; }
void RcNetwork::set_temperature(int node, double t_c) { t_(node) = t_c; }

double RcNetwork::heat_content_j() const {
  double e = 0;
  for (int i = 0; i < n_; ++i)
    e += c_[i] * t_(i);
  return e;
}

void RcNetwork::decompose() {
  if (n_ == 0)
    throw std::logic_error("RcNetwork: no nodes");
  Mat k = Mat::Zero(n_, n_);
  for (int l = 0; l < nl_; ++l) {
    const Link& lk = links_[l];
    k(lk.a, lk.a) += lk.g;
    if (lk.b >= 0) {
      k(lk.b, lk.b) += lk.g;
      k(lk.a, lk.b) -= lk.g;
      k(lk.b, lk.a) -= lk.g;
    }
  }
  sqrt_c_.resize(n_);
  inv_sqrt_c_.resize(n_);
  for (int i = 0; i < n_; ++i) {
    sqrt_c_(i) = std::sqrt(c_[i]);
    inv_sqrt_c_(i) = 1.0 / sqrt_c_(i);
  }
  const Mat s = inv_sqrt_c_.asDiagonal() * k * inv_sqrt_c_.asDiagonal();
  Eigen::SelfAdjointEigenSolver<Mat> eig(s);
  if (eig.info() != Eigen::Success)
    throw std::runtime_error("RcNetwork: eigen-decomposition failed");
  mu_ = eig.eigenvalues();
  // S is positive semidefinite; clip the rounding noise around zero modes.
  for (int i = 0; i < n_; ++i)
    if (mu_(i) < 0)
      mu_(i) = 0;
  v_ = eig.eigenvectors();
  to_modal_ = v_.transpose() * sqrt_c_.asDiagonal();
  to_modal_u_ = v_.transpose() * inv_sqrt_c_.asDiagonal();
  from_modal_ = inv_sqrt_c_.asDiagonal() * v_;
  for (auto& r : cache_)
    r.dt = -1;
  dirty_ = false;
}

const RcNetwork::Response& RcNetwork::response(double dt_s) {
  if (!(dt_s > 0) || !std::isfinite(dt_s))
    throw std::invalid_argument("RcNetwork: step must be positive and finite");
  if (dirty_)
    decompose();
  for (const auto& r : cache_)
    if (r.dt == dt_s)
      return r;
  Response& r = cache_[next_slot_];
  next_slot_ = (next_slot_ + 1) % static_cast<int>(cache_.size());
  r.dt = dt_s;
  r.decay.resize(n_);
  r.phi1.resize(n_);
  r.phi2.resize(n_);
  for (int i = 0; i < n_; ++i) {
    const double x = mu_(i) * dt_s;
    r.decay(i) = std::exp(-x);
    if (x < 1e-6) {
      // Series of (1 − e^{−x})/μ and (h − φ1)/μ: avoids the cancellation of the closed forms.
      r.phi1(i) = dt_s * (1.0 - x / 2.0 + x * x / 6.0);
      r.phi2(i) = dt_s * dt_s * (0.5 - x / 6.0 + x * x / 24.0);
    } else {
      r.phi1(i) = -std::expm1(-x) / mu_(i);
      r.phi2(i) = (dt_s - r.phi1(i)) / mu_(i);
    }
  }
  r.gain = from_modal_ * r.phi1.asDiagonal() * to_modal_u_;
  r.phi = from_modal_ * r.decay.asDiagonal() * to_modal_;
  return r;
}

void RcNetwork::input_vector(const double* q_w, Vec& u) const {
  u.resize(n_);
  for (int i = 0; i < n_; ++i)
    u(i) = q_w[i];
  for (int l = 0; l < nl_; ++l) {
    const Link& lk = links_[l];
    if (lk.b < 0)
      u(lk.a) += lk.g * tb_[-lk.b - 1];
  }
}

double RcNetwork::predict_end_c(int node, const double* q_w, double dt_s) {
  const Response& r = response(dt_s);
  Vec u;
  input_vector(q_w, u);
  return r.phi.row(node).dot(t_) + r.gain.row(node).dot(u);
}

double RcNetwork::gain(int node, int input_node, double dt_s) { return response(dt_s).gain(node, input_node); }

RcNetwork::StepResult RcNetwork::step(const double* q_w, double dt_s, double* mean_c) {
  const Response& r = response(dt_s);
  Vec u;
  input_vector(q_w, u);
  const Vec z0 = to_modal_ * t_;
  const Vec w = to_modal_u_ * u;
  const Vec z1 = r.decay.cwiseProduct(z0) + r.phi1.cwiseProduct(w);
  const Vec t1 = from_modal_ * z1;
  StepResult out;
  for (int i = 0; i < n_; ++i)
    out.stored_j += c_[i] * (t1(i) - t_(i));
  const bool need_mean = mean_c != nullptr || nb_ > 0;
  if (need_mean) {
    const Vec zbar = (r.phi1.cwiseProduct(z0) + r.phi2.cwiseProduct(w)) / dt_s;
    const Vec tbar = from_modal_ * zbar;
    for (int l = 0; l < nl_; ++l) {
      const Link& lk = links_[l];
      if (lk.b < 0)
        out.to_boundaries_w += lk.g * (tbar(lk.a) - tb_[-lk.b - 1]);
    }
    if (mean_c)
      for (int i = 0; i < n_; ++i)
        mean_c[i] = tbar(i);
  }
  t_ = t1;
  return out;
}

} // namespace wattsim::models
