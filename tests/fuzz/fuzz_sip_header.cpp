// Fuzz target: header values come straight from the wire; splitting them
// must never read out of bounds, and what it returns lies inside the input.
#include <cstdlib>
#include <string_view>

#include "sipdiag/sip_header.hpp"

namespace {
void check_inside(std::string_view part, std::string_view whole) {
    if (!part.empty() && (part.data() < whole.data() || part.data() + part.size() > whole.data() + whole.size()))
        std::abort();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view value(reinterpret_cast<const char*>(data), size);
    check_inside(sipdiag::header_parameter(value, "tag"), value);
    check_inside(sipdiag::header_parameter(value, "branch"), value);
    check_inside(sipdiag::header_address(value), value);
    check_inside(sipdiag::parse_cseq(value).method, value);
    return 0;
}
