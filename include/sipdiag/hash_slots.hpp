// An open-addressing index from 64-bit hashes to small integers (positions
// in the caller's own storage). The caller keeps the keys and says, through
// a predicate, whether a candidate is the one wanted.
//
// Why not std::unordered_map: its lookup follows a bucket pointer to the
// node before the wanted one, then the node, then the key's heap text: on a
// capture with tens of thousands of open Call-IDs each step is a cache miss,
// once per SIP message. Here one probe of a flat array usually settles it,
// and only the candidate whose full hash matches is compared.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace sipdiag {

class HashSlots {
public:
    // The value stored under `hash` for which `matches(value)` is true.
    template <typename Match>
    std::optional<std::uint32_t> find(std::uint64_t hash, Match&& matches) const {
        if (slots_.empty()) return std::nullopt;
        for (std::size_t i = home(hash);; i = next(i)) {
            const Slot& slot = slots_[i];
            if (slot.value_plus_one == 0) return std::nullopt;
            if (slot.hash == hash && matches(slot.value_plus_one - 1)) return slot.value_plus_one - 1;
        }
    }

    // Several values may share a hash; the caller makes sure a value is
    // stored once.
    void insert(std::uint64_t hash, std::uint32_t value);
    // Removes `value` stored under `hash`; false when it is not there.
    bool erase(std::uint64_t hash, std::uint32_t value);
    std::size_t size() const { return used_; }
    void clear();

private:
    struct Slot {
        std::uint64_t hash = 0;
        std::uint32_t value_plus_one = 0;  // 0: empty
    };
    std::size_t mask() const { return slots_.size() - 1; }
    std::size_t home(std::uint64_t hash) const { return static_cast<std::size_t>(hash) & mask(); }
    std::size_t next(std::size_t i) const { return (i + 1) & mask(); }
    void grow();

    std::vector<Slot> slots_;  // size 0 or a power of two, at most 3/4 full
    std::size_t used_ = 0;
};

}  // namespace sipdiag
