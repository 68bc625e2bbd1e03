// Turns fuzzer bytes into values. Running out of bytes yields zeros, so every
// input, however short, is a valid program.
#pragma once

#include <cstddef>
#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>

namespace sipdiag::fuzz {

class FuzzInput {
public:
    FuzzInput(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}
    bool empty() const { return pos_ >= size_; }
    std::uint8_t byte() { return pos_ < size_ ? data_[pos_++] : 0; }
    std::uint32_t u32() {
        std::uint32_t v = 0;
        for (int i = 0; i < 4; ++i) v = (v << 8) | byte();
        return v;
    }
    // Raw bytes from the input, up to `max` long.
    std::string_view bytes(std::size_t max) {
        if (pos_ >= size_) return {};
        const std::size_t wanted = byte() % (max + 1);  // read before measuring what is left
        const std::size_t n = std::min<std::size_t>(wanted, size_ - pos_);
        std::string_view out(reinterpret_cast<const char*>(data_ + pos_), n);
        pos_ += n;
        return out;
    }
    template <std::size_t N>
    std::string_view pick(const std::string_view (&choices)[N]) {
        const std::uint8_t b = byte();
        return b == 0xff ? bytes(40) : choices[b % N];
    }

private:
    const std::uint8_t* data_;
    std::size_t size_;
    std::size_t pos_ = 0;
};

}  // namespace sipdiag::fuzz
