#include "sipdiag/chunked_array.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <vector>

namespace sipdiag {
namespace {

struct Record {
    std::uint32_t frame = 0;
    std::uint16_t index = 7;
    std::int64_t time_ns = -1;
};

Record record_for(std::uint32_t i) { return Record{i, static_cast<std::uint16_t>(i * 3), std::int64_t{i} * -1000}; }

// Chunks of 8 records: every test crosses many chunk borders.
using SmallChunks = ChunkedArray<Record, 3>;

TEST(ChunkedArray, KeepsEveryRecordInOrderAcrossChunks) {
    SmallChunks records;
    EXPECT_TRUE(records.empty());
    constexpr std::uint32_t kCount = 1000;
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
    EXPECT_EQ(i, kCount);
    EXPECT_EQ(records.front().frame, 0u);
    EXPECT_EQ(records[kCount - 1].frame, kCount - 1);
}

TEST(ChunkedArray, RecordsNeverMove) {
    SmallChunks records;
    std::vector<const Record*> addresses;
    for (std::uint32_t i = 0; i < 100; ++i) addresses.push_back(&records.push_back(record_for(i)));
    for (std::uint32_t i = 0; i < 100; ++i) EXPECT_EQ(&records[i], addresses[i]) << i;
}

TEST(ChunkedArray, NewRecordsStartFromTheirDefaults) {
    SmallChunks records;
    for (std::uint32_t i = 0; i < 8; ++i) records.push_back(record_for(i));
    const Record& fresh = records.emplace_back();  // first of a new chunk
    EXPECT_EQ(fresh.frame, 0u);
    EXPECT_EQ(fresh.index, 7u);
    EXPECT_EQ(fresh.time_ns, -1);
}

TEST(ChunkedArray, IteratorsServeBinarySearch) {
    SmallChunks records;
    for (std::uint32_t i = 0; i < 300; ++i) records.push_back(record_for(2 * i));  // even frames
    const SmallChunks& read_only = records;
    const auto by_frame = [](const Record& r, std::uint32_t frame) { return r.frame < frame; };
    const auto found = std::lower_bound(read_only.begin(), read_only.end(), 401u, by_frame);
    ASSERT_NE(found, read_only.end());
    EXPECT_EQ(found->frame, 402u);
    EXPECT_EQ(found - read_only.begin(), 201);
    EXPECT_EQ(std::lower_bound(read_only.begin(), read_only.end(), 9999u, by_frame), read_only.end());
    auto it = records.begin() + 10;
    it->frame = 5;
    EXPECT_EQ(records[10].frame, 5u);
    EXPECT_EQ((it - 3)->frame, 14u);
    EXPECT_EQ(it[1].frame, 22u);
}

TEST(ChunkedArray, TellsWhichRunsAreContiguous) {
    EXPECT_TRUE(SmallChunks::contiguous(3, 3));
    EXPECT_TRUE(SmallChunks::contiguous(0, 8));   // the whole first chunk
    EXPECT_FALSE(SmallChunks::contiguous(7, 9));  // crosses into the second
    EXPECT_TRUE(SmallChunks::contiguous(8, 10));
    SmallChunks records;
    for (std::uint32_t i = 0; i < 16; ++i) records.push_back(record_for(i));
    EXPECT_EQ(&records[9], &records[8] + 1);
}

}  // namespace
}  // namespace sipdiag
