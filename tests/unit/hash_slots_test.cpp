#include "sipdiag/hash_slots.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <optional>
#include <random>

namespace sipdiag {
namespace {

std::optional<std::uint32_t> find_value(const HashSlots& slots, std::uint64_t hash, std::uint32_t value) {
    return slots.find(hash, [&](std::uint32_t candidate) { return candidate == value; });
}

TEST(HashSlots, FindsWhatWasInsertedAndNothingElse) {
    HashSlots slots;
    EXPECT_FALSE(find_value(slots, 7, 1));
    slots.insert(7, 1);
    slots.insert(7, 2);  // same hash, another key
    EXPECT_EQ(find_value(slots, 7, 1), 1u);
    EXPECT_EQ(find_value(slots, 7, 2), 2u);
    EXPECT_FALSE(find_value(slots, 7, 3));
    EXPECT_FALSE(find_value(slots, 8, 1));
    EXPECT_EQ(slots.size(), 2u);
}

TEST(HashSlots, EraseRemovesOnlyTheGivenValue) {
    HashSlots slots;
    slots.insert(7, 1);
    slots.insert(7, 2);
    EXPECT_FALSE(slots.erase(7, 3));
    EXPECT_TRUE(slots.erase(7, 1));
    EXPECT_FALSE(find_value(slots, 7, 1));
    EXPECT_EQ(find_value(slots, 7, 2), 2u);
    EXPECT_FALSE(slots.erase(7, 1));
    EXPECT_EQ(slots.size(), 1u);
}

// Many hashes that share their low bits make long runs that wrap around the
// end of the table; erasing inside such runs must leave every other entry
// findable (the backward shift).
TEST(HashSlots, AgreesWithAMapThroughRandomInsertsAndErases) {
    HashSlots slots;
    std::map<std::uint32_t, std::uint64_t> model;  // value -> hash
    std::mt19937_64 random(12345);
    for (int step = 0; step < 200000; ++step) {
        const auto value = static_cast<std::uint32_t>(random() % 5000);
        const std::uint64_t hash = (random() % 4 == 0) ? (random() % 8) * 1024 + 1020 : random();
        const auto it = model.find(value);
        if (it == model.end()) {
            slots.insert(hash, value);
            model.emplace(value, hash);
        } else {
            ASSERT_TRUE(slots.erase(it->second, value)) << "step " << step;
            model.erase(it);
        }
        if (step % 997 == 0) {
            for (const auto& [v, h] : model) ASSERT_EQ(find_value(slots, h, v), v) << "step " << step;
        }
    }
    EXPECT_EQ(slots.size(), model.size());
    for (const auto& [v, h] : model) EXPECT_EQ(find_value(slots, h, v), v);
}

}  // namespace
}  // namespace sipdiag
