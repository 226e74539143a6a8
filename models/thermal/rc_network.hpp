#pragma once
// Lumped RC thermal network with an exact step for piecewise-constant inputs
// (docs/models/thermal.md).
//
// Nodes i carry a heat capacity C_i (J/K) and a temperature T_i. Conductances g (W/K) join two
// nodes or a node and a fixed-temperature boundary. Heat inputs q_i (W) are held constant over a
// step. With C = diag(C_i), K the conductance (Laplacian) matrix plus the boundary conductances on
// its diagonal, G_b the node-to-boundary conductances and u = q + G_b T_b:
//
//     C dT/dt = −K T + u                                                       (1)
//
// K is symmetric positive semidefinite, so S = C^-1/2 K C^-1/2 = V diag(μ) V^T with μ ≥ 0 and V
// orthonormal. In modal coordinates z = V^T C^1/2 T every mode is a scalar first-order system
//     dz_k/dt = −μ_k z_k + w_k,        w = V^T C^-1/2 u,
// whose exact solution over a step h is
//     z_k(h)        = e^{−μ_k h} z_k(0) + φ1_k w_k,      φ1 = (1 − e^{−μh}) / μ   (h when μ = 0)
//     ∫_0^h z_k dt  = φ1_k z_k(0)       + φ2_k w_k,      φ2 = (h − φ1) / μ        (h²/2 when μ = 0)
// This is the matrix exponential T(h) = e^{Ah} T(0) + A^-1 (e^{Ah} − I) C^-1 u with A = −C^-1 K,
// obtained without forming the exponential: the decomposition is computed once per topology and
// the vectors e^{−μh}, φ1, φ2 once per step size (cached), so a step costs four small mat-vecs and
// never allocates (all matrices have a fixed maximum size).
//
// The integral gives the exact time-average of every node over the step, hence the exact heat
// that left through the boundary conductances, and the stored heat Σ C_i ΔT_i closes the energy
// balance to rounding error: Σ q_i h = stored + boundary outflow × h.

#include <Eigen/Dense>

#include <array>

namespace wattsim::models {

class RcNetwork {
 public:
  static constexpr int kMaxNodes = 8;
  static constexpr int kMaxBoundaries = 4;
  static constexpr int kMaxLinks = 16;

  using Vec = Eigen::Matrix<double, Eigen::Dynamic, 1, 0, kMaxNodes, 1>;
  using Mat = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, 0, kMaxNodes, kMaxNodes>;

  /// Adds a node with heat capacity `capacitance_j_per_k` (> 0) at `initial_c`; returns its index.
  int add_node(double capacitance_j_per_k, double initial_c);
  /// Adds a fixed-temperature boundary (ambient, ground, a supply held by an ideal controller).
  int add_boundary(double temperature_c);
  /// Conductance between two nodes (W/K, ≥ 0). Changing topology drops the cached responses.
  void connect(int node_a, int node_b, double conductance_w_per_k);
  /// Conductance between a node and a boundary (W/K, ≥ 0).
  void connect_to_boundary(int node, int boundary, double conductance_w_per_k);

  void set_boundary_temperature(int boundary, double t_c);
  void set_temperature(int node, double t_c);

  [[nodiscard]] int size() const { return n_; }
  [[nodiscard]] double temperature_c(int node) const { return t_(node); }
  [[nodiscard]] double capacitance_j_per_k(int node) const { return c_[node]; }
  [[nodiscard]] double boundary_temperature_c(int boundary) const { return tb_[boundary]; }
  /// Σ C_i T_i, J relative to 0 °C; differences of it are stored heat.
  [[nodiscard]] double heat_content_j() const;

  /// Temperature of `node` at the end of a step of `dt_s` with heat inputs `q_w` (one per node),
  /// without advancing the state. Exact for constant inputs.
  double predict_end_c(int node, const double* q_w, double dt_s);
  /// ∂T_node(dt) / ∂q_input: the end temperature response of `node` to 1 W held at `input_node`.
  double gain(int node, int input_node, double dt_s);

  struct StepResult {
    double stored_j = 0;       ///< Σ C_i (T_i(end) − T_i(start))
    double to_boundaries_w = 0; ///< step-average heat flow from the nodes into the boundaries
  };
  /// Advances the state by `dt_s` (> 0) with constant heat inputs `q_w` (W, one per node, positive
  /// into the node). When `mean_c` is given it receives each node's exact step-average temperature.
  StepResult step(const double* q_w, double dt_s, double* mean_c = nullptr);

 private:
  struct Link {
    int a, b;          // b < 0: boundary index −b − 1
    double g;
  };
  struct Response {
    double dt = -1;
    Vec decay, phi1, phi2;
    Mat gain; // Γ = C^-1/2 V diag(φ1) V^T C^-1/2
    Mat phi;  // Φ = C^-1/2 V diag(e^{−μh}) V^T C^1/2
  };

  void decompose();
  const Response& response(double dt_s);
  void input_vector(const double* q_w, Vec& u) const;

  int n_ = 0, nb_ = 0, nl_ = 0;
  std::array<double, kMaxNodes> c_{};
  std::array<double, kMaxBoundaries> tb_{};
  std::array<Link, kMaxLinks> links_{};
  Vec t_;
  // decomposition
  bool dirty_ = true;
  Vec sqrt_c_, inv_sqrt_c_, mu_;
  Mat v_;       // eigenvectors of S
  Mat to_modal_;   // V^T C^1/2
  Mat to_modal_u_; // V^T C^-1/2
  Mat from_modal_; // C^-1/2 V
  std::array<Response, 4> cache_{};
  int next_slot_ = 0;
};

} // namespace wattsim::models
