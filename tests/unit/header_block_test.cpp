#include "sipdiag/header_block.hpp"

#include <cctype>
#include <initializer_list>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "sipdiag/sip_header.hpp"
#include "sipdiag/sip_headers_reader.hpp"
#include "sipdiag/sip_message.hpp"

namespace sipdiag {
namespace {

std::vector<std::string> values_of(std::string_view block, HeaderName name) {
    std::vector<std::string> values;
    for_each_header(block, [&](const HeaderField& field) {
        if (field.name == name) values.emplace_back(field.value);
        return true;
    });
    return values;
}

std::vector<std::string> elements_of(std::string_view value) {
    std::vector<std::string> elements;
    for_each_element(value, [&](std::string_view element) {
        elements.emplace_back(element);
        return true;
    });
    return elements;
}

TEST(HeaderBlock, SplitsStartLineHeadersAndBody) {
    const auto split = split_message("INVITE sip:b@h SIP/2.0\r\nCall-ID: x\r\nCSeq: 1 INVITE\r\n\r\nv=0\r\n");
    EXPECT_EQ(split.start_line, "INVITE sip:b@h SIP/2.0");
    EXPECT_EQ(split.header_block, "Call-ID: x\r\nCSeq: 1 INVITE\r\n");
    EXPECT_TRUE(split.complete);
    EXPECT_EQ(first_header(split.header_block, HeaderName::CSeq), "1 INVITE");
    EXPECT_EQ(first_header(split.header_block, HeaderName::Contact), "");
}

TEST(HeaderBlock, WithoutBlankLineStopsAtTheEnd) {
    const auto split = split_message("SIP/2.0 200 OK\nCall-ID: x\nTo: <sip:b@h>;tag=1");
    EXPECT_FALSE(split.complete);
    EXPECT_EQ(first_header(split.header_block, HeaderName::To), "<sip:b@h>;tag=1");
    EXPECT_EQ(split_message("").header_block, "");
    EXPECT_EQ(split_message("SIP/2.0 200 OK").header_block, "");
}

TEST(HeaderBlock, NamesAreCaseInsensitiveAndCompactFormsCount) {
    const std::string_view block = "i: a@h\r\nf: <sip:a@h>;tag=1\r\nT: <sip:b@h>\r\nv: SIP/2.0/UDP h;branch=z9hG4bK1\r\n"
                                   "m: <sip:a@10.0.0.1>\r\nl: 0\r\nRECORD-ROUTE: <sip:p;lr>\r\ncseq: 2 ACK\r\n";
    EXPECT_EQ(first_header(block, HeaderName::CallId), "a@h");
    EXPECT_EQ(first_header(block, HeaderName::From), "<sip:a@h>;tag=1");
    EXPECT_EQ(first_header(block, HeaderName::To), "<sip:b@h>");
    EXPECT_EQ(first_header(block, HeaderName::Via), "SIP/2.0/UDP h;branch=z9hG4bK1");
    EXPECT_EQ(first_header(block, HeaderName::Contact), "<sip:a@10.0.0.1>");
    EXPECT_EQ(first_header(block, HeaderName::ContentLength), "0");
    EXPECT_EQ(first_header(block, HeaderName::RecordRoute), "<sip:p;lr>");
    EXPECT_EQ(first_header(block, HeaderName::CSeq), "2 ACK");
    EXPECT_EQ(header_name("x"), HeaderName::Other);
    EXPECT_EQ(header_name("Routes"), HeaderName::Other);
}

TEST(HeaderBlock, FoldedLinesBelongToTheirField) {
    const std::string_view block = "Via: SIP/2.0/UDP a;branch=z9hG4bKa,\r\n SIP/2.0/UDP b;branch=z9hG4bKb\r\nTo: x\r\n";
    ASSERT_EQ(values_of(block, HeaderName::Via).size(), 1u);
    EXPECT_EQ(elements_of(first_header(block, HeaderName::Via)),
              (std::vector<std::string>{"SIP/2.0/UDP a;branch=z9hG4bKa", "SIP/2.0/UDP b;branch=z9hG4bKb"}));
    EXPECT_EQ(first_header(block, HeaderName::To), "x");
}

TEST(HeaderBlock, SeveralLinesOfOneNameKeepTheirOrder) {
    const std::string_view block = "Record-Route: <sip:p1;lr>, <sip:p2;lr>\r\nX: y\r\nRecord-Route: <sip:p3;lr>\r\n";
    EXPECT_EQ(values_of(block, HeaderName::RecordRoute),
              (std::vector<std::string>{"<sip:p1;lr>, <sip:p2;lr>", "<sip:p3;lr>"}));
}

TEST(HeaderBlock, ElementsIgnoreCommasInQuotesAndBrackets) {
    EXPECT_EQ(elements_of(R"("Doe, J" <sip:a@h;x=1,2>;tag=3, <sip:b@h> ,, )"),
              (std::vector<std::string>{R"("Doe, J" <sip:a@h;x=1,2>;tag=3)", "<sip:b@h>"}));
    EXPECT_EQ(elements_of(R"("unterminated, <sip:a@h>)"), (std::vector<std::string>{R"("unterminated, <sip:a@h>)"}));
    EXPECT_EQ(elements_of("<sip:a@h"), (std::vector<std::string>{"<sip:a@h"}));
}

TEST(HeaderBlock, GarbageLinesAreSkipped) {
    const std::string_view block = "no colon here\r\n: empty name\r\n\x01\x02\r\nCall-ID: ok\r\n";
    EXPECT_EQ(first_header(block, HeaderName::CallId), "ok");
}

TEST(HeaderBlock, RequestUriOfStartLine) {
    EXPECT_EQ(request_uri_of("INVITE sip:b@example.com;transport=tcp SIP/2.0"), "sip:b@example.com;transport=tcp");
    EXPECT_EQ(request_uri_of("SIP/2.0 200 OK"), "");
    EXPECT_EQ(request_uri_of("INVITE"), "");
    EXPECT_EQ(request_uri_of("INVITE sip:b@h"), "");
    // Spaces around the URI, a version in any case, no method, a line of one space.
    EXPECT_EQ(request_uri_of("ACK   sip:b@h  sip/2.0\t"), "sip:b@h");
    EXPECT_EQ(request_uri_of("ACK sip:b@h SIP/"), "sip:b@h");
    EXPECT_EQ(request_uri_of("ACK sip:b@h SIP"), "");
    EXPECT_EQ(request_uri_of("ACK sip:b@h XIP/2.0"), "");
    EXPECT_EQ(request_uri_of(" sip:b@h SIP/2.0"), "");
    EXPECT_EQ(request_uri_of(" "), "");
    EXPECT_EQ(request_uri_of(""), "");
}

TEST(NetEndpoint, FormatsBothFamilies) {
    NetEndpoint v4;
    v4.family = NetEndpoint::Family::IPv4;
    v4.address = {192, 0, 2, 7};
    v4.port = 5060;
    EXPECT_EQ(to_string(v4), "192.0.2.7:5060");
    EXPECT_EQ(address_text(v4), "192.0.2.7");
    v4.address = {255, 0, 10, 255};
    v4.port = 65535;
    EXPECT_EQ(to_string(v4), "255.0.10.255:65535");
    v4.port = 0;
    EXPECT_EQ(to_string(v4), "255.0.10.255:0");
    NetEndpoint v6;
    v6.family = NetEndpoint::Family::IPv6;
    v6.address = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    v6.port = 5061;
    EXPECT_EQ(to_string(v6), "[2001:db8::1]:5061");
    EXPECT_EQ(address_text(v6), "2001:db8::1");
    EXPECT_EQ(to_string(NetEndpoint{}), "");
}

// The named walk passes lines over by their first byte alone: it must still
// see every field the full walk reads under those names, whatever that byte
// is, and nothing else.
std::vector<std::pair<HeaderName, std::string_view>> fields_named(std::string_view block,
                                                                  std::initializer_list<HeaderName> names, bool walk_named) {
    std::vector<std::pair<HeaderName, std::string_view>> seen;
    const auto keep = [&](const HeaderField& field) {
        seen.emplace_back(field.name, field.value);
        return true;
    };
    if (walk_named) {
        for_each_header_named(block, names, keep);
    } else {
        for_each_header(block, [&](const HeaderField& field) {
            for (const HeaderName name : names)
                if (field.name == name) return keep(field);
            return true;
        });
    }
    return seen;
}

TEST(HeaderBlock, NamedWalkSeesEveryFieldOfItsNamesAndNoOther) {
    const std::string_view names[] = {"call-id", "i", "from", "f", "to", "t", "cseq", "via", "v", "contact", "m",
                                      "record-route", "route", "reason", "warning", "user-agent", "server",
                                      "content-length", "l", "x"};
    const HeaderName ids[] = {HeaderName::Other,   HeaderName::CallId,      HeaderName::From,   HeaderName::To,
                              HeaderName::CSeq,    HeaderName::Via,         HeaderName::Contact, HeaderName::RecordRoute,
                              HeaderName::Route,   HeaderName::Reason,      HeaderName::Warning, HeaderName::UserAgent,
                              HeaderName::Server,  HeaderName::ContentLength};
    std::size_t fields_seen = 0;
    for (const std::string_view name : names) {
        for (int byte = 0; byte < 256; ++byte) {
            // The line with its first byte replaced, and with that byte put before the name.
            std::string replaced(name), prefixed(name);
            replaced[0] = static_cast<char>(byte);
            prefixed.insert(prefixed.begin(), static_cast<char>(byte));
            for (const std::string& line : {replaced, prefixed}) {
                const std::string block = line + ": first\r\nOther: x\r\n" + line + ":second\r\nVia: v";
                for (const HeaderName id : ids) {
                    const auto full = fields_named(block, {id}, false);
                    ASSERT_EQ(fields_named(block, {id}, true), full) << "byte " << byte << " name " << name;
                    fields_seen += full.size();
                }
                ASSERT_EQ(fields_named(block, {HeaderName::Contact, HeaderName::RecordRoute}, true),
                          fields_named(block, {HeaderName::Contact, HeaderName::RecordRoute}, false));
            }
        }
    }
    EXPECT_GT(fields_seen, 10000u);  // the blocks did hold fields of the names asked for
}

}  // namespace
}  // namespace sipdiag

