// Explaining the Reason (RFC 3326) and Warning (RFC 3261 section 20.43)
// header fields: why a call ended or a request failed, in words a VoIP
// engineer can act on. Plain C++, no Wireshark dependency.
//
// Parsing is lenient (case-insensitive names, any whitespace, quoted strings
// with backslash escapes, commas inside quotes) and bounded: at most
// kMaxHeaderValues values per header value, never a read past its end.
// Every string_view returned by the parsers points into the header value
// given, and is valid while that text lives.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sipdiag/status_catalogue.hpp"

namespace sipdiag {

// More values than this in one header value are ignored: real peers send one
// to three, and hostile input must stay cheap.
inline constexpr std::size_t kMaxHeaderValues = 16;

struct ReasonValue {
    std::string_view protocol;           // "Q.850", "SIP", other tokens as received
    std::optional<std::uint32_t> cause;  // absent when missing or not a number
    std::string_view cause_text;         // cause parameter as received (e.g. "abc")
    std::string_view text;               // text= parameter without its quotes, as received (escapes kept)
    bool malformed = false;              // cause missing/unreadable, unterminated quote, no protocol...
    std::string_view problem;            // why it is malformed, in our words; empty when it is not
};

// All values of one Reason header value (comma-separated; RFC 3326 allows
// several, e.g. one per protocol). An empty or blank value gives none.
std::vector<ReasonValue> parse_reason(std::string_view header_value);

struct CauseMeaning {
    std::string_view name;     // the standard Q.850 name, or the class for unlisted causes
    std::string_view meaning;  // our words: what happened, usual cause, what to look at
    bool known;                // false: the class fallback (or not a Q.850 value at all)
};
// Our words for a Q.850 cause value (data/q850-causes.tsv), with a fallback by
// cause class for unlisted values and a note for values above 127.
CauseMeaning q850_cause(std::uint32_t cause);

// What one Reason value means, in one or two sentences: Q.850 causes from the
// table above, SIP causes from `catalogue`, anything else (unknown protocol,
// malformed value) a note that it is shown as received.
std::string reason_meaning(const ReasonValue& value, const StatusCatalogue& catalogue);

struct WarningValue {
    std::optional<std::uint32_t> code;  // warn-code; also set for a number of the wrong length (then malformed)
    std::string_view agent;             // warn-agent as received
    std::string_view text;              // warn-text without quotes, as received (escapes kept)
    bool malformed = false;             // not "3DIGIT SP agent SP quoted-string"
    std::string_view problem;           // why it is malformed, in our words; empty when it is not
};

// All values of one Warning header value (comma-separated).
std::vector<WarningValue> parse_warning(std::string_view header_value);

struct WarnMeaning {
    std::string_view name;     // the registered name, or the range for unregistered codes
    std::string_view meaning;  // our words
    bool known;                // false: range fallback, or not a SIP warn-code at all
};
// Our words for a warn-code (data/warning-codes.tsv), with a fallback by range
// for unregistered codes in 300-399 and a note for anything else.
WarnMeaning warning_code(std::uint32_t code);

// One row of the built-in tables, for listing them (and for checking them).
struct CodeRow {
    std::uint32_t code;
    std::string_view name;
    std::string_view meaning;
};
// Calls fn(const CodeRow&) for each row of a table, in file order. A line
// that is not a valid row is passed with code 0 and the line as `name`, so
// that a check can report it.
template <typename Fn>
void for_each_q850_row(Fn&& fn);
template <typename Fn>
void for_each_warning_row(Fn&& fn);

namespace detail {
// The text of data/q850-causes.tsv and data/warning-codes.tsv, compiled in.
std::string_view q850_causes_tsv() noexcept;
std::string_view warning_codes_tsv() noexcept;
// One table line starting at `offset`: fills `row` (code 0 for an invalid
// line), sets `is_row` (false for comments, blanks and the column line) and
// returns the offset of the next line.
std::size_t next_table_row(std::string_view table, std::size_t offset, CodeRow& row, bool& is_row) noexcept;

template <typename Fn>
void for_each_row(std::string_view table, Fn&& fn) {
    std::size_t offset = 0;
    while (offset < table.size()) {
        CodeRow row{};
        bool is_row = false;
        offset = next_table_row(table, offset, row, is_row);
        if (is_row) fn(static_cast<const CodeRow&>(row));
    }
}
}  // namespace detail

template <typename Fn>
void for_each_q850_row(Fn&& fn) {
    detail::for_each_row(detail::q850_causes_tsv(), fn);
}
template <typename Fn>
void for_each_warning_row(Fn&& fn) {
    detail::for_each_row(detail::warning_codes_tsv(), fn);
}

}  // namespace sipdiag
