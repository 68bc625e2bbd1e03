#include "sipdiag/reason_warning.hpp"

#include <charconv>

#include "sipdiag/header_block.hpp"
#include "text.hpp"

namespace sipdiag {
namespace {

constexpr std::size_t npos = std::string_view::npos;

using text::iequals;
using text::is_space;
using text::trim;

bool all_digits(std::string_view text) {
    if (text.empty()) return false;
    for (const char c : text)
        if (c < '0' || c > '9') return false;
    return true;
}

// A decimal number that fits 32 bits, and nothing else.
std::optional<std::uint32_t> parse_number(std::string_view text) {
    if (!all_digits(text)) return std::nullopt;
    std::uint32_t number = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
    if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
    return number;
}

// Position of the quote closing the quoted-string that opens at `open`
// (backslash escapes skipped), or npos when it is never closed.
std::size_t closing_quote(std::string_view text, std::size_t open) {
    for (std::size_t i = open + 1; (i = text.find_first_of("\"\\", i)) != npos; i += 2)
        if (text[i] == '"') return i;
    return npos;
}

// Next ';' at or after `offset` that is outside quoted strings; npos when
// there is none (an unclosed quote hides everything after it).
std::size_t next_semicolon(std::string_view text, std::size_t offset) {
    for (std::size_t i = offset; (i = text.find_first_of(";\"", i)) != npos; ++i) {
        if (text[i] == ';') return i;
        i = closing_quote(text, i);
        if (i == npos) return npos;
    }
    return npos;
}

bool has_unclosed_quote(std::string_view text) {
    for (std::size_t i = 0; (i = text.find('"', i)) != npos; ++i) {
        i = closing_quote(text, i);
        if (i == npos) return true;
    }
    return false;
}

struct QuotedText {
    std::string_view text;  // between the quotes, or the whole value when unquoted
    bool quoted = false;
    bool closed = false;
};
QuotedText read_quoted(std::string_view value) {
    if (value.empty() || value.front() != '"') return {value, false, false};
    const std::size_t close = closing_quote(value, 0);
    if (close == npos) return {value.substr(1), true, false};
    return {value.substr(1, close - 1), true, true};
}

// Calls fn(element) for at most kMaxHeaderValues elements of a header value.
template <typename Fn>
void for_bounded_elements(std::string_view value, Fn&& fn) {
    std::size_t count = 0;
    for_each_element(value, [&](std::string_view element) {
        fn(element);
        return ++count < kMaxHeaderValues;
    });
}

ReasonValue parse_reason_value(std::string_view element) {
    ReasonValue value;
    auto fail = [&value](std::string_view problem) {
        if (!value.malformed) value.problem = problem;  // the first problem is the one worth naming
        value.malformed = true;
    };
    std::size_t semicolon = next_semicolon(element, 0);
    value.protocol = trim(element.substr(0, semicolon));
    bool cause_seen = false, text_seen = false, text_unclosed = false;
    while (semicolon != npos) {
        const std::size_t start = semicolon + 1;
        semicolon = next_semicolon(element, start);
        const std::string_view parameter = element.substr(start, semicolon == npos ? npos : semicolon - start);
        const std::size_t equals = parameter.find('=');
        const std::string_view name = trim(parameter.substr(0, equals));
        const std::string_view argument = equals == npos ? std::string_view() : trim(parameter.substr(equals + 1));
        if (iequals(name, "cause") && !cause_seen) {  // a repeated parameter: the first one counts
            cause_seen = true;
            value.cause_text = argument;
            value.cause = parse_number(argument);
        } else if (iequals(name, "text") && !text_seen) {
            text_seen = true;
            const QuotedText text = read_quoted(argument);
            value.text = text.text;
            text_unclosed = text.quoted && !text.closed;
        }
    }
    if (value.protocol.empty())
        fail("no protocol before the parameters");
    else if (value.protocol.find_first_of(" \t\r\n\"") != npos)
        fail("the protocol is not a single token");
    if (text_unclosed)
        fail("the text= quote is never closed");
    else if (has_unclosed_quote(element))
        fail("a quoted string is never closed");
    if (!cause_seen)
        fail("no cause= parameter");
    else if (!value.cause)
        fail(value.cause_text.empty() ? "the cause= parameter is empty" : "the cause is not a number");
    return value;
}

WarningValue parse_warning_value(std::string_view element) {
    WarningValue value;
    auto fail = [&value](std::string_view problem) {
        if (!value.malformed) value.problem = problem;
        value.malformed = true;
    };
    auto next_word = [](std::string_view& rest) {
        rest = trim(rest);
        std::size_t end = 0;
        while (end < rest.size() && !is_space(rest[end])) ++end;
        const std::string_view word = rest.substr(0, end);
        rest = trim(rest.substr(end));
        return word;
    };
    std::string_view rest = element;
    const std::string_view code = next_word(rest);
    value.code = parse_number(code);
    if (!value.code)
        fail("the warn-code is not a number");
    else if (code.size() != 3)
        fail("the warn-code is not three digits");

    if (!rest.empty() && rest.front() != '"') value.agent = next_word(rest);
    if (value.agent.empty()) fail("no warn-agent");

    const QuotedText text = read_quoted(rest);
    value.text = text.text;
    if (rest.empty())
        fail("no warn-text");
    else if (!text.quoted)
        fail("the warn-text is not in quotes");
    else if (!text.closed)
        fail("the warn-text quote is never closed");
    return value;
}

constexpr std::string_view kNotUnderstood = "Reason not understood";

// Class wording for Q.850 causes without a row of their own.
struct CauseClass {
    std::uint32_t last;
    std::string_view name;
    std::string_view meaning;
};
constexpr CauseClass kCauseClasses[] = {
    {31, "Normal event (cause not in sipdiag's table)",
     "A cause from the normal-event class: the call was ended or refused in the ordinary course of things, not by a "
     "fault. The text= parameter or the far side's logs say more."},
    {47, "Resource unavailable (cause not in sipdiag's table)",
     "A cause from the resource-unavailable class: something the call needed, such as a channel or capacity, was "
     "missing for now. Trying again later may work; check load and limits on the path."},
    {63, "Service or option not available (cause not in sipdiag's table)",
     "A cause from the service-not-available class: the call asked for something the network or line does not offer "
     "at the moment. Compare the requested features with the subscription or trunk."},
    {79, "Service or option not implemented (cause not in sipdiag's table)",
     "A cause from the not-implemented class: some equipment on the path does not support what the call asked for. "
     "Look for codec, bearer or feature mismatches."},
    {95, "Invalid message (cause not in sipdiag's table)",
     "A cause from the invalid-message class: a signalling message was rejected as wrong. Usually a gateway or "
     "interface configuration problem; capture the signalling on both sides."},
    {111, "Protocol error (cause not in sipdiag's table)",
     "A cause from the protocol-error class: the two sides disagree about the signalling protocol. Check protocol "
     "variants and look for timers or messages crossing."},
    {127, "Interworking (cause not in sipdiag's table)",
     "A cause from the interworking class: the call crossed a network boundary that lost the real cause. Ask the "
     "carrier or check the far side of the gateway."},
};
constexpr CauseMeaning kNotACause{
    "Not a Q.850 cause",
    "Q.850 cause values run from 0 to 127, so this number comes from a broken or non-standard sender; treat the "
    "Reason as a hint only.",
    false};

// Range wording for warn-codes without a row of their own.
struct WarnRange {
    std::uint32_t first, last;
    std::string_view name;
    std::string_view meaning;
};
constexpr WarnRange kWarnRanges[] = {
    {300, 329, "Unregistered session description warning",
     "An unregistered code from the range for problems with keywords in the SDP; the peer disliked something in the "
     "offer. Read the warn-text and check the SDP."},
    {330, 339, "Unregistered network service warning",
     "An unregistered code from the range for basic network services asked for in the SDP, such as multicast. Read "
     "the warn-text and check addresses and firewalls."},
    {370, 379, "Unregistered quality-of-service warning",
     "An unregistered code from the range for quantitative QoS such as bandwidth. Read the warn-text and check "
     "bandwidth and admission control."},
    {390, 399, "Unregistered miscellaneous warning",
     "An unregistered code from the miscellaneous range; only the warn-text tells what it is about."},
    {300, 399, "Unregistered warn-code",
     "A SIP warn-code that is not registered, probably vendor-specific. Read the warn-text and the vendor "
     "documentation of the warn-agent."},
};
constexpr WarnMeaning kNotAWarnCode{
    "Not a SIP warn-code",
    "SIP warn-codes are three digits from 300 to 399; this one comes from a broken or non-standard sender. The "
    "warn-text may still help.",
    false};

template <typename Meaning>
std::optional<Meaning> find_row(std::string_view table, std::uint32_t code) {
    std::optional<Meaning> found;
    std::size_t offset = 0;
    while (offset < table.size() && !found) {
        CodeRow row{};
        bool is_row = false;
        offset = detail::next_table_row(table, offset, row, is_row);
        if (is_row && row.code == code && code != 0) found = Meaning{row.name, row.meaning, true};
    }
    return found;
}

}  // namespace

std::vector<ReasonValue> parse_reason(std::string_view header_value) {
    std::vector<ReasonValue> values;
    for_bounded_elements(header_value, [&](std::string_view element) { values.push_back(parse_reason_value(element)); });
    return values;
}

std::vector<WarningValue> parse_warning(std::string_view header_value) {
    std::vector<WarningValue> values;
    for_bounded_elements(header_value, [&](std::string_view element) { values.push_back(parse_warning_value(element)); });
    return values;
}

CauseMeaning q850_cause(std::uint32_t cause) {
    // Cause 0 is not a valid row code (0 marks a bad line); it still gets the class wording.
    if (auto row = find_row<CauseMeaning>(detail::q850_causes_tsv(), cause)) return *row;
    for (const CauseClass& cls : kCauseClasses)
        if (cause <= cls.last) return {cls.name, cls.meaning, false};
    return kNotACause;
}

WarnMeaning warning_code(std::uint32_t code) {
    if (auto row = find_row<WarnMeaning>(detail::warning_codes_tsv(), code)) return *row;
    for (const WarnRange& range : kWarnRanges)
        if (code >= range.first && code <= range.last) return {range.name, range.meaning, false};
    return kNotAWarnCode;
}

std::string reason_meaning(const ReasonValue& value, const StatusCatalogue& catalogue) {
    if (value.malformed)
        return std::string(kNotUnderstood) + " (" + std::string(value.problem) + "): shown as received.";
    const std::string number = std::to_string(*value.cause);
    if (iequals(value.protocol, "Q.850")) {
        const CauseMeaning meaning = q850_cause(*value.cause);
        return "Q.850 cause " + number + " (" + std::string(meaning.name) + "): " + std::string(meaning.meaning);
    }
    if (iequals(value.protocol, "SIP")) {
        const Explanation explanation = catalogue.explain(*value.cause);
        return "SIP " + number + " " + explanation.info->phrase + ": " + explanation.info->meaning;
    }
    return std::string(kNotUnderstood) + " (protocol \"" + std::string(value.protocol) +
           "\" is not one sipdiag explains): shown as received.";
}

namespace detail {

std::size_t next_table_row(std::string_view table, std::size_t offset, CodeRow& row, bool& is_row) noexcept {
    std::size_t end = table.find('\n', offset);
    if (end == npos) end = table.size();
    std::string_view line = table.substr(offset, end - offset);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    const std::size_t tab1 = line.find('\t');
    const std::string_view first = line.substr(0, tab1);
    is_row = !line.empty() && line.front() != '#' && first != "cause" && first != "code";
    if (is_row) {
        const std::size_t tab2 = tab1 == npos ? npos : line.find('\t', tab1 + 1);
        const auto code = parse_number(first);
        if (code && *code != 0 && tab2 != npos && line.find('\t', tab2 + 1) == npos && tab2 > tab1 + 1 &&
            tab2 + 1 < line.size()) {
            row = {*code, line.substr(tab1 + 1, tab2 - tab1 - 1), line.substr(tab2 + 1)};
        } else {
            row = {0, line, {}};  // not a valid row: reported by the table checks
        }
    }
    return end + 1;
}

}  // namespace detail

}  // namespace sipdiag
