#include "sipdiag/hash_slots.hpp"

#include <utility>

namespace sipdiag {

void HashSlots::insert(std::uint64_t hash, std::uint32_t value) {
    if ((used_ + 1) * 4 > slots_.size() * 3) grow();
    std::size_t i = home(hash);
    while (slots_[i].value_plus_one != 0) i = next(i);
    slots_[i] = Slot{hash, value + 1};
    ++used_;
}

bool HashSlots::erase(std::uint64_t hash, std::uint32_t value) {
    if (slots_.empty()) return false;
    std::size_t hole = home(hash);
    while (slots_[hole].value_plus_one != 0 && !(slots_[hole].hash == hash && slots_[hole].value_plus_one == value + 1))
        hole = next(hole);
    if (slots_[hole].value_plus_one == 0) return false;
    // Backward shift instead of a tombstone: an entry further along the run
    // moves into the hole unless the hole lies before its home (cyclically),
    // so every lookup still ends at the first empty slot.
    for (std::size_t j = next(hole); slots_[j].value_plus_one != 0; j = next(j)) {
        const std::size_t from_home = (j - home(slots_[j].hash)) & mask();
        const std::size_t from_hole = (j - hole) & mask();
        if (from_home >= from_hole) {
            slots_[hole] = slots_[j];
            hole = j;
        }
    }
    slots_[hole] = Slot{};
    --used_;
    return true;
}

void HashSlots::clear() {
    slots_.clear();
    used_ = 0;
}

void HashSlots::grow() {
    std::vector<Slot> old = std::exchange(slots_, std::vector<Slot>(slots_.empty() ? 64 : slots_.size() * 2));
    used_ = 0;
    for (const Slot& slot : old)
        if (slot.value_plus_one != 0) insert(slot.hash, slot.value_plus_one - 1);
}

}  // namespace sipdiag
