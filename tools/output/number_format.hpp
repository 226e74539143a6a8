#pragma once
// Numbers in CSV outputs: twelve significant digits, no exponent in the range traces live in
// (1e-6 to 1e12), trailing zeros dropped. An integer rounding of the scaled value written two digits
// at a time: several times cheaper than general-purpose float formatting, which matters for a year
// of facility trace (millions of numbers). Outside that range, std::to_chars with 12 digits.

namespace wattsim::output {

/// Writes `v` at `out` (room for 32 characters) and returns the end.
char* format_number(char* out, double v);

} // namespace wattsim::output
