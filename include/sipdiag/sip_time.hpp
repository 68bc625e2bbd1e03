// Capture time stamps in nanoseconds, with arithmetic that saturates instead
// of overflowing: a pcapng file may carry any 64-bit time stamp (years after
// 2262 do not fit in signed nanoseconds), and a hostile one must not turn
// into undefined behaviour or a time that runs backwards.
#pragma once

#include <cstdint>
#include <limits>

namespace sipdiag {

inline constexpr std::int64_t kNsPerSecond = 1'000'000'000;
inline constexpr std::int64_t kLatestNs = std::numeric_limits<std::int64_t>::max();
inline constexpr std::int64_t kEarliestNs = std::numeric_limits<std::int64_t>::min();

constexpr std::int64_t saturating_add(std::int64_t a, std::int64_t b) {
    std::int64_t sum = 0;
    if (__builtin_add_overflow(a, b, &sum)) return b > 0 ? kLatestNs : kEarliestNs;
    return sum;
}

constexpr std::int64_t saturating_sub(std::int64_t a, std::int64_t b) {
    std::int64_t difference = 0;
    if (__builtin_sub_overflow(a, b, &difference)) return b < 0 ? kLatestNs : kEarliestNs;
    return difference;
}

// Seconds and nanoseconds (as in Wireshark's nstime_t) to nanoseconds.
constexpr std::int64_t time_ns_from(std::int64_t seconds, std::int64_t nanoseconds) {
    std::int64_t ns = 0;
    if (__builtin_mul_overflow(seconds, kNsPerSecond, &ns)) return seconds > 0 ? kLatestNs : kEarliestNs;
    return saturating_add(ns, nanoseconds);
}

}  // namespace sipdiag
