// Small text helpers shared by the core's readers of SIP text. Internal: not
// part of the installed API. ASCII only, on purpose: SIP names and tokens are
// ASCII, and std::tolower costs a call and a locale look-up per character.
#pragma once

#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace sipdiag::text {

constexpr bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

constexpr char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

constexpr std::string_view trim(std::string_view text) {
    while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
    while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
    return text;
}

// Case-insensitive (ASCII) equality.
constexpr bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (lower(a[i]) != lower(b[i])) return false;
    return true;
}

// Whether `text` starts with `lower_name` (given in lower case), in any case.
constexpr bool starts_with_lower(std::string_view text, std::string_view lower_name) {
    if (text.size() < lower_name.size()) return false;
    for (std::size_t i = 0; i < lower_name.size(); ++i)
        if (lower(text[i]) != lower_name[i]) return false;
    return true;
}

// First position at or after `i` of one of the bytes `Bytes`; `text.size()`
// (or `i`, if larger) if none. Line ends and the delimiters of From, To and
// Via are looked for on every SIP message: with SSE2 (every x86-64) sixteen
// bytes are tested at a time, where memchr's set-up costs more than a short
// line and finds one byte only.
template <char... Bytes>
[[gnu::always_inline]] inline std::size_t find_any(std::string_view text, std::size_t i) {
#if defined(__SSE2__)
    for (; i + 16 <= text.size(); i += 16) {
        const __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + i));
        __m128i hits = _mm_setzero_si128();
        ((hits = _mm_or_si128(hits, _mm_cmpeq_epi8(block, _mm_set1_epi8(Bytes)))), ...);
        if (const int mask = _mm_movemask_epi8(hits)) return i + static_cast<std::size_t>(__builtin_ctz(mask));
    }
    // Fewer than sixteen bytes left: the last sixteen of the text, read
    // again from before `i`, with the hits before `i` shifted out. Header
    // values and parameters are short, and a byte loop over their tails was
    // most of the cost of reading a tag or a branch.
    if (i < text.size() && text.size() >= 16) {
        const std::size_t last = text.size() - 16;
        const __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + last));
        __m128i hits = _mm_setzero_si128();
        ((hits = _mm_or_si128(hits, _mm_cmpeq_epi8(block, _mm_set1_epi8(Bytes)))), ...);
        const unsigned mask = static_cast<unsigned>(_mm_movemask_epi8(hits)) >> (i - last);
        return mask != 0 ? i + static_cast<std::size_t>(__builtin_ctz(mask)) : text.size();
    }
#endif
    while (i < text.size() && ((text[i] != Bytes) && ...)) ++i;
    return i;
}

// End of the line starting at `offset`: the position of its '\n' (or of a
// lone '\r'), or the end of the text.
inline std::size_t line_end(std::string_view text, std::size_t offset) {
    return offset >= text.size() ? text.size() : find_any<'\r', '\n'>(text, offset);
}

// Offset of the next line after the line end at `end`.
inline std::size_t after_line_end(std::string_view text, std::size_t end) {
    if (end < text.size() && text[end] == '\r') ++end;
    if (end < text.size() && text[end] == '\n') ++end;
    return end;
}

}  // namespace sipdiag::text
