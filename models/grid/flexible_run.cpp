#include "models/grid/flexible_run.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace wattsim::models {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

/// A step of the signal inside the planning window.
struct Segment {
  double t0_s, t1_s, c;
};

std::vector<Segment> segments(const StepSeries& signal, double from_s, double to_s) {
  std::vector<Segment> out;
  const auto& times = signal.times();
  auto it = std::upper_bound(times.begin(), times.end(), from_s);
  for (double t = from_s; t < to_s;) {
    const double next = it != times.end() ? std::min(*it, to_s) : to_s;
    out.push_back({t, next, signal.value_at(t)});
    t = next;
    if (it != times.end())
      ++it;
  }
  return out;
}

FlexPlan full_speed(const FlexibleRun& job) {
  FlexPlan p;
  p.end_s = job.now_s + job.work_s;
  p.lambda = kInf;
  if (job.work_s > 0)
    p.pieces.push_back({job.now_s, p.end_s, 0});
  return p;
}

/// c·P − λ·f of running a second at `level` under signal `c`.
double running_cost(const FlexibleRun& job, int level, double c, double lambda) {
  const auto& o = job.levels[static_cast<std::size_t>(level)];
  return c * o.power_w - lambda * o.speed;
}

/// The cheapest running level (ties: the faster, the less delay).
int best_running(const FlexibleRun& job, double c, double lambda) {
  int best = 0;
  double best_cost = running_cost(job, 0, c, lambda);
  for (int l = 1; l < static_cast<int>(job.levels.size()); ++l) {
    const double v = running_cost(job, l, c, lambda);
    if (v < best_cost - 1e-12 * std::abs(best_cost)) {
      best = l;
      best_cost = v;
    }
  }
  return best;
}

/// Each segment's option at multiplier λ, pauses that do not pay for their checkpoint and restart
/// turned back into running.
std::vector<int> choose(const std::vector<Segment>& segs, const FlexibleRun& job, double lambda) {
  std::vector<int> choice(segs.size());
  for (std::size_t i = 0; i < segs.size(); ++i) {
    const int run = best_running(job, segs[i].c, lambda);
    // A pause costs 0: it wins where every running level costs more (strictly: ties keep running).
    const double cost = running_cost(job, run, segs[i].c, lambda);
    choice[i] = job.may_pause && cost > 1e-12 * std::abs(lambda) ? FlexPiece::kPaused : run;
  }
  if (!job.may_pause)
    return choice;
  const double p0 = job.levels[0].power_w;
  for (std::size_t i = 0; i < segs.size();) {
    if (choice[i] != FlexPiece::kPaused) {
      ++i;
      continue;
    }
    std::size_t k = i;
    double gain = 0;
    while (k < segs.size() && choice[k] == FlexPiece::kPaused) {
      const int run = best_running(job, segs[k].c, lambda);
      gain += running_cost(job, run, segs[k].c, lambda) * (segs[k].t1_s - segs[k].t0_s);
      ++k;
    }
    const double length_s = segs[k - 1].t1_s - segs[i].t0_s;
    // The checkpoint is written at the signal of the pause's start, the restart runs at the signal of
    // its end and yields no work (worth λ per second of work).
    const double c_after = k < segs.size() ? segs[k].c : segs[k - 1].c;
    const double cost = p0 * (segs[i].c * job.checkpoint_s + c_after * job.restart_s) + lambda * job.restart_s;
    if (!(length_s > job.checkpoint_s) || !(gain > cost))
      for (std::size_t m = i; m < k; ++m)
        choice[m] = best_running(job, segs[m].c, lambda);
    i = k;
  }
  return choice;
}

/// Walks the choices from now: the plan up to the end of the work, or none if it misses the deadline.
bool walk(const std::vector<Segment>& segs, const std::vector<int>& choice, const FlexibleRun& job, FlexPlan& plan) {
  plan.pieces.clear();
  auto add = [&](double t0, double t1, int level) {
    if (!(t1 > t0))
      return;
    if (!plan.pieces.empty() && plan.pieces.back().level == level && plan.pieces.back().end_s == t0)
      plan.pieces.back().end_s = t1;
    else
      plan.pieces.push_back({t0, t1, level});
  };
  double left_s = job.work_s;
  double restart_due_s = 0;
  bool paused = false;
  for (std::size_t i = 0; i < segs.size(); ++i) {
    const auto& s = segs[i];
    if (choice[i] == FlexPiece::kPaused) {
      add(s.t0_s, s.t1_s, FlexPiece::kPaused);
      paused = true;
      continue;
    }
    if (paused) {
      restart_due_s += job.restart_s;
      paused = false;
    }
    const double idle_s = std::min(restart_due_s, s.t1_s - s.t0_s);
    restart_due_s -= idle_s;
    const double from_s = s.t0_s + idle_s;
    const double speed = job.levels[static_cast<std::size_t>(choice[i])].speed;
    const double can_s = speed * (s.t1_s - from_s);
    if (can_s >= left_s) {
      plan.end_s = from_s + left_s / speed;
      add(s.t0_s, plan.end_s, choice[i]);
      return true;
    }
    left_s -= can_s;
    add(s.t0_s, s.t1_s, choice[i]);
  }
  return false;
}

} // namespace

