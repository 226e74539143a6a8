#include "tools/scenario/reader.hpp"
#include "tools/scenario/shown_token.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

namespace wattsim::scenario {

namespace {

std::size_t edit_distance(std::string_view a, std::string_view b) {
  // Damerau-Levenshtein (optimal string alignment): a swapped pair of letters counts once.
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i)
    d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j)
    d[0][j] = j;
  auto lower = [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); };
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t cost = lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2]) && lower(a[i - 2]) == lower(b[j - 1]))
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.size()][b.size()];
}

std::string expected_list(const std::vector<std::string>& allowed) {
  std::string out;
  for (std::size_t i = 0; i < allowed.size(); ++i)
    out += (i ? ", " : "") + allowed[i];
  return out;
}

} // namespace

std::optional<std::string> closest_match(std::string_view word, const std::vector<std::string>& candidates) {
  std::optional<std::string> best;
  std::size_t best_d = std::max<std::size_t>(2, word.size() / 3) + 1;
  for (const auto& c : candidates) {
    const auto dist = edit_distance(word, c);
    if (dist < best_d) {
      best_d = dist;
      best = c;
    }
  }
  return best;
}

std::string format_like(double si, const QuantityKind& kind) {
  if (kind.dimension == kinds::time.dimension && kind.name == kinds::time.name) {
    // Durations read best in the largest unit that keeps them above 1.
    for (auto [unit, s] : {std::pair{"d", 86400.0}, {"h", 3600.0}, {"min", 60.0}})
      if (std::abs(si) >= s)
        return fmt::format("{:g} {}", si / s, unit);
    return fmt::format("{:g} s", si);
  }
  std::string error;
  const std::string_view ex = kind.example;
  const auto space = ex.find(' ');
  if (space == std::string_view::npos)
    return fmt::format("{:g}", si);
  const std::string unit(ex.substr(space + 1));
  if (kind.dimension == kinds::temperature.dimension)
    return fmt::format("{:g} {}", si, unit);
  auto one = parse_quantity("1 " + unit, error);
  if (!one || one->value_si == 0)
    return fmt::format("{:g}", si);
  return fmt::format("{:g} {}", si / one->value_si, unit);
}

const ConfigNode& Reader::empty_map() {
  static const ConfigNode empty = ConfigNode::make_map({});
  return empty;
}

Reader::Reader(const ConfigNode& node, std::string path, Location fallback)
    : node_(&node), fallback_(std::move(fallback)), path_(std::move(path)) {
  if (!node.where().file.empty())
    fallback_ = node.where(); // a null value written in a file (`cluster: ~`) is its own place
  if (node.is_null())
    node_ = &empty_map();
  else if (!node.is_map())
    throw InputError(node.where(), path_, "expected a map of keys (key: value lines)");
}

std::string Reader::key_path(const std::string& key) const { return path_.empty() ? key : path_ + "." + key; }

bool Reader::has(const std::string& key) const {
  known_.insert(key);
  const auto* c = node_->find(key);
  return c && !c->is_null();
}

const Location& Reader::where() const { return node_->where().file.empty() ? fallback_ : node_->where(); }

void Reader::fail(const std::string& key, const std::string& message) const {
  const auto* c = node_->find(key);
  throw InputError(c ? c->where() : where(), key_path(key), message);
}

void Reader::fail_node(const ConfigNode& at, const std::string& key_path, const std::string& message) const {
  throw InputError(at.where(), key_path, message);
}

const ConfigNode* Reader::child(const std::string& key) {
  known_.insert(key);
  const auto* c = node_->find(key);
  return c && !c->is_null() ? c : nullptr;
}

const ConfigNode* Reader::require(const std::string& key, std::string_view expected) {
  const auto* c = child(key);
  if (!c)
    throw InputError(where(), key_path(key), fmt::format("missing; expected {}", expected));
  return c;
}