namespace sipdiag {
namespace {

TEST(ReadSipHeaders, FirstOfEachNameCompactFormsAndTopVia) {
    const std::string block =
        "v: SIP/2.0/UDP a;branch=z9hG4bK-top, SIP/2.0/UDP b;branch=z9hG4bK-second\r\n"
        "Via: SIP/2.0/UDP c;branch=z9hG4bK-third\r\n"
        "f: \"A, B\" <sip:a@h;tag=inside>;TAG=from-1\r\n"
        "To: <sip:b@h>\r\n"
        " ;tag=to-1\r\n"
        "i: call-1@h\r\n"
        "Call-ID: call-2@h\r\n"
        "CSeq: 7 INVITE\r\n";
    SipMessage message;
    read_sip_headers(block, message);
    EXPECT_EQ(message.via_branch, "z9hG4bK-top");
    EXPECT_EQ(message.from_tag, "from-1");
    EXPECT_EQ(message.from_uri, "sip:a@h;tag=inside");
    EXPECT_EQ(message.to_tag, "to-1");  // on a folded line
    EXPECT_EQ(message.to_uri, "sip:b@h");
    EXPECT_EQ(message.call_id, "call-1@h");
    EXPECT_TRUE(message.cseq_header);
    EXPECT_EQ(message.cseq, 7u);
    EXPECT_EQ(message.cseq_method, "INVITE");
}

TEST(ReadSipHeaders, FirstParameterAgreesWithHeaderParameter) {
    for (const std::string_view value :
         {"<sip:a@h;tag=in>;tag=out", "\"A;tag=q\" <sip:a@h>;x=1;TAG = up ;y", "sip:a@h;tag=1, sip:b@h;tag=2",
          "\"unterminated;tag=1", "<sip:a@h;tag=1", "a;tag", "a;tag=", "\"a\\\";tag=x\";tag=y", ";;tag=z;",
          "SIP/2.0/UDP h;rport;branch=z9hG4bK-1;received=x", ""}) {
        for (const std::string_view name : {"tag", "branch"}) {
            const std::string_view fast = detail::first_parameter(value, name);
            const std::string_view reference = header_parameter(value, name);
            EXPECT_EQ(fast, reference) << value;
            if (!fast.empty()) {
                EXPECT_EQ(fast.data(), reference.data()) << value;
            }
        }
    }
}

TEST(ReadSipHeaders, MissingAndUnusableValues) {
    SipMessage message;
    read_sip_headers("CSeq: 4294967296 INVITE\nFrom: sip:a@h\rTo: sip:b@h;tag=t\n", message);
    EXPECT_TRUE(message.cseq_header);
    EXPECT_FALSE(message.cseq.has_value());
    EXPECT_EQ(message.from_tag, "");
    EXPECT_EQ(message.from_uri, "sip:a@h");
    EXPECT_EQ(message.to_tag, "t");  // a lone CR ends a line too
    EXPECT_EQ(message.call_id, "");
    EXPECT_EQ(message.via_branch, "");

    SipMessage empty;
    read_sip_headers("", empty);
    EXPECT_FALSE(empty.cseq_header);
}

// Whether a line of `block`, at its start or after a '\n', begins with
// "reason" or "warning" in any case: read_sip_message's reason_or_warning_line.
bool line_starts_with_reason_or_warning(std::string_view block) {
    for (std::size_t at = 0; at <= block.size();) {
        const std::string_view line = block.substr(at);
        for (const std::string_view name : {"reason", "warning"}) {
            std::size_t i = 0;
            while (i < name.size() && i < line.size() && (line[i] | 0x20) == name[i]) ++i;
            if (i == name.size()) return true;
        }
        const std::size_t lf = block.find('\n', at);
        if (lf == std::string_view::npos) break;
        at = lf + 1;
    }
    return false;
}

// read_sip_message must give exactly what split_message, read_sip_headers and
// first_header give, view for view, on every shape of message.
void expect_one_walk_agrees(std::string_view bytes) {
    SipMessage walked;
    const SplitMessage split = read_sip_message(bytes, walked);
    const SplitMessage reference = split_message(bytes);
    EXPECT_EQ(split.start_line.data(), reference.start_line.data()) << bytes;
    EXPECT_EQ(split.start_line.size(), reference.start_line.size()) << bytes;
    EXPECT_EQ(split.header_block.data(), reference.header_block.data()) << bytes;
    EXPECT_EQ(split.header_block.size(), reference.header_block.size()) << bytes;
    EXPECT_EQ(split.complete, reference.complete) << bytes;
    EXPECT_EQ(walked.header_block.data(), reference.header_block.data()) << bytes;
    EXPECT_EQ(walked.header_block.size(), reference.header_block.size()) << bytes;
    SipMessage read;
    read.header_block = reference.header_block;
    read_sip_headers(reference.header_block, read);
    const auto same = [&](std::string_view a, std::string_view b) {
        EXPECT_EQ(a, b) << bytes;
        if (!a.empty()) {
            EXPECT_EQ(a.data(), b.data()) << bytes;
        }
    };
    same(walked.call_id, read.call_id);
    same(walked.from_tag, read.from_tag);
    same(walked.from_uri, read.from_uri);
    same(walked.to_tag, read.to_tag);
    same(walked.to_uri, read.to_uri);
    same(walked.via_branch, read.via_branch);
    same(walked.cseq_method, read.cseq_method);
    EXPECT_EQ(walked.cseq, read.cseq) << bytes;
    EXPECT_EQ(walked.cseq_header, read.cseq_header) << bytes;
    EXPECT_TRUE(walked.more_headers_read);
    EXPECT_FALSE(read.more_headers_read);
    for (const HeaderName name : {HeaderName::UserAgent, HeaderName::Server, HeaderName::Reason}) {
        same(header_value(walked, name), first_header(reference.header_block, name));
        same(header_value(read, name), first_header(reference.header_block, name));
    }
    std::size_t contacts = 0, record_routes = 0, routes = 0;
    for_each_header_named(reference.header_block, {HeaderName::Contact, HeaderName::RecordRoute, HeaderName::Route},
                          [&](const HeaderField& field) {
                              contacts += field.name == HeaderName::Contact;
                              record_routes += field.name == HeaderName::RecordRoute;
                              routes += field.name == HeaderName::Route;
                              return true;
                          });
    EXPECT_EQ(walked.contact_lines, std::min<std::size_t>(contacts, 2)) << bytes;
    same(walked.contact, first_header(reference.header_block, HeaderName::Contact));
    EXPECT_EQ(walked.record_route_line, record_routes > 0) << bytes;
    EXPECT_EQ(walked.route_line, routes > 0) << bytes;
    EXPECT_EQ(walked.reason_or_warning_line, line_starts_with_reason_or_warning(reference.header_block)) << bytes;
}

TEST(ReadSipMessage, OneWalkReadsWhatTheSeparateWalksRead) {
    for (const std::string_view bytes : {
             std::string_view("INVITE sip:b@h SIP/2.0\r\nVia: SIP/2.0/UDP a;branch=z9hG4bK1\r\nFrom: <sip:a@h>;tag=1\r\n"
                              "To: <sip:b@h>\r\nCall-ID: c@h\r\nCSeq: 1 INVITE\r\nUser-Agent: phone 1\r\n"
                              "Content-Length: 4\r\n\r\nv=0\r\nServer: not a header\r\n"),
             std::string_view("SIP/2.0 200 OK\r\nv: SIP/2.0/UDP a;branch=1, SIP/2.0/UDP b;branch=2\r\nf: sip:a@h;tag=1\r\n"
                              "t: \"B\" <sip:b@h>\r\n ;tag=2\r\ni: c@h\r\nSERVER: pbx\r\n\tversion 2\r\nuser-agent: ua\r\n"
                              "Server: second\r\nReason: Q.850;cause=16\r\n\r\n"),
             std::string_view("SIP/2.0 486 Busy\nCSeq: 2 INVITE\nTo: <sip:b@h>;tag=x\n  Reason: SIP;cause=486\n"
                              "Warning: 399 h \"x\"\nreason: later"),                           // no blank line
             std::string_view("BYE sip:b@h SIP/2.0\rCall-ID: c\rReason: Q.850;cause=16\r\rCSeq: 3 BYE\r\n"),  // lone CRs
             std::string_view("SIP/2.0 200 OK\r\n\r\n"), std::string_view("SIP/2.0 200 OK"), std::string_view(""),
             std::string_view("\r\n\r\n"), std::string_view("ACK sip:b@h SIP/2.0\r\n:\r\nVia\r\n : x\r\nS:\r\nu: a\r\n"),
             std::string_view("x\n\tServer: folded at the start\r\n", 31),
             std::string_view("x\r\nServer: a\0b\r\nUser-Agent: \0\r\n\r\n", 33),
             std::string_view("x\r\n\0: 5 INVITE\r\n\r\n", 18),
             std::string_view("SIP/2.0 200 OK\r\nContact: <sip:b@192.0.2.2>\r\nContent-Type: a/b\r\n"
                              "Record-Route: <sip:p1;lr>\r\nROUTE: <sip:p2;lr>\r\nm: <sip:c@h>\r\n\r\n"),
             std::string_view("ACK sip:b@h SIP/2.0\r\nContacts: x\r\ncontact : <sip:b@h>\r\nrecord-route:\r\n"
                              " Contact: <sip:folded@h>\r\nRo: x\r\nM\t: y\r\n"),
             std::string_view("SIP/2.0 180 Ringing\nCONTACT:<sip:a@h>\nCall-ID: c\nCSeq: 1 INVITE\nFrom: a;tag=1\n"
                              "To: b\nVia: v;branch=2\ncontact: <sip:after-the-five@h>\nm: third\n\n")}) {
        expect_one_walk_agrees(bytes);
    }
}

// The usual spellings ("Via:", "i:"...) are named by one word compare:
// changing any byte of the name or its colon to anything at all must give
// what parse_field gives for that line, and a line too near the end of the
// data for a word is read the slow way.
TEST(ReadSipMessage, UsualNamesReadLikeAnyOtherSpelling) {
    const std::string_view lines[] = {"Via: SIP/2.0/UDP h;branch=z9hG4bK1", "From: <sip:a@h>;tag=1",
                                      "To: <sip:b@h>;tag=2",  "Call-ID: c@h", "CSeq: 5 INVITE",
                                      "Contact: <sip:a@192.0.2.1>", "Server: pbx 1", "v: SIP/2.0/UDP h;branch=b",
                                      "f: <sip:a@h>;tag=3", "t: <sip:b@h>", "i: c2@h", "m: <sip:c@h>",
                                      "Route: <sip:p;lr>", "Reason: Q.850;cause=16", "Warning: 399 h \"x\"",
                                      "l: 0"};
    for (const std::string_view line : lines) {
        const std::size_t name_and_colon = line.find(':') + 1;
        for (std::size_t at = 0; at < name_and_colon; ++at) {
            for (int byte = 0; byte < 256; ++byte) {
                std::string changed(line);
                changed[at] = static_cast<char>(byte);
                expect_one_walk_agrees("SIP/2.0 200 OK\r\nMax-Forwards: 70\r\n" + changed + "\r\nCSeq: 1 BYE\r\n\r\n");
            }
        }
        // The line last in the data, nothing after it: fewer than eight bytes
        // from its start to the end for the short ones.
        expect_one_walk_agrees("SIP/2.0 200 OK\r\n" + std::string(line));
        expect_one_walk_agrees("SIP/2.0 200 OK\r\n" + std::string(line.substr(0, name_and_colon)));
        expect_one_walk_agrees("SIP/2.0 200 OK\r\n" + std::string(line.substr(0, name_and_colon + 1)));
    }
}

// ";tag=" and ";branch=" spelled the usual way are read at once: any change
// to one of their bytes, and values too short for a word, give what
// first_parameter gives.
TEST(ReadSipHeaders, UsualTagAndBranchReadLikeFirstParameter) {
    const auto check = [](const std::string& block) {
        SipMessage message;
        read_sip_headers(block, message);
        const std::string_view from = first_header(block, HeaderName::From);
        const std::string_view via = first_header(block, HeaderName::Via);
        const std::string_view tag = detail::first_parameter(from, "tag");
        const std::string_view branch = detail::first_parameter(via, "branch");
        EXPECT_EQ(message.from_tag, tag) << block;
        EXPECT_EQ(message.via_branch, branch) << block;
        if (!tag.empty()) {
            EXPECT_EQ(message.from_tag.data(), tag.data()) << block;
        }
        if (!branch.empty()) {
            EXPECT_EQ(message.via_branch.data(), branch.data()) << block;
        }
    };
    const std::string tag_param = ";tag=abcdef", branch_param = ";branch=z9hG4bK77";
    for (std::size_t at = 0; at < 5; ++at) {
        for (int byte = 0; byte < 256; ++byte) {
            std::string tag = tag_param;
            tag[at] = static_cast<char>(byte);
            check("From: <sip:a@h>" + tag + "\r\nVia: SIP/2.0/UDP h" + branch_param + "\r\n");
        }
    }
    for (std::size_t at = 0; at < 8; ++at) {
        for (int byte = 0; byte < 256; ++byte) {
            std::string branch = branch_param;
            branch[at] = static_cast<char>(byte);
            check("From: <sip:a@h>" + tag_param + "\r\nVia: SIP/2.0/UDP h" + branch + "\r\n");
        }
    }
    for (const std::string_view from : {"<sip:a@h>;tag=", "<sip:a@h>;tag=1", "<sip:a@h>;tag=12", "<sip:a@h>;tag=123",
                                        "<sip:a@h>;TAG=x;y=1", "<sip:a@h>;tag=a b ;x", "<sip:a@h>;tag=1,2",
                                        "<sip:a@h>;tag==1", "<sip:a@h>;tag;tag=2"}) {
        for (const std::string_view via :
             {"SIP/2.0/UDP h;branch=", "SIP/2.0/UDP h;branch=1", "SIP/2.0/UDP h;rport;branch=1",
              "SIP/2.0/UDP h;Branch=z9;rport", "SIP/2.0/UDP h;branch=a, SIP/2.0/UDP g;branch=b",
              "SIP/2.0/UDP \"h;branch=q\";branch=r", "SIP/2.0/UDP h ;branch=s"}) {
            check("From: " + std::string(from) + "\r\nVia: " + std::string(via) + "\r\n");
        }
    }
}

TEST(ReadSipMessage, KeepsWhetherALineStartsWithReasonOrWarning) {
    // What capture analysis looked for in the block before reading Reason and
    // Warning: the first letters of a line at the block's start or after '\n'.
    const auto flag = [](std::string_view bytes) {
        SipMessage message;
        read_sip_message(bytes, message);
        return message.reason_or_warning_line;
    };
    EXPECT_FALSE(flag("SIP/2.0 200 OK\r\nCall-ID: c\r\nRecord-Route: <sip:p;lr>\r\n\r\nReason: in the body\r\n"));
    EXPECT_TRUE(flag("SIP/2.0 200 OK\r\nCall-ID: c\r\nREASON: x\r\n\r\n"));
    EXPECT_TRUE(flag("SIP/2.0 200 OK\r\nwarning: 399 h \"x\"\r\n"));
    EXPECT_TRUE(flag("SIP/2.0 200 OK\r\nReasonable: no colon needed to look like one\r\n"));
    EXPECT_FALSE(flag("SIP/2.0 200 OK\r\nCall-ID: c\rReason: after a lone CR\r\n"));
    EXPECT_FALSE(flag("SIP/2.0 200 OK\r\nCall-ID: c\r\n Reason: folded\r\n"));
    EXPECT_FALSE(flag("SIP/2.0 200 OK\r\nReaso"));
    // Spelled the usual way, read by one word compare.
    EXPECT_TRUE(flag("SIP/2.0 200 OK\r\nReason: Q.850;cause=16\r\n\r\n"));
    EXPECT_TRUE(flag("SIP/2.0 200 OK\r\nCall-ID: c\nWARNING: 399 h \"x\"\r\n\r\n"));
    EXPECT_FALSE(flag("SIP/2.0 200 OK\r\nCall-ID: c\rReason: after a lone CR\r\n\r\n"));
    EXPECT_FALSE(flag("SIP/2.0 200 OK\r\nCall-ID: c\rWarning: after a lone CR\r\n\r\n"));
}

}  // namespace
}  // namespace sipdiag

