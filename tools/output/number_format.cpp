#include "tools/output/number_format.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>

namespace wattsim::output {

char* format_number(char* out, double v) {
  static constexpr double kPow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,
                                      1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18};
  static constexpr char kPairs[] = "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
                                   "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
                                   "8081828384858687888990919293949596979899";
  if (v == 0) {
    *out = '0';
    return out + 1;
  }
  const double a = std::abs(v);
  int magnitude = 0; // a in [10^magnitude, 10^(magnitude + 1))
  if (a >= 1e-6 && a < 1e12) {
    if (a >= 1) {
      while (magnitude < 11 && a >= kPow10[magnitude + 1])
        ++magnitude;
    } else {
      while (a < 1.0 / kPow10[-magnitude])
        --magnitude;
    }
  }
  const int decimals = 11 - magnitude; // 12 significant digits
  if (!(a >= 1e-6 && a < 1e12) || decimals > 18)
    return std::to_chars(out, out + 32, v, std::chars_format::general, 12).ptr;
  auto scaled = static_cast<std::uint64_t>(a * kPow10[decimals] + 0.5);
  char digits[24]; // written from the right
  char* p = digits + sizeof digits;
  while (scaled >= 100) {
    const auto pair = static_cast<std::size_t>(scaled % 100) * 2;
    scaled /= 100;
    *--p = kPairs[pair + 1];
    *--p = kPairs[pair];
  }
  if (scaled >= 10) {
    *--p = kPairs[scaled * 2 + 1];
    *--p = kPairs[scaled * 2];
  } else {
    *--p = static_cast<char>('0' + scaled);
  }
  const int n = static_cast<int>(digits + sizeof digits - p);
  int last = static_cast<int>(sizeof digits) - 1; // trailing zeros of the fraction
  int fraction = decimals;
  while (fraction > 0 && digits[last] == '0' && last >= static_cast<int>(sizeof digits) - n) {
    --last;
    --fraction;
  }
  if (v < 0)
    *out++ = '-';
  const int int_digits = n - decimals;
  if (int_digits <= 0) {
    *out++ = '0';
    if (fraction > 0) {
      *out++ = '.';
      for (int i = 0; i < -int_digits; ++i)
        *out++ = '0';
      for (const char* q = p; q <= digits + last; ++q)
        *out++ = *q;
    }
    return out;
  }
  for (int i = 0; i < int_digits; ++i)
    *out++ = p[i];
  if (fraction > 0) {
    *out++ = '.';
    for (const char* q = p + int_digits; q <= digits + last; ++q)
      *out++ = *q;
  }
  return out;
}

} // namespace wattsim::output
