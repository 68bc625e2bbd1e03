#include "sipdiag/header_block.hpp"

#include <algorithm>
#include <array>
#include <cstdint>

#include "known_names.hpp"
#include "text.hpp"

namespace sipdiag {
namespace {

using text::iequals;
using text::lower;

using names::kKnownNames;
using names::KnownName;

// The one known name a name can be, by its length and last letter (no two
// known names share both): header_name runs for most lines of every SIP
// message, and then compares one candidate instead of all names of a length.
// Compact forms likewise by their letter. kNone: no candidate.
constexpr std::uint8_t kNone = 0xff;
constexpr std::size_t kLongestName = 14;
constexpr auto kByLengthAndLast = [] {
    std::array<std::array<std::uint8_t, 26>, kLongestName + 1> table{};
    for (auto& by_last : table) by_last.fill(kNone);
    for (std::size_t i = 0; i < kKnownNames.size(); ++i) {
        const std::string_view name = kKnownNames[i].name;
        const char last = name.back();
        if (name.size() > kLongestName || last < 'a' || last > 'z') throw "kByLengthAndLast: name out of range";
        std::uint8_t& slot = table[name.size()][static_cast<std::size_t>(last - 'a')];
        if (slot != kNone) throw "kByLengthAndLast: two names share a length and a last letter";
        slot = static_cast<std::uint8_t>(i);
    }
    return table;
}();
constexpr auto kByCompact = [] {
    std::array<std::uint8_t, 26> table{};
    table.fill(kNone);
    for (std::size_t i = 0; i < kKnownNames.size(); ++i) {
        const char c = kKnownNames[i].compact;
        if (c != '\0') table[static_cast<std::size_t>(c - 'a')] = static_cast<std::uint8_t>(i);
    }
    return table;
}();

// A known name as two folded words (see names::FoldedWord): its first and
// last `width` bytes (2, 4 or 8, overlapping when the name is shorter than
// two words), each read with one load.
struct NameWords {
    std::size_t width;
    names::FoldedWord head, tail;
};

constexpr std::size_t word_width(std::size_t size) { return size >= 8 ? 8 : size >= 4 ? 4 : 2; }

constexpr auto kNameWords = [] {
    std::array<NameWords, kKnownNames.size()> words{};
    for (std::size_t i = 0; i < kKnownNames.size(); ++i) {
        const std::string_view name = kKnownNames[i].name;
        const std::size_t width = word_width(name.size());
        words[i] = {width, names::folded_word(name.substr(0, width)),
                    names::folded_word(name.substr(name.size() - width))};
    }
    return words;
}();

// `name` has the size of known name `words`' name.
bool same_name(std::string_view name, const NameWords& words) {
    const std::size_t width = words.width;
    return names::holds(names::load_word(name.data(), width), words.head) &&
           names::holds(names::load_word(name.data() + name.size() - width, width), words.tail);
}

using text::after_line_end;
using text::line_end;

}  // namespace

namespace detail {

std::string_view trim(std::string_view value) { return text::trim(value); }

std::size_t field_extent(std::string_view block, std::size_t offset, std::size_t& end) {
    end = line_end(block, offset);
    std::size_t next = after_line_end(block, end);
    // Folded continuation lines start with a space or tab.
    while (next < block.size() && (block[next] == ' ' || block[next] == '\t')) {
        end = line_end(block, next);
        next = after_line_end(block, end);
    }
    return next == offset ? block.size() : next;  // cannot be equal; never loop forever
}

std::size_t next_field(std::string_view block, std::size_t offset, HeaderField& field, bool& has_field) {
    std::size_t end = offset;
    const std::size_t next = field_extent(block, offset, end);
    has_field = parse_field(block.substr(offset, end - offset), field);
    return next;
}

NameFilter name_filter(std::initializer_list<HeaderName> names) {
    static_assert(static_cast<unsigned>(HeaderName::ContentLength) < 32, "NameFilter::names holds one bit per name");
    NameFilter filter;
    const auto allow = [&](char c) {
        filter.may_start[static_cast<unsigned char>(c)] = true;
        filter.may_start[static_cast<unsigned char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c)] = true;
    };
    for (const char c : {' ', '\t', '\r', '\n', '\0'}) allow(c);  // trimmed off a name; NUL: see header_name
    for (const HeaderName name : names) {
        filter.names |= 1u << static_cast<unsigned>(name);
        if (name == HeaderName::Other) filter.may_start.fill(true);  // any unknown name
        for (const KnownName& known : kKnownNames) {
            if (known.id != name) continue;
            allow(known.name.front());
            if (known.compact != '\0') allow(known.compact);
        }
    }
    return filter;
}

bool parse_field(std::string_view line, HeaderField& field) {
    const std::size_t colon = text::find_any<':'>(line, 0);
    if (colon == 0 || colon >= line.size()) return false;
    field.raw_name = text::trim(line.substr(0, colon));
    field.name = header_name(field.raw_name);
    field.value = text::trim(line.substr(colon + 1));
    return !field.raw_name.empty();
}

std::size_t element_end(std::string_view value, std::size_t offset) {
    const std::size_t n = value.size();
    std::size_t i = offset;
    while ((i = text::find_any<'"', '<', ','>(value, i)) < n) {
        if (value[i] == ',') return i;
        if (value[i] == '<') {
            i = value.find('>', i + 1);
        } else {  // quoted-string with backslash escapes
            for (++i; (i = text::find_any<'"', '\\'>(value, i)) < n; i += 2)
                if (value[i] == '"') break;
        }
        if (i >= n) return n;
        ++i;
    }
    return n;
}

}  // namespace detail

HeaderName header_name(std::string_view name) {
    if (name.empty()) return HeaderName::Other;
    if (name.size() == 1) {
        const char c = lower(name[0]);
        // CSeq's "no compact form" '\0' is matched by a NUL name, as a scan of
        // the table did.
        if (c == '\0') return HeaderName::CSeq;
        const std::uint8_t i = c >= 'a' && c <= 'z' ? kByCompact[static_cast<std::size_t>(c - 'a')] : kNone;
        return i == kNone ? HeaderName::Other : kKnownNames[i].id;
    }
    const char last = lower(name.back());
    if (name.size() > kLongestName || last < 'a' || last > 'z') return HeaderName::Other;
    const std::uint8_t i = kByLengthAndLast[name.size()][static_cast<std::size_t>(last - 'a')];
    return i != kNone && same_name(name, kNameWords[i]) ? kKnownNames[i].id : HeaderName::Other;
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
    // Runs on every request: the inline search and trim, not memchr and calls.
    const std::size_t first_space = text::find_any<' '>(start_line, 0);
    if (first_space == 0 || first_space >= start_line.size()) return {};
    std::string_view rest = start_line.substr(first_space + 1);
    while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
    const std::size_t last_space = rest.rfind(' ');
    if (last_space == std::string_view::npos) return {};
    if (!text::starts_with_lower(text::trim(rest.substr(last_space + 1)), "sip/")) return {};
    return text::trim(rest.substr(0, last_space));
}

std::string_view first_header(std::string_view block, HeaderName name) {
    std::string_view found;
    for_each_header_named(block, {name}, [&](const HeaderField& field) {
        found = field.value;
        return false;
    });
    return found;
}

}  // namespace sipdiag
