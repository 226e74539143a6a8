#include "tools/wattsim/child_process.hpp"

#include <cerrno>
#include <poll.h>
#include <algorithm>
#include <cstdio>
#include <stdexcept>
#include <sys/wait.h>
#include <unistd.h>

namespace wattsim::tools {

namespace {

struct Child {
  pid_t pid = -1;
  int fd = -1;
  std::size_t index = 0;
  std::string output;
};

Child spawn(const ChildBody& body, std::size_t index) {
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
  return {pid, fds[0], index, {}};
}

ChildResult reap(Child& c) {
  close(c.fd);
  int status = 0;
  while (waitpid(c.pid, &status, 0) < 0 && errno == EINTR) {
  }
  ChildResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.output = std::move(c.output);
  return r;
}

} // namespace

ChildResult run_in_child(const ChildBody& body) { return run_children({body}, 1).front(); }

std::vector<ChildResult> run_children(const std::vector<ChildBody>& bodies, int parallel,
                                      const std::function<void(std::size_t, const ChildResult&)>& on_done) {
  std::vector<ChildResult> results(bodies.size());
  std::vector<Child> running;
  std::size_t next = 0;
  char buf[65536];
  while (next < bodies.size() || !running.empty()) {
    while (running.size() < static_cast<std::size_t>(std::max(parallel, 1)) && next < bodies.size()) {
      running.push_back(spawn(bodies[next], next));
      ++next;
    }
    std::vector<pollfd> fds;
    for (const auto& c : running)
      fds.push_back({c.fd, POLLIN, 0});
    if (poll(fds.data(), fds.size(), -1) < 0 && errno != EINTR)
      throw std::runtime_error("poll() failed");
    for (std::size_t i = running.size(); i-- > 0;) {
      if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
        continue;
      const auto n = read(running[i].fd, buf, sizeof buf);
      if (n > 0) {
        running[i].output.append(buf, static_cast<std::size_t>(n));
        continue;
      }
      if (n < 0 && errno == EINTR)
        continue;
      const std::size_t index = running[i].index;
      results[index] = reap(running[i]);
      running.erase(running.begin() + static_cast<long>(i));
      if (on_done)
        on_done(index, results[index]);
    }
  }
  return results;
}

} // namespace wattsim::tools
