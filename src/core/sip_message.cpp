#include "sipdiag/sip_message.hpp"

#include <arpa/inet.h>

namespace sipdiag {

std::string address_text(const NetEndpoint& endpoint) {
    char text[INET6_ADDRSTRLEN] = {};
    switch (endpoint.family) {
        case NetEndpoint::Family::IPv4: inet_ntop(AF_INET, endpoint.address.data(), text, sizeof text); break;
        case NetEndpoint::Family::IPv6: inet_ntop(AF_INET6, endpoint.address.data(), text, sizeof text); break;
        case NetEndpoint::Family::None: return {};
    }
    return text;
}

std::string to_string(const NetEndpoint& endpoint) {
    if (!endpoint.has_address()) return {};
    std::string address = address_text(endpoint);
    if (endpoint.family == NetEndpoint::Family::IPv6) address = "[" + address + "]";
    return address + ":" + std::to_string(endpoint.port);
}

}  // namespace sipdiag
