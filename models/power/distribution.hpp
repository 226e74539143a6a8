#pragma once
// The facility power chain as a tree (Boost.Graph adjacency_list, edges directed from the utility
// toward the loads):
//
//   utility ─┬─ it_transformer (MV→LV) ── ups ─┬─ [pdu_transformer_g] ── pdu_g ── rack_group_g   (g = 0..G-1)
//            │                                  └─ ...
//            └─ mech_transformer (MV→LV) ── mech_switchboard ─┬─ cooling
//                                                              └─ other (lighting, offices)
//
// Every non-leaf element is a *stage* of identical units with a redundancy scheme (N, N+1, 2N). All
// installed units are energized and share the stage's load equally (parallel UPS modules, A/B feeds to
// dual-corded PSUs), so each unit runs at load / (installed * unit rating) and every installed unit
// pays its no-load loss. Losses flow upward: input(element) = Σ input(children) + loss(element).
// docs/models/power-distribution.md explains the sizing rules and the defaults.

#include "models/power/pdu.hpp"
#include "models/power/transformer.hpp"
#include "models/power/ups.hpp"

#include <boost/graph/adjacency_list.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace wattsim::models {

enum class Redundancy {
  n,        ///< exactly the units needed for the design load
  n_plus_1, ///< one spare unit, load shared by all
  two_n,    ///< two complete sets (A and B sides), each able to carry the design load
};

struct StageRedundancy {
  Redundancy scheme = Redundancy::n;
  int units_for_capacity = 1; ///< N: units that together carry the stage's design load
  /// N, N + 1 or 2N.
  [[nodiscard]] int installed_units() const;
};

enum class ElementKind { utility, transformer, ups, pdu, switchboard, it_load, cooling_load, other_load };
/// Where a loss is booked in the summary.
enum class LossCategory { none, transformer, ups, pdu };
/// Which feed an element belongs to: the UPS-backed IT branch or the mechanical branch.
enum class Branch { root, it, mechanical };

struct DistributionConfig {
  // Design loads (the sizing basis; actual loads may differ, and overloads are not clipped).
  double it_capacity_w = 1.0e6;      ///< critical (UPS-backed) IT capacity
  double cooling_capacity_w = 0.35e6; ///< design electric load of the cooling plant [estimate]
  double other_capacity_w = 0.02e6;  ///< lighting, offices, security [estimate]

  UpsMode ups_mode = UpsMode::double_conversion;

  // Redundancy per stage. Defaults: a 2N IT path with 4-module UPS systems, N+1 mechanical
  // transformers [estimate: common Tier III/IV practice].
  StageRedundancy it_transformer{Redundancy::two_n, 1};
  StageRedundancy ups{Redundancy::two_n, 4};
  StageRedundancy pdu{Redundancy::two_n, 1}; ///< also used by the optional PDU transformer
  StageRedundancy mech_transformer{Redundancy::n_plus_1, 1};

  /// Transformer rating = design load through it x margin / N. 1.25 follows the NEC practice of sizing
  /// feeders for 125 % of the continuous load [estimate for transformers].
  double transformer_design_margin = 1.25;
  /// UPS rating = design load x margin / N. 1.0: the critical IT capacity of a hall *is* its UPS
  /// capacity (plus the PDU losses downstream).
  double ups_design_margin = 1.0;
  /// Real power / apparent power seen by the transformers (sizes VA ratings).
  double power_factor = 1.0;

  // MV→LV transformers (both branches): nameplate efficiency at a per-unit load, and where the
  // efficiency peaks; defaults from mv_unit_substation_nameplate().
  double mv_transformer_efficiency = 0.993;
  double mv_transformer_per_unit_load = 0.5;
  double mv_transformer_max_efficiency_load = 0.5;
  /// Winding temperature correction for all transformers (off: f_T = 1).
  std::optional<TransformerTemperatureCorrection> transformer_temperature_correction;

  /// An LV dry-type transformer in each PDU (480 → 208/120 V), at the 10 CFR 431.196 minimum
  /// efficiency for its size. Off by default: 415/240 V distribution needs none.
  bool pdu_transformer = false;
  double pdu_efficiency = 0.99;   ///< PDU + busway + cabling [estimate: 0.5-1.5 % loss, unverified industry range]
  double pdu_i2r_fraction = 0.0;  ///< I^2 R loss of one PDU unit at its rating, fraction of that rating
  double switchboard_efficiency = 0.995; ///< mechanical switchboard + feeders [estimate]

