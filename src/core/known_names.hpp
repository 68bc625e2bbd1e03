// The header names the core knows, and a case-insensitive compare of a few
// bytes as one machine word, shared by header_name and the header reader's
// fast path. Internal: not part of the installed API.
#pragma once

#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "sipdiag/header_block.hpp"

namespace sipdiag::names {

struct KnownName {
    std::string_view name;  // in lower case
    char compact;           // RFC 3261 section 7.3.3 compact form, '\0' when none
    HeaderName id;
};
inline constexpr std::array<KnownName, 13> kKnownNames{{
    {"call-id", 'i', HeaderName::CallId},
    {"from", 'f', HeaderName::From},
    {"to", 't', HeaderName::To},
    {"cseq", '\0', HeaderName::CSeq},
    {"via", 'v', HeaderName::Via},
    {"contact", 'm', HeaderName::Contact},
    {"record-route", '\0', HeaderName::RecordRoute},
    {"route", '\0', HeaderName::Route},
    {"reason", '\0', HeaderName::Reason},
    {"warning", '\0', HeaderName::Warning},
    {"user-agent", '\0', HeaderName::UserAgent},
    {"server", '\0', HeaderName::Server},
    {"content-length", 'l', HeaderName::ContentLength},
}};

// Up to eight bytes, given in lower case, as one machine word for a compare
// that takes a few instructions instead of a loop. Or-ing `letters` (0x20 on
// each letter's byte) into the bytes read folds an upper-case letter onto
// its lower case and leaves '-', ':', ';' and '=' to be compared exactly, so
// only the two cases of each letter match; `mask` drops the bytes read past
// the word's own.
struct FoldedWord {
    std::uint64_t bytes = 0;
    std::uint64_t letters = 0;
    std::uint64_t mask = 0;
    std::size_t size = 0;
};

constexpr FoldedWord folded_word(std::string_view text) {
    if (text.size() > 8) throw "folded_word: more than eight bytes";
    std::array<unsigned char, 8> bytes{}, letters{}, mask{};
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c >= 'A' && c <= 'Z') throw "folded_word: an upper-case letter";
        bytes[i] = static_cast<unsigned char>(c);
        letters[i] = c >= 'a' && c <= 'z' ? 0x20 : 0;
        mask[i] = 0xff;
    }
    return {std::bit_cast<std::uint64_t>(bytes), std::bit_cast<std::uint64_t>(letters),
            std::bit_cast<std::uint64_t>(mask), text.size()};
}

// Whether `word`, bytes loaded from memory in their order (see load_word),
// starts with `folded`.
constexpr bool holds(std::uint64_t word, const FoldedWord& folded) {
    return ((word | folded.letters) & folded.mask) == folded.bytes;
}

// The `width` (2, 4 or 8) bytes at `at` as the first bytes of a word, the
// rest zero: one load each.
inline std::uint64_t load_word(const char* at, std::size_t width) {
    std::uint64_t word = 0;
    switch (width) {
        case 8: std::memcpy(&word, at, 8); break;
        case 4: std::memcpy(&word, at, 4); break;
        default: std::memcpy(&word, at, 2); break;
    }
    return word;
}

inline std::uint64_t load_word(const char* at) {
    std::uint64_t word;
    std::memcpy(&word, at, sizeof word);
    return word;
}

// The usual spelling of a header line's start: a known name or compact form
// in any case followed at once by the colon ("Via:", "i:"), for the names
// whose spelling fits in one word. Such a line can be named by one word
// compare, where parse_field looks for the colon, trims the name and then
// names it.
struct UsualSpelling {
    FoldedWord word;  // the name and its colon
    HeaderName id;
};

constexpr std::size_t usual_spelling_count() {
    std::size_t count = 0;
    for (const KnownName& known : kKnownNames) count += (known.name.size() < 8) + (known.compact != '\0');
    return count;
}

constexpr FoldedWord with_colon(std::string_view name) {
    std::array<char, 8> spelling{};
    for (std::size_t i = 0; i < name.size(); ++i) spelling[i] = name[i];
    spelling[name.size()] = ':';
    return folded_word(std::string_view(spelling.data(), name.size() + 1));
}

inline constexpr auto kUsualSpellings = [] {
    std::array<UsualSpelling, usual_spelling_count()> spellings{};
    std::size_t n = 0;
    for (const KnownName& known : kKnownNames) {
        if (known.name.size() < 8) spellings[n++] = {with_colon(known.name), known.id};
        if (known.compact != '\0') spellings[n++] = {with_colon(std::string_view(&known.compact, 1)), known.id};
    }
    return spellings;
}();

// The one usual spelling a line can start with, by its first two bytes
// (their low five bits: the letters' case and the colon's high bits drop
// out; no two spellings share them). kNoSpelling: none.
inline constexpr std::uint8_t kNoSpelling = 0xff;

constexpr std::size_t usual_key(char first, char second) {
    return (static_cast<std::size_t>(static_cast<unsigned char>(first) & 0x1f) << 5) |
           (static_cast<unsigned char>(second) & 0x1f);
}

inline constexpr auto kUsualByFirstTwo = [] {
    std::array<std::uint8_t, 32 * 32> table{};
    table.fill(kNoSpelling);
    for (std::size_t i = 0; i < kUsualSpellings.size(); ++i) {
        const auto spelling = std::bit_cast<std::array<char, 8>>(kUsualSpellings[i].word.bytes);
        std::uint8_t& slot = table[usual_key(spelling[0], spelling[1])];
        if (slot != kNoSpelling) throw "kUsualByFirstTwo: two spellings share their first two bytes' key";
        slot = static_cast<std::uint8_t>(i);
    }
    return table;
}();

// The usual spelling the eight bytes at `at` start with, or nullptr.
inline const UsualSpelling* usual_spelling(const char* at) {
    const std::uint8_t i = kUsualByFirstTwo[usual_key(at[0], at[1])];
    if (i == kNoSpelling || !holds(load_word(at), kUsualSpellings[i].word)) return nullptr;
    return &kUsualSpellings[i];
}

}  // namespace sipdiag::names
