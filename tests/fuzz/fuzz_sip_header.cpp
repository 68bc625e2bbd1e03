// Fuzz target: header values come straight from the wire; splitting them
// must never read out of bounds, and what it returns lies inside the input.
#include <charconv>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "sipdiag/sip_header.hpp"

namespace {
void check_inside(std::string_view part, std::string_view whole) {
    if (!part.empty() && (part.data() < whole.data() || part.data() + part.size() > whole.data() + whole.size()))
        std::abort();
}

// CSeq as a plain reading gives it: the trimmed value's first token read by
// from_chars into 32 bits, the rest trimmed as the method, unless it holds
// a space or tab.
sipdiag::CSeq reference_cseq(std::string_view value) {
    const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    while (!value.empty() && space(value.front())) value.remove_prefix(1);
    while (!value.empty() && space(value.back())) value.remove_suffix(1);
    std::size_t digits = 0;
    while (digits < value.size() && !space(value[digits])) ++digits;
    sipdiag::CSeq cseq;
    std::uint32_t number = 0;
    const auto [end, ec] = std::from_chars(value.data(), value.data() + digits, number);
    if (digits > 0 && ec == std::errc{} && end == value.data() + digits) cseq.number = number;
    std::string_view method = value.substr(digits);
    while (!method.empty() && space(method.front())) method.remove_prefix(1);
    if (method.find_first_of(" \t") == std::string_view::npos) cseq.method = method;
    return cseq;
}

void check_cseq(std::string_view value) {
    const sipdiag::CSeq cseq = sipdiag::parse_cseq(value);
    const sipdiag::CSeq reference = reference_cseq(value);
    if (cseq.number != reference.number || cseq.method != reference.method) std::abort();
    if (!cseq.method.empty() && cseq.method.data() != reference.method.data()) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view value(reinterpret_cast<const char*>(data), size);
    check_inside(sipdiag::header_parameter(value, "tag"), value);
    check_inside(sipdiag::header_parameter(value, "branch"), value);
    check_inside(sipdiag::header_address(value), value);
    check_inside(sipdiag::parse_cseq(value).method, value);
    check_cseq(value);
    return 0;
}