const ConfigNode* Reader::scalar_child(const std::string& key, std::string_view expected) {
  const auto* c = child(key);
  if (c && !c->is_scalar())
    throw InputError(c->where(), key_path(key), fmt::format("expected {}, found a {}", expected,
                                                            c->is_map() ? "map" : "list"));
  return c;
}

Reader Reader::map(const std::string& key) {
  const auto* c = child(key);
  if (!c)
    return Reader(empty_map(), key_path(key), where());
  return Reader(*c, key_path(key), where());
}

std::string Reader::string(const std::string& key) {
  require(key, "a text value");
  return *optional_string(key);
}

std::optional<std::string> Reader::optional_string(const std::string& key) {
  const auto* c = scalar_child(key, "a text value");
  if (!c)
    return std::nullopt;
  return c->scalar();
}

std::string Reader::string_or(const std::string& key, const std::string& fallback) {
  return optional_string(key).value_or(fallback);
}

std::string Reader::choice(const std::string& key, const std::vector<std::string>& allowed,
                           const std::string& fallback) {
  const auto* c = scalar_child(key, "one of " + expected_list(allowed));
  if (!c)
    return fallback;
  const std::string& v = c->scalar();
  if (std::find(allowed.begin(), allowed.end(), v) != allowed.end())
    return v;
  std::string msg = fmt::format("'{}' is not one of: {}", shown_token(v), expected_list(allowed));
  if (auto guess = closest_match(v, allowed))
    msg += fmt::format(" (did you mean '{}'?)", *guess);
  throw InputError(c->where(), key_path(key), msg);
}

bool Reader::boolean(const std::string& key, bool fallback) {
  const auto* c = scalar_child(key, "true or false");
  if (!c)
    return fallback;
  const std::string& v = c->scalar();
  if (v == "true" || v == "yes" || v == "on")
    return true;
  if (v == "false" || v == "no" || v == "off")
    return false;
  throw InputError(c->where(), key_path(key), fmt::format("'{}' is not true or false", shown_token(v)));
}

double Reader::check_range(const std::string& key, const ConfigNode& at, double v, std::optional<double> lo,
                           std::optional<double> hi, const QuantityKind* kind) const {
  auto show = [&](double x) { return kind ? format_like(x, *kind) : fmt::format("{:g}", x); };
  // Every value is bounded, also where the key gives no bound: the kind's ceiling (plain numbers
  // share the default one), so no input makes a sum or product of the run overflow.
  const double ceiling = kind ? kind->max_si : QuantityKind{}.max_si;
  if (!hi || *hi > ceiling)
    hi = ceiling;
  if (!lo || *lo < -ceiling)
    lo = -ceiling;
  if ((lo && v < *lo) || (hi && v > *hi)) {
    std::string range;
    if (lo && hi)
      range = fmt::format("between {} and {}", show(*lo), show(*hi));
    else if (lo)
      range = fmt::format("at least {}", show(*lo));
    else
      range = fmt::format("at most {}", show(*hi));
    throw InputError(at.where(), key_path(key), fmt::format("'{}' is out of range: must be {}", shown_token(at.scalar()), range));
  }
  return v;
}

std::optional<double> Reader::optional_quantity(const std::string& key, const QuantityKind& kind,
                                                std::optional<double> lo, std::optional<double> hi) {
  const auto* c = scalar_child(key, fmt::format("{} like '{}'", article_name(kind), kind.example));
  if (!c)
    return std::nullopt;
  std::string error;
  auto v = to_si(c->scalar(), kind, error);
  if (!v)
    throw InputError(c->where(), key_path(key), error);
  return check_range(key, *c, *v, lo, hi, &kind);
}

double Reader::quantity(const std::string& key, const QuantityKind& kind, std::optional<double> lo,
                        std::optional<double> hi) {
  require(key, fmt::format("{} like '{}'", article_name(kind), kind.example));
  return *optional_quantity(key, kind, lo, hi);
}

