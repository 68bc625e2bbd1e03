#include "sipdiag/ack_route.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <utility>

#include "sipdiag/header_block.hpp"
#include "sipdiag/sip_header.hpp"
#include "text.hpp"

namespace sipdiag {
namespace {

using text::iequals;
using text::trim;

// Bounds of the texts put into a check's expected/actual fields.
constexpr std::size_t kMaxShownUri = 160;
constexpr std::size_t kMaxShownEntries = 8;
constexpr std::size_t kMaxShownList = 480;

bool is_host_name_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
           c == '_';
}

bool has_space_or_control(std::string_view text) {
    for (const char c : text)
        if (static_cast<unsigned char>(c) <= ' ' || c == 0x7f) return true;
    return false;
}

// An IPv4 or IPv6 address written in a URI host (or maddr), as bytes.
struct LiteralAddress {
    NetEndpoint::Family family = NetEndpoint::Family::None;
    std::array<std::uint8_t, 16> bytes{};
};

// A dotted quad as inet_pton reads one: four decimal parts of at most 255,
// none with a leading zero. Read here without a copy and a library call:
// every ACK route check reads a few hosts.
bool read_ipv4(std::string_view text, std::array<std::uint8_t, 16>& bytes) {
    std::size_t i = 0;
    for (std::size_t part = 0; part < 4; ++part) {
        if (part > 0) {
            if (i >= text.size() || text[i] != '.') return false;
            ++i;
        }
        const std::size_t first = i;
        unsigned value = 0;
        while (i < text.size() && i - first < 3 && text[i] >= '0' && text[i] <= '9')
            value = value * 10 + static_cast<unsigned>(text[i++] - '0');
        if (i == first || value > 255 || (i - first > 1 && text[first] == '0')) return false;
        bytes[part] = static_cast<std::uint8_t>(value);
    }
    return i == text.size();
}

// "192.0.2.1", "[2001:db8::1]" (and a bare "2001:db8::1", as maddr may
// carry); nullopt for a host name or anything unreadable.
std::optional<LiteralAddress> literal_address(std::string_view host) {
    bool bracketed = false;
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
        host = host.substr(1, host.size() - 2);
        bracketed = true;
    }
    LiteralAddress address;
    if (!bracketed && read_ipv4(host, address.bytes)) {
        address.family = NetEndpoint::Family::IPv4;
        return address;
    }
    std::array<char, 64> text{};  // inet_pton wants a terminated string
    if (host.empty() || host.size() >= text.size() || host.find(':') == std::string_view::npos) return std::nullopt;
    host.copy(text.data(), host.size());
    if (inet_pton(AF_INET6, text.data(), address.bytes.data()) == 1) {
        address.family = NetEndpoint::Family::IPv6;
        return address;
    }
    return std::nullopt;
}

// Only the first 4 bytes of an IPv4 address count, whatever follows them.
bool same_address(NetEndpoint::Family family_a, const std::array<std::uint8_t, 16>& a, NetEndpoint::Family family_b,
                  const std::array<std::uint8_t, 16>& b) {
    if (family_a != family_b) return false;
    const std::size_t size = family_a == NetEndpoint::Family::IPv4 ? 4 : 16;
    return std::equal(a.begin(), a.begin() + static_cast<std::ptrdiff_t>(size), b.begin());
}

bool same_literal(const LiteralAddress& a, const LiteralAddress& b) {
    return same_address(a.family, a.bytes, b.family, b.bytes);
}

// RFC 1918 addresses: a Contact holding one, reached at another address,
// points at a NAT that did not rewrite it.
bool is_private_ipv4(const LiteralAddress& address) {
    if (address.family != NetEndpoint::Family::IPv4) return false;
    const auto& b = address.bytes;
    return b[0] == 10 || (b[0] == 172 && (b[1] & 0xf0) == 16) || (b[0] == 192 && b[1] == 168);
}

bool same_host(std::string_view a, std::string_view b) {
    const auto literal_a = literal_address(a);
    const auto literal_b = literal_address(b);
    if (literal_a && literal_b) return same_literal(*literal_a, *literal_b);
    return iequals(a, b);
}

// The port a URI without one is reached on (RFC 3261 section 19.1.2).
std::uint16_t default_port(const SipUri& uri) {
    return iequals(uri.scheme, "sips") || iequals(uri.transport, "tls") ? 5061 : 5060;
}

