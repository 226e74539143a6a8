#include "tools/output/atomic_file.hpp"

#include <array>
#include <cerrno>
#include <climits>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <stdexcept>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace wattsim::output {

namespace fs = std::filesystem;

namespace {

// ---- Removing staging folders when a signal arrives ------------------------------------------
// The handler may only use async-signal-safe calls (POSIX.1-2017 2.4.3): open, getdents64, unlinkat,
// close, getpid, signal, raise. So the folders are kept as fixed C strings, and the tree is removed
// with system calls rather than std::filesystem (which allocates).

constexpr int kSlots = 16;
struct Slot {
  char path[PATH_MAX];
  pid_t owner; ///< only the process that made a folder removes it (forked children inherit the table)
};
Slot g_slots[kSlots];
volatile sig_atomic_t g_used[kSlots];
constexpr int kSignals[] = {SIGINT, SIGTERM, SIGHUP};

void remove_tree(int parent_fd, const char* name, int depth) {
  const int fd = openat(parent_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd >= 0) {
    alignas(8) char buf[4096];
    for (bool removed = true; removed;) { // entries removed while reading may be skipped: read again
      removed = false;
      lseek(fd, 0, SEEK_SET);
      for (long n; (n = syscall(SYS_getdents64, fd, buf, sizeof buf)) > 0;) {
        for (long off = 0; off < n;) {
          // struct linux_dirent64: u64 ino, s64 off, u16 reclen, u8 type, char name[]
          unsigned short reclen;
          std::memcpy(&reclen, buf + off + 16, sizeof reclen);
          const char* entry = buf + off + 19;
          off += reclen;
          if (std::strcmp(entry, ".") == 0 || std::strcmp(entry, "..") == 0)
            continue;
          if (unlinkat(fd, entry, 0) == 0) {
            removed = true;
          } else if (errno == EISDIR && depth < 8) {
            remove_tree(fd, entry, depth + 1);
            removed = true;
          }
        }
      }
    }
    close(fd);
  }
  unlinkat(parent_fd, name, AT_REMOVEDIR);
}

extern "C" void on_fatal_signal(int sig) {
  const pid_t self = getpid();
  for (int i = 0; i < kSlots; ++i)
    if (g_used[i] && g_slots[i].owner == self)
      remove_tree(AT_FDCWD, g_slots[i].path, 0);
  signal(sig, SIG_DFL);
  raise(sig); // delivered when the handler returns: the process ends as the signal asked
}

// Installed each time a folder is staged: the SimGrid engine sets its own SIGINT handler when a
// simulation starts, and outputs are staged after it.
void install_handlers() {
  for (int sig : kSignals) {
    struct sigaction old {};
    sigaction(sig, nullptr, &old);
    if (old.sa_handler == SIG_IGN) // nohup and friends: keep ignoring
      continue;
    struct sigaction sa {};
    sa.sa_handler = on_fatal_signal;
    sigemptyset(&sa.sa_mask);
    for (int s : kSignals)
      sigaddset(&sa.sa_mask, s);
    sigaction(sig, &sa, nullptr);
  }
}

int register_folder(const fs::path& p) {
  const std::string text = p.string();
  if (text.size() >= PATH_MAX)
    throw std::runtime_error(fmt::format("path too long: {}", text));
  install_handlers();
  for (int i = 0; i < kSlots; ++i)
    if (!g_used[i] || g_slots[i].owner != getpid()) {
      g_used[i] = 0;
      std::memcpy(g_slots[i].path, text.c_str(), text.size() + 1);
      g_slots[i].owner = getpid();
      g_used[i] = 1;
      return i;
    }
  return -1; // more than kSlots at once: a signal leaves this one for the next run to clean
}

// Signals wait while a commit moves folders: the handler must not remove what is half swapped.
class BlockSignals {
public:
  BlockSignals() {
    sigset_t set;
    sigemptyset(&set);
    for (int s : kSignals)
      sigaddset(&set, s);
    sigprocmask(SIG_BLOCK, &set, &old_);
  }
  ~BlockSignals() { sigprocmask(SIG_SETMASK, &old_, nullptr); }

private:
  sigset_t old_{};
};

// ---- Files written through a descriptor we created --------------------------------------------

class FdBuf : public std::streambuf {
public:
  explicit FdBuf(int fd) : fd_(fd) { setp(buf_.data(), buf_.data() + buf_.size()); }
  ~FdBuf() override {
    if (fd_ >= 0)
      ::close(fd_);
  }
  /// Writes what is buffered, fsyncs and closes; 0 or the first errno seen.
  int close_checked() {
    drain();
    if (fd_ >= 0) {
      if (::fsync(fd_) != 0 && error_ == 0)
        error_ = errno;
      if (::close(fd_) != 0 && error_ == 0)
        error_ = errno;
      fd_ = -1;
    }
    return error_;
  }

protected:
  int_type overflow(int_type c) override {
    if (!drain())
      return traits_type::eof();
    if (!traits_type::eq_int_type(c, traits_type::eof())) {
      *pptr() = traits_type::to_char_type(c);
      pbump(1);
    }
    return traits_type::not_eof(c);
  }
  std::streamsize xsputn(const char* s, std::streamsize n) override {
    if (n <= epptr() - pptr()) {
      std::memcpy(pptr(), s, static_cast<std::size_t>(n));
      pbump(static_cast<int>(n));
      return n;
    }
    if (!drain() || !write_all(s, static_cast<std::size_t>(n)))
      return 0;
    return n;
  }
  int sync() override { return drain() ? 0 : -1; }

private:
  bool write_all(const char* p, std::size_t n) {
    while (n > 0 && error_ == 0) {
      const auto w = ::write(fd_, p, n);
      if (w < 0) {
        if (errno != EINTR)
          error_ = errno;
        continue;
      }
      p += w;
      n -= static_cast<std::size_t>(w);
    }
    return error_ == 0;
  }
  bool drain() {
    const bool ok = write_all(pbase(), static_cast<std::size_t>(pptr() - pbase()));
    setp(buf_.data(), buf_.data() + buf_.size());
    return ok;
  }

