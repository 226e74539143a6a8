#include "tools/scenario/error_list.hpp"

#include <fmt/format.h>

namespace wattsim::scenario {

void ErrorList::add(const InputError& e) {
  if (errors_.size() < kMaxErrors)
    errors_.push_back(e);
  else
    ++left_out_;
}

void ErrorList::throw_if_any() const {
  if (errors_.empty())
    return;
  if (errors_.size() == 1)
    throw errors_.front();
  const auto& first = errors_.front();
  // Each further error on its own line, prefixed as the command prints the first ("error: ").
  std::string message = first.message();
  for (std::size_t i = 1; i < errors_.size(); ++i)
    message += fmt::format("\nerror: {}", errors_[i].what());
  if (left_out_ > 0)
    message += fmt::format("\n({} more errors not shown)", left_out_);
  throw InputError(first.where(), first.key_path(), message);
}

} // namespace wattsim::scenario
