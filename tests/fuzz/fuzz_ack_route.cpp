// Fuzz target: the 2xx's Contact and Record-Route and the ACK's Request-URI
// and Route come straight from the wire. Reading and comparing them must
// never read out of bounds, what parse_sip_uri returns lies inside its
// input, and the texts of a check stay bounded whatever the input.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "fuzz_input.hpp"
#include "sipdiag/ack_route.hpp"

namespace {

void check_inside(std::string_view part, std::string_view whole) {
    if (!part.empty() && (part.data() < whole.data() || part.data() + part.size() > whole.data() + whole.size()))
        std::abort();
}

void check_uri(std::string_view text) {
    const auto uri = sipdiag::parse_sip_uri(text);
    if (!uri) return;
    for (const std::string_view part : {uri->scheme, uri->user, uri->host, uri->transport, uri->maddr})
        check_inside(part, text);
    if (uri->host.empty() || !sipdiag::same_uri(*uri, *uri)) std::abort();
}

// Plausible pieces, so that the input reaches the comparisons and not only
// the parser's rejections.
constexpr std::string_view kUris[] = {
    "<sip:bob@10.0.0.5>",
    "<sip:bob@10.0.0.5:5060>",
    "sip:192.0.2.1;lr",
    "<sip:192.0.2.2;lr>",
    "<sip:192.0.2.1>",
    "<sips:b@[2001:db8::2]:5070>",
    "<sip:bob@pbx.example.com;maddr=10.0.0.7>",
    "<sip:bob@10.0.0.5;transport=tcp>",
    "*",
    "<tel:+1>",
    "\"A, B\" <sip:a@h;lr>",
    "<sip:x@[::1",
};
constexpr std::string_view kSeparators[] = {", ", ",", "\r\n ", "\r\nRecord-Route: ", "\r\nRoute: ", "\r\n", ""};
// Beginnings and ends around raw bytes, so that the parser also sees long
// and odd hosts, ports and parameters.
constexpr std::string_view kUriStarts[] = {"sip:", "sips:", "<sip:", "SIP:bob@", "sip:bob@[", "<sip:b@10.0.0.5:",
                                           "sip:b@10.0.0.5;", "sip:[2001:db8::"};
constexpr std::string_view kUriEnds[] = {"", ">", "]", "]:5060;lr>", ";lr", ";transport=tcp>", ";maddr=10.0.0.7"};

std::string raw_bytes(sipdiag::fuzz::FuzzInput& input, std::size_t max) { return std::string(input.bytes(max)); }

std::string uri_text(sipdiag::fuzz::FuzzInput& input) {
    if (input.byte() % 4 != 0) return std::string(input.pick(kUris));
    std::string uri(input.pick(kUriStarts));
    uri += raw_bytes(input, 100);
    uri += input.pick(kUriEnds);
    return uri;
}

std::string header_line(sipdiag::fuzz::FuzzInput& input, std::string_view name) {
    std::string line = std::string(name) + ": ";
    const std::size_t entries = input.byte() % 6;
    for (std::size_t i = 0; i < entries; ++i) {
        if (i > 0) line += input.pick(kSeparators);
        line += uri_text(input);
    }
    return line + "\r\n";
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    check_uri(std::string_view(reinterpret_cast<const char*>(data), size));

    sipdiag::fuzz::FuzzInput input(data, size);
    std::string response = header_line(input, "Contact");
    const std::size_t record_route_lines = input.byte() % 4;
    for (std::size_t i = 0; i < record_route_lines; ++i) response += header_line(input, "Record-Route");
    response += raw_bytes(input, 200);
    const std::string request_uri = uri_text(input);
    std::string ack;
    for (std::size_t vias = input.byte() % 4; vias > 0; --vias) ack += "Via: SIP/2.0/UDP p;branch=z9hG4bK-f\r\n";
    ack += header_line(input, "Route");
    ack += raw_bytes(input, 200);
    check_uri(request_uri);

    sipdiag::NetEndpoint destination;
    destination.family = static_cast<sipdiag::NetEndpoint::Family>(input.byte() % 3);
    for (auto& byte : destination.address) byte = input.byte() % 4 == 0 ? input.byte() : 0;
    destination.port = static_cast<std::uint16_t>(input.u32());
    const auto transport = static_cast<sipdiag::Transport>(input.byte() % 4);

    const sipdiag::RouteExpectation expectation = sipdiag::route_expectation_of(response);
    if (expectation.record_route.size() > sipdiag::kMaxRouteEntries) std::abort();
    const sipdiag::AckRouteCheck check =
        sipdiag::check_ack_route(expectation, request_uri, ack, destination, transport);
    if (check.expected.size() > 1200 || check.actual.size() > 1200 || check.note.size() > 600) std::abort();
    if (sipdiag::route_check_name(check.verdict).empty()) std::abort();
    return 0;
}