FlexPlan plan_flexible_run(const StepSeries& signal, const FlexibleRun& job) {
  if (job.levels.empty() || !(job.levels[0].speed > 0) || !(job.work_s >= 0))
    throw std::invalid_argument("plan_flexible_run: needs a full-speed level and a non-negative work");
  for (const auto& o : job.levels)
    if (!(o.speed > 0) || !(o.speed <= job.levels[0].speed) || !(o.power_w >= 0))
      throw std::invalid_argument("plan_flexible_run: cap levels are slower than full speed, with power >= 0");
  if (!(job.deadline_s > job.now_s + job.work_s) || (job.levels.size() == 1 && !job.may_pause) || job.work_s == 0)
    return full_speed(job);
  const auto segs = segments(signal, job.now_s, job.deadline_s);
  // The multipliers at which some step changes option: between two levels, and between a level and a
  // pause. Between two of them every step's choice is fixed.
  std::vector<double> lambdas;
  const auto n = job.levels.size();
  for (const auto& s : segs)
    for (std::size_t a = 0; a < n; ++a) {
      const auto& oa = job.levels[a];
      if (job.may_pause)
        lambdas.push_back(s.c * oa.power_w / oa.speed);
      for (std::size_t b = a + 1; b < n; ++b) {
        const auto& ob = job.levels[b];
        if (oa.speed > ob.speed)
          lambdas.push_back(s.c * (oa.power_w - ob.power_w) / (oa.speed - ob.speed));
      }
    }
  std::erase_if(lambdas, [](double l) { return !(l >= 0) || !std::isfinite(l); });
  std::sort(lambdas.begin(), lambdas.end());
  lambdas.erase(std::unique(lambdas.begin(), lambdas.end()), lambdas.end());
  lambdas.push_back(kInf);
  // The least multiplier that meets the deadline (feasibility grows with λ: a larger one buys more
  // work per second): a binary search over the candidates, each checked by a walk.
  auto plan_at = [&](std::size_t k, FlexPlan& out) {
    out.lambda = lambdas[k];
    return walk(segs, choose(segs, job, lambdas[k]), job, out);
  };
  FlexPlan trial;
  std::size_t lo = 0, hi = lambdas.size() - 1; // the last (infinity, full speed) always meets it
  while (lo < hi) {
    const std::size_t mid = lo + (hi - lo) / 2;
    if (plan_at(mid, trial))
      hi = mid;
    else
      lo = mid + 1;
  }
  // The end of the work, the pauses' checkpoints and restarts make the cost not quite monotone in λ:
  // the least feasible multiplier and a geometric ladder above it (O(log) more walks) are weighed,
  // with running straight through, and the least weight wins (ties: the earlier end).
  FlexPlan best = full_speed(job);
  double best_weight = plan_weight(signal, job, best);
  for (std::size_t step = 0, k = lo; k + 1 < lambdas.size(); k = lo + (step == 0 ? 1 : 2 * step), step = k - lo) {
    if (!plan_at(k, trial))
      continue;
    const double w = plan_weight(signal, job, trial);
    if (w < best_weight - 1e-12 * std::abs(best_weight) ||
        (w <= best_weight + 1e-12 * std::abs(best_weight) && trial.end_s < best.end_s)) {
      best = trial;
      best_weight = w;
    }
  }
  return best;
}

double plan_weight(const StepSeries& signal, const FlexibleRun& job, const FlexPlan& plan) {
  // A restart lies inside the running piece after a pause (time at that level without progress); a
  // pause's checkpoint is written at its start, at full power.
  double w = 0;
  for (const auto& p : plan.pieces)
    w += p.level == FlexPiece::kPaused
             ? job.levels[0].power_w * signal.value_at(p.start_s) * job.checkpoint_s
             : job.levels[static_cast<std::size_t>(p.level)].power_w * signal.integral(p.start_s, p.end_s);
  return w;
}

} // namespace wattsim::models
