#pragma once
// SimGrid allows one engine per process, so every simulation beyond the first runs in a child
// process. The child's result comes back as text through a pipe.

#include <functional>
#include <string>
#include <vector>

namespace wattsim::tools {

struct ChildResult {
  int exit_code = -1;   ///< the child's exit code (128 + signal if it was killed)
  std::string output;   ///< what the child wrote to its `out` string
};

using ChildBody = std::function<int(std::string& out)>;

/// Forks; the child runs `body`, whose return value becomes its exit code and whose `out` text is
/// sent back. Exceptions in the child are reported as exit code 1 with the message in `output`.
ChildResult run_in_child(const ChildBody& body);

/// Runs every body in its own child, at most `parallel` at a time (no threads: the parent only
/// forks and reads pipes), and returns their results in order. `on_done(i, result)` is called as
/// each finishes (progress, failures named as they happen).
std::vector<ChildResult> run_children(const std::vector<ChildBody>& bodies, int parallel,
                                      const std::function<void(std::size_t, const ChildResult&)>& on_done = {});

} // namespace wattsim::tools