std::optional<std::uint16_t> parse_port(std::string_view text) {
    std::uint16_t port = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), port);
    if (text.empty() || ec != std::errc{} || end != text.data() + text.size() || port == 0) return std::nullopt;
    return port;
}

// Two URIs given as text: compared as URIs when both read as sip/sips, else
// as text (an unreadable entry still equals its own copy).
bool same_uri_text(std::string_view a, std::string_view b) {
    if (trim(a) == trim(b)) return true;  // the usual case, and what both branches below say of it
    const auto uri_a = parse_sip_uri(a);
    const auto uri_b = parse_sip_uri(b);
    if (uri_a && uri_b) return same_uri(*uri_a, *uri_b);
    return !uri_a && !uri_b && trim(a) == trim(b);
}

// Readable and bounded: control bytes become '?', long values are cut.
std::string shown(std::string_view text, std::size_t max = kMaxShownUri) {
    const bool cut = text.size() > max;
    std::string out(text.substr(0, max));
    for (char& c : out)
        if (static_cast<unsigned char>(c) < ' ' || c == 0x7f) c = '?';
    if (cut) out += "...";
    return out;
}

std::string shown_list(const std::vector<std::string_view>& uris, bool more_than_listed) {
    if (uris.empty()) return "no Route header";
    std::string out;
    std::size_t listed = 0;
    for (const std::string_view uri : uris) {
        if (listed == kMaxShownEntries || out.size() > kMaxShownList) break;
        if (listed > 0) out += ", ";
        out += '<';
        out += shown(uri);
        out += '>';
        ++listed;
    }
    if (listed < uris.size() || more_than_listed)
        out += ", ... (" + std::string(more_than_listed ? "more than " : "") + std::to_string(uris.size()) +
               " entries)";
    return out;
}

std::string shown_literal(const LiteralAddress& address, std::uint16_t port) {
    NetEndpoint endpoint;
    endpoint.family = address.family;
    endpoint.address = address.bytes;
    endpoint.port = port;
    return to_string(endpoint);
}

std::string_view transport_name(Transport transport) {
    switch (transport) {
        case Transport::Udp: return "UDP";
        case Transport::Tcp: return "TCP";
        case Transport::Sctp: return "SCTP";
        case Transport::Unknown: break;
    }
    return "";
}

// The transport a URI's transport parameter asks for; TLS runs over TCP.
Transport transport_of(std::string_view parameter) {
    if (iequals(parameter, "udp")) return Transport::Udp;
    if (iequals(parameter, "tcp") || iequals(parameter, "tls")) return Transport::Tcp;
    if (iequals(parameter, "sctp") || iequals(parameter, "tls-sctp")) return Transport::Sctp;
    return Transport::Unknown;
}

// Does `tail` equal the last tail.size() entries of `list`?
bool is_suffix(const std::vector<std::string_view>& tail, const std::vector<std::string_view>& list,
               std::size_t list_begin = 0) {
    if (tail.size() > list.size() - list_begin) return false;
    const std::size_t offset = list.size() - tail.size();
    for (std::size_t i = 0; i < tail.size(); ++i)
        if (!same_uri_text(tail[i], list[offset + i])) return false;
    return true;
}

bool same_list(const std::vector<std::string_view>& a, const std::vector<std::string_view>& b) {
    return a.size() == b.size() && is_suffix(a, b);
}

struct AckRoutes {
    std::vector<std::string_view> uris;  // at most kMaxRouteEntries + 1
    bool more = false;                   // and there were more than that
};

AckRoutes routes_of(std::string_view header_block) {
    AckRoutes routes;
    for_each_header_named(header_block, {HeaderName::Route}, [&](const HeaderField& field) {
        for_each_element(field.value, [&](std::string_view element) {
            if (routes.uris.size() > kMaxRouteEntries) {
                routes.more = true;
                return false;
            }
            routes.uris.push_back(header_address(element));
            return true;
        });
        return !routes.more;
    });
    return routes;
}

// Via entries of the ACK, counted up to `limit`.
std::size_t via_count(std::string_view header_block, std::size_t limit) {
    std::size_t vias = 0;
    for_each_header_named(header_block, {HeaderName::Via}, [&](const HeaderField& field) {
        for_each_element(field.value, [&](std::string_view) { return ++vias < limit; });
        return vias < limit;
    });
    return vias;
}

