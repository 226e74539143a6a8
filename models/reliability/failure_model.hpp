#pragma once
// Failure processes of a training job: what interrupts it, how often, and whether a node goes down.
// Equations, calibration arithmetic and sources: docs/models/reliability.md.
//
// A FailureModel is a list of independent processes. Each process has a rate per unit-hour, where the
// unit is the thing it is counted per (a GPU, a node, a network link, a switch, or the whole job), so
// the job-level rate of a process is rate x (number of such units in the job's footprint). The job's
// interruptions are the superposition of all processes.
//
// The default model is calibrated on the Llama 3 405B pretraining snapshot (Llama Team 2024, "The Llama 3
// Herd of Models", arXiv:2407.21783, s3.3.4 and Table 5): 16,384 H100 in 2,048 servers, 54 days, 419
// unexpected interruptions by cause plus 47 planned. Calibration: rate = count / (units x hours).

#include "models/common/random.hpp"

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

namespace wattsim::models {

/// What a failure process is counted per.
enum class FailureUnit {
  gpu,            ///< per accelerator (also per rank: one rank per accelerator)
  node,           ///< per server
  network_link,   ///< per scale-out network endpoint/link of the job (one per GPU on rail-optimised fabrics)
  network_switch, ///< per switch the job's traffic crosses
  job,            ///< per job, independent of its size
};

/// Cause categories of Llama 3 Table 5 (its "Dependency" column is named software_dependency here), plus
/// planned interruptions, which the paper counts separately (47 of 466).
enum class FailureCategory { gpu, host, network, software_dependency, unknown, unplanned_maintenance, planned };

std::string_view to_string(FailureUnit u);
std::string_view to_string(FailureCategory c);

/// The resources a job holds, as counts only: the sampler never iterates over them, so its cost does
/// not depend on the job size.
struct JobFootprint {
  std::int64_t gpus = 0;
  std::int64_t nodes = 0;
  std::int64_t network_links = 0;
  std::int64_t network_switches = 0;

  /// `nodes` servers of `gpus_per_node` accelerators. Links default to one per GPU: Llama 3's cluster
  /// gives every GPU its own 400 Gb/s RoCE endpoint (arXiv:2407.21783 s3.3.1), as do DGX H100 systems
  /// (8 ConnectX-7 for 8 GPUs). Pass links_per_node for other fabrics.
  static JobFootprint of_nodes(std::int64_t nodes, int gpus_per_node, int links_per_node = -1,
                               std::int64_t network_switches = 0);

  /// Number of units of kind `u` in this footprint (1 for FailureUnit::job).
  [[nodiscard]] std::int64_t units(FailureUnit u) const;
};

struct FailureProcess {
  std::string name;  ///< stable identifier, used in events.csv (e.g. "faulty_gpu")
  std::string label; ///< human label (the Llama 3 Table 5 wording)
  FailureCategory category = FailureCategory::unknown;
  FailureUnit unit = FailureUnit::node;
  double rate_per_unit_hour = 0; ///< long-run events per unit per hour
  /// Shape k of the Weibull inter-arrival time of this process at job level (k = 1: exponential/Poisson).
  /// The mean inter-arrival time is kept at 1 / (rate x units) whatever k is; k < 1 gives the decreasing
  /// hazard HPC logs show (Schroeder & Gibson, DSN 2006).
  double weibull_shape = 1.0;
  /// true: hardware, the node is taken out for repair and the job restarts without it (on a spare);
  /// false: the job restarts on the same nodes (software, NCCL timeouts, planned pauses).
  bool takes_node_down = false;
  std::string source; ///< where the rate comes from

  /// Job-level rate of this process for a footprint: rate x units.
  [[nodiscard]] double rate_per_hour(const JobFootprint& fp) const;
};

/// How the planned-maintenance process scales with job size (see docs/models/reliability.md).
enum class PlannedScaling {
  per_job,  ///< 47 per 54 days for any job (cluster-wide maintenance windows hit every running job)
  per_node, ///< 47 per 2,048 x 54 node-days (rolling per-host maintenance; small jobs rarely hit)
};

struct FailureModel {
  std::vector<FailureProcess> processes;

  /// The 18 unexpected causes of Llama 3 Table 5 plus planned maintenance, calibrated so that a
  /// 16,384-GPU / 2,048-node / 16,384-link job over 54 days expects exactly the published counts.
  static FailureModel llama3_defaults(PlannedScaling planned = PlannedScaling::per_job);

  /// One node-level process at r_f failures per 1,000 node-days (Kokolis et al. 2024, arXiv:2410.21680:
  /// RSC-1 6.50, RSC-2 2.34), so that the job MTTF is 1 / (N_nodes x r_f).
  static FailureModel kokolis(double failures_per_1000_node_days);

