// Reading a SIP message's header fields straight from its bytes (RFC 3261
// section 7.3): names case-insensitive, compact forms, folded lines, several
// header lines of one name. Lenient and bounded: a line without a colon is
// skipped, and nothing is read past the end of the view given.
#pragma once

#include <array>
#include <cstdint>
#include <initializer_list>
#include <string_view>

namespace sipdiag {

enum class HeaderName : std::uint8_t {
    Other,
    CallId,
    From,
    To,
    CSeq,
    Via,
    Contact,
    RecordRoute,
    Route,
    Reason,
    Warning,
    UserAgent,
    Server,
    ContentLength,
};

// Which header a field name is ("call-id", "i", "Record-Route"...).
HeaderName header_name(std::string_view name);

struct SplitMessage {
    std::string_view start_line;    // without its line end
    std::string_view header_block;  // the lines after it, up to (not including) the blank line
    bool complete = false;          // the blank line was found
};
// `message` starts with the request or status line.
SplitMessage split_message(std::string_view message);

// "INVITE sip:b@h SIP/2.0" -> "sip:b@h"; "" when not a request line.
std::string_view request_uri_of(std::string_view start_line);

struct HeaderField {
    HeaderName name;
    std::string_view raw_name;
    std::string_view value;  // trimmed; folded lines keep their line breaks inside
};

// Calls fn(const HeaderField&) for each header field of `block` in order;
// stops early when fn returns false.
template <typename Fn>
void for_each_header(std::string_view block, Fn&& fn);

// Like for_each_header, for the fields named one of `names` only: a line
// that cannot begin with one of them, judged by its first byte, is passed
// over without being parsed.
template <typename Fn>
void for_each_header_named(std::string_view block, std::initializer_list<HeaderName> names, Fn&& fn);

// The value of the first field named `name`; "" when there is none.
std::string_view first_header(std::string_view block, HeaderName name);

// Calls fn(element) for each comma-separated element of a header value
// (commas inside quotes or <...> do not split), trimmed, empty ones skipped;
// stops early when fn returns false.
template <typename Fn>
void for_each_element(std::string_view value, Fn&& fn);

namespace detail {
std::string_view trim(std::string_view text);
// One header field starting at `offset`; returns the offset after it (and
// its folded continuation lines), or npos at the end of the block.
std::size_t next_field(std::string_view block, std::size_t offset, HeaderField& field, bool& has_field);
// One whole field line (continuation lines included, its line end not):
// false when it has no colon or no name.
bool parse_field(std::string_view line, HeaderField& field);
std::size_t element_end(std::string_view value, std::size_t offset);
// The first bytes a field line of one of a few names can have: the name's
// and its compact form's first letter in both cases, and the bytes trimmed
// off a name (a superset: the line is then parsed and its name checked).
struct NameFilter {
    std::array<bool, 256> may_start{};
    std::uint32_t names = 0;  // bit i: HeaderName i
    bool wants(HeaderName name) const { return (names >> static_cast<unsigned>(name) & 1u) != 0; }
};
NameFilter name_filter(std::initializer_list<HeaderName> names);
// The offset of the line after the field line starting at `offset` and its
// folded continuation lines; `end` is set to the end of that field's text.
std::size_t field_extent(std::string_view block, std::size_t offset, std::size_t& end);
}  // namespace detail

template <typename Fn>
void for_each_header(std::string_view block, Fn&& fn) {
    std::size_t offset = 0;
    while (offset < block.size()) {
        HeaderField field{};
        bool has_field = false;
        offset = detail::next_field(block, offset, field, has_field);
        if (has_field && !fn(static_cast<const HeaderField&>(field))) return;
    }
}

template <typename Fn>
void for_each_header_named(std::string_view block, std::initializer_list<HeaderName> names, Fn&& fn) {
    const detail::NameFilter filter = detail::name_filter(names);
    std::size_t offset = 0;
    while (offset < block.size()) {
        std::size_t end = offset;
        const std::size_t next = detail::field_extent(block, offset, end);
        if (filter.may_start[static_cast<unsigned char>(block[offset])]) {
            HeaderField field{};
            if (detail::parse_field(block.substr(offset, end - offset), field) && filter.wants(field.name) &&
                !fn(static_cast<const HeaderField&>(field)))
                return;
        }
        offset = next;
    }
}

template <typename Fn>
void for_each_element(std::string_view value, Fn&& fn) {
    std::size_t offset = 0;
    while (offset <= value.size()) {
        const std::size_t end = detail::element_end(value, offset);
        const std::string_view element = detail::trim(value.substr(offset, end - offset));
        if (!element.empty() && !fn(element)) return;
        if (end >= value.size()) return;
        offset = end + 1;
    }
}

}  // namespace sipdiag
