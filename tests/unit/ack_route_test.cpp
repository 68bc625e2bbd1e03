#include "sipdiag/ack_route.hpp"
#include "sipdiag/sip_headers_reader.hpp"

#include <arpa/inet.h>

#include <array>
#include <string>

#include <gtest/gtest.h>

namespace sipdiag {
namespace {

NetEndpoint ipv4(std::string_view address, std::uint16_t port) {
    NetEndpoint endpoint;
    endpoint.family = NetEndpoint::Family::IPv4;
    const std::string text(address);
    EXPECT_EQ(inet_pton(AF_INET, text.c_str(), endpoint.address.data()), 1);
    endpoint.port = port;
    return endpoint;
}

NetEndpoint ipv6(std::string_view address, std::uint16_t port) {
    NetEndpoint endpoint;
    endpoint.family = NetEndpoint::Family::IPv6;
    const std::string text(address);
    EXPECT_EQ(inet_pton(AF_INET6, text.c_str(), endpoint.address.data()), 1);
    endpoint.port = port;
    return endpoint;
}

// The 2xx's header block with the given Contact and Record-Route lines.
std::string response(std::string_view contact, std::string_view record_route = {}) {
    std::string block = "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-1\r\n"
                        "From: <sip:alice@example.com>;tag=a\r\nTo: <sip:bob@example.com>;tag=b\r\n"
                        "Call-ID: route@192.0.2.10\r\nCSeq: 1 INVITE\r\n";
    if (!record_route.empty()) block += std::string(record_route) + "\r\n";
    if (!contact.empty()) block += "Contact: " + std::string(contact) + "\r\n";
    return block + "Content-Length: 0\r\n";
}

// The ACK's header block with the given Route lines, as seen after
// `proxies_passed` proxies (each adds a Via).
std::string ack(std::string_view routes = {}, int proxies_passed = 0) {
    std::string block;
    for (int i = proxies_passed; i > 0; --i)
        block += "Via: SIP/2.0/UDP 192.0.2." + std::to_string(i) + ":5060;branch=z9hG4bK-p" + std::to_string(i) +
                 "\r\n";
    block += "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-ack\r\n"
             "From: <sip:alice@example.com>;tag=a\r\nTo: <sip:bob@example.com>;tag=b\r\n"
             "Call-ID: route@192.0.2.10\r\nCSeq: 1 ACK\r\n";
    if (!routes.empty()) block += std::string(routes) + "\r\n";
    return block + "Content-Length: 0\r\n";
}

void expect_same(const RouteExpectation& a, const RouteExpectation& b) {
    EXPECT_EQ(a.contact, b.contact);
    EXPECT_EQ(a.record_route, b.record_route);
    EXPECT_EQ(a.contact_unusable, b.contact_unusable);
    EXPECT_EQ(a.record_route_too_long, b.record_route_too_long);
}

// Checks the ACK both ways, from the header blocks and from the messages as
// read_sip_message reads them (which skips walking the blocks again when
// its own walk saw no Record-Route or Route): both must say the same.
AckRouteCheck check(std::string_view response_block, std::string_view request_uri, std::string_view ack_block,
                    const NetEndpoint& destination, Transport transport = Transport::Udp) {
    const RouteExpectation expectation = route_expectation_of(response_block);
    const AckRouteCheck from_blocks = check_ack_route(expectation, request_uri, ack_block, destination, transport);

    const std::string response_bytes = "SIP/2.0 200 OK\r\n" + std::string(response_block) + "\r\n";
    SipMessage response_message;
    read_sip_message(response_bytes, response_message);
    const RouteExpectation read_expectation = route_expectation_of(response_message);
    expect_same(read_expectation, expectation);
    const std::string ack_bytes = "ACK " + std::string(request_uri) + " SIP/2.0\r\n" + std::string(ack_block) + "\r\n";
    SipMessage ack_message;
    read_sip_message(ack_bytes, ack_message);
    ack_message.request_uri = request_uri;
    ack_message.destination = destination;
    ack_message.transport = transport;
    const AckRouteCheck from_message = check_ack_route(read_expectation, ack_message);
    EXPECT_EQ(from_message.verdict, from_blocks.verdict) << ack_block;
    EXPECT_EQ(from_message.expected, from_blocks.expected) << ack_block;
    EXPECT_EQ(from_message.actual, from_blocks.actual) << ack_block;
    EXPECT_EQ(from_message.note, from_blocks.note) << ack_block;
    return from_blocks;
}

TEST(AckRoute, ParsesTheRoutingPartsOfSipUris) {
    const auto uri = parse_sip_uri(R"("Bob" <SIP:bob@Example.COM:5070;transport=TCP;lr;maddr=10.0.0.9?x=y>;tag=1)");
    ASSERT_TRUE(uri.has_value());
    EXPECT_EQ(uri->scheme, "SIP");
    EXPECT_EQ(uri->user, "bob");
    EXPECT_EQ(uri->host, "Example.COM");
    EXPECT_EQ(uri->port, 5070);
    EXPECT_EQ(uri->transport, "TCP");
    EXPECT_EQ(uri->maddr, "10.0.0.9");
    EXPECT_TRUE(uri->lr);
    EXPECT_FALSE(uri->host_is_literal);

    const auto proxy = parse_sip_uri("sip:192.0.2.5;lr");  // no user; a bare URI keeps its parameters
    ASSERT_TRUE(proxy.has_value());
    EXPECT_EQ(proxy->user, "");
    EXPECT_EQ(proxy->host, "192.0.2.5");
    EXPECT_TRUE(proxy->host_is_literal);
    EXPECT_TRUE(proxy->lr);
    EXPECT_FALSE(proxy->port.has_value());

    const auto v6 = parse_sip_uri("<sips:bob:secret@[2001:db8::2]:5070>");
    ASSERT_TRUE(v6.has_value());
    EXPECT_EQ(v6->scheme, "sips");
    EXPECT_EQ(v6->user, "bob");
    EXPECT_EQ(v6->host, "[2001:db8::2]");
    EXPECT_EQ(v6->port, 5070);
    EXPECT_TRUE(v6->host_is_literal);

    const auto phone = parse_sip_uri("sip:+1234;phone-context=example.com@gw.example.com;user=phone");
    ASSERT_TRUE(phone.has_value());
    EXPECT_EQ(phone->user, "+1234;phone-context=example.com");
    EXPECT_EQ(phone->host, "gw.example.com");
}

// IPv4 hosts are read without inet_pton: exactly what it accepts counts.
TEST(AckRoute, Ipv4HostsReadAsInetPtonReadsThem) {
    for (const std::string host :
         {"192.0.2.1", "0.0.0.0", "255.255.255.255", "256.1.1.1", "1.2.3.256", "01.2.3.4", "1.2.3.04", "00.1.1.1",
          "0.1.1.1", "10.0.0.255", "1.2.3", "1.2.3.4.5", "1..2.3", "1.2.3.", ".1.2.3", "1234.1.1.1", "1.2.3.4444",
          "a.b.c.d", "1.2.3.4a", "1.2.3.a", "999.999.999.999", "1.0.0.0", "100.200.250.251", "4294967296.1.1.1"}) {
        std::array<std::uint8_t, 16> bytes{};
        const bool inet = inet_pton(AF_INET, host.c_str(), bytes.data()) == 1;
        const auto uri = parse_sip_uri("sip:u@" + host + ":5060");
        ASSERT_TRUE(uri) << host;
        EXPECT_EQ(uri->host_is_literal, inet) << host;
        if (inet) {
            // The address counts as the same as the one inet_pton read.
            const std::string contact = "sip:u@" + host + ":5060";
            EXPECT_EQ(check(response("<" + contact + ">"), contact, ack(), ipv4(host, 5060)).verdict,
                      AckRouteVerdict::Ok)
                << host;
        }
    }
}

TEST(AckRoute, GarbageIsNotAUri) {
    for (const std::string_view garbage :
         {"", "*", "tel:+1234", "sip:", "sip:bob@", "sip:@h", "sip:h:", "sip:h:99999", "sip:h:0", "sip:h:50x",
          "<sip:bob@h", "sip:bad host", "sip:[2001:db8::2", "sip:[not-an-address]", "sip:[2001:db8::2]x",
          "sip:h\x01", "bob@h", "http://h/", "tel:5551234", "im:bob@example.com", "SIPS"})
        EXPECT_FALSE(parse_sip_uri(garbage).has_value()) << garbage;
}

TEST(AckRoute, ComparesUrisAsRfc3261LenientlyForDiagnosis) {
    auto same = [](std::string_view a, std::string_view b) {
        const auto uri_a = parse_sip_uri(a);
        const auto uri_b = parse_sip_uri(b);
        EXPECT_TRUE(uri_a && uri_b) << a << " / " << b;
        return uri_a && uri_b && same_uri(*uri_a, *uri_b);
    };
    EXPECT_TRUE(same("sip:bob@EXAMPLE.com", "SIP:bob@example.COM"));
    EXPECT_FALSE(same("sip:Bob@example.com", "sip:bob@example.com"));  // user is case-sensitive
    EXPECT_FALSE(same("sip:bob@example.com", "sips:bob@example.com"));
    EXPECT_FALSE(same("sip:bob@example.com", "sip:example.com"));
    // An absent port is the default one: lenient on purpose.
    EXPECT_TRUE(same("sip:bob@10.0.0.5", "sip:bob@10.0.0.5:5060"));
    EXPECT_FALSE(same("sip:bob@10.0.0.5", "sip:bob@10.0.0.5:5061"));
    EXPECT_TRUE(same("sips:bob@10.0.0.5", "sips:bob@10.0.0.5:5061"));
    EXPECT_FALSE(same("sip:bob@10.0.0.5:5070", "sip:bob@10.0.0.5:5071"));
    // maddr counts when either has it, transport when both do; other parameters do not.
    EXPECT_TRUE(same("sip:bob@10.0.0.5;transport=tcp", "sip:bob@10.0.0.5"));
    EXPECT_FALSE(same("sip:bob@10.0.0.5;transport=tcp", "sip:bob@10.0.0.5;transport=udp"));
    EXPECT_TRUE(same("sip:bob@10.0.0.5;transport=TCP", "sip:bob@10.0.0.5;transport=tcp"));
    EXPECT_FALSE(same("sip:bob@10.0.0.5;maddr=239.0.0.1", "sip:bob@10.0.0.5"));
    EXPECT_TRUE(same("sip:bob@10.0.0.5;lr;user=phone;x=1", "sip:bob@10.0.0.5;ob"));
    // IP literals compare by value.
    EXPECT_TRUE(same("sip:bob@[2001:DB8::2]:5070", "sip:bob@[2001:db8:0:0::2]:5070"));
    EXPECT_FALSE(same("sip:bob@[2001:db8::2]:5070", "sip:bob@[2001:db8::3]:5070"));
}

TEST(AckRoute, ExpectationKeepsContactAndRecordRouteInOrder) {
    const auto expectation = route_expectation_of(
        response("\"Bob\" <sip:bob@10.0.0.5:5070;transport=udp>;expires=60",
                 "Record-Route: <sip:p3.example.com;lr>, <sip:p2.example.com;lr>\r\nRecord-Route: <sip:192.0.2.1;lr>"));
    EXPECT_EQ(expectation.contact, "sip:bob@10.0.0.5:5070;transport=udp");
    EXPECT_FALSE(expectation.contact_unusable);
    EXPECT_FALSE(expectation.record_route_too_long);
    EXPECT_EQ(expectation.record_route,
              (std::vector<std::string>{"sip:p3.example.com;lr", "sip:p2.example.com;lr", "sip:192.0.2.1;lr"}));

    for (const std::string_view contact : {"", "<sip:a@10.0.0.5>, <sip:b@10.0.0.6>",
                                           "<sip:a@10.0.0.5>\r\nm: <sip:b@10.0.0.6>", "*", "<tel:+1234>",
                                           "<sip:a@10.0.0.5>"}) {
        const std::string bytes = "SIP/2.0 200 OK\r\n" + response(contact) + "\r\n";
        SipMessage message;
        read_sip_message(bytes, message);
        expect_same(route_expectation_of(message), route_expectation_of(response(contact)));
    }
    EXPECT_TRUE(route_expectation_of(response("")).contact_unusable);
    EXPECT_EQ(route_expectation_of(response("")).contact, "");
    EXPECT_TRUE(route_expectation_of(response("<sip:a@10.0.0.5>, <sip:b@10.0.0.6>")).contact_unusable);
    EXPECT_TRUE(route_expectation_of(response("<sip:a@10.0.0.5>\r\nm: <sip:b@10.0.0.6>")).contact_unusable);
    EXPECT_TRUE(route_expectation_of(response("*")).contact_unusable);
    EXPECT_TRUE(route_expectation_of(response("<tel:+1234>")).contact_unusable);
}

TEST(AckRoute, DirectAckToTheContactIsOk) {
    const auto result = check(response("<sip:bob@10.0.0.5:5060>"), "sip:bob@10.0.0.5:5060", ack(),
                              ipv4("10.0.0.5", 5060));
    EXPECT_EQ(result.verdict, AckRouteVerdict::Ok) << result.note;
    EXPECT_EQ(result.expected, "10.0.0.5:5060");
    EXPECT_EQ(result.actual, "10.0.0.5:5060");
    EXPECT_EQ(result.note, "");
}

TEST(AckRoute, RequestUriOtherThanTheContact) {
    const auto result = check(response("<sip:bob@10.0.0.5:5060>"), "sip:bob@example.com", ack(),
                              ipv4("10.0.0.5", 5060));
    EXPECT_EQ(result.verdict, AckRouteVerdict::RequestUriDiffers);
    EXPECT_EQ(result.expected, "sip:bob@10.0.0.5:5060");
    EXPECT_EQ(result.actual, "sip:bob@example.com");
}

TEST(AckRoute, CallerIgnoringRecordRoute) {
    const auto result = check(response("<sip:bob@10.0.0.5>", "Record-Route: <sip:192.0.2.1;lr>"),
                              "sip:bob@10.0.0.5", ack(), ipv4("10.0.0.5", 5060));
    EXPECT_EQ(result.verdict, AckRouteVerdict::RouteSetDiffers);
    EXPECT_EQ(result.expected, "<sip:192.0.2.1;lr>");
    EXPECT_EQ(result.actual, "no Route header");
    EXPECT_NE(result.note.find("ignored the 2xx's Record-Route"), std::string::npos) << result.note;
    const auto no_headers = check(response("<sip:bob@10.0.0.5>", "Record-Route: <sip:192.0.2.1;lr>"),
                                  "sip:bob@10.0.0.5", "", ipv4("10.0.0.5", 5060));
    EXPECT_EQ(no_headers.verdict, AckRouteVerdict::NotChecked);
}

TEST(AckRoute, RouteSetNotReversed) {
    const std::string ok = response("<sip:bob@10.0.0.5>", "Record-Route: <sip:192.0.2.2;lr>, <sip:192.0.2.1;lr>");
    const auto reversed = check(ok, "sip:bob@10.0.0.5", ack("Route: <sip:192.0.2.1;lr>, <sip:192.0.2.2;lr>"),
                                ipv4("192.0.2.1", 5060));
    EXPECT_EQ(reversed.verdict, AckRouteVerdict::Ok) << reversed.note;
    const auto as_received = check(ok, "sip:bob@10.0.0.5", ack("Route: <sip:192.0.2.2;lr>, <sip:192.0.2.1;lr>"),
                                   ipv4("192.0.2.2", 5060));
    EXPECT_EQ(as_received.verdict, AckRouteVerdict::RouteSetDiffers);
    EXPECT_EQ(as_received.expected, "<sip:192.0.2.1;lr>, <sip:192.0.2.2;lr>");
    EXPECT_EQ(as_received.actual, "<sip:192.0.2.2;lr>, <sip:192.0.2.1;lr>");
    EXPECT_NE(as_received.note.find("must be reversed"), std::string::npos) << as_received.note;
}

TEST(AckRoute, AckSeenAfterProxiesRemovedTheirRoutes) {
    const std::string ok = response("<sip:bob@10.0.0.5>",
                                    "Record-Route: <sip:192.0.2.3;lr>\r\nRecord-Route: <sip:192.0.2.2;lr>, "
                                    "<sip:192.0.2.1;lr>");
    // After the first proxy: the rest of the route set, sent to the next one.
    const auto after_one = check(ok, "sip:bob@10.0.0.5", ack("Route: <sip:192.0.2.2;lr>, <sip:192.0.2.3;lr>", 1),
                                 ipv4("192.0.2.2", 5060));
    EXPECT_EQ(after_one.verdict, AckRouteVerdict::Ok) << after_one.note;
    EXPECT_EQ(after_one.expected, "192.0.2.2:5060");
    const auto after_two = check(ok, "sip:bob@10.0.0.5", ack("Route: <sip:192.0.2.3;lr>", 2), ipv4("192.0.2.3", 5060));
    EXPECT_EQ(after_two.verdict, AckRouteVerdict::Ok) << after_two.note;
    // After the last proxy: no Route left, on to the Contact.
    const auto after_all = check(ok, "sip:bob@10.0.0.5", ack({}, 3), ipv4("10.0.0.5", 5060));
    EXPECT_EQ(after_all.verdict, AckRouteVerdict::Ok) << after_all.note;
    // More proxies than record-routed ones (some did not record-route).
    const auto more_proxies =
        check(ok, "sip:bob@10.0.0.5", ack("Route: <sip:192.0.2.3;lr>", 4), ipv4("192.0.2.3", 5060));
    EXPECT_EQ(more_proxies.verdict, AckRouteVerdict::Ok) << more_proxies.note;
    // Entries missing that no proxy on the way could have removed.
    const auto too_few_vias =
        check(ok, "sip:bob@10.0.0.5", ack("Route: <sip:192.0.2.3;lr>", 1), ipv4("192.0.2.3", 5060));
    EXPECT_EQ(too_few_vias.verdict, AckRouteVerdict::RouteSetDiffers);
    EXPECT_NE(too_few_vias.note.find("lacks the first 2 entries"), std::string::npos) << too_few_vias.note;
    EXPECT_NE(too_few_vias.note.find("1 proxy passed"), std::string::npos) << too_few_vias.note;
    // Without any Via the capture point is unknown: every suffix is accepted.
    EXPECT_EQ(check(ok, "sip:bob@10.0.0.5", "Route: <sip:192.0.2.3;lr>\r\nCSeq: 1 ACK\r\n", ipv4("192.0.2.3", 5060))
                  .verdict,
              AckRouteVerdict::Ok);
    // The beginning of the list is not what any point of the path sees.
    const auto prefix = check(ok, "sip:bob@10.0.0.5", ack("Route: <sip:192.0.2.1;lr>, <sip:192.0.2.2;lr>"),
                              ipv4("192.0.2.1", 5060));
    EXPECT_EQ(prefix.verdict, AckRouteVerdict::RouteSetDiffers);
    EXPECT_NE(prefix.note.find("end of that list"), std::string::npos) << prefix.note;
    // A suffix sent to the wrong hop is still caught.
    const auto wrong_hop = check(ok, "sip:bob@10.0.0.5", ack("Route: <sip:192.0.2.3;lr>", 2), ipv4("10.0.0.5", 5060));
    EXPECT_EQ(wrong_hop.verdict, AckRouteVerdict::SentElsewhere);
    EXPECT_EQ(wrong_hop.expected, "192.0.2.3:5060");
}

TEST(AckRoute, StrictRouting) {
    // The proxy next to the caller (listed last) has no ;lr.
    const std::string ok =
        response("<sip:bob@10.0.0.5>", "Record-Route: <sip:192.0.2.2;lr>, <sip:192.0.2.1>");
    const auto sent = check(ok, "sip:192.0.2.1", ack("Route: <sip:192.0.2.2;lr>, <sip:bob@10.0.0.5>"),
                            ipv4("192.0.2.1", 5060));
    EXPECT_EQ(sent.verdict, AckRouteVerdict::Ok) << sent.note;
    EXPECT_EQ(sent.expected, "192.0.2.1:5060");
    // After the strict router moved the next entry into the Request-URI.
    const auto after_strict =
        check(ok, "sip:192.0.2.2;lr", ack("Route: <sip:bob@10.0.0.5>", 1), ipv4("192.0.2.2", 5060));
    EXPECT_EQ(after_strict.verdict, AckRouteVerdict::Ok) << after_strict.note;
    // Or after a loose router put the Contact back into the Request-URI.
    const auto at_callee = check(ok, "sip:bob@10.0.0.5", ack({}, 2), ipv4("10.0.0.5", 5060));
    EXPECT_EQ(at_callee.verdict, AckRouteVerdict::Ok) << at_callee.note;
    // Straight from the caller, the second entry is not the Request-URI.
    EXPECT_EQ(check(ok, "sip:192.0.2.2;lr", ack("Route: <sip:bob@10.0.0.5>"), ipv4("192.0.2.2", 5060)).verdict,
              AckRouteVerdict::RequestUriDiffers);
    // A caller ignoring the route set altogether.
    const auto ignored = check(ok, "sip:bob@10.0.0.5", ack(), ipv4("10.0.0.5", 5060));
    EXPECT_EQ(ignored.verdict, AckRouteVerdict::RequestUriDiffers);
    EXPECT_EQ(ignored.expected, "sip:192.0.2.1");

    // Loose routing towards a strict router: the Request-URI is wrong.
    const auto loose = check(ok, "sip:bob@10.0.0.5", ack("Route: <sip:192.0.2.1>, <sip:192.0.2.2;lr>"),
                             ipv4("192.0.2.1", 5060));
    EXPECT_EQ(loose.verdict, AckRouteVerdict::RequestUriDiffers);
    EXPECT_EQ(loose.expected, "sip:192.0.2.1");
    EXPECT_NE(loose.note.find("strict routing"), std::string::npos) << loose.note;
    // The Contact left out of the Route list.
    const auto no_contact = check(ok, "sip:192.0.2.1", ack("Route: <sip:192.0.2.2;lr>"), ipv4("192.0.2.1", 5060));
    EXPECT_EQ(no_contact.verdict, AckRouteVerdict::RouteSetDiffers);
    EXPECT_EQ(no_contact.expected, "<sip:192.0.2.2;lr>, <sip:bob@10.0.0.5>");
    EXPECT_EQ(no_contact.actual, "<sip:192.0.2.2;lr>");
    // Sent to the Contact although the Request-URI names the strict router.
    const auto elsewhere = check(ok, "sip:192.0.2.1", ack("Route: <sip:192.0.2.2;lr>, <sip:bob@10.0.0.5>"),
                                 ipv4("10.0.0.5", 5060));
    EXPECT_EQ(elsewhere.verdict, AckRouteVerdict::SentElsewhere);
    EXPECT_EQ(elsewhere.expected, "192.0.2.1:5060");
}

TEST(AckRoute, SentToAnotherAddressThanTheContact) {
    const auto result = check(response("<sip:bob@10.0.0.5>"), "sip:bob@10.0.0.5", ack(), ipv4("203.0.113.9", 5060));
    EXPECT_EQ(result.verdict, AckRouteVerdict::SentElsewhere);
    EXPECT_EQ(result.expected, "10.0.0.5:5060");
    EXPECT_EQ(result.actual, "203.0.113.9:5060");
    EXPECT_NE(result.note.find("Contact"), std::string::npos) << result.note;
    EXPECT_NE(result.note.find("private"), std::string::npos) << result.note;
    // A public Contact address: no word about NAT.
    const auto public_contact =
        check(response("<sip:bob@198.51.100.5>"), "sip:bob@198.51.100.5", ack(), ipv4("203.0.113.9", 5060));
    EXPECT_EQ(public_contact.verdict, AckRouteVerdict::SentElsewhere);
    EXPECT_EQ(public_contact.note.find("private"), std::string::npos) << public_contact.note;
    // Bytes after an IPv4 address play no part.
    NetEndpoint padded = ipv4("10.0.0.5", 5060);
    padded.address[4] = 0xff;
    EXPECT_EQ(check(response("<sip:bob@10.0.0.5>"), "sip:bob@10.0.0.5", ack(), padded).verdict, AckRouteVerdict::Ok);
}

TEST(AckRoute, SentToAnotherPort) {
    const auto result = check(response("<sip:bob@10.0.0.5:5070>"), "sip:bob@10.0.0.5:5070", ack(),
                              ipv4("10.0.0.5", 5060));
    EXPECT_EQ(result.verdict, AckRouteVerdict::SentElsewhere);
    EXPECT_EQ(result.expected, "10.0.0.5:5070");
    EXPECT_EQ(result.actual, "10.0.0.5:5060");
    EXPECT_NE(result.note.find("other port"), std::string::npos) << result.note;
}

TEST(AckRoute, DefaultPortEqualsExplicitDefault) {
    EXPECT_EQ(check(response("<sip:bob@10.0.0.5>"), "sip:bob@10.0.0.5:5060", ack(), ipv4("10.0.0.5", 5060)).verdict,
              AckRouteVerdict::Ok);
    EXPECT_EQ(check(response("<sip:bob@10.0.0.5:5060>"), "sip:bob@10.0.0.5", ack(), ipv4("10.0.0.5", 5060)).verdict,
              AckRouteVerdict::Ok);
    EXPECT_EQ(check(response("<sip:bob@10.0.0.5>"), "sip:bob@10.0.0.5", ack(), ipv4("10.0.0.5", 5070)).verdict,
              AckRouteVerdict::SentElsewhere);
    // sips (and transport=tls) default to 5061.
    const auto sips = check(response("<sips:bob@10.0.0.5>"), "sips:bob@10.0.0.5", ack(), ipv4("10.0.0.5", 5060),
                            Transport::Tcp);
    EXPECT_EQ(sips.verdict, AckRouteVerdict::SentElsewhere);
    EXPECT_EQ(sips.expected, "10.0.0.5:5061");
    EXPECT_EQ(check(response("<sip:bob@10.0.0.5;transport=tls>"), "sip:bob@10.0.0.5;transport=tls", ack(),
                    ipv4("10.0.0.5", 5061), Transport::Tcp)
                  .verdict,
              AckRouteVerdict::Ok);
}

TEST(AckRoute, Ipv6LiteralContact) {
    const std::string ok = response("<sip:bob@[2001:db8::2]:5070>");
    const auto direct = check(ok, "sip:bob@[2001:DB8:0::2]:5070", ack(), ipv6("2001:db8::2", 5070));
    EXPECT_EQ(direct.verdict, AckRouteVerdict::Ok) << direct.note;
    EXPECT_EQ(direct.expected, "[2001:db8::2]:5070");
    const auto other_port = check(ok, "sip:bob@[2001:db8::2]:5070", ack(), ipv6("2001:db8::2", 5060));
    EXPECT_EQ(other_port.verdict, AckRouteVerdict::SentElsewhere);
    EXPECT_EQ(other_port.actual, "[2001:db8::2]:5060");
    const auto other_address = check(ok, "sip:bob@[2001:db8::2]:5070", ack(), ipv6("2001:db8::3", 5070));
    EXPECT_EQ(other_address.verdict, AckRouteVerdict::SentElsewhere);
    const auto other_family = check(ok, "sip:bob@[2001:db8::2]:5070", ack(), ipv4("10.0.0.5", 5070));
    EXPECT_EQ(other_family.verdict, AckRouteVerdict::SentElsewhere);
}

TEST(AckRoute, TransportParameterCounts) {
    const std::string tcp = response("<sip:bob@10.0.0.5;transport=tcp>");
    // Dropped from the Request-URI: no difference as long as the ACK goes over TCP.
    const auto dropped = check(tcp, "sip:bob@10.0.0.5", ack(), ipv4("10.0.0.5", 5060), Transport::Tcp);
    EXPECT_EQ(dropped.verdict, AckRouteVerdict::Ok) << dropped.note;
    const auto other = check(tcp, "sip:bob@10.0.0.5;transport=udp", ack(), ipv4("10.0.0.5", 5060), Transport::Tcp);
    EXPECT_EQ(other.verdict, AckRouteVerdict::RequestUriDiffers);
    EXPECT_EQ(other.expected, "sip:bob@10.0.0.5;transport=tcp");
    const auto kept = check(tcp, "sip:bob@10.0.0.5;transport=tcp", ack(), ipv4("10.0.0.5", 5060), Transport::Tcp);
    EXPECT_EQ(kept.verdict, AckRouteVerdict::Ok) << kept.note;
    const auto over_udp = check(tcp, "sip:bob@10.0.0.5;transport=tcp", ack(), ipv4("10.0.0.5", 5060));
    EXPECT_EQ(over_udp.verdict, AckRouteVerdict::SentElsewhere);
    EXPECT_EQ(over_udp.expected, "10.0.0.5:5060 over TCP");
    EXPECT_EQ(over_udp.actual, "10.0.0.5:5060 over UDP");
}

// A callee that reached the caller over TCP from an ephemeral port gets its
// ACK back over that connection: the port differs from its Contact's, and
// yet the ACK arrives. Only that connection excuses the port.
TEST(AckRoute, BackOverTheTcpConnectionOfThe2xx) {
    RouteExpectation expectation = route_expectation_of(response("<sip:trunk@172.16.0.2:5060;transport=tcp>"));
    expectation.answered_from = ipv4("172.16.0.2", 40017);
    expectation.answered_over = Transport::Tcp;
    const std::string_view uri = "sip:trunk@172.16.0.2:5060;transport=tcp";
    const auto reused = check_ack_route(expectation, uri, ack(), ipv4("172.16.0.2", 40017), Transport::Tcp);
    EXPECT_EQ(reused.verdict, AckRouteVerdict::Ok) << reused.note;
    EXPECT_NE(reused.note.find("connection the 2xx came on"), std::string::npos) << reused.note;
    // Another port than the 2xx's, another address, or UDP: still elsewhere.
    EXPECT_EQ(check_ack_route(expectation, uri, ack(), ipv4("172.16.0.2", 40018), Transport::Tcp).verdict,
              AckRouteVerdict::SentElsewhere);
    EXPECT_EQ(check_ack_route(expectation, uri, ack(), ipv4("172.16.0.9", 40017), Transport::Tcp).verdict,
              AckRouteVerdict::SentElsewhere);
    EXPECT_EQ(check_ack_route(expectation, uri, ack(), ipv4("172.16.0.2", 40017), Transport::Udp).verdict,
              AckRouteVerdict::SentElsewhere);
    expectation.answered_over = Transport::Udp;  // the 2xx came over UDP: no connection to reuse
    EXPECT_EQ(check_ack_route(expectation, uri, ack(), ipv4("172.16.0.2", 40017), Transport::Tcp).verdict,
              AckRouteVerdict::SentElsewhere);
}

TEST(AckRoute, MaddrReplacesTheHost) {
    const std::string ok = response("<sip:bob@pbx.example.com;maddr=10.0.0.7>");
    EXPECT_EQ(check(ok, "sip:bob@pbx.example.com;maddr=10.0.0.7", ack(), ipv4("10.0.0.7", 5060)).verdict,
              AckRouteVerdict::Ok);
    EXPECT_EQ(check(ok, "sip:bob@pbx.example.com;maddr=10.0.0.7", ack(), ipv4("10.0.0.8", 5060)).verdict,
              AckRouteVerdict::SentElsewhere);
}

TEST(AckRoute, HostNameContactIsComparedAsTextOnly) {
    const std::string ok = response("<sip:bob@PBX.example.com>");
    const auto result = check(ok, "sip:bob@pbx.EXAMPLE.com", ack(), ipv4("198.51.100.7", 5060));
    EXPECT_EQ(result.verdict, AckRouteVerdict::Ok);
    EXPECT_EQ(result.expected, "PBX.example.com:5060");
    EXPECT_EQ(result.actual, "198.51.100.7:5060");
    EXPECT_NE(result.note.find("is a name"), std::string::npos) << result.note;
    EXPECT_NE(result.note.find("no DNS lookup"), std::string::npos) << result.note;
    // The URI comparison still applies.
    EXPECT_EQ(check(ok, "sip:bob@other.example.com", ack(), ipv4("198.51.100.7", 5060)).verdict,
              AckRouteVerdict::RequestUriDiffers);
}

TEST(AckRoute, ContactMissingOrGarbageIsNotChecked) {
    const auto missing = check(response(""), "sip:bob@10.0.0.5", ack(), ipv4("10.0.0.5", 5060));
    EXPECT_EQ(missing.verdict, AckRouteVerdict::NotChecked);
    EXPECT_NE(missing.note.find("no Contact"), std::string::npos) << missing.note;
    const auto garbage = check(response("<http://example.com/>"), "sip:bob@10.0.0.5", ack(), ipv4("10.0.0.5", 5060));
    EXPECT_EQ(garbage.verdict, AckRouteVerdict::NotChecked);
    EXPECT_NE(garbage.note.find("not a readable SIP URI"), std::string::npos) << garbage.note;
    const auto several = check(response("<sip:a@10.0.0.5>, <sip:b@10.0.0.6>"), "sip:a@10.0.0.5", ack(),
                               ipv4("10.0.0.5", 5060));
    EXPECT_EQ(several.verdict, AckRouteVerdict::NotChecked);
    EXPECT_NE(several.note.find("several Contacts"), std::string::npos) << several.note;
}

TEST(AckRoute, RouteValuesOverSeveralLinesAndCommas) {
    const std::string ok = response("<sip:bob@10.0.0.5>",
                                    "Record-Route: <sip:192.0.2.4;lr>,<sip:192.0.2.3;lr>\r\n"
                                    "Record-Route: \"P, two\" <sip:192.0.2.2;lr>,\r\n <sip:192.0.2.1;lr>");
    const auto result = check(ok, "sip:bob@10.0.0.5",
                              ack("Route: <sip:192.0.2.1;lr>\r\nroute: <sip:192.0.2.2;lr>,\r\n\t<sip:192.0.2.3;lr> ,"
                                  "\r\nRoute: <sip:192.0.2.4;lr>"),
                              ipv4("192.0.2.1", 5060));
    EXPECT_EQ(result.verdict, AckRouteVerdict::Ok) << result.note << " " << result.actual;
    const auto missing_one = check(ok, "sip:bob@10.0.0.5",
                                   ack("Route: <sip:192.0.2.1;lr>, <sip:192.0.2.3;lr>, <sip:192.0.2.4;lr>"),
                                   ipv4("192.0.2.1", 5060));
    EXPECT_EQ(missing_one.verdict, AckRouteVerdict::RouteSetDiffers);
}

TEST(AckRoute, FirstDifferenceIsReported) {
    const std::string ok = response("<sip:bob@10.0.0.5>", "Record-Route: <sip:192.0.2.1;lr>");
    // Request-URI, route set and destination all wrong: the Request-URI.
    EXPECT_EQ(check(ok, "sip:bob@10.0.0.6", ack(), ipv4("203.0.113.9", 5060)).verdict,
              AckRouteVerdict::RequestUriDiffers);
    // Route set and destination wrong: the route set.
    EXPECT_EQ(check(ok, "sip:bob@10.0.0.5", ack(), ipv4("203.0.113.9", 5060)).verdict,
              AckRouteVerdict::RouteSetDiffers);
    EXPECT_EQ(check(ok, "sip:bob@10.0.0.5", ack("Route: <sip:192.0.2.1;lr>"), ipv4("203.0.113.9", 5060)).verdict,
              AckRouteVerdict::SentElsewhere);
}

TEST(AckRoute, HostileInputsStayBounded) {
    const std::string long_user(10000, 'x');
    const std::string long_contact = "<sip:" + long_user + "@10.0.0.5>";
    const auto long_uri = check(response(long_contact), "sip:" + long_user + "y@10.0.0.5", ack(),
                                ipv4("10.0.0.5", 5060));
    EXPECT_EQ(long_uri.verdict, AckRouteVerdict::RequestUriDiffers);
    EXPECT_LT(long_uri.expected.size(), 200u);
    EXPECT_LT(long_uri.actual.size(), 200u);
    EXPECT_EQ(long_uri.expected.substr(long_uri.expected.size() - 3), "...");

    std::string many = "Record-Route: ";
    for (int i = 0; i < 1000; ++i) many += (i ? ", <sip:192.0.2." : "<sip:192.0.2.") + std::to_string(i % 250) + ";lr>";
    const auto expectation = route_expectation_of(response("<sip:bob@10.0.0.5>", many));
    EXPECT_EQ(expectation.record_route.size(), kMaxRouteEntries);
    EXPECT_TRUE(expectation.record_route_too_long);
    const auto too_long = check_ack_route(expectation, "sip:bob@10.0.0.5", ack(), ipv4("10.0.0.5", 5060),
                                          Transport::Udp);
    EXPECT_EQ(too_long.verdict, AckRouteVerdict::NotChecked);

    std::string many_routes = "Route: ";
    for (int i = 0; i < 1000; ++i) many_routes += (i ? ", <sip:192.0.2.1;lr>" : "<sip:192.0.2.1;lr>");
    const auto routes = check(response("<sip:bob@10.0.0.5>", "Record-Route: <sip:192.0.2.1;lr>"), "sip:bob@10.0.0.5",
                              ack(many_routes), ipv4("192.0.2.1", 5060));
    EXPECT_EQ(routes.verdict, AckRouteVerdict::RouteSetDiffers);
    EXPECT_LT(routes.actual.size(), 700u);
    EXPECT_NE(routes.actual.find("more than 33 entries"), std::string::npos) << routes.actual;

    const auto control = check(response("<sip:bob@10.0.0.5>"), "sip:bob\x01\x1b[2J@10.0.0.5", ack(),
                               ipv4("10.0.0.5", 5060));
    EXPECT_EQ(control.verdict, AckRouteVerdict::RequestUriDiffers);
    EXPECT_EQ(control.actual.find('\x1b'), std::string::npos) << control.actual;
}

TEST(AckRoute, VerdictNames) {
    EXPECT_EQ(route_check_name(AckRouteVerdict::Ok), "ok");
    EXPECT_EQ(route_check_name(AckRouteVerdict::RequestUriDiffers), "request-uri differs from contact");
    EXPECT_EQ(route_check_name(AckRouteVerdict::RouteSetDiffers), "route set differs from record-route");
    EXPECT_EQ(route_check_name(AckRouteVerdict::SentElsewhere), "sent to another address");
    EXPECT_EQ(route_check_name(AckRouteVerdict::NotChecked), "not checked");
}

}  // namespace
}  // namespace sipdiag