// Where the ACK goes next from the capture point: compared with where it was
// actually sent. Only an IP literal can be compared; a name would need DNS.
void check_destination(std::string_view next_hop, std::string_view next_hop_role, const NetEndpoint& destination,
                       Transport transport, const RouteExpectation& expectation, AckRouteCheck& check) {
    check.actual = destination.has_address() ? to_string(destination) : "unknown address";
    const auto uri = parse_sip_uri(next_hop);
    if (!uri) {
        check.verdict = AckRouteVerdict::Ok;
        check.expected = shown(next_hop);
        check.note = std::string(next_hop_role) + " is not a readable SIP URI: destination not checked";
        return;
    }
    const std::string_view target = uri->maddr.empty() ? uri->host : uri->maddr;  // maddr overrides the host
    const std::uint16_t port = uri->port.value_or(default_port(*uri));
    const auto literal = literal_address(target);
    const Transport wanted = transport_of(uri->transport);
    const bool transport_differs =
        wanted != Transport::Unknown && transport != Transport::Unknown && wanted != transport;
    check.expected = literal ? shown_literal(*literal, port) : shown(target) + ":" + std::to_string(port);
    if (transport_differs) {
        check.expected += " over " + std::string(transport_name(wanted));
        check.actual += " over " + std::string(transport_name(transport));
    }
    check.verdict = AckRouteVerdict::Ok;
    if (!literal) {
        check.note = std::string(next_hop_role) + " host " + shown(target) +
                     " is a name: URIs compared as text, address not checked (no DNS lookup)";
        if (transport_differs) check.verdict = AckRouteVerdict::SentElsewhere;
        return;
    }
    if (!destination.has_address()) {
        check.note = "the ACK's destination address is not known: not checked";
        return;
    }
    const bool address_differs =
        !same_address(literal->family, literal->bytes, destination.family, destination.address);
    // Over TCP, another port of the right address is reached only through a
    // connection that end opened. Back where the 2xx came from, it is the
    // 2xx's own connection, reused (RFC 5923): the ACK gets there.
    const NetEndpoint& answered_from = expectation.answered_from;
    if (!address_differs && !transport_differs && port != destination.port && transport == Transport::Tcp &&
        expectation.answered_over == Transport::Tcp && answered_from.port == destination.port &&
        same_address(answered_from.family, answered_from.address, destination.family, destination.address)) {
        check.note = "sent back over the TCP connection the 2xx came on (reused, RFC 5923), not to the port of " +
                     std::string(next_hop_role) + ": it gets there";
        return;
    }
    if (address_differs || port != destination.port || transport_differs) {
        check.verdict = AckRouteVerdict::SentElsewhere;
        check.note = "the ACK should go to " + std::string(next_hop_role) +
                     (address_differs ? "" : port != destination.port ? ": same address, other port" : "");
        if (address_differs && is_private_ipv4(*literal))
            check.note += "; that address is private: a NAT on the way did not rewrite it";
    }
}

}  // namespace

std::optional<SipUri> parse_sip_uri(std::string_view name_addr_or_uri) {
    std::string_view text = trim(name_addr_or_uri);
    if (const std::size_t open = text.find('<'); open != std::string_view::npos) {
        const std::size_t close = text.find('>', open);
        if (close == std::string_view::npos) return std::nullopt;
        text = trim(text.substr(open + 1, close - open - 1));
    }
    SipUri uri;
    const std::size_t colon = text.find(':');
    if (colon == std::string_view::npos) return std::nullopt;
    uri.scheme = text.substr(0, colon);
    if (!iequals(uri.scheme, "sip") && !iequals(uri.scheme, "sips")) return std::nullopt;
    std::string_view rest = text.substr(colon + 1);

    // userinfo "@": the user part may hold ';' (phone-context), so the first
    // '@' before any '?' ends it.
    const std::size_t at = rest.find('@');
    if (at != std::string_view::npos && at < rest.find('?')) {
        const std::string_view userinfo = rest.substr(0, at);
        uri.user = userinfo.substr(0, userinfo.find(':'));  // a password is not compared
        if (uri.user.empty() || has_space_or_control(uri.user)) return std::nullopt;
        rest = rest.substr(at + 1);
    }
    rest = rest.substr(0, rest.find('?'));  // headers play no part in routing

    const std::size_t semicolon = rest.find(';');
    const std::string_view hostport = rest.substr(0, semicolon);
    std::string_view port_text;
    bool has_port = false;
    if (!hostport.empty() && hostport.front() == '[') {
        const std::size_t close = hostport.find(']');
        if (close == std::string_view::npos) return std::nullopt;
        uri.host = hostport.substr(0, close + 1);
        const std::string_view after = hostport.substr(close + 1);
        if (!after.empty() && after.front() != ':') return std::nullopt;
        has_port = !after.empty();
        if (has_port) port_text = after.substr(1);
        if (!literal_address(uri.host)) return std::nullopt;
        uri.host_is_literal = true;
    } else {
        const std::size_t port_colon = hostport.find(':');
        uri.host = hostport.substr(0, port_colon);
        has_port = port_colon != std::string_view::npos;
        if (has_port) port_text = hostport.substr(port_colon + 1);
        if (uri.host.empty()) return std::nullopt;
        for (const char c : uri.host)
            if (!is_host_name_char(c)) return std::nullopt;
        uri.host_is_literal = literal_address(uri.host).has_value();
    }
    if (has_port) {
        uri.port = parse_port(port_text);
        if (!uri.port) return std::nullopt;
    }

    std::string_view parameters = semicolon == std::string_view::npos ? std::string_view() : rest.substr(semicolon + 1);
    while (!parameters.empty()) {
        const std::size_t end = parameters.find(';');
        const std::string_view parameter = parameters.substr(0, end);
        parameters = end == std::string_view::npos ? std::string_view() : parameters.substr(end + 1);
        const std::size_t equals = parameter.find('=');
        const std::string_view name = trim(parameter.substr(0, equals));
        const std::string_view value = equals == std::string_view::npos ? std::string_view()
                                                                        : trim(parameter.substr(equals + 1));
        if (iequals(name, "transport")) uri.transport = value;
        else if (iequals(name, "maddr")) uri.maddr = value;
        else if (iequals(name, "lr")) uri.lr = true;
    }
    return uri;
}

