#include "sipdiag/growing_array.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <span>
#include <utility>

namespace sipdiag {
namespace {

struct Record {
    std::uint32_t frame = 0;
    std::uint16_t index = 7;
    std::int64_t time_ns = -1;
};

Record record_for(std::uint32_t i) { return Record{i, static_cast<std::uint16_t>(i * 3), std::int64_t{i} * -1000}; }

TEST(GrowingArray, KeepsEveryRecordInOrderAcrossGrowth) {
    GrowingArray<Record> records;
    EXPECT_TRUE(records.empty());
    constexpr std::uint32_t kCount = 100'000;  // many growths, the last ones beyond glibc's mmap threshold
    for (std::uint32_t i = 0; i < kCount; ++i) {
        Record& stored = records.push_back(record_for(i));
        ASSERT_EQ(&stored, &records.back());
    }
    ASSERT_EQ(records.size(), kCount);
    std::uint32_t i = 0;
    for (const Record& r : records) {
        ASSERT_EQ(r.frame, i) << i;
        ASSERT_EQ(r.index, static_cast<std::uint16_t>(i * 3)) << i;
        ASSERT_EQ(r.time_ns, std::int64_t{i} * -1000) << i;
        ++i;
    }
    EXPECT_EQ(records[kCount - 1].frame, kCount - 1);
}

TEST(GrowingArray, NewRecordsStartFromTheirDefaults) {
    GrowingArray<Record> records;
    records.push_back(record_for(5));
    const Record& fresh = records.emplace_back();
    EXPECT_EQ(fresh.frame, 0u);
    EXPECT_EQ(fresh.index, 7u);
    EXPECT_EQ(fresh.time_ns, -1);
}

TEST(GrowingArray, MovesHandOverTheRecords) {
    GrowingArray<Record> source;
    for (std::uint32_t i = 0; i < 40; ++i) source.push_back(record_for(i));
    const Record* kept = source.data();
    GrowingArray<Record> moved(std::move(source));
    EXPECT_EQ(moved.data(), kept);
    EXPECT_EQ(moved.size(), 40u);
    EXPECT_TRUE(source.empty());  // NOLINT(bugprone-use-after-move): a moved-from array is empty
    GrowingArray<Record> assigned;
    assigned.push_back(record_for(99));
    assigned = std::move(moved);
    ASSERT_EQ(assigned.size(), 40u);
    EXPECT_EQ(assigned[39].frame, 39u);
}

TEST(GrowingArray, ViewsAsASpan) {
    GrowingArray<Record> records;
    for (std::uint32_t i = 0; i < 20; ++i) records.push_back(record_for(i));
    const GrowingArray<Record>& read_only = records;
    const std::span<const Record> view = read_only;
    ASSERT_EQ(view.size(), 20u);
    EXPECT_EQ(view[19].frame, 19u);
    std::span<Record>(records)[3].frame = 333;
    EXPECT_EQ(records[3].frame, 333u);
    records.clear();
    EXPECT_TRUE(records.empty());
}

}  // namespace
}  // namespace sipdiag
