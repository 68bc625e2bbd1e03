// Fuzz target: Reason and Warning values come straight from the wire; reading
// them must never read out of bounds, what they return lies inside the input,
// the number of values stays bounded, and every value can be explained.
#include <cstdlib>
#include <string>
#include <string_view>

#include "fuzz_input.hpp"
#include "sipdiag/reason_warning.hpp"

namespace {
void check_inside(std::string_view part, std::string_view whole) {
    if (!part.empty() && (part.data() < whole.data() || part.data() + part.size() > whole.data() + whole.size()))
        std::abort();
}
void check(bool condition) {
    if (!condition) std::abort();
}

// Random bytes seldom look like a Reason or Warning value: also build one
// from pieces of the grammar, so that the parsers' inner paths get exercised.
std::string assemble(sipdiag::fuzz::FuzzInput& input) {
    static constexpr std::string_view kPieces[] = {
        "Q.850", "SIP", "x.int", ";", ";cause=", "cause", "=", ";text=", "\"", "\\", ",", " ", "\t",
        "16", "486", "abc", "4294967296", "399", "9999", "pbx.example.com", "[2001:db8::1]", "<", ">", "",
    };
    std::string value;
    for (int i = 0; i < 24 && !input.empty(); ++i) value += input.pick(kPieces);
    return value;
}

void check_value(std::string_view value) {
    const sipdiag::StatusCatalogue& catalogue = sipdiag::StatusCatalogue::builtin();

    const auto reasons = sipdiag::parse_reason(value);
    check(reasons.size() <= sipdiag::kMaxHeaderValues);
    for (const auto& reason : reasons) {
        check_inside(reason.protocol, value);
        check_inside(reason.cause_text, value);
        check_inside(reason.text, value);
        check(reason.malformed != reason.problem.empty());
        check(reason.malformed || reason.cause.has_value());
        check(!sipdiag::reason_meaning(reason, catalogue).empty());
        if (reason.cause) check(!sipdiag::q850_cause(*reason.cause).meaning.empty());
    }

    const auto warnings = sipdiag::parse_warning(value);
    check(warnings.size() <= sipdiag::kMaxHeaderValues);
    for (const auto& warning : warnings) {
        check_inside(warning.agent, value);
        check_inside(warning.text, value);
        check(warning.malformed != warning.problem.empty());
        if (warning.code) check(!sipdiag::warning_code(*warning.code).meaning.empty());
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    check_value(std::string_view(reinterpret_cast<const char*>(data), size));
    sipdiag::fuzz::FuzzInput input(data, size);
    const std::string assembled = assemble(input);
    check_value(assembled);
    return 0;
}