  int fd_;
  int error_ = 0;
  std::array<char, 1 << 16> buf_{};
};

pid_t staging_owner(const std::string& entry, const std::string& prefix) {
  if (entry.rfind(prefix, 0) != 0)
    return 0;
  const char* p = entry.c_str() + prefix.size();
  char* end = nullptr;
  const long pid = std::strtol(p, &end, 10);
  return end != p && *end == '-' && pid > 0 ? static_cast<pid_t>(pid) : 0;
}

void remove_stale(const fs::path& parent, const std::string& prefix) {
  std::error_code ec;
  for (fs::directory_iterator it(parent, ec), end; !ec && it != end; it.increment(ec)) {
    const pid_t pid = staging_owner(it->path().filename().string(), prefix);
    if (pid > 0 && pid != getpid() && kill(pid, 0) != 0 && errno == ESRCH) {
      std::error_code ignored;
      fs::remove_all(it->path(), ignored);
    }
  }
}

void fsync_dir(const fs::path& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
}

/// `dir` as an absolute path naming its last component ("out/" -> /cwd/out, "." -> /cwd).
fs::path final_path(const fs::path& dir) {
  auto p = fs::absolute(dir).lexically_normal();
  if (p.filename().empty())
    p = p.parent_path();
  return p;
}

std::string staging_prefix(const fs::path& final_dir) { return fmt::format(".{}.wattsim-", final_dir.filename().string()); }

} // namespace

// ---- StagedFiles ---------------------------------------------------------------------------------

struct StagedFiles::File {
  std::string name;
  FdBuf buf;
  std::ostream stream;
  File(std::string n, int fd) : name(std::move(n)), buf(fd), stream(&buf) {}
};

StagedFiles::StagedFiles(const fs::path& parent, const std::string& prefix) {
  fs::create_directories(parent);
  remove_stale(parent, prefix);
  std::string tmpl = (parent / fmt::format("{}{}-XXXXXX", prefix, getpid())).string();
  if (!mkdtemp(tmpl.data()))
    throw std::runtime_error(fmt::format("cannot create a folder in {}: {}", parent.string(), std::strerror(errno)));
  path_ = tmpl;
  slot_ = register_folder(path_);
}