  int rack_groups = 1; ///< IT leaves, each with its own PDU stage; set_it_load splits evenly
};

/// One vertex of the tree. For stages, `unit` is the model of ONE unit.
struct PowerElement {
  std::string name;
  ElementKind kind = ElementKind::utility;
  LossCategory category = LossCategory::none;
  Branch branch = Branch::root;
  int installed_units = 1;
  double unit_rating_w = 0; ///< real-power rating of one unit (0 for the utility and the loads)
  std::variant<std::monostate, Transformer, Ups, Pdu> unit;
};

using DistributionGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS, PowerElement>;
using DistributionVertex = boost::graph_traits<DistributionGraph>::vertex_descriptor;

struct ElementLoss {
  std::string name;
  ElementKind kind = ElementKind::utility;
  LossCategory category = LossCategory::none;
  Branch branch = Branch::root;
  int installed_units = 0;
  double unit_rating_w = 0;
  double output_w = 0;
  double input_w = 0;
  double loss_w = 0;
  double unit_load_fraction = 0; ///< output / (installed units x unit rating); > 1 means overload
};

struct Losses {
  double utility_w = 0;    ///< power drawn from the utility
  double total_loss_w = 0; ///< Σ element losses
  double transformer_loss_w = 0;
  double ups_loss_w = 0;
  double pdu_loss_w = 0;   ///< PDUs, busway, switchboard, cabling
  double it_branch_loss_w = 0;
  double mechanical_branch_loss_w = 0;
  double it_w = 0, cooling_w = 0, other_w = 0; ///< the loads this result was computed for
  std::vector<ElementLoss> elements; ///< loss-bearing stages, leaves first (post-order)

  /// Facility part of the utility → IT efficiency: IT / (IT + IT-branch losses). PSU losses are
  /// inside IT and not in this number.
  [[nodiscard]] double it_path_efficiency() const {
    return it_w > 0 ? it_w / (it_w + it_branch_loss_w) : 0.0;
  }
};

class PowerDistribution {
public:
  explicit PowerDistribution(const DistributionConfig& config);

  /// Total IT load, split evenly over the rack groups.
  void set_it_load(double w);
  /// One rack group's load (the others keep theirs).
  void set_rack_group_load(std::size_t group, double w);
  void set_cooling_load(double w);
  void set_other_load(double w);
  void set_loads(double it_w, double cooling_w, double other_w);
  /// Ambient around the transformers, used only with a temperature correction.
  void set_transformer_ambient_c(double c) { ambient_c_ = c; }

  /// Walks the tree leaves → utility in the precomputed post-order. No allocation; the returned
  /// reference stays valid (and is overwritten) until the next call.
  const Losses& compute();
  /// set_loads + compute; returns the total loss.
  double loss_w(double it_w, double cooling_w, double other_w);

  [[nodiscard]] const DistributionGraph& graph() const { return graph_; }
  [[nodiscard]] DistributionVertex utility_vertex() const { return root_; }
  [[nodiscard]] std::size_t rack_groups() const { return rack_group_vertices_.size(); }
  [[nodiscard]] const DistributionConfig& config() const { return config_; }
  /// Post-order (children before parents) used by compute().
  [[nodiscard]] const std::vector<DistributionVertex>& order() const { return order_; }

private:
  DistributionVertex add(DistributionVertex parent, PowerElement e);
  void set_leaf(DistributionVertex v, double w);

  DistributionConfig config_;
  DistributionGraph graph_;
  DistributionVertex root_{};
  std::vector<DistributionVertex> rack_group_vertices_;
  DistributionVertex cooling_vertex_{};
  DistributionVertex other_vertex_{};

  static constexpr std::size_t kNoParent = static_cast<std::size_t>(-1);
  std::vector<DistributionVertex> order_;
  std::vector<std::size_t> parent_;     ///< by vertex; kNoParent for the root
  std::vector<std::size_t> slot_;       ///< by vertex: index into losses_.elements, or kNoParent
  std::vector<double> leaf_load_w_;     ///< by vertex
  std::vector<double> out_w_;           ///< by vertex, scratch
  double ambient_c_ = 20.0;
  Losses losses_;
};

} // namespace wattsim::models