bool same_uri(const SipUri& a, const SipUri& b) {
    if (!iequals(a.scheme, b.scheme) || a.user != b.user || !same_host(a.host, b.host)) return false;
    if (a.port.value_or(default_port(a)) != b.port.value_or(default_port(b))) return false;
    // A transport parameter left out on one side is not a difference that
    // misroutes anything (many UACs drop ";transport=udp" from the Contact
    // they copy); where the ACK really went is checked on its own.
    if (!a.transport.empty() && !b.transport.empty() && !iequals(a.transport, b.transport)) return false;
    if ((!a.maddr.empty() || !b.maddr.empty()) && !same_host(a.maddr, b.maddr)) return false;
    return true;
}

namespace {

// The elements of one Contact value, counted into `contacts`; the first
// one's URI is kept.
void take_contacts(std::string_view value, RouteExpectation& expectation, std::size_t& contacts) {
    for_each_element(value, [&](std::string_view element) {
        if (++contacts == 1) expectation.contact = std::string(header_address(element));
        return contacts < 2;  // a second one is enough to know
    });
}

// Once every Contact is counted: the 2xx's Contact serves only when it is
// the one there and a SIP URI.
void finish_contact(RouteExpectation& expectation, std::size_t contacts) {
    expectation.contact_unusable = contacts != 1 || !parse_sip_uri(expectation.contact);
}

}  // namespace

RouteExpectation route_expectation_of(std::string_view response_header_block) {
    RouteExpectation expectation;
    std::size_t contacts = 0;
    const auto take = [&](const HeaderField& field) {
        if (field.name == HeaderName::Contact) {
            take_contacts(field.value, expectation, contacts);
        } else if (field.name == HeaderName::RecordRoute && !expectation.record_route_too_long) {
            for_each_element(field.value, [&](std::string_view element) {
                if (expectation.record_route.size() == kMaxRouteEntries) {
                    expectation.record_route_too_long = true;
                    return false;
                }
                expectation.record_route.emplace_back(header_address(element));
                return true;
            });
        }
        return true;
    };
    for_each_header_named(response_header_block, {HeaderName::Contact, HeaderName::RecordRoute}, take);
    finish_contact(expectation, contacts);
    return expectation;
}

RouteExpectation route_expectation_of(const SipMessage& response) {
    // What read_sip_message saw on its walk spares a second one in the usual
    // case: a single Contact field and no Record-Route.
    if (!response.more_headers_read || response.record_route_line || response.contact_lines > 1)
        return route_expectation_of(response.header_block);
    RouteExpectation expectation;
    std::size_t contacts = 0;
    if (response.contact_lines == 1) take_contacts(response.contact, expectation, contacts);
    finish_contact(expectation, contacts);
    return expectation;
}