namespace sipdiag {
namespace {

// header_name compares words, with a case fold on letters only: every case
// variant of a known name is that name, and changing any one byte to
// anything but the other case of the same letter makes it another name.
TEST(HeaderBlock, NamesMatchInEveryCaseAndOnlyThen) {
    const std::pair<std::string_view, HeaderName> known[] = {
        {"call-id", HeaderName::CallId}, {"from", HeaderName::From},           {"to", HeaderName::To},
        {"cseq", HeaderName::CSeq},      {"via", HeaderName::Via},             {"contact", HeaderName::Contact},
        {"record-route", HeaderName::RecordRoute}, {"route", HeaderName::Route}, {"reason", HeaderName::Reason},
        {"warning", HeaderName::Warning}, {"user-agent", HeaderName::UserAgent}, {"server", HeaderName::Server},
        {"content-length", HeaderName::ContentLength}};
    for (const auto& [name, id] : known) {
        std::size_t letters = 0;
        for (const char c : name) letters += std::isalpha(static_cast<unsigned char>(c)) ? 1 : 0;
        for (std::size_t variant = 0; variant < (std::size_t{1} << letters); ++variant) {
            std::string text(name);
            for (std::size_t i = 0, bit = 0; i < text.size(); ++i)
                if (std::isalpha(static_cast<unsigned char>(text[i])) && ((variant >> bit++) & 1))
                    text[i] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[i])));
            ASSERT_EQ(header_name(text), id) << text;
        }
        for (std::size_t i = 0; i < name.size(); ++i) {
            for (int byte = 0; byte < 256; ++byte) {
                std::string text(name);
                text[i] = static_cast<char>(byte);
                const bool same_letter = std::tolower(byte) == name[i];
                ASSERT_EQ(header_name(text) == id, same_letter) << name << " byte " << i << " = " << byte;
            }
        }
    }
}

