#include "sipdiag/sip_headers_reader.hpp"

#include "sipdiag/header_block.hpp"
#include "sipdiag/sip_header.hpp"
#include "known_names.hpp"
#include "text.hpp"

namespace sipdiag {
namespace detail {

// Mirrors header_parameter step by step: a quoted string (with backslash
// escapes) or <...> is skipped, and an unterminated one ends the search; a
// top-level ',' ends the first element; after each top-level ';' comes a
// parameter, up to the next ';' or ','.
std::string_view first_parameter(std::string_view value, std::string_view name) {
    const std::size_t n = value.size();
    std::size_t i = 0;
    while ((i = text::find_any<'"', '<', ';', ','>(value, i)) < n) {
        switch (value[i]) {
            case '"':
                for (++i;; i += 2) {
                    i = text::find_any<'"', '\\'>(value, i);
                    if (i >= n) return {};
                    if (value[i] == '"') break;
                }
                ++i;
                break;
            case '<': {
                i = text::find_any<'>'>(value, i + 1);
                if (i >= n) return {};
                ++i;
                break;
            }
            case ',':
                return {};
            default: {  // ';'
                // The parameter's name is `name` when, white space aside, the
                // name's bytes come first and then '=' or the parameter's end:
                // tested in place, without cutting the parameter out first.
                std::size_t at = i + 1;
                while (at < n && text::is_space(value[at])) ++at;
                if (n - at >= name.size() && text::iequals(value.substr(at, name.size()), name)) {
                    at += name.size();
                    while (at < n && text::is_space(value[at])) ++at;
                    if (at == n || value[at] == ';' || value[at] == ',') return {};
                    if (value[at] == '=') {
                        const std::size_t end = text::find_any<';', ','>(value, at + 1);
                        return text::trim(value.substr(at + 1, end - at - 1));
                    }
                }
                ++i;
            }
        }
    }
    return {};
}

}  // namespace detail

namespace {

// ";tag=" and ";branch=": a parameter's name between ';' and '=', in any case.
constexpr names::FoldedWord kTagEquals = names::folded_word(";tag=");
constexpr names::FoldedWord kBranchEquals = names::folded_word(";branch=");

// first_parameter(value, name) where `name_equals` is ";name=": the usual
// spelling, the name right after the first top-level ';' and '=' right
// after the name, is read at once; anything else is left to first_parameter.
std::string_view usual_parameter(std::string_view value, const names::FoldedWord& name_equals,
                                 std::string_view name) {
    const std::size_t i = text::find_any<'"', '<', ';', ','>(value, 0);
    if (i < value.size() && value.size() - i >= 8 && names::holds(names::load_word(value.data() + i), name_equals)) {
        const std::size_t start = i + name_equals.size;
        const std::size_t end = text::find_any<';', ','>(value, start);
        return text::trim(value.substr(start, end - start));
    }
    return detail::first_parameter(value, name);
}

// From and To: the address and the tag. Most values start with '<': then
// one search for the '>' gives both, where header_address and
// first_parameter would each look for the '<' and the '>' again.
void read_address_and_tag(std::string_view value, std::string_view& uri, std::string_view& tag) {
    if (!value.empty() && value.front() == '<') {
        const std::size_t close = text::find_any<'>'>(value, 1);
        if (close < value.size()) {
            uri = text::trim(value.substr(1, close - 1));
            tag = usual_parameter(value.substr(close + 1), kTagEquals, "tag");
            return;
        }
    }
    uri = header_address(value);
    tag = detail::first_parameter(value, "tag");
}

// One bit per header read_sip_headers wants; the first field of each name counts.
enum : unsigned { kCallId = 1, kFrom = 2, kTo = 4, kCSeq = 8, kVia = 16, kAll = 31 };

void take_field(const HeaderField& field, SipMessage& message, unsigned& seen) {
    switch (field.name) {
        case HeaderName::CallId:
            if (seen & kCallId) break;
            seen |= kCallId;
            message.call_id = field.value;
            break;
        case HeaderName::From:
            if (seen & kFrom) break;
            seen |= kFrom;
            read_address_and_tag(field.value, message.from_uri, message.from_tag);
            break;
        case HeaderName::To:
            if (seen & kTo) break;
            seen |= kTo;
            read_address_and_tag(field.value, message.to_uri, message.to_tag);
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
            message.via_branch = usual_parameter(field.value, kBranchEquals, "branch");
            break;
        default:
            break;
    }
}

// Whether read_sip_message parses a field line, judged by its first bytes:
// the names and compact forms of the five read_sip_headers reads (until all
// five are read), of Reason, Warning, Server, User-Agent, and of Contact,
// Record-Route and Route, which the ACK route check needs; and leading white
// space, which the name is trimmed of. Everything else ("Content-Type",
// "Supported", "Allow"...) is passed over unparsed. After a one-letter
// compact form comes the colon or white space.
bool line_wanted(std::string_view line, bool five_read) {
    const auto after_compact = [&] {
        return line.size() < 2 || line[1] == ':' || line[1] == ' ' || line[1] == '\t';
    };
    const char second = line.size() > 1 ? text::lower(line[1]) : '\0';
    switch (text::lower(line[0])) {
        case 'c':  // Call-ID, CSeq, Contact
            if (second == 'o') return text::starts_with_lower(line, "contact");
            return !five_read && (second == 'a' || second == 's');
        case 'f': return !five_read && (second == 'r' || after_compact());
        case 'v': return !five_read && (second == 'i' || after_compact());
        case 't': return !five_read && (second == 'o' || after_compact());
        case 'i': return !five_read && after_compact();
        case 'm': return after_compact();                  // Contact
        case 'r': return second == 'e' || second == 'o';   // Reason, Record-Route, Route
        case 'w': return second == 'a';                    // Warning
        case 's': return second == 'e';                    // Server
        case 'u': return second == 's';                    // User-Agent
        case ' ':
        case '\t': return true;
        // header_name reads a one-byte name NUL as CSeq (the '\0' of "no
        // compact form" matches it): read_sip_headers does, so this walk does too.
        case '\0': return !five_read;
        default: return false;
    }
}

// The line starting at `offset` (not a continuation line), when it is
// spelled the usual way (names::UsualSpelling): its field, named and with
// its value trimmed, as parse_field gives it. False for any other line,
// which parse_field reads the same way.
bool read_usual_field(std::string_view bytes, std::size_t offset, std::size_t end, HeaderField& field) {
    if (bytes.size() - offset < 8) return false;  // too near the end to read a word: parse_field
    const names::UsualSpelling* usual = names::usual_spelling(bytes.data() + offset);
    if (usual == nullptr) return false;
    // The colon is inside the line: the name's bytes hold no line end.
    const std::string_view line = bytes.substr(offset, end - offset);
    field.name = usual->id;
    field.raw_name = line.substr(0, usual->word.size - 1);
    field.value = text::trim(line.substr(usual->word.size));
    return true;
}

}  // namespace

void read_sip_headers(std::string_view header_block, SipMessage& message) {
    // The walk stops once all are read, which skips the long tail of a
    // typical block (Contact, Allow, SDP...).
    unsigned seen = 0;
    for_each_header(header_block, [&](const HeaderField& field) {
        take_field(field, message, seen);
        return seen != kAll;
    });
}

SplitMessage read_sip_message(std::string_view bytes, SipMessage& message) {
    SplitMessage split;
    const std::size_t first_end = text::line_end(bytes, 0);
    split.start_line = bytes.substr(0, first_end);
    const std::size_t block_start = text::after_line_end(bytes, first_end);
    unsigned seen = 0;
    bool user_agent = false, server = false, reason = false, reason_or_warning_line = false;
    message.user_agent = message.server = message.reason = message.contact = {};
    message.contact_lines = 0;
    message.record_route_line = message.route_line = false;
    std::size_t offset = block_start;
    // The lines as split_message walks them, up to the blank line; each
    // field line with its folded continuation lines, as for_each_header
    // reads them (a continuation line starts with a space or tab, so it is
    // never the blank line).
    while (offset < bytes.size()) {
        std::size_t end = text::line_end(bytes, offset);
        if (end == offset) {  // the blank line
            split.complete = true;
            break;
        }
        std::size_t next = text::after_line_end(bytes, end);
        while (next < bytes.size() && (bytes[next] == ' ' || bytes[next] == '\t')) {
            end = text::line_end(bytes, next);
            next = text::after_line_end(bytes, end);
        }
        const std::string_view line = bytes.substr(offset, end - offset);
        // What capture analysis looked for in the block: a line starting
        // with "reason" or "warning" in any case, at the block's start or
        // after a '\n'.
        const auto note_reason_or_warning = [&] {
            if (offset == block_start || bytes[offset - 1] == '\n') reason_or_warning_line = true;
        };
        HeaderField field;  // set by whichever reader parses the line; read only then
        const bool usual = read_usual_field(bytes, offset, end, field);
        bool parsed = usual;
        if (!usual && line_wanted(line, seen == kAll)) {
            const char first = text::lower(line[0]);
            if ((first == 'r' || first == 'w') && text::starts_with_lower(line, first == 'r' ? "reason" : "warning"))
                note_reason_or_warning();
            parsed = detail::parse_field(line, field);
        }
        if (parsed) {
            switch (field.name) {
                case HeaderName::UserAgent:
                    if (!user_agent) message.user_agent = field.value;
                    user_agent = true;
                    break;
                case HeaderName::Server:
                    if (!server) message.server = field.value;
                    server = true;
                    break;
                case HeaderName::Reason:
                    if (usual) note_reason_or_warning();  // "Reason:"
                    if (!reason) message.reason = field.value;
                    reason = true;
                    break;
                case HeaderName::Warning:
                    if (usual) note_reason_or_warning();  // "Warning:"
                    break;
                case HeaderName::Contact:
                    if (message.contact_lines == 0) message.contact = field.value;
                    if (message.contact_lines < 2) ++message.contact_lines;
                    break;
                case HeaderName::RecordRoute: message.record_route_line = true; break;
                case HeaderName::Route: message.route_line = true; break;
                default:
                    if (seen != kAll) take_field(field, message, seen);
            }
        }
        offset = next;
    }
    split.header_block = bytes.substr(block_start, offset - block_start);
    message.header_block = split.header_block;
    message.more_headers_read = true;
    message.reason_or_warning_line = reason_or_warning_line;
    return split;
}

std::string_view header_value(const SipMessage& message, HeaderName name) {
    if (message.more_headers_read) {
        switch (name) {
            case HeaderName::UserAgent: return message.user_agent;
            case HeaderName::Server: return message.server;
            case HeaderName::Reason: return message.reason;
            default: break;
        }
    }
    return first_header(message.header_block, name);
}

}  // namespace sipdiag
