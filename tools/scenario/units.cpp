#include "tools/scenario/units.hpp"

#include "tools/scenario/shown_token.hpp"

#include <cctype>
#include <charconv>
#include <cstdlib>
#include <cmath>
#include <fmt/format.h>
#include <map>
#include <vector>

namespace wattsim::scenario {

namespace {

// Largest exponent of a unit symbol or of a base dimension in a unit ("m^3", "kW^-1").
constexpr int kMaxUnitExponent = 12;

struct Unit {
  double factor;
  Dimension dim;
  bool prefixable;
  bool binary_prefixes = false;
};

constexpr Dimension kNone{0, 0, 0, 0, 0, 0, 0};
constexpr Dimension kPower{2, 1, -3, 0, 0, 0, 0};
constexpr Dimension kEnergy{2, 1, -2, 0, 0, 0, 0};
constexpr Dimension kTime{0, 0, 1, 0, 0, 0, 0};
constexpr Dimension kByte{0, 0, 0, 0, 1, 0, 0};
constexpr Dimension kFlop{0, 0, 0, 0, 0, 1, 0};
constexpr Dimension kMass{0, 1, 0, 0, 0, 0, 0};
constexpr Dimension kMoney{0, 0, 0, 0, 0, 0, 1};
constexpr Dimension kLength{1, 0, 0, 0, 0, 0, 0};
constexpr Dimension kVolume{3, 0, 0, 0, 0, 0, 0};
constexpr Dimension kPressure{-1, 1, -2, 0, 0, 0, 0};
constexpr Dimension kFrequency{0, 0, -1, 0, 0, 0, 0};
constexpr Dimension kTemperature{0, 0, 0, 1, 0, 0, 0};

const std::map<std::string, Unit, std::less<>>& unit_table() {
  static const std::map<std::string, Unit, std::less<>> table = {
      {"W", {1.0, kPower, true}},
      {"J", {1.0, kEnergy, true}},
      {"Wh", {3600.0, kEnergy, true}},
      {"s", {1.0, kTime, true}},
      {"min", {60.0, kTime, false}},
      {"h", {3600.0, kTime, false}},
      {"d", {86400.0, kTime, false}},
      {"wk", {604800.0, kTime, false}},
      {"y", {365.0 * 86400.0, kTime, false}},
      {"yr", {365.0 * 86400.0, kTime, false}},
      {"B", {1.0, kByte, true, true}},
      {"b", {0.125, kByte, true}},
      {"bit", {0.125, kByte, true}},
      {"FLOP", {1.0, kFlop, true}},
      {"OP", {1.0, kFlop, true}},
      {"g", {1e-3, kMass, true}},
      {"t", {1000.0, kMass, false}},
      {"$", {1.0, kMoney, false}},
      {"USD", {1.0, kMoney, false}},
      {"EUR", {1.0, kMoney, false}},
      {"€", {1.0, kMoney, false}},
      {"GBP", {1.0, kMoney, false}},
      {"£", {1.0, kMoney, false}},
      {"ct", {0.01, kMoney, false}},
      {"m", {1.0, kLength, false}},
      {"m3", {1.0, kVolume, false}},
      {"m³", {1.0, kVolume, false}},
      {"L", {1e-3, kVolume, true}},
      {"l", {1e-3, kVolume, true}},
      {"gal", {3.785411784e-3, kVolume, false}},
      {"Pa", {1.0, kPressure, true}},
      {"bar", {1e5, kPressure, false}},
      {"Hz", {1.0, kFrequency, true}},
      {"U", {1.0, kNone, false}},
      {"%", {0.01, kNone, false}},
  };
  return table;
}

const std::vector<std::pair<std::string_view, double>>& decimal_prefixes() {
  static const std::vector<std::pair<std::string_view, double>> p = {
      {"k", 1e3}, {"M", 1e6}, {"G", 1e9}, {"T", 1e12}, {"P", 1e15}, {"E", 1e18}, {"Z", 1e21}, {"Y", 1e24},
      {"m", 1e-3}, {"u", 1e-6}, {"µ", 1e-6}};
  return p;
}

const std::vector<std::pair<std::string_view, double>>& binary_prefixes() {
  static const std::vector<std::pair<std::string_view, double>> p = {
      {"Ki", 1024.0}, {"Mi", 1048576.0}, {"Gi", 1073741824.0}, {"Ti", 1099511627776.0},
      {"Pi", 1125899906842624.0}, {"Ei", 1152921504606846976.0}};
  return p;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())))
    s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())))
    s.remove_suffix(1);
  return s;
}

// Carbon units are written with the gas: kgCO2e/kWh, tCO2e, gCO2/kWh.
std::string strip_gas(std::string_view sym) {
  for (std::string_view gas : {"CO2e", "CO2eq", "CO2"}) {
    if (sym.size() > gas.size() && sym.substr(sym.size() - gas.size()) == gas)
      return std::string(sym.substr(0, sym.size() - gas.size()));
  }
  return std::string(sym);
}

