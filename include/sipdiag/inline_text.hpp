// A text that lives inside its owner when it is short, so that reading it
// touches no other memory; a longer one gets a block of its own.
//
// The analysis keeps Call-IDs and tags this way in its open per-call state:
// finding a call by its Call-ID on every message then reads one record, not
// a record and a separate heap block holding its key.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

namespace sipdiag {

template <std::size_t InlineBytes>
class InlineText {
public:
    InlineText() = default;
    explicit InlineText(std::string_view text) { assign(text); }

    void assign(std::string_view text) {
        size_ = text.size();
        if (text.size() <= InlineBytes) {
            outside_.reset();
            std::copy(text.begin(), text.end(), inside_);
        } else {
            outside_ = std::make_unique<char[]>(text.size());
            std::copy(text.begin(), text.end(), outside_.get());
        }
    }
    std::string_view view() const { return {outside_ ? outside_.get() : inside_, size_}; }
    bool empty() const { return size_ == 0; }
    std::size_t size() const { return size_; }
    bool operator==(std::string_view text) const { return view() == text; }

private:
    std::size_t size_ = 0;
    std::unique_ptr<char[]> outside_;  // set when the text does not fit inside
    char inside_[InlineBytes] = {};
};

}  // namespace sipdiag