namespace {

// `ack_routes`: the ACK's Route entries, read by the caller from its header
// block or known to be none.
AckRouteCheck check_route(const RouteExpectation& expectation, std::string_view ack_request_uri,
                          std::string_view ack_header_block, const NetEndpoint& ack_destination, Transport transport,
                          const AckRoutes& ack_routes) {
    AckRouteCheck check;
    // Where the ACK went, against the next hop the routing calls for.
    const auto check_next_hop = [&](std::string_view next_hop, std::string_view role) {
        check_destination(next_hop, role, ack_destination, transport, expectation, check);
    };
    ack_request_uri = trim(ack_request_uri);
    if (expectation.contact_unusable) {
        check.expected = expectation.contact.empty() ? "a Contact in the 2xx" : shown(expectation.contact);
        check.actual = shown(ack_request_uri);
        if (expectation.contact.empty())
            check.note = "the 2xx has no Contact: nothing to compare the ACK with";
        else if (parse_sip_uri(expectation.contact))
            check.note = "the 2xx has several Contacts: not checked";
        else
            check.note = "the 2xx's Contact is not a readable SIP URI: not checked";
        return check;
    }
    if (trim(ack_header_block).empty()) {
        check.expected = shown(expectation.contact);
        check.actual = shown(ack_request_uri);
        check.note = "the ACK's header fields are not available: not checked";
        return check;
    }
    if (expectation.record_route_too_long) {
        check.expected = "at most " + std::to_string(kMaxRouteEntries) + " Record-Route entries";
        check.actual = "more in the 2xx";
        check.note = "the 2xx's Record-Route list is too long to compare: not checked";
        return check;
    }

    // The caller's route set is the Record-Route list reversed (12.1.2).
    const std::string_view contact = expectation.contact;
    std::vector<std::string_view> route_set(expectation.record_route.rbegin(), expectation.record_route.rend());
    const std::size_t n = route_set.size();
    const auto first_route = n > 0 ? parse_sip_uri(route_set.front()) : std::nullopt;
    const bool strict = first_route && !first_route->lr;
    // How many proxies the ACK passed before the capture point: each adds a
    // Via, and only those could have removed Route entries. This is what
    // tells a caller that ignored Record-Route (one Via, no Route) from an
    // ACK seen after the last proxy. Without any Via, anything goes.
    // Without a route set the count decides nothing: not walked for.
    const std::size_t vias = n == 0 ? 0 : via_count(ack_header_block, n + 2);
    const std::size_t proxies_passed = vias == 0 ? n : vias - 1;
    auto too_many_removed = [&](std::size_t removed) {
        return "the ACK lacks the first " + std::to_string(removed) + " entr" + (removed == 1 ? "y" : "ies") +
               " of the route set, but its Via shows " + std::to_string(proxies_passed) + " prox" +
               (proxies_passed == 1 ? "y" : "ies") + " passed to remove them";
    };

    auto differs = [&](AckRouteVerdict verdict, std::string expected, std::string actual, std::string note) {
        check.verdict = verdict;
        check.expected = std::move(expected);
        check.actual = std::move(actual);
        check.note = std::move(note);
        return check;
    };
    // Built only for a verdict that shows it: most ACKs are fine.
    const auto actual_routes = [&] { return shown_list(ack_routes.uris, ack_routes.more); };

    if (!strict) {
        // Loose routing, or no route set: Request-URI = Contact, Route = the
        // route set, or its end once proxies have removed their own entries.
        if (!same_uri_text(ack_request_uri, contact)) {
            const bool like_strict = n > 0 && same_uri_text(ack_request_uri, route_set.front());
            return differs(AckRouteVerdict::RequestUriDiffers, shown(contact), shown(ack_request_uri),
                           like_strict ? "the ACK is addressed to the first route as for strict routing, but that "
                                         "route has ;lr: the Request-URI must be the 2xx's Contact"
                                       : "the ACK's Request-URI must be the 2xx's Contact");
        }
        const bool suffix = !ack_routes.more && is_suffix(ack_routes.uris, route_set);
        if (!suffix || n - ack_routes.uris.size() > proxies_passed) {
            const std::vector<std::string_view> received_order(expectation.record_route.begin(),
                                                               expectation.record_route.end());
            std::string note = "the ACK's Route list must be the 2xx's Record-Route reversed";
            if (n > 0 && ack_routes.uris.empty() && proxies_passed == 0)
                note = "the ACK has no Route header and passed no proxy: the caller ignored the 2xx's Record-Route";
            else if (suffix)
                note = too_many_removed(n - ack_routes.uris.size());
            else if (n > 1 && same_list(ack_routes.uris, received_order))
                note = "the ACK's Route list is the Record-Route in the order received: it must be reversed";
            else if (n > 0)
                note += " (or the end of that list, seen after proxies removed their own entries)";
            return differs(AckRouteVerdict::RouteSetDiffers, shown_list(route_set, false), actual_routes(),
                           std::move(note));
        }
        if (ack_routes.uris.empty()) check_next_hop(contact, "the 2xx's Contact");
        else check_next_hop(ack_routes.uris.front(), "the first Route entry");
        return check;
    }

    // Strict routing (16.12, 12.2.1.1): Request-URI = first route, Route =
    // the rest with the Contact last. Each strict router moves the next entry
    // into the Request-URI, so from a capture point further on the ACK is
    // Request-URI = entry i, Route = entries after i, for some i.
    std::vector<std::string_view> sequence = route_set;
    sequence.push_back(contact);
    const std::string strict_note = "the first route has no ;lr (strict routing): the Request-URI must be that "
                                    "route, and the Route list the others with the Contact last";
    std::optional<std::size_t> request_uri_at;
    for (std::size_t i = 0; i < n; ++i) {
        if (!same_uri_text(ack_request_uri, sequence[i])) continue;
        if (!request_uri_at && i <= proxies_passed) request_uri_at = i;
        if (i > proxies_passed) continue;
        const std::vector<std::string_view> rest(sequence.begin() + static_cast<std::ptrdiff_t>(i) + 1, sequence.end());
        if (!ack_routes.more && same_list(ack_routes.uris, rest)) {
            check_next_hop(ack_request_uri, "the Request-URI (strict routing)");
            return check;
        }
    }
    if (same_uri_text(ack_request_uri, contact)) {
        // Past the strict router, a loose router puts the Contact back in the
        // Request-URI: then the Route list is the end of the route set,
        // without the strict router's entry.
        if (!ack_routes.more && is_suffix(ack_routes.uris, route_set, 1) &&
            n - ack_routes.uris.size() <= proxies_passed) {
            if (ack_routes.uris.empty())
                check_next_hop(contact, "the 2xx's Contact");
            else
                check_next_hop(ack_routes.uris.front(), "the first Route entry");
            return check;
        }
        // Otherwise the caller addressed the ACK as for loose routing (or
        // ignored the route set): its Request-URI is the first thing wrong.
        return differs(AckRouteVerdict::RequestUriDiffers, shown(route_set.front()), shown(ack_request_uri),
                       strict_note);
    }
    if (request_uri_at) {
        const std::vector<std::string_view> rest(sequence.begin() + static_cast<std::ptrdiff_t>(*request_uri_at) + 1,
                                                 sequence.end());
        return differs(AckRouteVerdict::RouteSetDiffers, shown_list(rest, false), actual_routes(), strict_note);
    }
    return differs(AckRouteVerdict::RequestUriDiffers, shown(route_set.front()), shown(ack_request_uri), strict_note);
}

}  // namespace

