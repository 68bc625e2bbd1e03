#include "sipdiag/sip_headers_reader.hpp"

#include <array>
#include <cstring>

#include "sipdiag/header_block.hpp"
#include "sipdiag/sip_header.hpp"
#include "text.hpp"

namespace sipdiag {
namespace {

using ByteSet = std::array<bool, 256>;
constexpr ByteSet byte_set(std::string_view chars) {
    ByteSet set{};
    for (const char c : chars) set[static_cast<unsigned char>(c)] = true;
    return set;
}
constexpr ByteSet kTopLevel = byte_set("\"<;,");
constexpr ByteSet kQuoted = byte_set("\"\\");
constexpr ByteSet kParameterEnd = byte_set(";,");

// First position at or after `i` of a byte in `set`; `value.size()` if none.
std::size_t find_in(std::string_view value, std::size_t i, const ByteSet& set) {
    while (i < value.size() && !set[static_cast<unsigned char>(value[i])]) ++i;
    return i;
}

}  // namespace

namespace detail {

// Mirrors header_parameter step by step: a quoted string (with backslash
// escapes) or <...> is skipped, and an unterminated one ends the search; a
// top-level ',' ends the first element; after each top-level ';' comes a
// parameter, up to the next ';' or ','.
std::string_view first_parameter(std::string_view value, std::string_view name) {
    const std::size_t n = value.size();
    std::size_t i = 0;
    while ((i = find_in(value, i, kTopLevel)) < n) {
        switch (value[i]) {
            case '"':
                for (++i;; i += 2) {
                    i = find_in(value, i, kQuoted);
                    if (i >= n) return {};
                    if (value[i] == '"') break;
                }
                ++i;
                break;
            case '<': {
                const void* close = std::memchr(value.data() + i + 1, '>', n - i - 1);
                if (close == nullptr) return {};
                i = static_cast<std::size_t>(static_cast<const char*>(close) - value.data()) + 1;
                break;
            }
            case ',':
                return {};
            default: {  // ';'
                const std::size_t start = i + 1;
                const std::size_t end = find_in(value, start, kParameterEnd);
                const std::string_view parameter = value.substr(start, end - start);
                const std::size_t equals = parameter.find('=');
                if (text::iequals(text::trim(parameter.substr(0, equals)), name))
                    return equals == std::string_view::npos ? std::string_view() : text::trim(parameter.substr(equals + 1));
                ++i;
            }
        }
    }
    return {};
}

}  // namespace detail

void read_sip_headers(std::string_view header_block, SipMessage& message) {
    // One bit per header still wanted; the walk stops once all are read,
    // which skips the long tail of a typical block (Contact, Allow, SDP...).
    enum : unsigned { kCallId = 1, kFrom = 2, kTo = 4, kCSeq = 8, kVia = 16, kAll = 31 };
    unsigned seen = 0;
    for_each_header(header_block, [&](const HeaderField& field) {
        switch (field.name) {
            case HeaderName::CallId:
                if (seen & kCallId) break;
                seen |= kCallId;
                message.call_id = field.value;
                break;
            case HeaderName::From:
                if (seen & kFrom) break;
                seen |= kFrom;
                message.from_tag = detail::first_parameter(field.value, "tag");
                message.from_uri = header_address(field.value);
                break;
            case HeaderName::To:
                if (seen & kTo) break;
                seen |= kTo;
                message.to_tag = detail::first_parameter(field.value, "tag");
                message.to_uri = header_address(field.value);
                break;
            case HeaderName::CSeq: {
                if (seen & kCSeq) break;
                seen |= kCSeq;
                const CSeq cseq = parse_cseq(field.value);
                message.cseq_header = true;
                message.cseq = cseq.number;
                message.cseq_method = cseq.method;
                break;
            }
            case HeaderName::Via:
                if (seen & kVia) break;
                seen |= kVia;
                // The first element only: the top Via.
                message.via_branch = detail::first_parameter(field.value, "branch");
                break;
            default:
                break;
        }
        return seen != kAll;
    });
}

}  // namespace sipdiag