double Reader::quantity_or(const std::string& key, const QuantityKind& kind, double fallback, std::optional<double> lo,
                           std::optional<double> hi) {
  return optional_quantity(key, kind, lo, hi).value_or(fallback);
}

std::optional<double> Reader::optional_number(const std::string& key, std::optional<double> lo,
                                              std::optional<double> hi) {
  const auto* c = scalar_child(key, "a number");
  if (!c)
    return std::nullopt;
  auto v = parse_number(c->scalar());
  if (!v) {
    std::string error;
    auto q = parse_quantity(c->scalar(), error);
    if (q)
      throw InputError(c->where(), key_path(key),
                       fmt::format("'{}' has a unit, but a plain number is expected", shown_token(c->scalar())));
    throw InputError(c->where(), key_path(key), fmt::format("'{}' is not a number", shown_token(c->scalar())));
  }
  return check_range(key, *c, *v, lo, hi, nullptr);
}

double Reader::number(const std::string& key, std::optional<double> lo, std::optional<double> hi) {
  require(key, "a number");
  return *optional_number(key, lo, hi);
}

double Reader::number_or(const std::string& key, double fallback, std::optional<double> lo, std::optional<double> hi) {
  return optional_number(key, lo, hi).value_or(fallback);
}

long long Reader::integer_or(const std::string& key, long long fallback, std::optional<long long> lo,
                             std::optional<long long> hi) {
  const auto* c = scalar_child(key, "a whole number");
  if (!c)
    return fallback;
  auto v = parse_number(c->scalar());
  if (!v || std::floor(*v) != *v || std::abs(*v) > 9e15)
    throw InputError(c->where(), key_path(key), fmt::format("'{}' is not a whole number", shown_token(c->scalar())));
  std::optional<double> dlo, dhi;
  if (lo)
    dlo = static_cast<double>(*lo);
  if (hi)
    dhi = static_cast<double>(*hi);
  return static_cast<long long>(check_range(key, *c, *v, dlo, dhi, nullptr));
}

long long Reader::integer(const std::string& key, std::optional<long long> lo, std::optional<long long> hi) {
  require(key, "a whole number");
  return integer_or(key, 0, lo, hi);
}

std::vector<std::string> Reader::string_list(const std::string& key) {
  const auto* c = child(key);
  std::vector<std::string> out;
  if (!c)
    return out;
  if (c->is_scalar())
    return {c->scalar()};
  if (!c->is_sequence())
    throw InputError(c->where(), key_path(key), "expected a list of names");
  for (const auto& item : c->items()) {
    if (!item.is_scalar())
      throw InputError(item.where(), key_path(key), "expected a list of names");
    out.push_back(item.scalar());
  }
  return out;
}

void Reader::each(const std::string& key, const std::function<void(Reader&, std::size_t)>& f) {
  const auto* c = child(key);
  if (!c)
    return;
  if (!c->is_sequence())
    throw InputError(c->where(), key_path(key), "expected a list (lines starting with '- ')");
  for (std::size_t i = 0; i < c->items().size(); ++i) {
    Reader item(c->items()[i], fmt::format("{}[{}]", key_path(key), i));
    f(item, i);
    item.finish();
  }
}

void Reader::allow(std::initializer_list<std::string_view> keys) {
  for (auto k : keys)
    known_.insert(std::string(k));
}

void Reader::finish() const {
  std::vector<std::string> known(known_.begin(), known_.end());
  for (const auto& [key, value] : node_->entries()) {
    if (known_.count(key))
      continue;
    std::string msg = "unknown key";
    if (auto guess = closest_match(key, known))
      msg += fmt::format("; did you mean '{}'?", *guess);
    else
      msg += fmt::format("; known keys here: {}", expected_list(known));
    // The key's own position is the value's: yaml-cpp marks values; good enough to find the line.
    throw InputError(value.where(), key_path(key), msg);
  }
}

} // namespace wattsim::scenario
