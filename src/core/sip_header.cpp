#include "sipdiag/sip_header.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>

#include "text.hpp"

namespace sipdiag {
namespace {

using text::iequals;
using text::is_space;
using text::trim;

// Walks a header value and reports the characters that are at top level
// (outside a quoted display name and outside <...>) among ';' and ',' --
// the only ones that matter here. Jumps from one special character to the
// next instead of looking at every byte: this runs for every SIP message.
template <typename OnSeparator>
void walk_top_level(std::string_view value, OnSeparator&& on_separator) {
    std::size_t i = 0;
    while ((i = value.find_first_of("\"<;,", i)) != std::string_view::npos) {
        switch (value[i]) {
            case '"':  // quoted-string, with backslash escapes
                for (++i; (i = value.find_first_of("\"\\", i)) != std::string_view::npos; i += 2)
                    if (value[i] == '"') break;
                if (i == std::string_view::npos) return;
                ++i;
                break;
            case '<':
                i = value.find('>', i + 1);
                if (i == std::string_view::npos) return;
                ++i;
                break;
            default:
                if (!on_separator(i)) return;
                ++i;
        }
    }
}

}  // namespace

std::string_view header_parameter(std::string_view value, std::string_view name) {
    std::string_view found;
    walk_top_level(value, [&](std::size_t i) {
        if (value[i] == ',') return false;  // end of the first element
        std::string_view rest = value.substr(i + 1);
        const std::size_t end = rest.find_first_of(";,");
        std::string_view parameter = rest.substr(0, end);
        const std::size_t equals = parameter.find('=');
        if (!iequals(trim(parameter.substr(0, equals)), name)) return true;
        found = equals == std::string_view::npos ? std::string_view() : trim(parameter.substr(equals + 1));
        return false;
    });
    return found;
}

std::string_view header_address(std::string_view value) {
    // A name-addr: the URI is what the first <...> holds. Looked for first:
    // most From and To values are name-addrs, and then nothing else counts.
    if (const std::size_t open = text::find_any<'<'>(value, 0); open < value.size()) {
        const std::size_t close = text::find_any<'>'>(value, open + 1);
        if (close < value.size()) return trim(value.substr(open + 1, close - open - 1));
    }
    std::string_view address;
    walk_top_level(value, [&](std::size_t i) {
        address = value.substr(0, i);
        return false;
    });
    if (address.empty()) address = value;
    return trim(address);
}

CSeq parse_cseq(std::string_view value) {
    CSeq cseq;
    value = trim(value);
    // The number, read on the way to the first white space as from_chars
    // reads a 32-bit unsigned number: decimal digits only, leading zeros
    // allowed. Past 2^32 - 1 it stops growing and stays too large.
    std::size_t digits = 0;
    std::uint64_t number = 0;
    bool decimal = true;
    for (; digits < value.size() && !is_space(value[digits]); ++digits) {
        const unsigned digit = static_cast<unsigned char>(value[digits]) - unsigned{'0'};
        if (digit > 9)
            decimal = false;
        else if (number <= std::numeric_limits<std::uint32_t>::max())
            number = number * 10 + digit;
    }
    if (decimal && digits > 0 && number <= std::numeric_limits<std::uint32_t>::max())
        cseq.number = static_cast<std::uint32_t>(number);
    // The value ends in no white space: only the method's front is trimmed.
    std::size_t method = digits;
    while (method < value.size() && is_space(value[method])) ++method;
    cseq.method = value.substr(method);
    // Not a single token: a plain loop, as find_first_of costs a memchr per byte.
    if (std::any_of(cseq.method.begin(), cseq.method.end(), [](char c) { return c == ' ' || c == '\t'; }))
        cseq.method = {};
    return cseq;
}

}  // namespace sipdiag
