#include "models/inference/request_trace.hpp"

#include "models/common/csv_fields.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fmt/format.h>
#include <string_view>

namespace wattsim::models::inference {

namespace {

using csv::split;
using csv::trim;

double number(std::string_view field, std::size_t line, const std::string& column) {
  double v = 0;
  const auto* end = field.data() + field.size();
  auto [ptr, ec] = std::from_chars(field.data(), end, v);
  if (field.empty() || ec != std::errc() || ptr != end || !std::isfinite(v))
    throw TraceError(line, column, fmt::format("column '{}': '{}' is not a finite number", column, field));
  if (v < 0)
    throw TraceError(line, column, fmt::format("column '{}': {} must be >= 0", column, v));
  return v;
}

} // namespace

RequestTrace RequestTrace::parse(std::istream& in) {
  RequestTrace t;
  std::vector<std::string> columns;
  std::string raw;
  std::size_t line = 0;
  while (std::getline(in, raw)) {
    ++line;
    const std::string_view text = trim(raw);
    if (text.empty() || text.front() == '#')
      continue;
    const auto fields = split(text);
    if (columns.empty()) {
      for (auto f : fields)
        columns.emplace_back(f);
      const bool tokens3 = columns.size() == 3 && columns[1] == "prompt_tokens" && columns[2] == "output_tokens";
      const bool tokens4 = columns.size() == 4 && columns[2] == "prompt_tokens" && columns[3] == "output_tokens";
      if (columns[0] == "timestamp_s" && (columns.size() == 1 || tokens3)) {
        t.kind_ = TraceKind::timestamps;
        t.has_tokens_ = tokens3;
      } else if (columns.size() >= 2 && columns[0] == "start_s" && columns[1] == "rate_rps" &&
                 (columns.size() == 2 || tokens4)) {
        t.kind_ = TraceKind::rates;
        t.has_tokens_ = tokens4;
      } else {
        throw TraceError(line, "", fmt::format("header '{}' is neither 'timestamp_s[,prompt_tokens,output_tokens]' nor "
                                               "'start_s,rate_rps[,prompt_tokens,output_tokens]'",
                                               text));
      }
      continue;
    }
    if (fields.size() != columns.size())
      throw TraceError(line, "", fmt::format("{} fields, the header has {}", fields.size(), columns.size()));
    const double time = number(fields[0], line, columns[0]);
    if (!t.time_s_.empty()) {
      const bool rates = t.kind_ == TraceKind::rates;
      if (rates ? !(time > t.time_s_.back()) : time < t.time_s_.back())
        throw TraceError(line, columns[0],
                         fmt::format("column '{}': {} comes before the previous row's {} (times must {})", columns[0], time,
                                     t.time_s_.back(), rates ? "increase" : "not decrease"));
    }
    t.time_s_.push_back(time);
    std::size_t next = 1;
    if (t.kind_ == TraceKind::rates)
      t.rate_rps_.push_back(number(fields[next++], line, columns[1]));
    if (t.has_tokens_) {
      t.prompt_tokens_.push_back(number(fields[next], line, columns[next]));
      ++next;
      t.output_tokens_.push_back(number(fields[next], line, columns[next]));
    }
  }
  if (columns.empty())
    throw TraceError(line, "", "empty trace: no header");
  if (t.time_s_.empty())
    throw TraceError(line, "", "the trace has a header but no rows");
  t.build_prefix_sums();
  return t;
}

RequestTrace RequestTrace::from_vectors(TraceKind kind, std::vector<double> time_s, std::vector<double> rate_rps,
                                        std::vector<double> prompt_tokens, std::vector<double> output_tokens) {
  const std::size_t n = time_s.size();
  if (n == 0)
    throw std::invalid_argument("request trace: no rows");
  const bool tokens = !prompt_tokens.empty() || !output_tokens.empty();
  if ((kind == TraceKind::rates && rate_rps.size() != n) ||
      (tokens && (prompt_tokens.size() != n || output_tokens.size() != n)))
    throw std::invalid_argument("request trace: the vectors must have one value per row");
  auto check = [](const std::vector<double>& v, const char* what) {
    for (std::size_t i = 0; i < v.size(); ++i)
      if (!(v[i] >= 0) || !std::isfinite(v[i]))
        throw std::invalid_argument(fmt::format("request trace: {} of row {} ({}) must be finite and >= 0", what,
                                                i + 1, v[i]));
  };
  check(time_s, "time");
  check(rate_rps, "rate");
  check(prompt_tokens, "prompt tokens");
  check(output_tokens, "output tokens");
  for (std::size_t i = 1; i < n; ++i)
    if (kind == TraceKind::rates ? !(time_s[i] > time_s[i - 1]) : time_s[i] < time_s[i - 1])
      throw std::invalid_argument(fmt::format("request trace: time of row {} ({}) comes before row {} ({})", i + 1,
                                              time_s[i], i, time_s[i - 1]));
  RequestTrace t;
  t.kind_ = kind;
  t.has_tokens_ = tokens;
  t.time_s_ = std::move(time_s);
  t.rate_rps_ = std::move(rate_rps);
  t.prompt_tokens_ = std::move(prompt_tokens);
  t.output_tokens_ = std::move(output_tokens);
  t.build_prefix_sums();
  return t;
}

RequestTrace RequestTrace::from_timestamps(std::vector<double> time_s, std::vector<double> prompt_tokens,
                                           std::vector<double> output_tokens) {
  return from_vectors(TraceKind::timestamps, std::move(time_s), {}, std::move(prompt_tokens), std::move(output_tokens));
}

RequestTrace RequestTrace::from_rates(std::vector<double> start_s, std::vector<double> rate_rps,
                                      std::vector<double> prompt_tokens, std::vector<double> output_tokens) {
  return from_vectors(TraceKind::rates, std::move(start_s), std::move(rate_rps), std::move(prompt_tokens),
                      std::move(output_tokens));
}

void RequestTrace::build_prefix_sums() {
  // Prefix sums so that an interval is two binary searches.
  const std::size_t n = time_s_.size();
  cumulative_.assign(n + 1, {});
  for (std::size_t i = 0; i < n; ++i) {
    Cumulative c = cumulative_[i];
    if (kind_ == TraceKind::timestamps) {
      c.requests += 1;
      if (has_tokens_) {
        c.prompt += prompt_tokens_[i];
        c.output += output_tokens_[i];
      }
    } else if (i + 1 < n) {
      const double req = rate_rps_[i] * (time_s_[i + 1] - time_s_[i]);
      c.requests += req;
      if (has_tokens_) {
        c.prompt += req * prompt_tokens_[i];
        c.output += req * output_tokens_[i];
      }
    }
    cumulative_[i + 1] = c;
  }
}

RequestTrace::Cumulative RequestTrace::cumulative_at(double t_s) const {
  if (kind_ == TraceKind::timestamps) {
    // Requests strictly before t.
    const auto idx = static_cast<std::size_t>(std::lower_bound(time_s_.begin(), time_s_.end(), t_s) - time_s_.begin());
    return cumulative_[idx];
  }
  if (t_s <= time_s_.front())
    return {};
  const auto idx =
      static_cast<std::size_t>(std::upper_bound(time_s_.begin(), time_s_.end(), t_s) - time_s_.begin()) - 1;
  Cumulative c = cumulative_[idx];
  const double req = rate_rps_[idx] * (t_s - time_s_[idx]);
  c.requests += req;
  if (has_tokens_) {
    c.prompt += req * prompt_tokens_[idx];
    c.output += req * output_tokens_[idx];
  }
  return c;
}

TraceInterval RequestTrace::interval(double t0_s, double t1_s) const {
  TraceInterval r;
  if (!(t1_s > t0_s))
    return r;
  const Cumulative a = cumulative_at(t0_s);
  const Cumulative b = cumulative_at(t1_s);
  r.requests = b.requests - a.requests;
  r.has_tokens = has_tokens_;
  if (has_tokens_ && r.requests > 0) {
    r.mean_prompt_tokens = (b.prompt - a.prompt) / r.requests;
    r.mean_output_tokens = (b.output - a.output) / r.requests;
  }
  return r;
}

} // namespace wattsim::models::inference
