// `wattsim report DIR`: the HTML page and figures of a run, comparison or sweep folder. The plotting
// is matplotlib's (tools/report/wattsim_report.py); this command finds the script and a Python with
// matplotlib and pandas, and hands over.

#include "tools/wattsim/commands.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fmt/format.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace wattsim::tools {

namespace fs = std::filesystem;

namespace {

/// The report script: $WATTSIM_REPORT_SCRIPT, installed beside the binary (<prefix>/share/wattsim/),
/// or in the source tree this binary was built from.
std::string report_script() {
  if (const char* env = std::getenv("WATTSIM_REPORT_SCRIPT"); env && *env)
    return env;
  std::error_code ec;
  const auto self = fs::canonical("/proc/self/exe", ec);
  std::vector<fs::path> candidates;
  if (!ec)
    candidates.push_back(self.parent_path().parent_path() / "share" / "wattsim" / "wattsim_report.py");
  candidates.push_back(fs::path(WATTSIM_SOURCE_DIR) / "tools" / "report" / "wattsim_report.py");
  for (const auto& p : candidates)
    if (fs::exists(p, ec))
      return p.string();
  throw UsageError(fmt::format("the report script is missing (looked in {}); set WATTSIM_REPORT_SCRIPT",
                               candidates.front().string()));
}

/// $WATTSIM_PYTHON, else Debian's own Python (where apt installs matplotlib, even when another
/// python3 comes first on PATH), else python3 on PATH.
std::string python() {
  if (const char* env = std::getenv("WATTSIM_PYTHON"); env && *env)
    return env;
  if (access("/usr/bin/python3", X_OK) == 0)
    return "/usr/bin/python3";
  return "python3";
}

} // namespace

int cmd_report(const std::string& dir, const std::string& out_dir, const CommonOptions& c) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    throw UsageError(fmt::format("{}: not a folder (give a run, comparison or sweep output folder)", dir));
  if (!fs::exists(fs::path(dir) / "summary.json") && !fs::exists(fs::path(dir) / "compare.json") &&
      !fs::exists(fs::path(dir) / "sweep.json"))
    throw UsageError(fmt::format("{}: not a wattsim output folder (no summary.json, compare.json or sweep.json)", dir));
  const std::string target = out_dir.empty() ? (fs::path(dir) / "report").string() : out_dir;
  prepare_output_dir(target);
  std::vector<std::string> args = {python(), report_script(), dir, "-o", target};
  std::vector<char*> argv;
  for (auto& a : args)
    argv.push_back(a.data());
  argv.push_back(nullptr);
  std::fflush(nullptr);
  const pid_t pid = fork();
  if (pid == 0) {
    if (c.quiet && !freopen("/dev/null", "w", stdout))
      _exit(127);
    execvp(argv[0], argv.data());
    fmt::print(stderr, "error: cannot start {}: {}\n", argv[0], std::strerror(errno));
    _exit(127);
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  const int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  if (code == 127)
    throw UsageError(fmt::format("{} could not run the report: install python3-matplotlib and python3-pandas "
                                 "(tools/setup.sh) or set WATTSIM_PYTHON", args[0]));
  if (code != 0)
    fmt::print(stderr, "error: the report script failed (exit {})\n", code);
  return code == 0 ? kExitOk : code == kExitBadInput ? kExitBadInput : kExitInternal;
}

} // namespace wattsim::tools
