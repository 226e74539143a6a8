#include "tools/experiment/sweep_plan.hpp"

#include "tools/scenario/config_tree.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <numeric>
#include <random>
#include <set>

namespace wattsim::experiment {

using scenario::ConfigNode;
using scenario::InputError;

namespace {

// The most points one axis or sample may have: a typo (`step: 1e-9`) must fail, not exhaust memory.
constexpr std::size_t kMaxAxisPoints = 1'000'000;

void only_keys(const ConfigNode& map, const std::string& path, std::initializer_list<const char*> allowed) {
  for (const auto& [k, v] : map.entries())
    if (std::none_of(allowed.begin(), allowed.end(), [&](const char* a) { return k == a; }))
      throw InputError(v.where(), path + "." + k,
                       fmt::format("unknown key (allowed: {})", fmt::join(allowed.begin(), allowed.end(), ", ")));
}

const ConfigNode& need(const ConfigNode& map, const std::string& key, const std::string& path) {
  const auto* n = map.find(key);
  if (!n || n->is_null())
    throw InputError(map.where(), path + "." + key, "missing");
  return *n;
}

double number(const ConfigNode& n, const std::string& path) {
  if (!n.is_scalar())
    throw InputError(n.where(), path, "expected a number");
  std::size_t used = 0;
  double v = 0;
  try {
    v = std::stod(n.scalar(), &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != n.scalar().size() || !std::isfinite(v))
    throw InputError(n.where(), path, fmt::format("expected a finite number, got '{}'", n.scalar()));
  return v;
}

long integer(const ConfigNode& n, const std::string& path, long lo, long hi) {
  const double v = number(n, path);
  if (v != std::floor(v) || v < static_cast<double>(lo) || v > static_cast<double>(hi))
    throw InputError(n.where(), path, fmt::format("expected an integer from {} to {}, got '{}'", lo, hi, n.scalar()));
  return static_cast<long>(v);
}

std::string key_path(const ConfigNode& n, const std::string& path) {
  if (!n.is_scalar() || n.scalar().empty())
    throw InputError(n.where(), path, "expected a scenario key path (workload.jobs.0.nodes)");
  return n.scalar();
}

/// A value as `--set` reads it: scalars as written, lists and maps in their canonical (JSON) form.
std::string value_text(const ConfigNode& n) {
  if (n.is_scalar())
    return n.scalar();
  if (n.is_null())
    return "~";
  return n.canonical();
}

std::string format_number(double v, const ConfigNode* unit, bool as_integer) {
  const std::string text = as_integer ? fmt::format("{}", std::llround(v)) : fmt::format("{:.12g}", v);
  return unit ? text + " " + unit->scalar() : text;
}

/// The values of a one-key axis: `values`, `range` or `log`.
std::vector<std::string> axis_values(const ConfigNode& a, const std::string& path) {
  const auto* unit = a.find("unit");
  if (unit && !unit->is_scalar())
    throw InputError(unit->where(), path + ".unit", "expected a unit (kW, min, ...)");
  const bool as_integer = a.find("integer") && a.find("integer")->scalar() == "true";
  const int kinds = (a.find("values") != nullptr) + (a.find("range") != nullptr) + (a.find("log") != nullptr);
  if (kinds != 1)
    throw InputError(a.where(), path, "give exactly one of values, range, log");
  std::vector<std::string> out;
  if (const auto* v = a.find("values")) {
    if (!v->is_sequence() || v->items().empty())
      throw InputError(v->where(), path + ".values", "expected a non-empty list");
    for (const auto& item : v->items())
      out.push_back(unit && item.is_scalar() ? item.scalar() + " " + unit->scalar() : value_text(item));
    return out;
  }
  if (const auto* r = a.find("range")) {
    const std::string rp = path + ".range";
    if (!r->is_map())
      throw InputError(r->where(), rp, "expected {from, to, step}");
    only_keys(*r, rp, {"from", "to", "step"});
    const double from = number(need(*r, "from", rp), rp + ".from");
    const double to = number(need(*r, "to", rp), rp + ".to");
    const auto& step_node = need(*r, "step", rp);
    const double step = number(step_node, rp + ".step");
    if (step == 0 || (to - from) / step < 0)
      throw InputError(step_node.where(), rp + ".step", "must be non-zero and lead from 'from' to 'to'");
    const double count = std::floor((to - from) / step * (1 + 1e-12)) + 1; // 'to' included when reached
    if (count > static_cast<double>(kMaxAxisPoints))
      throw InputError(step_node.where(), rp + ".step", fmt::format("gives {:.0f} values (at most {})", count, kMaxAxisPoints));
    for (long i = 0; i < static_cast<long>(count); ++i)
      out.push_back(format_number(from + static_cast<double>(i) * step, unit, as_integer));
    return out;
  }
  const auto& l = *a.find("log");
  const std::string lp = path + ".log";
  if (!l.is_map())
    throw InputError(l.where(), lp, "expected {from, to, count}");
  only_keys(l, lp, {"from", "to", "count"});
  const auto& from_node = need(l, "from", lp);
  const double from = number(from_node, lp + ".from");
  const double to = number(need(l, "to", lp), lp + ".to");
  const long count = integer(need(l, "count", lp), lp + ".count", 1, static_cast<long>(kMaxAxisPoints));
  if (from <= 0 || to <= 0)
    throw InputError(from_node.where(), lp, "a log range needs positive from and to");
  for (long i = 0; i < count; ++i) {
    const double f = count == 1 ? 0.0 : static_cast<double>(i) / static_cast<double>(count - 1);
    out.push_back(format_number(from * std::pow(to / from, f), unit, as_integer));
  }
  return out;
}

Axis single_axis(const ConfigNode& a, const std::string& path) {
  only_keys(a, path, {"key", "values", "range", "log", "unit", "integer"});
  Axis axis;
  axis.keys.push_back(key_path(need(a, "key", path), path + ".key"));
  for (auto& v : axis_values(a, path))
    axis.points.push_back({std::move(v)});
  return axis;
}

Axis zip_axis(const ConfigNode& z, const std::string& path) {
  if (!z.is_sequence() || z.items().size() < 2)
    throw InputError(z.where(), path, "expected a list of at least two axes of equal length");
  Axis axis;
  for (std::size_t i = 0; i < z.items().size(); ++i) {
    const auto& item = z.items()[i];
    const std::string ip = fmt::format("{}.{}", path, i);
    if (!item.is_map())
      throw InputError(item.where(), ip, "expected {key, values|range|log}");
    auto one = single_axis(item, ip);
    if (i == 0)
      axis.points.resize(one.points.size());
    if (one.points.size() != axis.points.size())
      throw InputError(item.where(), ip,
                       fmt::format("has {} values where the first zipped axis has {}", one.points.size(), axis.points.size()));
    axis.keys.push_back(one.keys.front());
    for (std::size_t p = 0; p < one.points.size(); ++p)
      axis.points[p].push_back(one.points[p].front());
  }
  return axis;
}

/// A uniform number in [0, 1) from 53 random bits: the same on every platform for a seed (the
/// standard distributions are implementation-defined).
double unit_uniform(std::mt19937_64& rng) { return static_cast<double>(rng() >> 11) * 0x1p-53; }

/// Random or Latin-hypercube samples (M. D. McKay, R. J. Beckman, W. J. Conover, "A comparison of
/// three methods for selecting values of input variables in the analysis of output from a computer
/// code", Technometrics 21(2), 1979: each parameter's range cut into `count` equal strata, one
/// sample in each, strata paired at random across parameters).
Axis sample_axis(const ConfigNode& s, const std::string& path) {
  if (!s.is_map())
    throw InputError(s.where(), path, "expected {method, count, seed, parameters}");
  only_keys(s, path, {"method", "count", "seed", "parameters"});
  const auto& method_node = need(s, "method", path);
  const std::string method = method_node.scalar();
  if (method != "random" && method != "latin-hypercube")
    throw InputError(method_node.where(), path + ".method", fmt::format("'{}': expected random or latin-hypercube", method));
  const long count = integer(need(s, "count", path), path + ".count", 1, static_cast<long>(kMaxAxisPoints));
  const long seed = integer(need(s, "seed", path), path + ".seed", 0, (1L << 53));
  const auto& params = need(s, "parameters", path);
  if (!params.is_sequence() || params.items().empty())
    throw InputError(params.where(), path + ".parameters", "expected a list of {key, from, to}");
  std::mt19937_64 rng(static_cast<std::uint64_t>(seed));
  Axis axis;
  axis.points.resize(static_cast<std::size_t>(count));
  for (std::size_t i = 0; i < params.items().size(); ++i) {
    const auto& p = params.items()[i];
    const std::string pp = fmt::format("{}.parameters.{}", path, i);
    if (!p.is_map())
      throw InputError(p.where(), pp, "expected {key, from, to}");
    only_keys(p, pp, {"key", "from", "to", "log", "unit", "integer"});
    axis.keys.push_back(key_path(need(p, "key", pp), pp + ".key"));
    const auto& from_node = need(p, "from", pp);
    const double from = number(from_node, pp + ".from");
    const double to = number(need(p, "to", pp), pp + ".to");
    const bool log = p.find("log") && p.find("log")->scalar() == "true";
    const bool as_integer = p.find("integer") && p.find("integer")->scalar() == "true";
    if (log && (from <= 0 || to <= 0))
      throw InputError(from_node.where(), pp, "a log parameter needs positive from and to");
    std::vector<std::size_t> strata(static_cast<std::size_t>(count));
    std::iota(strata.begin(), strata.end(), 0);
    if (method == "latin-hypercube")
      for (std::size_t k = strata.size(); k > 1; --k) // Fisher-Yates, with the portable draw above
        std::swap(strata[k - 1], strata[static_cast<std::size_t>(unit_uniform(rng) * static_cast<double>(k))]);
    for (std::size_t k = 0; k < strata.size(); ++k) {
      const double u = method == "random" ? unit_uniform(rng)
                                          : (static_cast<double>(strata[k]) + unit_uniform(rng)) / static_cast<double>(count);
      const double v = log ? from * std::pow(to / from, u) : from + u * (to - from);
      axis.points[k].push_back(format_number(v, p.find("unit"), as_integer));
    }
  }
  return axis;
}

} // namespace

Axis axis_from_vary(const std::string& text) {
  const auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 == text.size())
    throw InputError({"--vary " + text, 0, 0}, "", "expected key.path=v1,v2,...");
  Axis a{{text.substr(0, eq)}, {}};
  std::string cur;
  int depth = 0;
  for (char ch : text.substr(eq + 1)) {
    if (ch == '[' || ch == '{')
      ++depth;
    if (ch == ']' || ch == '}')
      --depth;
    if (ch == ',' && depth == 0) {
      a.points.push_back({cur});
      cur.clear();
    } else {
      cur.push_back(ch);
    }
  }
  a.points.push_back({cur});
  return a;
}

SweepPlan load_sweep_file(const std::string& path) {
  const ConfigNode root = scenario::load_yaml_file(path);
  if (!root.is_map())
    throw InputError(root.where(), "", "a sweep file is a map (scenario, axes, seeds, outputs)");
  only_keys(root, "sweep", {"scenario", "set", "axes", "seeds", "first_seed", "outputs", "confidence"});
  SweepPlan plan;
  const auto& sc = need(root, "scenario", "sweep");
  if (!sc.is_scalar())
    throw InputError(sc.where(), "scenario", "expected the path of the base scenario");
  plan.scenario_path = scenario::resolve_path(sc);
  if (const auto* set = root.find("set")) {
    if (!set->is_map())
      throw InputError(set->where(), "set", "expected a map of key.path: value");
    for (const auto& [k, v] : set->entries())
      plan.overrides.push_back(k + "=" + value_text(v));
  }
  if (const auto* axes = root.find("axes")) {
    if (!axes->is_sequence())
      throw InputError(axes->where(), "axes", "expected a list of axes");
    std::set<std::string> seen;
    for (std::size_t i = 0; i < axes->items().size(); ++i) {
      const auto& a = axes->items()[i];
      const std::string ap = fmt::format("axes.{}", i);
      if (!a.is_map())
        throw InputError(a.where(), ap, "expected {key, values|range|log}, {zip: [...]} or {sample: {...}}");
      Axis axis;
      if (const auto* z = a.find("zip")) {
        only_keys(a, ap, {"zip"});
        axis = zip_axis(*z, ap + ".zip");
      } else if (const auto* s = a.find("sample")) {
        only_keys(a, ap, {"sample"});
        axis = sample_axis(*s, ap + ".sample");
      } else {
        axis = single_axis(a, ap);
      }
      for (const auto& k : axis.keys)
        if (!seen.insert(k).second)
          throw InputError(a.where(), ap, fmt::format("'{}' is already an axis", k));
      plan.axes.push_back(std::move(axis));
    }
  }
  if (const auto* s = root.find("seeds"))
    plan.seeds = static_cast<int>(integer(*s, "seeds", 1, 1'000'000));
  if (const auto* s = root.find("first_seed"))
    plan.first_seed = static_cast<std::uint64_t>(integer(*s, "first_seed", 0, (1L << 53)));
  if (const auto* o = root.find("outputs")) {
    if (!o->is_sequence() || o->items().empty())
      throw InputError(o->where(), "outputs", "expected a list of summary keys (it_energy_kwh, jobs.0.time_to_train_s)");
    for (std::size_t i = 0; i < o->items().size(); ++i)
      plan.outputs.push_back(key_path(o->items()[i], fmt::format("outputs.{}", i)));
  }
  if (const auto* c = root.find("confidence")) {
    plan.confidence = number(*c, "confidence");
    if (plan.confidence <= 0 || plan.confidence >= 1)
      throw InputError(c->where(), "confidence", "expected a level between 0 and 1 (0.95)");
  }
  double total = plan.seeds;
  for (const auto& a : plan.axes)
    total *= static_cast<double>(a.points.size());
  if (total > static_cast<double>(kMaxAxisPoints))
    throw InputError(root.where(), "axes", fmt::format("{:.0f} runs (at most {})", total, kMaxAxisPoints));
  return plan;
}

std::vector<Point> expand_points(const SweepPlan& plan) {
  std::vector<Point> points = {{axis_keys(plan), {}}};
  for (const auto& axis : plan.axes) {
    std::vector<Point> next;
    for (const auto& p : points)
      for (const auto& values : axis.points) {
        auto q = p;
        q.values.insert(q.values.end(), values.begin(), values.end());
        next.push_back(std::move(q));
      }
    points = std::move(next);
  }
  return points;
}

std::vector<std::string> axis_keys(const SweepPlan& plan) {
  std::vector<std::string> keys;
  for (const auto& a : plan.axes)
    keys.insert(keys.end(), a.keys.begin(), a.keys.end());
  return keys;
}

} // namespace wattsim::experiment
