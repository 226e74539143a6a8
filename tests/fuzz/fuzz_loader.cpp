// A mutation fuzzer of the scenario loader, in process (docs/reliability.md, docs/developing.md).
//
// Each execution takes a scenario of the corpus (tests/fuzz/corpus/*.yaml), applies a few random
// mutations (byte edits, spans cut, copied or spliced from another file, tokens from a dictionary of
// hostile values: huge and tiny numbers, NaN, overflowing exponents, YAML aliases, bad UTF-8, files
// like /dev/zero) and loads it as `wattsim check` does. A load must either succeed or throw InputError
// (exit 2); anything else is a failure: another exception (exit 1, an internal error), a crash or a
// sanitizer report (the process dies: build with WATTSIM_SANITIZE), or one load taking longer than
// --hang-ms (a hang). The input of a failure is kept in the work folder and its path printed.
//
// Deterministic under --seed: a failure is reproduced by rerunning the same command.

#include "tools/scenario/config_tree.hpp"
#include "tools/scenario/loader.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

namespace fs = std::filesystem;

namespace {

struct Options {
  fs::path corpus;
  fs::path work;
  long long runs = 10000;
  unsigned long long seed = 1;
  long long hang_ms = 10000;
  long long report_every = 0;
  fs::path replay; ///< load this one file (a kept failure) instead of fuzzing
};

// Values that broke, or could break, number, unit and YAML handling.
const std::vector<std::string> kDictionary = {
    "1e308", "-1e308", "1e-320", "0", "-0", "-1", ".nan", ".inf", "-.inf", "nan", "inf", "NaN",
    "99999999999999999999999", "9223372036854775808", "4294967296", "2147483648", "1e308 TW",
    "1 kW^1000/kW^999", "1 W^-2147483648", "1 W^2147483647", "1 W^99999999999", "1 kW^-0", "^", "^-",
    "/", "//", "1 /", "1 kg/kWh/kWh", "1e308 kg/kWh", "1e308 h", "1e308 d", "0 s", "1e-300 s", "1e308 GB/s",
    "1,5", "1,000,000", "1_000", "%", "100 %", "1e308 %", "kW", "TB", "°C", "-300 C", "1e308 C", "F",
    "&a", "*a", "&a [*a, *a, *a]", "<<: *a", "<<", "!!binary", "!!str", "!tag", "~", "null", "true", "[]", "{}",
    "[", "]", "{", "}", ": ", ":", "- ", "-", ",", "'", "\"", "#", "|", ">", "?", "\t", "\n", "\n  ", "\r\n",
    "\xff\xfe", "\xc3\x28", "\xe2\x82", "\xf0\x9f\x92\xa9", std::string(1, '\0'), "extends: data/base.yaml",
    "extends: /dev/zero", "catalog: /dev/zero", "catalog: data/missing.yaml", "epw: /dev/zero",
    "csv: /dev/zero", "csv: data/signal.csv", "extends: case.yaml", "../../../../etc/passwd",
    "generate: {count: 1000000}", "count: 99999999", "nodes: 99999999999", "spare_nodes: 1e9",
    "resolution: 1 s", "duration: 100 y", "until-done", "kokolis", "llama3", "pack-racks", "first-fit",
    "name: x", "seed: -1", "gpu_hours: 1e308", "flops: 1e308 FLOP", "mfu: 0", "tokens: 1e308",
};

class Mutator {
public:
  Mutator(std::vector<std::string> corpus, unsigned long long seed) : corpus_(std::move(corpus)), rng_(seed) {}

  std::string next() {
    std::string s = corpus_[pick(corpus_.size())];
    const int n = 1 + static_cast<int>(pick(4));
    for (int i = 0; i < n; ++i)
      mutate(s);
    return s;
  }

private:
  std::size_t pick(std::size_t n) { return n ? std::uniform_int_distribution<std::size_t>(0, n - 1)(rng_) : 0; }

  // Start of a line, or any position.
  std::size_t position(const std::string& s, bool line_start) {
    std::size_t p = pick(s.size() + 1);
    if (line_start) {
      const auto nl = s.rfind('\n', p ? p - 1 : 0);
      p = (nl == std::string::npos || p == 0) ? 0 : nl + 1;
    }
    return p;
  }

  void mutate(std::string& s) {
    switch (pick(8)) {
    case 0: // one byte changed
      if (!s.empty())
        s[pick(s.size())] = static_cast<char>(pick(256));
      break;
    case 1: { // a span cut
      const auto a = pick(s.size() + 1);
      s.erase(a, pick(std::min<std::size_t>(64, s.size() - a) + 1));
      break;
    }
    case 2: { // a span repeated
      const auto a = pick(s.size() + 1);
      const auto len = pick(std::min<std::size_t>(128, s.size() - a) + 1);
      s.insert(position(s, false), s.substr(a, len));
      break;
    }
    case 3: // a dictionary token anywhere
      s.insert(position(s, false), kDictionary[pick(kDictionary.size())]);
      break;
    case 4: { // a value replaced: after the ": " of a random line
      const auto start = position(s, true);
      const auto end = s.find('\n', start);
      const auto colon = s.find(": ", start);
      if (colon != std::string::npos && (end == std::string::npos || colon < end)) {
        const auto stop = end == std::string::npos ? s.size() : end;
        s.replace(colon + 2, stop - colon - 2, kDictionary[pick(kDictionary.size())]);
      }
      break;
    }
    case 5: { // a line from another corpus file spliced in
      const auto& other = corpus_[pick(corpus_.size())];
      const auto a = position(other, true);
      const auto b = other.find('\n', a);
      s.insert(position(s, true), other.substr(a, b == std::string::npos ? std::string::npos : b - a + 1));
      break;
    }
    case 6: { // two lines swapped
      const auto a = position(s, true);
      const auto a_end = s.find('\n', a);
      if (a_end == std::string::npos)
        break;
      const std::string line = s.substr(a, a_end - a + 1);
      s.erase(a, line.size());
      s.insert(position(s, true), line);
      break;
    }
    default: { // a digit string replaced by an extreme number
      const auto p = s.find_first_of("0123456789", position(s, false));
      if (p != std::string::npos) {
        const auto q = s.find_first_not_of("0123456789.", p);
        static const std::vector<std::string> extremes = {"1e308", "0", "1e-320", "99999999999999999999",
                                                          "2147483648", "-1", "1e18", "0.0000001"};
        s.replace(p, (q == std::string::npos ? s.size() : q) - p, extremes[pick(extremes.size())]);
      }
    }
    }
  }

