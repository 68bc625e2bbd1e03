#include "sipdiag/header_block.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>

#include "text.hpp"

namespace sipdiag {
namespace {

using text::iequals;
using text::lower;

struct KnownName {
    std::string_view name;
    char compact;  // RFC 3261 section 7.3.3 compact form, '\0' when none
    HeaderName id;
};
constexpr std::array<KnownName, 13> kKnownNames{{
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

// The known names of each length (indexes into kKnownNames, kNone after the
// last): header_name runs for most lines of every SIP message, and a name's
// length rules out all but at most three candidates.
constexpr std::uint8_t kNone = 0xff;
constexpr std::size_t kMaxCandidates = 3;
constexpr auto kByLength = [] {
    std::size_t longest = 0;
    for (const KnownName& known : kKnownNames) longest = std::max(longest, known.name.size());
    std::array<std::array<std::uint8_t, kMaxCandidates>, 15> table{};
    for (auto& candidates : table) candidates.fill(kNone);
    for (std::size_t i = 0; i < kKnownNames.size(); ++i) {
        auto& candidates = table[kKnownNames[i].name.size()];
        std::size_t n = 0;
        while (candidates[n] != kNone) ++n;  // more than kMaxCandidates: out of bounds, not a constant
        candidates[n] = static_cast<std::uint8_t>(i);
    }
    return longest < table.size() ? table : throw "kByLength too short";
}();

using text::after_line_end;
using text::line_end;

}  // namespace

namespace detail {

std::string_view trim(std::string_view value) { return text::trim(value); }

std::size_t next_field(std::string_view block, std::size_t offset, HeaderField& field, bool& has_field) {
    std::size_t end = line_end(block, offset);
    std::size_t next = after_line_end(block, end);
    // Folded continuation lines start with a space or tab.
    while (next < block.size() && (block[next] == ' ' || block[next] == '\t')) {
        end = line_end(block, next);
        next = after_line_end(block, end);
    }
    if (next == offset) return block.size();  // cannot happen; never loop forever
    has_field = parse_field(block.substr(offset, end - offset), field);
    return next;
}

bool parse_field(std::string_view line, HeaderField& field) {
    const void* found = line.empty() ? nullptr : std::memchr(line.data(), ':', line.size());
    if (found == nullptr) return false;
    const std::size_t colon = static_cast<std::size_t>(static_cast<const char*>(found) - line.data());
    if (colon == 0) return false;
    field.raw_name = text::trim(line.substr(0, colon));
    field.name = header_name(field.raw_name);
    field.value = text::trim(line.substr(colon + 1));
    return !field.raw_name.empty();
}

std::size_t element_end(std::string_view value, std::size_t offset) {
    std::size_t i = offset;
    while ((i = value.find_first_of("\"<,", i)) != std::string_view::npos) {
        if (value[i] == ',') return i;
        if (value[i] == '<') {
            i = value.find('>', i + 1);
        } else {  // quoted-string with backslash escapes
            for (++i; (i = value.find_first_of("\"\\", i)) != std::string_view::npos; i += 2)
                if (value[i] == '"') break;
        }
        if (i == std::string_view::npos) return value.size();
        ++i;
    }
    return value.size();
}

}  // namespace detail

HeaderName header_name(std::string_view name) {
    if (name.empty()) return HeaderName::Other;
    if (name.size() == 1) {
        const char c = lower(name[0]);
        for (const KnownName& known : kKnownNames)
            if (known.compact == c) return known.id;
        return HeaderName::Other;
    }
    if (name.size() >= kByLength.size()) return HeaderName::Other;
    const char first = lower(name[0]);
    for (const std::uint8_t i : kByLength[name.size()]) {
        if (i == kNone) break;
        if (kKnownNames[i].name[0] == first && iequals(kKnownNames[i].name, name)) return kKnownNames[i].id;
    }
    return HeaderName::Other;
}

SplitMessage split_message(std::string_view message) {
    SplitMessage split;
    const std::size_t first_end = line_end(message, 0);
    split.start_line = message.substr(0, first_end);
    const std::size_t block_start = after_line_end(message, first_end);
    std::size_t offset = block_start;
    while (offset < message.size()) {
        const std::size_t end = line_end(message, offset);
        if (end == offset) {  // the blank line
            split.complete = true;
            break;
        }
        offset = after_line_end(message, end);
    }
    split.header_block = message.substr(block_start, offset - block_start);
    return split;
}

std::string_view request_uri_of(std::string_view start_line) {
    const std::size_t first_space = start_line.find(' ');
    if (first_space == std::string_view::npos || first_space == 0) return {};
    std::string_view rest = start_line.substr(first_space + 1);
    while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
    const std::size_t last_space = rest.rfind(' ');
    if (last_space == std::string_view::npos) return {};
    if (!iequals(detail::trim(rest.substr(last_space + 1)).substr(0, 4), "sip/")) return {};
    return detail::trim(rest.substr(0, last_space));
}

std::string_view first_header(std::string_view block, HeaderName name) {
    std::string_view found;
    for_each_header(block, [&](const HeaderField& field) {
        if (field.name != name) return true;
        found = field.value;
        return false;
    });
    return found;
}

}  // namespace sipdiag
