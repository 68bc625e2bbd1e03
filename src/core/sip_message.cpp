#include "sipdiag/sip_message.hpp"

#include <arpa/inet.h>

#include <charconv>
#include <string>

namespace sipdiag {

namespace {

// Dotted quad written by hand: inet_ntop goes through snprintf, and the ACK
// route check formats an address for every ACK it checks.
char* append_ipv4(char* out, const std::uint8_t* bytes) {
    for (int i = 0; i < 4; ++i) {
        if (i > 0) *out++ = '.';
        out = std::to_chars(out, out + 3, static_cast<unsigned>(bytes[i])).ptr;
    }
    return out;
}

// The address as text (IPv6 in brackets when `bracketed`), followed by
// ":port" when `with_port`; "" without an address.
std::string endpoint_text(const NetEndpoint& endpoint, bool bracketed, bool with_port) {
    char text[INET6_ADDRSTRLEN + 8] = {};
    char* end = text;
    switch (endpoint.family) {
        case NetEndpoint::Family::IPv4: end = append_ipv4(text, endpoint.address.data()); break;
        case NetEndpoint::Family::IPv6:
            if (bracketed) *end++ = '[';
            if (inet_ntop(AF_INET6, endpoint.address.data(), end, INET6_ADDRSTRLEN) == nullptr) return {};
            end += std::char_traits<char>::length(end);
            if (bracketed) *end++ = ']';
            break;
        case NetEndpoint::Family::None: return {};
    }
    if (with_port) {
        *end++ = ':';
        end = std::to_chars(end, text + sizeof text, static_cast<unsigned>(endpoint.port)).ptr;
    }
    return std::string(text, end);
}

}  // namespace

std::string address_text(const NetEndpoint& endpoint) { return endpoint_text(endpoint, false, false); }

std::string to_string(const NetEndpoint& endpoint) { return endpoint_text(endpoint, true, true); }

}  // namespace sipdiag
