#include <gtest/gtest.h>

#include <limits>

#include "sipdiag/sip_time.hpp"

namespace sipdiag {
namespace {

TEST(SipTime, SecondsAndNanosecondsCombine) {
    EXPECT_EQ(time_ns_from(1, 5), 1'000'000'005);
    EXPECT_EQ(time_ns_from(-1, 0), -1'000'000'000);
}

TEST(SipTime, TimeStampsBeyondYear2262Saturate) {
    const std::int64_t year_2300 = std::int64_t{10'413'792'000};
    EXPECT_EQ(time_ns_from(year_2300, 0), kLatestNs);
    EXPECT_EQ(time_ns_from(std::numeric_limits<std::int64_t>::max(), 999'999'999), kLatestNs);
    EXPECT_EQ(time_ns_from(-year_2300, 0), kEarliestNs);
}

TEST(SipTime, AdditionAndSubtractionSaturate) {
    EXPECT_EQ(saturating_add(kLatestNs, 1), kLatestNs);
    EXPECT_EQ(saturating_add(kEarliestNs, -1), kEarliestNs);
    EXPECT_EQ(saturating_sub(kEarliestNs, 1), kEarliestNs);
    EXPECT_EQ(saturating_sub(kLatestNs, -1), kLatestNs);
    EXPECT_EQ(saturating_sub(5, 7), -2);
}

}  // namespace
}  // namespace sipdiag
