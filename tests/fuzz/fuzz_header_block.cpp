// Fuzz target: a SIP message's bytes come straight from the wire, cut
// anywhere (a capture's snap length, a TCP segment). Splitting the message,
// walking its header block and reading the analysis' headers must never read
// out of bounds or loop, whatever the bytes: a header block with no blank
// line that runs to the end of the buffer, lone CRs, NULs, folded lines,
// megabytes of nothing useful. Every view returned must lie inside the input.
//
// The input is built from the fuzzer's bytes out of SIP-like pieces (random
// bytes alone seldom make a header line), then copied into a buffer of
// exactly its size, so that AddressSanitizer sees any read past the end.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_input.hpp"
#include "sipdiag/header_block.hpp"
#include "sipdiag/sip_header.hpp"
#include "sipdiag/sip_headers_reader.hpp"
#include "sipdiag/sip_message.hpp"

namespace {

using sipdiag::fuzz::FuzzInput;

void check_inside(std::string_view part, std::string_view whole) {
    if (!part.empty() && (part.data() < whole.data() || part.data() + part.size() > whole.data() + whole.size()))
        std::abort();
}

constexpr std::string_view kStartLines[] = {
    "INVITE sip:b@h SIP/2.0", "SIP/2.0 200 OK", "ACK sip:b@h SIP/2.0", "SIP/2.0 486 Busy Here", "INVITE  SIP/2.0",
    "BYE sip:b@h", "", "SIP/2.0", " ", "REGISTER sip:h SIP/2.0 "};
constexpr std::string_view kNames[] = {"Via", "v", "From", "f", "To", "t", "Call-ID", "i", "CSeq", "Contact", "m",
                                       "VIA", "call-id", "X", "", " ", "Content-Length", "l", "Route", "c\r",
                                       "Server", "User-Agent", "reason", "WARNING", " Reason", "Reasons", "s", "u"};
constexpr std::string_view kSeparators[] = {": ", ":", " : ", "\t:\t", "", " ", "::"};
constexpr std::string_view kValues[] = {
    "SIP/2.0/UDP h;branch=z9hG4bK1", "SIP/2.0/UDP a;branch=1, SIP/2.0/TCP b;branch=2", "<sip:a@h>;tag=1",
    "\"A;tag=x\" <sip:a@h;tag=y>;tag=z", "sip:a@h;TAG=2", "1 INVITE", "4294967296 INVITE", "abc", "", ";", "<",
    "\"", "\"\\", ";tag=", ";branch", "a,b,,c", "<sip:a@h;tag=1", "\"unterminated;tag=1", "1 INVITE extra"};
constexpr std::string_view kLineEnds[] = {"\r\n", "\n", "\r", "\r\n ", "\r\n\t", std::string_view("\0", 1), "",
                                          "\r\r\n", "\n\r"};

// 64 kB of bytes that mean nothing, with the characters the reader looks
// for (line ends, colons, quotes, brackets) frequent among them.
void append_garbage(std::string& out, std::uint32_t seed) {
    constexpr char kSpecial[] = {'\r', '\n', ':', '"', '<', '>', ';', ',', '\0', ' ', '\t', '='};
    std::uint32_t state = seed | 1u;
    for (int i = 0; i < 65536; ++i) {
        state = state * 1664525u + 1013904223u;
        const auto byte = static_cast<char>(state >> 24);
        out.push_back((state & 0x300u) == 0 ? kSpecial[(state >> 12) % sizeof kSpecial] : byte);
    }
}

std::string build(FuzzInput& in) {
    std::string out(in.pick(kStartLines));
    out += in.pick(kLineEnds);
    bool garbage = false;  // once per input at most, 64 kB is slow under ASan
    while (!in.empty()) {
        switch (in.byte() % 16) {
            case 0:  // raw bytes from the input
                out += in.bytes(64);
                break;
            case 1:
                if (!garbage) append_garbage(out, in.u32());
                garbage = true;
                break;
            case 2:  // the blank line, then whatever follows
                out += "\r\n";
                break;
            default:
                out += in.pick(kNames);
                out += in.pick(kSeparators);
                out += in.pick(kValues);
                out += in.pick(kLineEnds);
        }
    }
    return out;
}

// The table-driven parameter search must give the very view header_parameter gives.
void check_same_parameter(std::string_view value, std::string_view name) {
    const std::string_view fast = sipdiag::detail::first_parameter(value, name);
    const std::string_view reference = sipdiag::header_parameter(value, name);
    if (fast.size() != reference.size() || (!fast.empty() && fast.data() != reference.data())) std::abort();
}

// Equal text, and the same bytes when not empty.
void same_view(std::string_view a, std::string_view b) {
    if (a != b || (!a.empty() && a.data() != b.data())) std::abort();
}

// What capture analysis looks for before reading Reason and Warning: a line
// of the block, at its start or after a '\n', beginning with either name.
bool line_starts_with_reason_or_warning(std::string_view block) {
    for (std::size_t at = 0; at < block.size();) {
        for (const std::string_view name : {"reason", "warning"}) {
            std::size_t i = 0;
            while (i < name.size() && at + i < block.size() && (block[at + i] | 0x20) == name[i]) ++i;
            if (i == name.size()) return true;
        }
        const std::size_t lf = block.find('\n', at);
        if (lf == std::string_view::npos) break;
        at = lf + 1;
    }
    return false;
}

// The named walk must give the very fields the full walk gives under those names.
void check_named_walk(std::string_view block, std::initializer_list<sipdiag::HeaderName> names) {
    std::vector<sipdiag::HeaderField> full, named;
    sipdiag::for_each_header(block, [&](const sipdiag::HeaderField& field) {
        if (std::find(names.begin(), names.end(), field.name) != names.end()) full.push_back(field);
        return true;
    });
    sipdiag::for_each_header_named(block, names, [&](const sipdiag::HeaderField& field) {
        named.push_back(field);
        return true;
    });
    if (full.size() != named.size()) std::abort();
    for (std::size_t i = 0; i < full.size(); ++i) {
        if (full[i].name != named[i].name) std::abort();
        same_view(full[i].raw_name, named[i].raw_name);
        same_view(full[i].value, named[i].value);
    }
}

// Elements as a plain reading of the rule splits them: commas split, except
// inside a quoted string (backslash escapes) or <...>; an unterminated one
// runs to the end.
std::size_t reference_element_end(std::string_view value, std::size_t offset) {
    for (std::size_t i = offset; i < value.size(); ++i) {
        if (value[i] == ',') return i;
        if (value[i] == '<') {
            while (++i < value.size() && value[i] != '>') {}
        } else if (value[i] == '"') {
            while (++i < value.size() && value[i] != '"')
                if (value[i] == '\\') ++i;
        }
        if (i >= value.size()) return value.size();
    }
    return value.size();
}

void check(std::string_view message) {
    check_same_parameter(message, "tag");
    const sipdiag::SplitMessage split = sipdiag::split_message(message);
    check_inside(split.start_line, message);
    check_inside(split.header_block, message);
    check_inside(sipdiag::request_uri_of(split.start_line), message);
    const std::string_view block = split.header_block;
    sipdiag::for_each_header(block, [&](const sipdiag::HeaderField& field) {
        check_inside(field.raw_name, block);
        check_inside(field.value, block);
        check_same_parameter(field.value, "tag");
        check_same_parameter(field.value, "branch");
        const std::size_t step = field.value.size() > 512 ? field.value.size() / 8 + 1 : 1;  // 64 kB values: a few
        for (std::size_t at = 0; at <= field.value.size(); at += step)
            if (sipdiag::detail::element_end(field.value, at) != reference_element_end(field.value, at)) std::abort();
        sipdiag::for_each_element(field.value, [&](std::string_view element) {
            check_inside(element, field.value);
            return true;
        });
        return true;
    });
    check_inside(sipdiag::first_header(block, sipdiag::HeaderName::Via), block);
    using sipdiag::HeaderName;
    check_named_walk(block, {HeaderName::Via});
    check_named_walk(block, {HeaderName::Route});
    check_named_walk(block, {HeaderName::Contact, HeaderName::RecordRoute});
    check_named_walk(block, {HeaderName::Reason, HeaderName::Warning});
    check_named_walk(block, {HeaderName::CSeq, HeaderName::Other});
    sipdiag::SipMessage read;
    sipdiag::read_sip_headers(block, read);
    for (const std::string_view view :
         {read.call_id, read.from_tag, read.from_uri, read.to_tag, read.to_uri, read.via_branch, read.cseq_method})
        check_inside(view, block);

    // The one walk must give the very views the separate walks give.
    sipdiag::SipMessage walked;
    const sipdiag::SplitMessage one = sipdiag::read_sip_message(message, walked);
    same_view(one.start_line, split.start_line);
    same_view(one.header_block, split.header_block);
    same_view(walked.header_block, split.header_block);
    if (one.complete != split.complete || walked.cseq != read.cseq || walked.cseq_header != read.cseq_header)
        std::abort();
    same_view(walked.call_id, read.call_id);
    same_view(walked.from_tag, read.from_tag);
    same_view(walked.from_uri, read.from_uri);
    same_view(walked.to_tag, read.to_tag);
    same_view(walked.to_uri, read.to_uri);
    same_view(walked.via_branch, read.via_branch);
    same_view(walked.cseq_method, read.cseq_method);
    for (const auto name : {sipdiag::HeaderName::UserAgent, sipdiag::HeaderName::Server, sipdiag::HeaderName::Reason})
        same_view(sipdiag::header_value(walked, name), sipdiag::first_header(block, name));
    if (walked.reason_or_warning_line != line_starts_with_reason_or_warning(block)) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    // The raw input as a message, then one built from it.
    {
        const auto copy = std::make_unique<char[]>(size);
        std::copy(data, data + size, copy.get());
        check(std::string_view(copy.get(), size));
    }
    FuzzInput in(data, size);
    const std::string built = build(in);
    const auto copy = std::make_unique<char[]>(built.size());
    std::copy(built.begin(), built.end(), copy.get());
    check(std::string_view(copy.get(), built.size()));
    return 0;
}
