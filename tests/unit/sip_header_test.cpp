#include <charconv>
#include <cstdint>
#include <string>
#include <vector>
#include <gtest/gtest.h>

#include "sipdiag/sip_header.hpp"

namespace sipdiag {
namespace {

TEST(SipHeader, TagOfNameAddrIgnoresUriAndDisplayNameParameters) {
    EXPECT_EQ(header_parameter(R"("Alice" <sip:alice@192.0.2.30>;tag=tcp-a1)", "tag"), "tcp-a1");
    EXPECT_EQ(header_parameter(R"(<sip:bob@h;tag=uri-param;transport=tcp>;tag=real)", "tag"), "real");
    EXPECT_EQ(header_parameter(R"("a;tag=fake \" <x>" <sip:a@h>;x=1;TAG=9)", "tag"), "9");
    EXPECT_EQ(header_parameter("sip:bob@h;tag=addr-spec", "tag"), "addr-spec");
    EXPECT_EQ(header_parameter("<sip:bob@192.0.2.40>", "tag"), "");
    EXPECT_EQ(header_parameter("", "tag"), "");
}

TEST(SipHeader, BranchOfTheTopmostViaOnly) {
    EXPECT_EQ(header_parameter("SIP/2.0/UDP 192.0.2.1:5060;rport;branch=z9hG4bK-1", "branch"), "z9hG4bK-1");
    EXPECT_EQ(header_parameter("SIP/2.0/UDP a;branch=z9hG4bK-top , SIP/2.0/UDP b;branch=z9hG4bK-2", "branch"),
              "z9hG4bK-top");
    EXPECT_EQ(header_parameter("SIP/2.0/UDP a, SIP/2.0/UDP b;branch=z9hG4bK-2", "branch"), "");
    EXPECT_EQ(header_parameter("SIP/2.0/UDP a ; branch = z9hG4bK-sp ;received=1.2.3.4", "branch"), "z9hG4bK-sp");
}

TEST(SipHeader, AddressOfFromAndTo) {
    EXPECT_EQ(header_address(R"("Alice" <sip:alice@192.0.2.30>;tag=1)"), "sip:alice@192.0.2.30");
    EXPECT_EQ(header_address("<sip:bob@h;transport=tcp>"), "sip:bob@h;transport=tcp");
    EXPECT_EQ(header_address("sip:bob@h;tag=1"), "sip:bob@h");
    EXPECT_EQ(header_address("  sip:bob@h  "), "sip:bob@h");
    EXPECT_EQ(header_address("<unterminated"), "<unterminated");
    EXPECT_EQ(header_address(""), "");
}

TEST(SipHeader, CSeqNumberAndMethod) {
    const CSeq ok = parse_cseq("314159 INVITE");
    ASSERT_TRUE(ok.number.has_value());
    EXPECT_EQ(*ok.number, 314159u);
    EXPECT_EQ(ok.method, "INVITE");
    EXPECT_EQ(parse_cseq("  2   BYE ").method, "BYE");
    const CSeq wrapped = parse_cseq("4294967296 INVITE");  // does not fit 32 bits
    EXPECT_FALSE(wrapped.number.has_value());
    EXPECT_EQ(wrapped.method, "INVITE");
    const CSeq letters = parse_cseq("abc INVITE");
    EXPECT_FALSE(letters.number.has_value());
    EXPECT_EQ(parse_cseq("1 INVITE extra").method, "");
    EXPECT_EQ(parse_cseq("1 INVITE\textra").method, "");
    EXPECT_FALSE(parse_cseq("").number.has_value());
    EXPECT_EQ(*parse_cseq("4294967295 ACK").number, 4294967295u);
}

TEST(SipHeader, FirstTagWinsWhenAHeaderCarriesTwo) {
    // RFC 3261 allows one tag; with two, the first is the one a UA matches on.
    EXPECT_EQ(header_parameter("<sip:bob@h>;tag=first;tag=second", "tag"), "first");
    EXPECT_EQ(header_parameter("<sip:bob@h>;tag=;tag=second", "tag"), "");
}

// The number as std::from_chars reads a whole token into 32 bits: digits
// only, leading zeros allowed, nothing past 4294967295.
TEST(SipHeader, CSeqNumberAsFromCharsReadsIt) {
    std::vector<std::string> numbers = {"0", "00", "7", "0000000000042", "4294967295", "04294967295", "4294967296",
                                        "9999999999", "18446744073709551616", "99999999999999999999999", "+1",
                                        "-0", "1e3", "0x10", "12a", "a12", "1.0", std::string("1\0", 2),
                                        "4294967296x", "99999999999999999999x", "0000000000000000000000001",
                                        "42949672950", "/1", "1/", ":1", "1:"};
    for (std::uint64_t n = 1; n < 100000000000ull; n = n * 3 + 1) numbers.push_back(std::to_string(n));
    for (const std::string& number : numbers) {
        std::uint32_t expected = 0;
        const auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), expected);
        const bool readable = ec == std::errc{} && end == number.data() + number.size();
        const std::string value = number + " INVITE";
        const CSeq cseq = parse_cseq(value);
        EXPECT_EQ(cseq.number.has_value(), readable) << number;
        if (readable && cseq.number) {
            EXPECT_EQ(*cseq.number, expected) << number;
        }
        EXPECT_EQ(cseq.method, "INVITE") << number;
    }
}

TEST(SipHeader, CSeqNumbersOutsideThirtyTwoBitsAreUnreadable) {
    EXPECT_FALSE(parse_cseq("4294967296 INVITE").number);
    EXPECT_FALSE(parse_cseq("-1 INVITE").number);
    EXPECT_FALSE(parse_cseq("1x INVITE").number);
    EXPECT_FALSE(parse_cseq("").number);
    EXPECT_EQ(parse_cseq("4294967295 INVITE").number, 4294967295u);
}

}  // namespace
}  // namespace sipdiag