AckRouteCheck check_ack_route(const RouteExpectation& expectation, std::string_view ack_request_uri,
                              std::string_view ack_header_block, const NetEndpoint& ack_destination,
                              Transport transport) {
    return check_route(expectation, ack_request_uri, ack_header_block, ack_destination, transport,
                       routes_of(ack_header_block));
}

AckRouteCheck check_ack_route(const RouteExpectation& expectation, const SipMessage& ack) {
    // read_sip_message noted whether the ACK has a Route field at all: most have none.
    const bool no_route = ack.more_headers_read && !ack.route_line;
    return check_route(expectation, ack.request_uri, ack.header_block, ack.destination, ack.transport,
                       no_route ? AckRoutes{} : routes_of(ack.header_block));
}

std::string_view route_check_name(AckRouteVerdict verdict) {
    switch (verdict) {
        case AckRouteVerdict::Ok: return "ok";
        case AckRouteVerdict::RequestUriDiffers: return "request-uri differs from contact";
        case AckRouteVerdict::RouteSetDiffers: return "route set differs from record-route";
        case AckRouteVerdict::SentElsewhere: return "sent to another address";
        case AckRouteVerdict::NotChecked: break;
    }
    return "not checked";
}

bool is_misrouted(AckRouteVerdict verdict) {
    return verdict == AckRouteVerdict::RequestUriDiffers || verdict == AckRouteVerdict::RouteSetDiffers ||
           verdict == AckRouteVerdict::SentElsewhere;
}

}  // namespace sipdiag
