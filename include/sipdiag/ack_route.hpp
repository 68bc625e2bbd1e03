// Does the ACK of a 2xx to INVITE go where that 2xx told the caller to send
// it? The 2xx's Contact and Record-Route fix the ACK's Request-URI, its Route
// headers and its next hop (RFC 3261 sections 12.1.2, 12.2.1.1, 13.2.2.4,
// 16.12). An ACK sent elsewhere -- to another address than the Contact,
// without the route set, or rewritten by NAT or a SIP ALG -- never reaches
// the callee, which resends its 2xx and hangs up after about 32 s.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sipdiag/sip_message.hpp"

namespace sipdiag {

// The parts of a sip: or sips: URI that routing depends on; views into the
// text given to parse_sip_uri.
struct SipUri {
    std::string_view scheme, user, host;  // host keeps the brackets of an IPv6 literal
    std::optional<std::uint16_t> port;
    std::string_view transport, maddr;
    bool lr = false;
    bool host_is_literal = false;  // IPv4 or [IPv6]
};

// Reads a URI, or the URI inside the <...> of a name-addr. A bare value
// without <...> is taken whole as a URI (a Request-URI keeps its parameters).
// sip: and sips: only; lenient about case and unknown parameters; nullopt
// for anything else (tel:, "*", an empty or malformed host, a bad port).
std::optional<SipUri> parse_sip_uri(std::string_view name_addr_or_uri);

// RFC 3261 section 19.1.4 comparison, leniently, for diagnosis: scheme and
// host case-insensitive (IP literals by value), user case-sensitive,
// maddr compared when present in either, transport only when both carry it,
// other parameters ignored. An absent port equals the scheme's default port: a strict reading
// of 19.1.4 calls sip:b@h and sip:b@h:5060 different, but both reach the
// same place and no real stack fails a call over it.
bool same_uri(const SipUri& a, const SipUri& b);

// What a 2xx to INVITE asks of its ACK; owned copies, kept from the 2xx until
// its ACK arrives.
struct RouteExpectation {
    std::string contact;                    // URI of the 2xx's Contact ("" when missing)
    std::vector<std::string> record_route;  // URIs of all Record-Route entries, in the order received
    bool contact_unusable = false;          // missing, several, or garbage
    bool record_route_too_long = false;     // more entries than kept: the ACK's routing is not checked
    // Where the 2xx came from, and how: an ACK sent back over that TCP
    // connection reaches the callee (or proxy) whatever port the URI names.
    NetEndpoint answered_from;
    Transport answered_over = Transport::Unknown;
};

// At most this many Record-Route entries are kept; a longer list is not
// something a real path has, and is not compared.
inline constexpr std::size_t kMaxRouteEntries = 32;

// Reads Contact and Record-Route out of a 2xx's header block.
RouteExpectation route_expectation_of(std::string_view response_header_block);
// The same for a 2xx read by read_sip_message (sip_headers_reader.hpp): its
// block is walked again only when what that walk saw does not settle it.
RouteExpectation route_expectation_of(const SipMessage& response);

enum class AckRouteVerdict : std::uint8_t { Ok, RequestUriDiffers, RouteSetDiffers, SentElsewhere, NotChecked };

struct AckRouteCheck {
    AckRouteVerdict verdict = AckRouteVerdict::NotChecked;
    std::string expected;  // what the 2xx implies (URI, route list, or address:port)
    std::string actual;    // what the ACK has
    std::string note;      // why something was not checked, or how it was compared
};

// Checks an ACK against the 2xx it acknowledges. The capture may be taken
// anywhere on the path: each proxy removes its own Route entry before
// forwarding, so an ACK carrying only the end of the route set is correct.
// When several things differ, the first of Request-URI, route set and
// destination is reported.
AckRouteCheck check_ack_route(const RouteExpectation& expectation, std::string_view ack_request_uri,
                              std::string_view ack_header_block, const NetEndpoint& ack_destination,
                              Transport transport);

// The same for an ACK read by read_sip_message: without a Route field, its
// block is not walked again for one.
AckRouteCheck check_ack_route(const RouteExpectation& expectation, const SipMessage& ack);

// "ok", "request-uri differs from contact", "route set differs from
// record-route", "sent to another address", "not checked".
std::string_view route_check_name(AckRouteVerdict verdict);
// The verdicts that mean the callee never gets the ACK (as opposed to Ok and NotChecked).
bool is_misrouted(AckRouteVerdict verdict);

}  // namespace sipdiag
