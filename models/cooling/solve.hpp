#pragma once
// Private scalar root finder for the fan solves (dry cooler airflow, tower capacity). Illinois
// variant of regula falsi: bracketing, hence always converges, and superlinear on the smooth
// monotone functions met here, so 6-12 evaluations reach 1e-9 instead of ~30 for bisection.

#include <cmath>

namespace wattsim::models::detail {

/// Root of f on [a, b] where f(a) and f(b) bracket zero (caller guarantees it). Stops when the
/// bracket is narrower than `x_tol` or |f| < `f_tol`.
template <class F>
double illinois_root(F&& f, double a, double b, double fa, double fb, double x_tol, double f_tol,
                     int max_iter = 60) {
  int side = 0;
  double c = a;
  for (int i = 0; i < max_iter; ++i) {
    c = (a * fb - b * fa) / (fb - fa);
    const double fc = f(c);
    if (std::abs(fc) < f_tol || std::abs(b - a) < x_tol)
      return c;
    if ((fc > 0) == (fb > 0)) {
      b = c;
      fb = fc;
      if (side == -1)
        fa *= 0.5;
      side = -1;
    } else {
      a = c;
      fa = fc;
      if (side == +1)
        fb *= 0.5;
      side = +1;
    }
  }
  return c;
}

} // namespace wattsim::models::detail
