#include "tools/wattsim/child_process.hpp"

#include <cerrno>
#include <cstdio>
#include <stdexcept>
#include <sys/wait.h>
#include <unistd.h>

namespace wattsim::tools {

ChildResult run_in_child(const std::function<int(std::string& out)>& body) {
  int fds[2];
  if (pipe(fds) != 0)
    throw std::runtime_error("pipe() failed");
  std::fflush(nullptr);
  const pid_t pid = fork();
  if (pid < 0)
    throw std::runtime_error("fork() failed");
  if (pid == 0) {
    close(fds[0]);
    std::string out;
    int code = 1;
    try {
      code = body(out);
    } catch (const std::exception& e) {
      out = e.what();
      code = 1;
    }
    for (std::size_t done = 0; done < out.size();) {
      const auto n = write(fds[1], out.data() + done, out.size() - done);
      if (n <= 0)
        break;
      done += static_cast<std::size_t>(n);
    }
    close(fds[1]);
    std::fflush(nullptr);
    _exit(code); // no atexit handlers: the parent owns the process's shared state
  }
  close(fds[1]);
  ChildResult r;
  char buf[65536];
  for (;;) {
    const auto n = read(fds[0], buf, sizeof buf);
    if (n > 0)
      r.output.append(buf, static_cast<std::size_t>(n));
    else if (n == 0 || errno != EINTR)
      break;
  }
  close(fds[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return r;
}

} // namespace wattsim::tools
