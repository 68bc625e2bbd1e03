// Reading the few parts of SIP header values that sipdiag needs (RFC 3261
// section 25 grammar, leniently): tag and branch parameters, the address of
// From/To, and the two halves of CSeq. Asking Wireshark for whole header
// values and splitting them here keeps the number of SIP fields the
// post-dissector makes Wireshark build small, which is what it costs.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace sipdiag {

// Value of parameter `name` (case-insensitive) of the first element of a
// header value, e.g. "tag" of `"A" <sip:a@h;x=1>;tag=9`. Parameters inside
// <...> or quotes belong to the URI or display name and are skipped; a
// top-level comma ends the first element (several Vias on one line).
std::string_view header_parameter(std::string_view value, std::string_view name);

// The URI of a name-addr or addr-spec: `"A" <sip:a@h>;tag=1` -> `sip:a@h`,
// `sip:a@h;tag=1` -> `sip:a@h`.
std::string_view header_address(std::string_view value);

struct CSeq {
    std::optional<std::uint32_t> number;  // absent when not a 32-bit decimal number
    std::string_view method;
};
// "314159 INVITE" -> {314159, "INVITE"}; lenient about surrounding spaces.
CSeq parse_cseq(std::string_view value);

}  // namespace sipdiag