// From and To are read in one pass when the value starts with '<': the
// same address and tag as header_address and first_parameter find.
TEST(ReadSipHeaders, FromAndToReadAsAddressAndTagParameter) {
    for (const std::string_view value :
         {"<sip:a@h>;tag=1", "<sip:a@h;tag=inside>;tag=2", "<sip:a@h", "<>;tag=x", "<sip:a@h>",
          "< sip:a@h > ; TAG = y ; x", "<sip:a@h>,<sip:b@h>;tag=z", "\"A\" <sip:a@h>;tag=1", "sip:a@h;tag=3", "<sip:a@h>;tag=\"q\"", "<a>;tag",
          "<sip:a@h>;tag=;x", "<sip:a@h>>;tag=2", "<sip:a@h>;x=\"<;tag=no\";tag=yes"}) {
        const std::string block = "From: " + std::string(value) + "\r\nTo: " + std::string(value) + "\r\n";
        SipMessage message;
        read_sip_headers(block, message);
        const std::string_view from_value = first_header(block, HeaderName::From);
        const std::string_view to_value = first_header(block, HeaderName::To);
        for (const auto& [uri, tag, raw] : {std::tuple{message.from_uri, message.from_tag, from_value},
                                            std::tuple{message.to_uri, message.to_tag, to_value}}) {
            const std::string_view expected_uri = header_address(raw);
            const std::string_view expected_tag = detail::first_parameter(raw, "tag");
            EXPECT_EQ(uri, expected_uri) << value;
            EXPECT_EQ(tag, expected_tag) << value;
            if (!expected_uri.empty()) {
                EXPECT_EQ(uri.data(), expected_uri.data()) << value;
            }
            if (!expected_tag.empty()) {
                EXPECT_EQ(tag.data(), expected_tag.data()) << value;
            }
        }
    }
}

// One-byte names: the compact forms of RFC 3261 section 7.3.3 in either
// case, and NUL, which the table's "no compact form" of CSeq matches.
TEST(HeaderBlock, EveryOneByteName) {
    const std::pair<char, HeaderName> compact[] = {{'i', HeaderName::CallId}, {'f', HeaderName::From},
                                                   {'t', HeaderName::To},     {'v', HeaderName::Via},
                                                   {'m', HeaderName::Contact}, {'l', HeaderName::ContentLength}};
    for (int byte = 0; byte < 256; ++byte) {
        HeaderName expected = byte == 0 ? HeaderName::CSeq : HeaderName::Other;
        for (const auto& [letter, id] : compact)
            if (std::tolower(byte) == letter) expected = id;
        EXPECT_EQ(header_name(std::string(1, static_cast<char>(byte))), expected) << byte;
    }
}

}  // namespace
}  // namespace sipdiag