  std::vector<std::string> corpus_;
  std::mt19937_64 rng_;
};

int usage() {
  std::cerr << "usage: wattsim-fuzz-loader --corpus DIR --work DIR [--runs N] [--seed S] [--hang-ms MS]"
               " [--report-every N]\n       wattsim-fuzz-loader --replay FILE\n";
  return 2;
}

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

} // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
    if (a == "--corpus")
      o.corpus = value();
    else if (a == "--work")
      o.work = value();
    else if (a == "--runs")
      o.runs = std::atoll(value().c_str());
    else if (a == "--seed")
      o.seed = std::strtoull(value().c_str(), nullptr, 10);
    else if (a == "--hang-ms")
      o.hang_ms = std::atoll(value().c_str());
    else if (a == "--replay")
      o.replay = value();
    else if (a == "--report-every")
      o.report_every = std::atoll(value().c_str());
    else
      return usage();
  }
  if (!o.replay.empty()) {
    try {
      wattsim::scenario::load_scenario(o.replay.string());
      std::cout << "fuzz: replay: valid\n";
    } catch (const wattsim::scenario::InputError& e) {
      std::cout << "fuzz: replay: bad input: " << e.what() << "\n";
    }
    return 0; // an internal error propagates (exit 1), a crash or sanitizer report aborts
  }
  if (o.corpus.empty() || o.work.empty() || o.runs < 0)
    return usage();

  std::vector<std::string> corpus;
  for (const auto& e : fs::directory_iterator(o.corpus))
    if (e.is_regular_file() && e.path().extension() == ".yaml")
      corpus.push_back(read_file(e.path()));
  if (corpus.empty()) {
    std::cerr << "fuzz: no .yaml files in " << o.corpus << "\n";
    return 2;
  }
  std::sort(corpus.begin(), corpus.end()); // directory order is not deterministic
  // Support files (extends targets, CSV signals) the corpus names relative to itself: data/.
  fs::create_directories(o.work);
  if (fs::exists(o.corpus / "data"))
    fs::copy(o.corpus / "data", o.work / "data",
             fs::copy_options::recursive | fs::copy_options::overwrite_existing);
  const fs::path input = o.work / "case.yaml";

  // Watchdog: a load that does not return within hang_ms is a hang.
  std::atomic<long long> current{-1};
  std::atomic<long long> started_ms{0};
  auto now_ms = [] {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
  };
  std::atomic<bool> stop{false};
  std::thread watchdog([&] {
    while (!stop) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      const long long run = current;
      if (run >= 0 && now_ms() - started_ms > o.hang_ms) {
        std::cerr << "fuzz: HANG in execution " << run << " (over " << o.hang_ms << " ms); input: " << input
                  << "\n";
        std::_Exit(3);
      }
    }
  });

  Mutator mutator(std::move(corpus), o.seed);
  long long ok = 0, bad_input = 0, failures = 0;
  const auto t0 = now_ms();
  for (long long run = 0; run < o.runs; ++run) {
    const std::string text = mutator.next();
    {
      std::ofstream out(input, std::ios::binary | std::ios::trunc);
      out << text;
    }
    started_ms = now_ms();
    current = run;
    try {
      auto loaded = wattsim::scenario::load_scenario(input.string());
      ++ok;
    } catch (const wattsim::scenario::InputError&) {
      ++bad_input;
    } catch (const std::exception& e) {
      ++failures;
      const auto keep = o.work / ("failure-" + std::to_string(run) + ".yaml");
      fs::copy_file(input, keep, fs::copy_options::overwrite_existing);
      std::cerr << "fuzz: INTERNAL ERROR in execution " << run << ": " << e.what() << "; input: " << keep << "\n";
    }
    current = -1;
    if (const auto took = now_ms() - started_ms; took > o.hang_ms / 10) {
      const auto keep = o.work / ("slow-" + std::to_string(run) + ".yaml");
      std::ofstream(keep, std::ios::binary) << text;
      std::cerr << "fuzz: slow execution " << run << ": " << took << " ms; input: " << keep << "\n";
    }
    if (o.report_every > 0 && (run + 1) % o.report_every == 0)
      std::cerr << "fuzz: " << run + 1 << " executions, " << ok << " valid, " << bad_input << " bad input, "
                << failures << " failures, " << (now_ms() - t0) / 1000.0 << " s\n";
  }
  stop = true;
  watchdog.join();
  std::cout << "fuzz: " << o.runs << " executions (seed " << o.seed << "): " << ok << " valid, " << bad_input
            << " bad input (exit 2), " << failures << " internal errors, 0 crashes, 0 hangs, "
            << (now_ms() - t0) / 1000.0 << " s\n";
  return failures ? 1 : 0;
}
