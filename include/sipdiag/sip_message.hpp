// One SIP message as the core sees it: the header values that the analysis
// needs, borrowed from the caller for the duration of one call.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sipdiag {

enum class Transport : std::uint8_t { Unknown, Udp, Tcp, Sctp };

// Network address and port of a frame's source or destination; plain bytes,
// formatted only when a report or label needs them.
struct NetEndpoint {
    enum class Family : std::uint8_t { None, IPv4, IPv6 };
    Family family = Family::None;
    std::array<std::uint8_t, 16> address{};  // IPv4 in the first 4 bytes
    std::uint16_t port = 0;

    bool operator==(const NetEndpoint&) const = default;
    bool has_address() const { return family != Family::None; }
};
// "192.0.2.1:5060", "[2001:db8::1]:5060"; "" when there is no address.
std::string to_string(const NetEndpoint& endpoint);
// "192.0.2.1", "2001:db8::1" (no brackets, no port).
std::string address_text(const NetEndpoint& endpoint);

struct SipMessage {
    std::uint32_t frame = 0;      // capture frame number (1-based)
    std::uint16_t index = 0;      // position among the SIP messages of that frame
    std::int64_t time_ns = 0;     // frame time stamp
    bool is_request = false;
    std::string_view method;      // request-line method (requests only)
    std::string_view request_uri; // request-line URI (requests only)
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
    // The message's header fields as received, from the line after the start
    // line up to the blank line (or the end of the data): for headers read
    // only when needed (Contact, Route, Reason, Warning, User-Agent...).
    // Empty when the caller has no bytes to give.
    std::string_view header_block;
    NetEndpoint source;
    NetEndpoint destination;
    Transport transport = Transport::Unknown;
    // Read on the way by read_sip_message (sip_headers_reader.hpp), so that
    // nothing walks the header block again for them; valid only when
    // `more_headers_read` is true: the first User-Agent, Server and Reason
    // values, and whether a line of the block starts with "Reason" or
    // "Warning" in any case (the first letters of the line itself, at the
    // block's start or after a '\n').
    bool more_headers_read = false;
    bool reason_or_warning_line = false;
    std::string_view user_agent;
    std::string_view server;
    std::string_view reason;
    // For the ACK route check, also valid only with `more_headers_read`: the
    // first Contact field's value and how many Contact fields there are (0,
    // 1, or 2 for "more than one"), and whether any Record-Route or Route
    // field is there.
    std::string_view contact;
    std::uint8_t contact_lines = 0;
    bool record_route_line = false;
    bool route_line = false;
};

}  // namespace sipdiag
