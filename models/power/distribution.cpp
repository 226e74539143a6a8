#include "models/power/distribution.hpp"

#include <boost/graph/depth_first_search.hpp>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <utility>

namespace wattsim::models {

int StageRedundancy::installed_units() const {
  switch (scheme) {
  case Redundancy::n:
    return units_for_capacity;
  case Redundancy::n_plus_1:
    return units_for_capacity + 1;
  case Redundancy::two_n:
    return 2 * units_for_capacity;
  }
  return units_for_capacity;
}

namespace {

void require(bool ok, const char* what) {
  if (!ok)
    throw std::invalid_argument(std::string("power distribution: ") + what);
}

void check_load(double w) {
  if (!(w >= 0) || !std::isfinite(w))
    throw std::invalid_argument("power distribution: loads must be finite and non-negative");
}

/// Loss of a stage of `units` identical units sharing `out_w` equally.
double stage_loss_w(const PowerElement& e, double out_w, double ambient_c) {
  const double units = e.installed_units;
  const double unit_out = out_w / units;
  if (const auto* t = std::get_if<Transformer>(&e.unit))
    return units * t->loss_w(unit_out, ambient_c);
  if (const auto* u = std::get_if<Ups>(&e.unit))
    return units * u->loss_w(unit_out);
  if (const auto* p = std::get_if<Pdu>(&e.unit))
    return units * p->loss_w(unit_out);
  return 0.0;
}

/// Design input of a stage: the N units (redundant units out of service) carrying the design output.
/// This is the condition the upstream equipment must survive, so it sizes the next stage up.
template <class Unit>
double design_input_w(const Unit& unit, int n, double design_out_w) {
  return design_out_w + n * unit.loss_w(design_out_w / n);
}

PowerElement stage(std::string name, ElementKind kind, LossCategory cat, Branch branch, int installed,
                   double unit_rating_w, std::variant<std::monostate, Transformer, Ups, Pdu> unit) {
  PowerElement e;
  e.name = std::move(name);
  e.kind = kind;
  e.category = cat;
  e.branch = branch;
  e.installed_units = installed;
  e.unit_rating_w = unit_rating_w;
  e.unit = std::move(unit);
  return e;
}

PowerElement leaf(std::string name, ElementKind kind, Branch branch) {
  PowerElement e;
  e.name = std::move(name);
  e.kind = kind;
  e.branch = branch;
  e.installed_units = 0;
  return e;
}

struct PostOrderRecorder : boost::default_dfs_visitor {
  std::vector<DistributionVertex>* order;
  std::vector<std::size_t>* parent;
  void tree_edge(boost::graph_traits<DistributionGraph>::edge_descriptor e, const DistributionGraph& g) const {
    (*parent)[boost::target(e, g)] = boost::source(e, g);
  }
  void finish_vertex(DistributionVertex v, const DistributionGraph&) const { order->push_back(v); }
};

} // namespace

DistributionVertex PowerDistribution::add(DistributionVertex parent, PowerElement e) {
  const auto v = boost::add_vertex(std::move(e), graph_);
  boost::add_edge(parent, v, graph_);
  return v;
}

PowerDistribution::PowerDistribution(const DistributionConfig& config) : config_(config) {
  const auto& c = config_;
  require(c.it_capacity_w > 0 && std::isfinite(c.it_capacity_w), "IT capacity must be positive");
  require(c.cooling_capacity_w >= 0 && c.other_capacity_w >= 0, "capacities must be non-negative");
  require(c.cooling_capacity_w + c.other_capacity_w > 0, "the mechanical branch needs a positive capacity");
  for (const auto* s : {&c.it_transformer, &c.ups, &c.pdu, &c.mech_transformer})
    require(s->units_for_capacity >= 1, "each stage needs at least one unit");
  require(c.transformer_design_margin > 0 && c.ups_design_margin > 0, "design margins must be positive");
  require(c.power_factor > 0 && c.power_factor <= 1, "power factor must be in (0, 1]");
  require(c.rack_groups >= 1, "at least one rack group");
  require(c.switchboard_efficiency > 0 && c.switchboard_efficiency <= 1, "switchboard efficiency must be in (0, 1]");

  const auto& tc = c.transformer_temperature_correction;
  auto mv_nameplate = [&](double rating_va) {
    TransformerNameplate np = mv_unit_substation_nameplate(rating_va);
    np.efficiency = c.mv_transformer_efficiency;
    np.per_unit_load = c.mv_transformer_per_unit_load;
    np.max_efficiency_load = c.mv_transformer_max_efficiency_load;
    return np;
  };

  // ---- Sizing, from the loads up: each stage is rated for the design input of the stage below.
  const int groups = c.rack_groups;
  const double group_design_w = c.it_capacity_w / groups;

  const int n_pdu = c.pdu.units_for_capacity;
  const double pdu_unit_w = group_design_w / n_pdu;
  const Pdu pdu_unit(PduParams{c.pdu_efficiency, pdu_unit_w, c.pdu_i2r_fraction * pdu_unit_w});
  double group_design_in_w = design_input_w(pdu_unit, n_pdu, group_design_w);

  std::optional<Transformer> pdu_tx_unit;
  if (c.pdu_transformer) {
    const double s_va = group_design_in_w * c.transformer_design_margin / (n_pdu * c.power_factor);
    pdu_tx_unit.emplace(lv_dry_type_doe2016_nameplate(s_va), c.power_factor, tc);
    group_design_in_w = design_input_w(*pdu_tx_unit, n_pdu, group_design_in_w);
  }

  const int n_ups = c.ups.units_for_capacity;
  const double ups_design_out_w = groups * group_design_in_w;
  const Ups ups_unit(ups_design_out_w * c.ups_design_margin / n_ups, c.ups_mode);
  const double ups_design_in_w = design_input_w(ups_unit, n_ups, ups_design_out_w);

  const int n_itx = c.it_transformer.units_for_capacity;
  const Transformer it_tx_unit(
      mv_nameplate(ups_design_in_w * c.transformer_design_margin / (n_itx * c.power_factor)), c.power_factor, tc);

  const double sb_design_out_w = c.cooling_capacity_w + c.other_capacity_w;
  const Pdu sb_unit(PduParams{c.switchboard_efficiency, 0.0, 0.0});
  const double sb_design_in_w = design_input_w(sb_unit, 1, sb_design_out_w);
  const int n_mtx = c.mech_transformer.units_for_capacity;
  const Transformer mech_tx_unit(
      mv_nameplate(sb_design_in_w * c.transformer_design_margin / (n_mtx * c.power_factor)), c.power_factor, tc);

  // ---- The tree, from the utility down.
  root_ = boost::add_vertex(leaf("utility", ElementKind::utility, Branch::root), graph_);

  const auto it_tx = add(root_, stage("it_transformer", ElementKind::transformer, LossCategory::transformer, Branch::it,
                                      c.it_transformer.installed_units(), it_tx_unit.rating_w(), it_tx_unit));
  const auto ups = add(it_tx, stage("ups", ElementKind::ups, LossCategory::ups, Branch::it, c.ups.installed_units(),
                                    ups_unit.rated_w(), ups_unit));
  for (int g = 0; g < groups; ++g) {
    const std::string id = std::to_string(g);
    auto feed = ups;
    if (pdu_tx_unit)
      feed = add(ups, stage("pdu_transformer_" + id, ElementKind::transformer, LossCategory::transformer, Branch::it,
                            c.pdu.installed_units(), pdu_tx_unit->rating_w(), *pdu_tx_unit));
    const auto pdu = add(feed, stage("pdu_" + id, ElementKind::pdu, LossCategory::pdu, Branch::it,
                                     c.pdu.installed_units(), pdu_unit_w, pdu_unit));
    rack_group_vertices_.push_back(add(pdu, leaf("rack_group_" + id, ElementKind::it_load, Branch::it)));
  }

  const auto mech_tx =
      add(root_, stage("mech_transformer", ElementKind::transformer, LossCategory::transformer, Branch::mechanical,
                       c.mech_transformer.installed_units(), mech_tx_unit.rating_w(), mech_tx_unit));
  const auto sb = add(mech_tx, stage("mech_switchboard", ElementKind::switchboard, LossCategory::pdu,
                                     Branch::mechanical, 1, sb_design_out_w, sb_unit));
  cooling_vertex_ = add(sb, leaf("cooling", ElementKind::cooling_load, Branch::mechanical));
  other_vertex_ = add(sb, leaf("other", ElementKind::other_load, Branch::mechanical));

  // ---- Traversal order, once: a depth-first post-order puts every child before its parent.
  const std::size_t nv = boost::num_vertices(graph_);
  parent_.assign(nv, kNoParent);
  order_.reserve(nv);
  PostOrderRecorder rec;
  rec.order = &order_;
  rec.parent = &parent_;
  std::vector<boost::default_color_type> colors(nv, boost::white_color);
  boost::depth_first_visit(graph_, root_, rec,
                           boost::make_iterator_property_map(colors.begin(), boost::get(boost::vertex_index, graph_)));
  require(order_.size() == nv, "the distribution graph must be a tree reachable from the utility");

  slot_.assign(nv, kNoParent);
  for (auto v : order_) {
    const PowerElement& e = graph_[v];
    if (e.category == LossCategory::none)
      continue;
    slot_[v] = losses_.elements.size();
    ElementLoss el;
    el.name = e.name;
    el.kind = e.kind;
    el.category = e.category;
    el.branch = e.branch;
    el.installed_units = e.installed_units;
    el.unit_rating_w = e.unit_rating_w;
    losses_.elements.push_back(std::move(el));
  }
  leaf_load_w_.assign(nv, 0.0);
  out_w_.assign(nv, 0.0);
}

void PowerDistribution::set_leaf(DistributionVertex v, double w) {
  check_load(w);
  leaf_load_w_[v] = w;
}

void PowerDistribution::set_it_load(double w) {
  check_load(w);
  const double per_group = w / static_cast<double>(rack_group_vertices_.size());
  for (auto v : rack_group_vertices_)
    leaf_load_w_[v] = per_group;
}

void PowerDistribution::set_rack_group_load(std::size_t group, double w) {
  if (group >= rack_group_vertices_.size())
    throw std::out_of_range("power distribution: no such rack group");
  set_leaf(rack_group_vertices_[group], w);
}

void PowerDistribution::set_cooling_load(double w) { set_leaf(cooling_vertex_, w); }
void PowerDistribution::set_other_load(double w) { set_leaf(other_vertex_, w); }

void PowerDistribution::set_loads(double it_w, double cooling_w, double other_w) {
  set_it_load(it_w);
  set_cooling_load(cooling_w);
  set_other_load(other_w);
}

const Losses& PowerDistribution::compute() {
  std::fill(out_w_.begin(), out_w_.end(), 0.0);
  Losses& r = losses_;
  r.total_loss_w = r.transformer_loss_w = r.ups_loss_w = r.pdu_loss_w = 0.0;
  r.it_branch_loss_w = r.mechanical_branch_loss_w = 0.0;
  r.it_w = r.cooling_w = r.other_w = 0.0;

  for (auto v : order_) {
    const PowerElement& e = graph_[v];
    double in_w = 0.0;
    switch (e.kind) {
    case ElementKind::it_load:
      in_w = leaf_load_w_[v];
      r.it_w += in_w;
      break;
    case ElementKind::cooling_load:
      in_w = leaf_load_w_[v];
      r.cooling_w += in_w;
      break;
    case ElementKind::other_load:
      in_w = leaf_load_w_[v];
      r.other_w += in_w;
      break;
    case ElementKind::utility:
      in_w = out_w_[v];
      break;
    default: {
      // A stage: its output is the sum of its children's inputs, accumulated before it in post-order.
      const double out = out_w_[v];
      const double loss = stage_loss_w(e, out, ambient_c_);
      in_w = out + loss;
      ElementLoss& el = r.elements[slot_[v]];
      el.output_w = out;
      el.input_w = in_w;
      el.loss_w = loss;
      el.unit_load_fraction = out / (e.installed_units * e.unit_rating_w);
      r.total_loss_w += loss;
      switch (e.category) {
      case LossCategory::transformer:
        r.transformer_loss_w += loss;
        break;
      case LossCategory::ups:
        r.ups_loss_w += loss;
        break;
      case LossCategory::pdu:
        r.pdu_loss_w += loss;
        break;
      case LossCategory::none:
        break;
      }
      (e.branch == Branch::it ? r.it_branch_loss_w : r.mechanical_branch_loss_w) += loss;
      break;
    }
    }
    const std::size_t p = parent_[v];
    if (p != kNoParent)
      out_w_[p] += in_w;
    else
      r.utility_w = in_w;
  }
  return r;
}

double PowerDistribution::loss_w(double it_w, double cooling_w, double other_w) {
  set_loads(it_w, cooling_w, other_w);
  return compute().total_loss_w;
}

} // namespace wattsim::models