std::optional<Unit> lookup_symbol(std::string_view raw) {
  const std::string sym = strip_gas(raw);
  const auto& table = unit_table();
  if (auto it = table.find(sym); it != table.end())
    return it->second;
  // A bare number of "units" in the sense of a power of ten prefix: kW, MWh, TB/s, GiB, PFLOP.
  for (const auto* prefixes : {&binary_prefixes(), &decimal_prefixes()}) {
    for (const auto& [prefix, scale] : *prefixes) {
      if (sym.size() <= prefix.size() || sym.compare(0, prefix.size(), prefix) != 0)
        continue;
      auto it = table.find(std::string_view(sym).substr(prefix.size()));
      if (it == table.end() || !it->second.prefixable)
        continue;
      if (prefixes == &binary_prefixes() && !it->second.binary_prefixes)
        continue;
      Unit u = it->second;
      u.factor *= scale;
      return u;
    }
  }
  return std::nullopt;
}

// Parses a product of symbols joined by '*', '·' or spaces, with optional integer powers "m^3".
bool parse_product(std::string_view text, int sign, double& factor, Dimension& dim, std::string& error) {
  std::string token;
  auto flush = [&]() -> bool {
    if (token.empty())
      return true;
    int power = 1;
    if (auto caret = token.find('^'); caret != std::string::npos) {
      // A small whole exponent: units need at most cubes, and a bounded exponent cannot overflow the
      // dimension arithmetic below (issue 12: "W^-2147483648").
      const std::string_view digits = std::string_view(token).substr(caret + 1);
      const char* first = digits.data();
      if (!digits.empty() && digits.front() == '+')
        ++first;
      const auto [end, ec] = std::from_chars(first, digits.data() + digits.size(), power);
      if (ec != std::errc() || end != digits.data() + digits.size() || power < -kMaxUnitExponent ||
          power > kMaxUnitExponent) {
        error = fmt::format("bad exponent in unit '{}': a whole number from -{} to {}", shown_token(token), kMaxUnitExponent,
                            kMaxUnitExponent);
        return false;
      }
      token.resize(caret);
    }
    auto u = lookup_symbol(token);
    if (!u) {
      error = fmt::format("unknown unit '{}'", shown_token(token));
      return false;
    }
    factor *= std::pow(u->factor, sign * power);
    if (!std::isfinite(factor) || factor == 0.0) {
      error = fmt::format("the unit '{}' is too large or too small a scale", std::string(text));
      return false;
    }
    for (std::size_t i = 0; i < dim.size(); ++i) {
      dim[i] += sign * power * u->dim[i];
      if (std::abs(dim[i]) > kMaxUnitExponent) {
        error = fmt::format("the unit '{}' has a dimension exponent beyond {}", std::string(text), kMaxUnitExponent);
        return false;
      }
    }
    token.clear();
    return true;
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '*' || c == ' ') {
      if (!flush())
        return false;
    } else if (text.compare(i, 2, "·") == 0) {
      if (!flush())
        return false;
      ++i;
    } else {
      token.push_back(c);
    }
  }
  return flush();
}

struct Split {
  std::string_view number;
  std::string_view unit;
};

Split split_number(std::string_view s) {
  std::size_t i = 0;
  auto digit = [&](std::size_t k) { return k < s.size() && std::isdigit(static_cast<unsigned char>(s[k])); };
  if (i < s.size() && (s[i] == '+' || s[i] == '-'))
    ++i;
  while (digit(i) || (i < s.size() && (s[i] == ',' || s[i] == '_') && digit(i + 1)))
    ++i;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (digit(i))
      ++i;
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    std::size_t j = i + 1;
    if (j < s.size() && (s[j] == '+' || s[j] == '-'))
      ++j;
    if (digit(j)) {
      i = j;
      while (digit(i))
        ++i;
    }
  }
  return {trim(s.substr(0, i)), trim(s.substr(i))};
}

bool temperature_unit(std::string_view unit, double& scale, double& offset_to_c) {
  if (unit == "C" || unit == "°C" || unit == "degC") {
    scale = 1.0;
    offset_to_c = 0.0;
  } else if (unit == "K") {
    scale = 1.0;
    offset_to_c = -273.15;
  } else if (unit == "F" || unit == "°F" || unit == "degF") {
    scale = 5.0 / 9.0;
    offset_to_c = -32.0 * 5.0 / 9.0;
  } else {
    return false;
  }
  return true;
}

} // namespace

std::optional<double> parse_number(std::string_view text) {
  text = trim(text);
  double scale = 1.0;
  if (!text.empty() && text.back() == '%') {
    scale = 0.01;
    text = trim(text.substr(0, text.size() - 1));
  }
  auto [num, rest] = split_number(text);
  if (num.empty() || !rest.empty())
    return std::nullopt;
  // Digit groups must be of three ("1,082,990"), so "1,5" is not read as 15.
  std::string clean;
  std::size_t since_sep = 0;
  bool grouped = false;
  for (char c : num) {
    if (c == ',' || c == '_') {
      if (grouped && since_sep != 3)
        return std::nullopt;
      grouped = true;
      since_sep = 0;
      continue;
    }
    if (c == '.' || c == 'e' || c == 'E') {
      if (grouped && since_sep != 3)
        return std::nullopt;
      grouped = false;
    }
    clean.push_back(c);
    ++since_sep;
  }
  if (grouped && since_sep != 3)
    return std::nullopt;
  try {
    std::size_t used = 0;
    const double v = std::stod(clean, &used);
    if (used != clean.size() || !std::isfinite(v))
      return std::nullopt;
    return v * scale;
  } catch (...) {
    return std::nullopt;
  }
}

