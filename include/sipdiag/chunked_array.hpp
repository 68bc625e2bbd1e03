// An array of plain records kept in fixed-size chunks that never move.
//
// Why not std::vector: a vector grows by allocating a block twice as large,
// copying every record and freeing the old block. For the analysis' record
// arrays (a million notes on a big capture) each doubling streams the whole
// array through the cache -- a cache miss per line read and per line written
// -- and, for large blocks, faults in fresh pages for all of it. Here a new
// chunk is added and nothing already written is touched again; a record is
// found by its index in two steps (chunk, then place), and a reference to it
// stays valid while the array lives.
#pragma once

#include <cstddef>
#include <iterator>
#include <memory>
#include <new>
#include <utility>
#include <type_traits>
#include <vector>

namespace sipdiag {

template <typename T, std::size_t ChunkBits = 10>
class ChunkedArray {
    static_assert(std::is_trivially_copyable_v<T> && std::is_trivially_destructible_v<T>,
                  "records are plain data: chunks are freed without destroying them one by one");
    static constexpr std::size_t kChunkSize = std::size_t{1} << ChunkBits;
    static constexpr std::size_t kMask = kChunkSize - 1;

    template <bool Const>
    class Iterator {
        using Array = std::conditional_t<Const, const ChunkedArray, ChunkedArray>;

    public:
        using iterator_category = std::random_access_iterator_tag;
        using value_type = T;
        using difference_type = std::ptrdiff_t;
        using pointer = std::conditional_t<Const, const T*, T*>;
        using reference = std::conditional_t<Const, const T&, T&>;

        Iterator() = default;
        Iterator(Array* array, std::size_t index) : array_(array), index_(index) {}
        reference operator*() const { return (*array_)[index_]; }
        pointer operator->() const { return &(*array_)[index_]; }
        reference operator[](difference_type n) const { return (*array_)[index_ + n]; }
        Iterator& operator++() { ++index_; return *this; }
        Iterator operator++(int) { Iterator before = *this; ++index_; return before; }
        Iterator& operator--() { --index_; return *this; }
        Iterator operator--(int) { Iterator before = *this; --index_; return before; }
        Iterator& operator+=(difference_type n) { index_ += n; return *this; }
        Iterator& operator-=(difference_type n) { index_ -= n; return *this; }
        friend Iterator operator+(Iterator it, difference_type n) { return it += n; }
        friend Iterator operator+(difference_type n, Iterator it) { return it += n; }
        friend Iterator operator-(Iterator it, difference_type n) { return it -= n; }
        friend difference_type operator-(const Iterator& a, const Iterator& b) {
            return static_cast<difference_type>(a.index_) - static_cast<difference_type>(b.index_);
        }
        friend bool operator==(const Iterator& a, const Iterator& b) { return a.index_ == b.index_; }
        friend auto operator<=>(const Iterator& a, const Iterator& b) { return a.index_ <=> b.index_; }
    private:
        Array* array_ = nullptr;
        std::size_t index_ = 0;
    };

public:
    using value_type = T;
    using iterator = Iterator<false>;
    using const_iterator = Iterator<true>;

    std::size_t size() const { return size_; }
    bool empty() const { return size_ == 0; }
    T& operator[](std::size_t i) { return record(i); }
    const T& operator[](std::size_t i) const { return record(i); }
    T& front() { return record(0); }
    const T& front() const { return record(0); }
    T& back() { return record(size_ - 1); }
    const T& back() const { return record(size_ - 1); }
    iterator begin() { return {this, 0}; }
    iterator end() { return {this, size_}; }
    const_iterator begin() const { return {this, 0}; }
    const_iterator end() const { return {this, size_}; }
    // Whether records [first, last) lie side by side in memory: they do
    // unless the run crosses from one chunk into the next.
    static bool contiguous(std::size_t first, std::size_t last) {
        return first == last || (first >> ChunkBits) == ((last - 1) >> ChunkBits);
    }

    T& push_back(const T& value) {
        if (size_ == chunks_.size() * kChunkSize) chunks_.push_back(std::make_unique_for_overwrite<Slot[]>(kChunkSize));
        T* place = reinterpret_cast<T*>(&chunks_[size_ >> ChunkBits][size_ & kMask]);
        ++size_;
        return *std::construct_at(place, value);
    }
    T& emplace_back() { return push_back(T{}); }

private:
    // Raw room for one record: a new chunk is not filled with records up
    // front, so its pages are touched only as records arrive.
    struct Slot {
        alignas(T) unsigned char bytes[sizeof(T)];
    };
    T& record(std::size_t i) { return *std::launder(reinterpret_cast<T*>(&chunks_[i >> ChunkBits][i & kMask])); }
    const T& record(std::size_t i) const {
        return *std::launder(reinterpret_cast<const T*>(&chunks_[i >> ChunkBits][i & kMask]));
    }

    std::vector<std::unique_ptr<Slot[]>> chunks_;
    std::size_t size_ = 0;
};

}  // namespace sipdiag
