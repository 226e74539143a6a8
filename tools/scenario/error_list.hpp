#pragma once
// Several input errors of one file, reported together (up to a bound) instead of only the first:
// independent parts of a scenario are read each in attempt(); throw_if_any() throws one InputError
// located at the first error whose message lists the others, one per line.

#include "tools/scenario/config_tree.hpp"

#include <cstddef>
#include <vector>

namespace wattsim::scenario {

class ErrorList {
public:
  /// More errors than this are counted, not listed (a broken file should not flood the terminal).
  static constexpr std::size_t kMaxErrors = 20;

  /// Runs `read`; an InputError it throws is kept. Returns whether it succeeded.
  template <class F> bool attempt(F&& read) {
    try {
      read();
      return true;
    } catch (const InputError& e) {
      add(e);
      return false;
    }
  }
  void add(const InputError& e);
  [[nodiscard]] bool empty() const { return errors_.empty(); }
  /// Throws the first error, with every other one (and how many were left out) in its message.
  void throw_if_any() const;

private:
  std::vector<InputError> errors_;
  std::size_t left_out_ = 0;
};

} // namespace wattsim::scenario
