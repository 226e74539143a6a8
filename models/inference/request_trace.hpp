#pragma once
// A request trace, parsed from CSV text by a pure parser (tools/ opens the file and turns TraceError into
// a file:line message). Two forms, told apart by the header:
//   timestamp_s[,prompt_tokens,output_tokens]          one request per row, times non-decreasing
//   start_s,rate_rps[,prompt_tokens,output_tokens]     a step function of the arrival rate; each row holds
//                                                      until the next, the last one for ever
// '#' starts a comment line; blank lines are skipped. Token columns are means for rate rows.
// Per-interval queries are O(log rows) through prefix sums: no per-request loop at simulation time.

#include <cstddef>
#include <istream>
#include <stdexcept>
#include <string>
#include <vector>

namespace wattsim::models::inference {

class TraceError : public std::runtime_error {
public:
  /// what() is "line N: message" (just the message when line is 0).
  TraceError(std::size_t line, std::string column, std::string message)
      : std::runtime_error(line > 0 ? "line " + std::to_string(line) + ": " + message : message), line_(line),
        column_(std::move(column)), message_(std::move(message)) {}
  [[nodiscard]] std::size_t line() const { return line_; }            ///< 1-based line of the input
  [[nodiscard]] const std::string& column() const { return column_; } ///< offending column, "" if none
  [[nodiscard]] const std::string& message() const { return message_; } ///< without the line

private:
  std::size_t line_;
  std::string column_;
  std::string message_;
};

enum class TraceKind { timestamps, rates };

/// What a trace says about one interval [t0, t1).
struct TraceInterval {
  double requests = 0;          ///< count (timestamps) or integral of the rate (rates)
  double mean_prompt_tokens = 0; ///< request-weighted mean; 0 when the trace has no token columns
  double mean_output_tokens = 0;
  bool has_tokens = false;
};

class RequestTrace {
public:
  /// Throws TraceError (line, column, message) on a bad header, a non-number, a negative value, a
  /// decreasing time, a wrong column count, or an empty trace.
  static RequestTrace parse(std::istream& in);

  /// The same from vectors (token vectors empty, or one value per row). Throws std::invalid_argument on
  /// an empty trace, a negative or non-finite value, times out of order, or vectors of different lengths.
  static RequestTrace from_timestamps(std::vector<double> time_s, std::vector<double> prompt_tokens = {},
                                      std::vector<double> output_tokens = {});
  static RequestTrace from_rates(std::vector<double> start_s, std::vector<double> rate_rps,
                                 std::vector<double> prompt_tokens = {}, std::vector<double> output_tokens = {});

  [[nodiscard]] TraceKind kind() const { return kind_; }
  [[nodiscard]] bool has_tokens() const { return has_tokens_; }
  [[nodiscard]] std::size_t rows() const { return time_s_.size(); }
  [[nodiscard]] double first_time_s() const { return time_s_.front(); }
  [[nodiscard]] double last_time_s() const { return time_s_.back(); }

  /// Requests and token means of [t0, t1). Does not allocate.
  [[nodiscard]] TraceInterval interval(double t0_s, double t1_s) const;

private:
  // Cumulative requests, prompt tokens and output tokens at time t (requests before t).
  struct Cumulative {
    double requests = 0, prompt = 0, output = 0;
  };
  [[nodiscard]] Cumulative cumulative_at(double t_s) const;
  void build_prefix_sums();
  static RequestTrace from_vectors(TraceKind kind, std::vector<double> time_s, std::vector<double> rate_rps,
                                   std::vector<double> prompt_tokens, std::vector<double> output_tokens);

  TraceKind kind_ = TraceKind::timestamps;
  bool has_tokens_ = false;
  std::vector<double> time_s_;
  std::vector<double> rate_rps_;     // rates only
  std::vector<double> prompt_tokens_; // per row (rates: mean per request)
  std::vector<double> output_tokens_;
  std::vector<Cumulative> cumulative_; // at time_s_[i] (before row i)
};

} // namespace wattsim::models::inference