  /// Sum over processes of rate x units: the job's interruption rate.
  [[nodiscard]] double job_rate_per_hour(const JobFootprint& fp) const;
  /// Same, leaving out the planned process(es).
  [[nodiscard]] double unplanned_rate_per_hour(const JobFootprint& fp) const;
  /// Mean time between interruptions of the job, all causes: the M of Young/Daly.
  [[nodiscard]] double job_mtti_s(const JobFootprint& fp) const;
  /// Expected number of interruptions of process `i` over `duration_s` (exact for exponential processes;
  /// the long-run value for Weibull ones).
  [[nodiscard]] double expected_count(std::size_t i, const JobFootprint& fp, double duration_s) const;
  /// Expected number of interruptions, all processes.
  [[nodiscard]] double expected_total(const JobFootprint& fp, double duration_s) const;

  /// Index of the process with this name, or processes.size() when absent.
  [[nodiscard]] std::size_t find(std::string_view name) const;
  /// Every rate multiplied by `factor` (sensitivity studies).
  [[nodiscard]] FailureModel scaled(double factor) const;
  /// Throws std::invalid_argument on a negative/non-finite rate, a shape <= 0 or an empty/duplicate name.
  void validate() const;
};

// Reference constants (Llama 3 snapshot, Kokolis presets), for callers and tests.
inline constexpr std::int64_t kLlama3Gpus = 16384;
inline constexpr std::int64_t kLlama3Nodes = 2048;
inline constexpr double kLlama3SnapshotDays = 54;
inline constexpr int kLlama3UnexpectedInterruptions = 419;
inline constexpr int kLlama3PlannedInterruptions = 47;
inline constexpr double kKokolisRsc1PerThousandNodeDays = 6.50;
inline constexpr double kKokolisRsc2PerThousandNodeDays = 2.34;

/// One interruption drawn by a FailureSampler.
struct Interruption {
  double time_s = 0;       ///< since the sampler's time origin
  std::size_t process = 0; ///< index into FailureModel::processes
  FailureCategory category = FailureCategory::unknown;
  bool takes_node_down = false;
  /// Which of the job's units failed, in [0, units) of the process's kind (GPU, link, node...);
  /// 0 for job-level processes.
  std::int64_t unit_index = 0;
  /// Node of the job hit, in [0, nodes): the node holding that unit (units are spread evenly over
  /// nodes), or a uniform draw for switch- and job-level processes. Meaningful for every event, so the
  /// engine may use it for planned work too; only takes_node_down says whether that node goes out.
  std::int64_t node_index = 0;
};

/// Draws a job's interruptions one after the other: the superposition of the model's processes.
/// Every process keeps its own next-event time (exponential processes are memoryless, so this is exact
/// for them, and it is what Weibull renewal processes need); a draw takes the earliest, then redraws
/// that process only. Cost per draw: O(number of processes), two uniforms from the stream, no work per
/// node or per GPU. Time is wall-clock time since the sampler's origin: hardware fails whether or not
/// the job is computing at that moment (the Llama 3 counts are over 54 calendar days).
class FailureSampler {
public:
  FailureSampler(FailureModel model, const JobFootprint& footprint, RandomStream stream);

  /// The next interruption after the previous one (or after time 0). time_s is +inf when no process has
  /// a positive rate.
  Interruption next();

  /// Time of the next interruption, without drawing it.
  [[nodiscard]] double peek_time_s() const;

  /// Change the job's footprint at time `now_s`, between the last event returned and the next pending
  /// one (peek_time_s()); throws std::logic_error otherwise. Exponential processes
  /// are redrawn from now_s (memoryless); for a Weibull process the remaining time is stretched by
  /// old rate / new rate (a change of time scale, keeping its age).
  void set_footprint(const JobFootprint& footprint, double now_s);

  [[nodiscard]] const FailureModel& model() const { return model_; }
  [[nodiscard]] const JobFootprint& footprint() const { return footprint_; }
  [[nodiscard]] const FailureProcess& process(std::size_t i) const { return model_.processes.at(i); }
  /// Time of the last interruption returned (0 before the first).
  [[nodiscard]] double now_s() const { return now_s_; }

private:
  double draw_gap_s(std::size_t i);
  FailureModel model_;
  JobFootprint footprint_;
  RandomStream stream_;
  std::vector<double> next_s_;       ///< absolute next-event time per process
  std::vector<double> rate_per_s_;   ///< current job-level rate per process
  double now_s_ = 0;
};

/// All interruptions in [0, horizon_s), in time order (the pre-sampled event list SimGrid notes recommend).
std::vector<Interruption> sample_interruptions(const FailureModel& model, const JobFootprint& footprint,
                                               double horizon_s, RandomStream stream);

} // namespace wattsim::models
