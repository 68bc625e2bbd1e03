// Small text helpers shared by the core's readers of SIP text. Internal: not
// part of the installed API. ASCII only, on purpose: SIP names and tokens are
// ASCII, and std::tolower costs a call and a locale look-up per character.
#pragma once

#include <cstring>
#include <string_view>

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

// End of the line starting at `offset`: the position of its '\n' (or of a
// lone '\r'), or the end of the text. Two memchr calls rather than
// find_first_of, which tests each byte against the set one by one: this runs
// for every line of every SIP message.
inline std::size_t line_end(std::string_view text, std::size_t offset) {
    if (offset >= text.size()) return text.size();
    const char* begin = text.data() + offset;
    std::size_t length = text.size() - offset;
    if (const void* lf = std::memchr(begin, '\n', length)) length = static_cast<const char*>(lf) - begin;
    if (const void* cr = std::memchr(begin, '\r', length)) length = static_cast<const char*>(cr) - begin;
    return offset + length;
}

// Offset of the next line after the line end at `end`.
inline std::size_t after_line_end(std::string_view text, std::size_t end) {
    if (end < text.size() && text[end] == '\r') ++end;
    if (end < text.size() && text[end] == '\n') ++end;
    return end;
}

}  // namespace sipdiag::text
