// One SIP message as the core sees it: only the header values that the
// analysis needs, borrowed from the caller for the duration of one call.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace sipdiag {

struct SipMessage {
    std::uint32_t frame = 0;      // capture frame number (1-based)
    std::uint16_t index = 0;      // position among the SIP messages of that frame
    std::int64_t time_ns = 0;     // frame time stamp
    bool is_request = false;
    std::string_view method;      // request-line method (requests only)
    std::uint32_t status = 0;     // status code (responses only)
    std::string_view call_id;
    std::string_view from_tag;
    std::string_view to_tag;
    std::string_view from_uri;    // From address, for reports
    std::string_view to_uri;      // To address, for reports
    std::string_view via_branch;  // branch of the topmost Via
    std::optional<std::uint32_t> cseq;  // absent when missing or not a 32-bit number
    std::string_view cseq_method;
    bool cseq_header = false;      // a CSeq header was there, readable or not
    bool in_icmp_error = false;    // quoted inside an ICMP error: a copy sent back, not traffic
};

}  // namespace sipdiag
