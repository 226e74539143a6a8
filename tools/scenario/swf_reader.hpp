#pragma once
// The Standard Workload Format (SWF) of the Parallel Workloads Archive: one job per line, 18
// whitespace-separated fields, -1 for a missing value, header comments after ';'.
// Format definition: Chapin, Cirne, Feitelson, Jones, Leutenegger, Schwiegelshohn, Smith, Talby,
// "Benchmarks and Standards for the Evaluation of Parallel Job Schedulers", JSSPP 1999, LNCS 1659,
// and https://www.cs.huji.ac.il/labs/parallel/workload/swf.html (version 2.2).

#include <string>
#include <vector>

namespace wattsim::scenario {

/// The fields of one SWF job that wattsim uses (all in seconds or counts; -1 when missing).
struct SwfJob {
  int line = 0;             ///< 1-based line in the file, for messages
  long long id = 0;         ///< field 1: job number
  double submit_s = 0;      ///< field 2: submit time, from the start of the log
  double wait_s = -1;       ///< field 3: time in the queue in the traced system
  double runtime_s = -1;    ///< field 4: wall time it ran
  long long processors = -1; ///< field 5: allocated processors (else field 8, requested)
  double requested_s = -1;  ///< field 9: requested time (the user's walltime estimate)
  long long status = -1;    ///< field 11: 1 completed, 0 failed, 5 cancelled
  long long user = -1;      ///< field 12: user id
  long long queue = -1;     ///< field 15: queue number
};

/// Reads an SWF file. Throws InputError naming file and line for a malformed line (a field that is not
/// a number, fewer than 18 fields, a negative submit time, an integer field with a fraction).
/// `text`, if given, receives the file's contents (for a caller that hashes them: no second read).
std::vector<SwfJob> read_swf(const std::string& path, std::string* text = nullptr);
/// The same from text already in memory (`origin` names it in errors).
std::vector<SwfJob> parse_swf(const std::string& text, const std::string& origin);

} // namespace wattsim::scenario
