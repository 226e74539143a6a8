#include "tools/wattsim/progress.hpp"

#include <algorithm>
#include <cstdio>
#include <fmt/format.h>
#include <unistd.h>

namespace wattsim::tools {

namespace {
std::string clock_text(double s) {
  const auto total = static_cast<long long>(s + 0.5);
  if (total >= 3600)
    return fmt::format("{}:{:02d}:{:02d}", total / 3600, (total / 60) % 60, total % 60);
  return fmt::format("{}:{:02d}", total / 60, total % 60);
}
} // namespace

ProgressBar::ProgressBar(std::string label)
    : label_(std::move(label)), start_(std::chrono::steady_clock::now()), enabled_(::isatty(STDERR_FILENO) != 0) {}

ProgressBar::~ProgressBar() { finish(); }

void ProgressBar::update(double simulated_s, double fraction) {
  if (!enabled_)
    return;
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  if (wall < 1.0)
    return;
  fraction = std::clamp(fraction, 0.0, 1.0);
  constexpr int width = 30;
  const int filled = static_cast<int>(fraction * width);
  const std::string bar = std::string(static_cast<std::size_t>(filled), '#') +
                          std::string(static_cast<std::size_t>(width - filled), '.');
  const std::string eta = fraction > 1e-3 ? clock_text(wall * (1 - fraction) / fraction) : "?";
  std::fprintf(stderr, "\r%s [%s] %5.1f%%  day %.1f  elapsed %s  eta %s ", label_.c_str(), bar.c_str(),
               100 * fraction, simulated_s / 86400.0, clock_text(wall).c_str(), eta.c_str());
  std::fflush(stderr);
  shown_ = true;
}

void ProgressBar::finish() {
  if (shown_) {
    std::fprintf(stderr, "\r\033[K");
    std::fflush(stderr);
    shown_ = false;
  }
}

} // namespace wattsim::tools