std::optional<ParsedQuantity> parse_quantity(std::string_view text, std::string& error) {
  auto [num, unit] = split_number(trim(text));
  auto value = parse_number(num);
  if (!value) {
    error = fmt::format("'{}' does not start with a number", shown_token(text));
    return std::nullopt;
  }
  ParsedQuantity q;
  q.value_si = *value;
  if (unit.empty())
    return q;
  double scale = 1.0, offset = 0.0;
  if (temperature_unit(unit, scale, offset)) {
    q.value_si = *value;
    q.dimension = kTemperature;
    return q;
  }
  double factor = 1.0;
  Dimension dim{};
  const auto slash = unit.find('/');
  if (!parse_product(unit.substr(0, slash), +1, factor, dim, error))
    return std::nullopt;
  if (slash != std::string_view::npos) {
    std::string_view rest = unit.substr(slash + 1);
    while (!rest.empty()) {
      const auto next = rest.find('/');
      if (!parse_product(rest.substr(0, next), -1, factor, dim, error))
        return std::nullopt;
      if (next == std::string_view::npos)
        break;
      rest = rest.substr(next + 1);
    }
  }
  q.value_si = *value * factor;
  q.dimension = dim;
  if (!std::isfinite(q.value_si)) {
    error = fmt::format("'{}' is too large: beyond the range of numbers", text);
    return std::nullopt;
  }
  return q;
}

std::optional<double> to_si(std::string_view text, const QuantityKind& kind, std::string& error) {
  text = trim(text);
  if (kind.dimension == kTemperature) {
    auto [num, unit] = split_number(text);
    auto value = parse_number(num);
    double scale = 1.0, offset = 0.0;
    if (!value) {
      error = fmt::format("'{}' is not {} like '{}'", shown_token(text), article_name(kind), kind.example);
      return std::nullopt;
    }
    if (unit.empty()) {
      error = fmt::format("'{}' has no unit; write {} like '{}'", shown_token(text), article_name(kind), kind.example);
      return std::nullopt;
    }
    if (!temperature_unit(unit, scale, offset)) {
      error = fmt::format("'{}' is not {}: use C, K or F, like '{}'", shown_token(text), article_name(kind), kind.example);
      return std::nullopt;
    }
    const bool difference = kind.name == kinds::temperature_difference.name;
    return difference ? *value * scale : *value * scale + offset;
  }
  auto q = parse_quantity(text, error);
  if (!q) {
    error = fmt::format("{}; expected {} like '{}'", error, article_name(kind), kind.example);
    return std::nullopt;
  }
  const bool plain = split_number(text).unit.empty();
  if (kind.dimension == kNone) {
    if (q->dimension != kNone) {
      error = fmt::format("'{}' has a unit of {}, but a plain number is expected (like '{}')", shown_token(text),
                          describe_dimension(q->dimension), kind.example);
      return std::nullopt;
    }
    return q->value_si;
  }
  if (plain) {
    error = fmt::format("'{}' has no unit; write {} like '{}'", shown_token(text), article_name(kind), kind.example);
    return std::nullopt;
  }
  if (q->dimension != kind.dimension) {
    error = fmt::format("'{}' is {}, but {} is expected (like '{}')", text, describe_dimension(q->dimension),
                        article_name(kind), kind.example);
    return std::nullopt;
  }
  return q->value_si;
}

std::string article_name(const QuantityKind& kind) {
  const bool vowel = std::string_view("aeiou").find(kind.name[0]) != std::string_view::npos;
  return fmt::format("{} {}", vowel ? "an" : "a", kind.name);
}

std::string describe_dimension(const Dimension& d) {
  static const std::vector<QuantityKind> known = {
      kinds::power,       kinds::energy,     kinds::time,        kinds::data,        kinds::bandwidth,
      kinds::flops,       kinds::flop_rate,  kinds::carbon_intensity, kinds::price,  kinds::money,
      kinds::mass,        kinds::volume,     kinds::volume_flow, kinds::mass_flow,   kinds::pressure,
      kinds::temperature, kinds::dimensionless};
  for (const auto& k : known)
    if (k.dimension == d)
      return article_name(k);
  static const char* base[] = {"m", "kg", "s", "K", "B", "FLOP", "money"};
  std::string out;
  for (std::size_t i = 0; i < d.size(); ++i)
    if (d[i] != 0)
      out += fmt::format("{}{}^{}", out.empty() ? "" : "·", base[i], d[i]);
  return "a quantity in " + out;
}

} // namespace wattsim::scenario
