#include "sim/job_workers.hpp"

#include <mutex>
#include <utility>

namespace sg4 = simgrid::s4u;

namespace wattsim::sim {

namespace {
/// 1 MiB per job actor: a job's state lives on the heap, so SimGrid's 8 MiB default is far more than it
/// needs. SimGrid 3.32's Actor::set_stacksize takes KiB, like `contexts/stack-size`.
constexpr unsigned kJobStack_kib = 1024;
} // namespace

bool JobWorkers::run(const std::string& name, std::function<void()> body) {
  if (!idle_.empty()) {
    // The most recently idle worker: its stack is the one most likely still in cache.
    Worker* w = idle_.back();
    idle_.pop_back();
    w->body = std::move(body);
    w->wake->notify_one();
    return false;
  }
  auto& w = *workers_.emplace_back(std::make_unique<Worker>());
  w.body = std::move(body);
  sg4::Actor::init(name, host_)->set_stacksize(kJobStack_kib)->start([this, &w] { serve(w); });
  return true;
}

void JobWorkers::serve(Worker& w) {
  std::unique_lock lock(*w.mutex);
  while (true) {
    while (!w.body && !closed_)
      w.wake->wait(lock);
    if (!w.body)
      return; // closed while idle
    std::exchange(w.body, {})();
    if (closed_)
      return;
    idle_.push_back(&w);
  }
}

void JobWorkers::close() {
  closed_ = true;
  for (Worker* w : idle_)
    w->wake->notify_one();
  idle_.clear();
}

} // namespace wattsim::sim