StagedFiles::~StagedFiles() {
  files_.clear(); // closes the descriptors
  if (!released_) {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  unregister();
}

void StagedFiles::unregister() {
  if (slot_ >= 0)
    g_used[slot_] = 0;
  slot_ = -1;
}

std::ostream& StagedFiles::open(const std::string& name) {
  if (name.empty() || name.find('/') != std::string::npos || name == "." || name == "..")
    throw std::logic_error("output file name " + name);
  // O_EXCL: the file is new (a planted file or link of that name makes this fail, never followed).
  const int fd = ::open((path_ / name).c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
  if (fd < 0)
    throw std::runtime_error(fmt::format("cannot write {}: {}", (final_dir / name).string(), std::strerror(errno)));
  files_.push_back(std::make_unique<File>(name, fd));
  return files_.back()->stream;
}

void StagedFiles::close_all() {
  for (auto& f : files_) {
    f->stream.flush();
    const int err = f->buf.close_checked();
    if (err != 0 || !f->stream)
      throw std::runtime_error(fmt::format("writing {} failed: {}", (final_dir / f->name).string(),
                                           err ? std::strerror(err) : "stream error"));
  }
}

void StagedFiles::release() {
  released_ = true;
  unregister();
}

std::vector<std::string> StagedFiles::names() const {
  std::vector<std::string> out;
  for (const auto& f : files_)
    out.push_back(f->name);
  return out;
}

// ---- OutputFolder --------------------------------------------------------------------------------

OutputFolder::OutputFolder(fs::path dir)
    : dir_(final_path(dir)), staged_(dir_.parent_path(), staging_prefix(dir_)) {
  staged_.final_dir = dir_;
}

void OutputFolder::commit() {
  staged_.close_all();
  // A folder (or a link, which is replaced, not followed) may be swapped out; a file is not ours to remove.
  struct stat st {};
  if (::lstat(dir_.c_str(), &st) == 0 && !S_ISDIR(st.st_mode) && !S_ISLNK(st.st_mode))
    throw std::runtime_error(fmt::format("cannot write {}: a file of that name exists", dir_.string()));
  test_stop_point();
  BlockSignals blocked;
  const mode_t mask = ::umask(0);
  ::umask(mask);
  ::chmod(staged_.path().c_str(), 0777 & ~mask); // mkdtemp made it 0700
  fsync_dir(staged_.path());
  const auto& staging = staged_.path();
  // One step: the old set (if any) and the new swap names. A symbolic link at dir() is swapped out
  // like a folder and removed, never followed.
  if (::renameat2(AT_FDCWD, staging.c_str(), AT_FDCWD, dir_.c_str(), RENAME_EXCHANGE) == 0) {
    std::error_code ec;
    fs::remove_all(staging, ec); // the old set, now under the staging name
  } else if (errno == ENOENT) { // nothing there yet
    if (::renameat2(AT_FDCWD, staging.c_str(), AT_FDCWD, dir_.c_str(), RENAME_NOREPLACE) != 0)
      throw std::runtime_error(fmt::format("cannot create {}: {}", dir_.string(), std::strerror(errno)));
  } else if (errno == EINVAL || errno == ENOSYS) {
    // A file system without RENAME_EXCHANGE: move the old set aside, then the new one in. A reader
    // may find no folder for that instant, never a mixed one.
    const auto aside = dir_.parent_path() / fmt::format("{}{}-old", staging_prefix(dir_), getpid());
    if (::rename(dir_.c_str(), aside.c_str()) != 0 || ::rename(staging.c_str(), dir_.c_str()) != 0)
      throw std::runtime_error(fmt::format("cannot replace {}: {}", dir_.string(), std::strerror(errno)));
    std::error_code ec;
    fs::remove_all(aside, ec);
  } else {
    throw std::runtime_error(fmt::format("cannot replace {}: {}", dir_.string(), std::strerror(errno)));
  }
  staged_.release();
  fsync_dir(dir_.parent_path());
}

std::optional<std::string> OutputFolder::check(const fs::path& dir) {
  const auto d = final_path(dir);
  const auto name = d.filename().string();
  if (name.empty() || name == "." || name == "..")
    return "not a folder that can be replaced";
  std::error_code ec;
  fs::create_directories(d.parent_path(), ec);
  if (ec || !fs::is_directory(d.parent_path()))
    return fmt::format("cannot create it ({})", ec ? ec.message() : "a file of that name exists");
  const auto st = fs::symlink_status(d, ec);
  if (fs::exists(st) && !fs::is_symlink(st)) {
    if (!fs::is_directory(st))
      return "cannot create it (a file of that name exists)";
    // The folder is replaced as a whole: only an empty one or an earlier output set may go.
    if (!fs::is_empty(d, ec) && !fs::exists(d / "manifest.json") && !fs::exists(d / "compare.json"))
      return "it holds files wattsim did not write (no manifest.json), and outputs replace the folder as a "
             "whole: give a new or empty folder";
  }
  std::string probe = (d.parent_path() / (staging_prefix(d) + "probe-XXXXXX")).string();
  if (!mkdtemp(probe.data()))
    return fmt::format("cannot write in {} ({})", d.parent_path().string(), std::strerror(errno));
  ::rmdir(probe.c_str());
  return std::nullopt;
}

// ---- AtomicFileSet -------------------------------------------------------------------------------

AtomicFileSet::AtomicFileSet(fs::path dir) : dir_(std::move(dir)), staged_(dir_, ".wattsim-") {
  staged_.final_dir = dir_;
}

void AtomicFileSet::commit() {
  staged_.close_all();
  test_stop_point();
  BlockSignals blocked;
  for (const auto& name : staged_.names()) // rename() replaces a link at the final name, never follows it
    if (::rename((staged_.path() / name).c_str(), (dir_ / name).c_str()) != 0)
      throw std::runtime_error(fmt::format("cannot write {}: {}", (dir_ / name).string(), std::strerror(errno)));
  ::rmdir(staged_.path().c_str());
  staged_.release();
  fsync_dir(dir_);
}

void test_stop_point() {
  if (std::getenv("WATTSIM_TEST_STOP_BEFORE_COMMIT"))
    ::raise(SIGSTOP);
}

} // namespace wattsim::output
