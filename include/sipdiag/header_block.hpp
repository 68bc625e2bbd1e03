// Reading a SIP message's header fields straight from its bytes (RFC 3261
// section 7.3): names case-insensitive, compact forms, folded lines, several
// header lines of one name. Lenient and bounded: a line without a colon is
// skipped, and nothing is read past the end of the view given.
#pragma once

#include <cstdint>
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
