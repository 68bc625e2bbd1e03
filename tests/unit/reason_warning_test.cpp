#include "sipdiag/reason_warning.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace sipdiag {
namespace {

bool inside(std::string_view part, std::string_view whole) {
    return part.empty() || (part.data() >= whole.data() && part.data() + part.size() <= whole.data() + whole.size());
}

// ---- Reason ---------------------------------------------------------------

TEST(ReasonParse, Q850WithCauseAndQuotedText) {
    const std::string header = R"(Q.850 ;cause=16 ;text="Terminated")";
    const auto values = parse_reason(header);
    ASSERT_EQ(values.size(), 1u);
    EXPECT_EQ(values[0].protocol, "Q.850");
    EXPECT_EQ(values[0].cause, 16u);
    EXPECT_EQ(values[0].cause_text, "16");
    EXPECT_EQ(values[0].text, "Terminated");
    EXPECT_FALSE(values[0].malformed);
    EXPECT_TRUE(values[0].problem.empty());
}

TEST(ReasonParse, NamesAreCaseInsensitiveAndWhitespaceIsIgnored) {
    const auto values = parse_reason("  sip ;  CAUSE = 486 ;\tTeXt = \"Busy\"  ");
    ASSERT_EQ(values.size(), 1u);
    EXPECT_EQ(values[0].protocol, "sip");
    EXPECT_EQ(values[0].cause, 486u);
    EXPECT_EQ(values[0].text, "Busy");
    EXPECT_FALSE(values[0].malformed);
}

TEST(ReasonParse, SeveralValuesSplitOnCommasOutsideQuotes) {
    const std::string header = R"(Q.850;cause=102, SIP;cause=408;text="timeout, really", X.int;cause=5)";
    const auto values = parse_reason(header);
    ASSERT_EQ(values.size(), 3u);
    EXPECT_EQ(values[0].protocol, "Q.850");
    EXPECT_EQ(values[0].cause, 102u);
    EXPECT_EQ(values[1].protocol, "SIP");
    EXPECT_EQ(values[1].cause, 408u);
    EXPECT_EQ(values[1].text, "timeout, really");
    EXPECT_EQ(values[2].protocol, "X.int");
    EXPECT_EQ(values[2].cause, 5u);
    for (const auto& value : values) EXPECT_FALSE(value.malformed);
}

TEST(ReasonParse, EscapedQuotesAndSemicolonsStayInsideTheText) {
    const std::string header = R"(SIP;text="say \"no\"; then; hang up";cause=603)";
    const auto values = parse_reason(header);
    ASSERT_EQ(values.size(), 1u);
    EXPECT_EQ(values[0].text, R"(say \"no\"; then; hang up)");
    EXPECT_EQ(values[0].cause, 603u);
    EXPECT_FALSE(values[0].malformed);
}

TEST(ReasonParse, CauseThatIsNotANumberIsMalformedButKeptAsReceived) {
    const auto values = parse_reason("Q.850;cause=abc");
    ASSERT_EQ(values.size(), 1u);
    EXPECT_FALSE(values[0].cause.has_value());
    EXPECT_EQ(values[0].cause_text, "abc");
    EXPECT_TRUE(values[0].malformed);
    EXPECT_EQ(values[0].problem, "the cause is not a number");
}

TEST(ReasonParse, CauseTooBigFor32BitsIsMalformed) {
    const auto values = parse_reason("Q.850;cause=4294967296");
    ASSERT_EQ(values.size(), 1u);
    EXPECT_FALSE(values[0].cause.has_value());
    EXPECT_TRUE(values[0].malformed);
}

TEST(ReasonParse, MissingOrEmptyCauseIsMalformed) {
    const auto missing = parse_reason(R"(Q.850;text="x")");
    ASSERT_EQ(missing.size(), 1u);
    EXPECT_TRUE(missing[0].malformed);
    EXPECT_EQ(missing[0].problem, "no cause= parameter");
    EXPECT_EQ(missing[0].text, "x");
    const auto empty = parse_reason("Q.850;cause=");
    ASSERT_EQ(empty.size(), 1u);
    EXPECT_TRUE(empty[0].malformed);
    EXPECT_EQ(empty[0].problem, "the cause= parameter is empty");
    const auto bare = parse_reason("Q.850;cause");
    ASSERT_EQ(bare.size(), 1u);
    EXPECT_TRUE(bare[0].malformed);
}

TEST(ReasonParse, UnterminatedQuoteIsMalformedAndSwallowsTheRest) {
    const std::string header = R"(Q.850;cause=16;text="Normal, SIP;cause=200)";
    const auto values = parse_reason(header);
    ASSERT_EQ(values.size(), 1u);
    EXPECT_EQ(values[0].cause, 16u);
    EXPECT_EQ(values[0].text, "Normal, SIP;cause=200");
    EXPECT_TRUE(values[0].malformed);
    EXPECT_EQ(values[0].problem, "the text= quote is never closed");
}

TEST(ReasonParse, UnquotedTextIsAcceptedAsReceived) {
    const auto values = parse_reason("Q.850;cause=16;text=Normal");
    ASSERT_EQ(values.size(), 1u);
    EXPECT_EQ(values[0].text, "Normal");
    EXPECT_FALSE(values[0].malformed);
}

TEST(ReasonParse, FirstOfRepeatedParametersCounts) {
    const auto values = parse_reason("Q.850;cause=17;cause=16");
    ASSERT_EQ(values.size(), 1u);
    EXPECT_EQ(values[0].cause, 17u);
}

TEST(ReasonParse, NoProtocolOrSpacesInProtocolIsMalformed) {
    const auto none = parse_reason(";cause=16");
    ASSERT_EQ(none.size(), 1u);
    EXPECT_TRUE(none[0].malformed);
    EXPECT_EQ(none[0].problem, "no protocol before the parameters");
    const auto spaced = parse_reason("Q 850;cause=16");
    ASSERT_EQ(spaced.size(), 1u);
    EXPECT_TRUE(spaced[0].malformed);
    EXPECT_EQ(spaced[0].problem, "the protocol is not a single token");
}

TEST(ReasonParse, EmptyAndBlankValuesGiveNothing) {
    EXPECT_TRUE(parse_reason("").empty());
    EXPECT_TRUE(parse_reason("   \t ").empty());
    EXPECT_TRUE(parse_reason(" , ,").empty());
}

TEST(ReasonParse, GarbageIsOneMalformedValue) {
    const std::string header("\x01\xff\x7f garbage", 11);
    const auto values = parse_reason(header);
    ASSERT_EQ(values.size(), 1u);
    EXPECT_TRUE(values[0].malformed);
    EXPECT_TRUE(inside(values[0].protocol, header));
}

TEST(ReasonParse, TenKilobyteTextIsReadWhole) {
    const std::string long_text(10 * 1024, 'x');
    const std::string header = "Q.850;cause=16;text=\"" + long_text + "\"";
    const auto values = parse_reason(header);
    ASSERT_EQ(values.size(), 1u);
    EXPECT_EQ(values[0].text.size(), long_text.size());
    EXPECT_FALSE(values[0].malformed);
    EXPECT_TRUE(inside(values[0].text, header));
}

TEST(ReasonParse, AtMostSixteenValues) {
    std::string header;
    for (int i = 0; i < 100; ++i) header += "Q.850;cause=16,";
    const auto values = parse_reason(header);
    EXPECT_EQ(values.size(), kMaxHeaderValues);
    EXPECT_EQ(kMaxHeaderValues, 16u);
}

TEST(ReasonParse, ViewsPointIntoTheHeaderValue) {
    const std::string header = R"(Q.850;cause=abc;text="t", SIP;cause=486)";
    for (const auto& value : parse_reason(header)) {
        EXPECT_TRUE(inside(value.protocol, header));
        EXPECT_TRUE(inside(value.cause_text, header));
        EXPECT_TRUE(inside(value.text, header));
    }
}

// ---- Q.850 causes -----------------------------------------------------------

TEST(Q850Cause, CausesSeenInPracticeAreKnown) {
    for (const std::uint32_t cause : {16u, 17u, 18u, 19u, 21u, 27u, 31u, 34u, 38u, 41u, 42u, 44u, 47u, 58u, 88u, 102u,
                                      111u, 127u}) {
        const CauseMeaning meaning = q850_cause(cause);
        EXPECT_TRUE(meaning.known) << cause;
        EXPECT_FALSE(meaning.name.empty()) << cause;
        EXPECT_GT(meaning.meaning.size(), 40u) << cause;
    }
}

TEST(Q850Cause, StandardNames) {
    EXPECT_EQ(q850_cause(16).name, "Normal call clearing");
    EXPECT_EQ(q850_cause(17).name, "User busy");
    EXPECT_EQ(q850_cause(102).name, "Recovery on timer expiry");
    EXPECT_EQ(q850_cause(127).name, "Interworking, unspecified");
}

TEST(Q850Cause, UnlistedCausesFallBackToTheirClass) {
    struct Case {
        std::uint32_t cause;
        std::string_view class_word;
    };
    for (const Case& c : {Case{0, "Normal event"}, Case{24, "Normal event"}, Case{35, "Resource unavailable"},
                          Case{48, "Service or option not available"}, Case{64, "Service or option not implemented"},
                          Case{80, "Invalid message"}, Case{104, "Protocol error"}, Case{112, "Interworking"},
                          Case{126, "Interworking"}}) {
        const CauseMeaning meaning = q850_cause(c.cause);
        EXPECT_FALSE(meaning.known) << c.cause;
        EXPECT_EQ(meaning.name.substr(0, c.class_word.size()), c.class_word) << c.cause;
        EXPECT_FALSE(meaning.meaning.empty()) << c.cause;
    }
}

TEST(Q850Cause, ValuesAbove127AreNotCauses) {
    for (const std::uint32_t cause : {128u, 999u, 4294967295u}) {
        EXPECT_FALSE(q850_cause(cause).known);
        EXPECT_EQ(q850_cause(cause).name, "Not a Q.850 cause");
    }
}

TEST(Q850Table, EveryLineIsAValidAscendingRow) {
    std::uint32_t previous = 0;
    std::size_t rows = 0;
    for_each_q850_row([&](const CodeRow& row) {
        ++rows;
        EXPECT_NE(row.code, 0u) << "not a valid row: " << row.name;
        EXPECT_LE(row.code, 127u);
        EXPECT_GT(row.code, previous) << "not ascending at " << row.code;
        EXPECT_FALSE(row.meaning.empty());
        EXPECT_LE(row.meaning.size(), 300u) << "one or two short sentences: " << row.code;
        previous = row.code;
    });
    EXPECT_GE(rows, 18u);
}

// ---- reason_meaning -----------------------------------------------------------

TEST(ReasonMeaning, Q850UsesTheCauseTable) {
    const auto values = parse_reason(R"(Q.850;cause=16;text="Normal call clearing")");
    ASSERT_EQ(values.size(), 1u);
    const std::string text = reason_meaning(values[0], StatusCatalogue::builtin());
    EXPECT_EQ(text, "Q.850 cause 16 (Normal call clearing): " + std::string(q850_cause(16).meaning));
}

TEST(ReasonMeaning, Q850IsCaseInsensitive) {
    const auto values = parse_reason("q.850;cause=17");
    ASSERT_EQ(values.size(), 1u);
    EXPECT_NE(reason_meaning(values[0], StatusCatalogue::builtin()).find("User busy"), std::string::npos);
}

TEST(ReasonMeaning, SipUsesTheStatusCatalogue) {
    const auto values = parse_reason("SIP;cause=486");
    ASSERT_EQ(values.size(), 1u);
    const StatusCatalogue& catalogue = StatusCatalogue::builtin();
    const std::string text = reason_meaning(values[0], catalogue);
    EXPECT_EQ(text, std::string("SIP 486 Busy Here: ") + catalogue.explain(486).info->meaning);
}

TEST(ReasonMeaning, SipUsesTheCatalogueItIsGiven) {
    const LayeredCatalogue local({LocalExplanation{486, "Our PBX says every line is taken.", "w", "f"}});
    const auto values = parse_reason("SIP;cause=486");
    ASSERT_EQ(values.size(), 1u);
    EXPECT_NE(reason_meaning(values[0], local.catalogue()).find("Our PBX says every line is taken."),
              std::string::npos);
}

TEST(ReasonMeaning, SipCodeOutsideTheCatalogueGetsItsFallback) {
    const auto values = parse_reason("SIP;cause=999");
    ASSERT_EQ(values.size(), 1u);
    const std::string text = reason_meaning(values[0], StatusCatalogue::builtin());
    EXPECT_EQ(text.rfind("SIP 999 ", 0), 0u);
    EXPECT_NE(text.find(fallback_info(StatusClass::Invalid).meaning), std::string::npos);
}

TEST(ReasonMeaning, UnknownProtocolIsShownAsReceived) {
    const auto values = parse_reason("X.int;cause=5");
    ASSERT_EQ(values.size(), 1u);
    const std::string text = reason_meaning(values[0], StatusCatalogue::builtin());
    EXPECT_EQ(text.rfind("Reason not understood", 0), 0u);
    EXPECT_NE(text.find("X.int"), std::string::npos);
    EXPECT_NE(text.find("shown as received"), std::string::npos);
}

TEST(ReasonMeaning, MalformedValueSaysWhy) {
    const auto values = parse_reason("Q.850;cause=abc");
    ASSERT_EQ(values.size(), 1u);
    EXPECT_EQ(reason_meaning(values[0], StatusCatalogue::builtin()),
              "Reason not understood (the cause is not a number): shown as received.");
}

// ---- Warning ----------------------------------------------------------------

TEST(WarningParse, CodeAgentAndQuotedTextWithComma) {
    const std::string header = R"(399 host.example "text, with comma")";
    const auto values = parse_warning(header);
    ASSERT_EQ(values.size(), 1u);
    EXPECT_EQ(values[0].code, 399u);
    EXPECT_EQ(values[0].agent, "host.example");
    EXPECT_EQ(values[0].text, "text, with comma");
    EXPECT_FALSE(values[0].malformed);
}

TEST(WarningParse, SeveralValuesAndExtraWhitespace) {
    const auto values = parse_warning("  301  isi.edu:5060  \"Incompatible \\\"E.164\\\"\" ,\t370 [2001:db8::1] \"bw\"");
    ASSERT_EQ(values.size(), 2u);
    EXPECT_EQ(values[0].code, 301u);
    EXPECT_EQ(values[0].agent, "isi.edu:5060");
    EXPECT_EQ(values[0].text, "Incompatible \\\"E.164\\\"");
    EXPECT_FALSE(values[0].malformed);
    EXPECT_EQ(values[1].code, 370u);
    EXPECT_EQ(values[1].agent, "[2001:db8::1]");
    EXPECT_EQ(values[1].text, "bw");
    EXPECT_FALSE(values[1].malformed);
}

TEST(WarningParse, TextWithoutQuotesIsMalformedButKept) {
    const auto values = parse_warning("399 pbx.example.com All lines busy");
    ASSERT_EQ(values.size(), 1u);
    EXPECT_EQ(values[0].code, 399u);
    EXPECT_EQ(values[0].agent, "pbx.example.com");
    EXPECT_EQ(values[0].text, "All lines busy");
    EXPECT_TRUE(values[0].malformed);
    EXPECT_EQ(values[0].problem, "the warn-text is not in quotes");
}

TEST(WarningParse, UnterminatedQuoteIsMalformed) {
    const auto values = parse_warning("399 h \"never closed, at all");
    ASSERT_EQ(values.size(), 1u);
    EXPECT_EQ(values[0].text, "never closed, at all");
    EXPECT_TRUE(values[0].malformed);
    EXPECT_EQ(values[0].problem, "the warn-text quote is never closed");
}

TEST(WarningParse, CodeOfWrongLengthIsKeptButMalformed) {
    const auto values = parse_warning("9999 h \"x\"");
    ASSERT_EQ(values.size(), 1u);
    EXPECT_EQ(values[0].code, 9999u);
    EXPECT_TRUE(values[0].malformed);
    EXPECT_EQ(values[0].problem, "the warn-code is not three digits");
}

TEST(WarningParse, CodeThatIsNotANumberIsAbsent) {
    const auto values = parse_warning("abc h \"x\"");
    ASSERT_EQ(values.size(), 1u);
    EXPECT_FALSE(values[0].code.has_value());
    EXPECT_TRUE(values[0].malformed);
    EXPECT_EQ(values[0].problem, "the warn-code is not a number");
}

TEST(WarningParse, MissingAgentOrText) {
    const auto no_agent = parse_warning("399 \"x\"");
    ASSERT_EQ(no_agent.size(), 1u);
    EXPECT_TRUE(no_agent[0].agent.empty());
    EXPECT_EQ(no_agent[0].text, "x");
    EXPECT_EQ(no_agent[0].problem, "no warn-agent");
    const auto no_text = parse_warning("399 host");
    ASSERT_EQ(no_text.size(), 1u);
    EXPECT_EQ(no_text[0].agent, "host");
    EXPECT_EQ(no_text[0].problem, "no warn-text");
    const auto code_only = parse_warning("399");
    ASSERT_EQ(code_only.size(), 1u);
    EXPECT_TRUE(code_only[0].malformed);
}

TEST(WarningParse, EmptyGarbageAndBounds) {
    EXPECT_TRUE(parse_warning("").empty());
    const std::string garbage("\x00\x01\"\\", 4);
    const auto values = parse_warning(garbage);
    ASSERT_EQ(values.size(), 1u);
    EXPECT_TRUE(values[0].malformed);
    std::string many;
    for (int i = 0; i < 50; ++i) many += "399 h \"x\",";
    EXPECT_EQ(parse_warning(many).size(), kMaxHeaderValues);
}

TEST(WarningParse, TenKilobyteTextIsReadWhole) {
    const std::string header = "399 h \"" + std::string(10 * 1024, 'y') + "\"";
    const auto values = parse_warning(header);
    ASSERT_EQ(values.size(), 1u);
    EXPECT_EQ(values[0].text.size(), 10u * 1024u);
    EXPECT_TRUE(inside(values[0].text, header));
    EXPECT_FALSE(values[0].malformed);
}

// ---- warn-codes ---------------------------------------------------------------

TEST(WarningCode, RegisteredCodesAreKnown) {
    const std::set<std::uint32_t> registered{300, 301, 302, 303, 304, 305, 306, 307, 308,
                                             330, 331, 370, 380, 381, 399};
    for (const std::uint32_t code : registered) {
        const WarnMeaning meaning = warning_code(code);
        EXPECT_TRUE(meaning.known) << code;
        EXPECT_FALSE(meaning.meaning.empty()) << code;
    }
    std::set<std::uint32_t> in_table;
    for_each_warning_row([&](const CodeRow& row) { in_table.insert(row.code); });
    EXPECT_EQ(in_table, registered);
}

TEST(WarningCode, RegisteredNames) {
    EXPECT_EQ(warning_code(305).name, "Incompatible media format");
    EXPECT_EQ(warning_code(380).name, "SIPS Not Allowed");
    EXPECT_EQ(warning_code(399).name, "Miscellaneous warning");
}

TEST(WarningCode, UnregisteredCodesFallBackToTheirRange) {
    EXPECT_EQ(warning_code(310).name, "Unregistered session description warning");
    EXPECT_EQ(warning_code(335).name, "Unregistered network service warning");
    EXPECT_EQ(warning_code(375).name, "Unregistered quality-of-service warning");
    EXPECT_EQ(warning_code(392).name, "Unregistered miscellaneous warning");
    EXPECT_EQ(warning_code(382).name, "Unregistered warn-code");
    EXPECT_EQ(warning_code(350).name, "Unregistered warn-code");
    for (const std::uint32_t code : {310u, 335u, 350u, 375u, 382u, 392u}) EXPECT_FALSE(warning_code(code).known);
}

TEST(WarningCode, OutOfRangeIsNotAWarnCode) {
    for (const std::uint32_t code : {0u, 199u, 299u, 400u, 9999u}) {
        EXPECT_FALSE(warning_code(code).known) << code;
        EXPECT_EQ(warning_code(code).name, "Not a SIP warn-code") << code;
    }
}

TEST(WarningTable, EveryLineIsAValidAscendingRow) {
    std::uint32_t previous = 0;
    for_each_warning_row([&](const CodeRow& row) {
        EXPECT_NE(row.code, 0u) << "not a valid row: " << row.name;
        EXPECT_GE(row.code, 300u);
        EXPECT_LE(row.code, 399u);
        EXPECT_GT(row.code, previous);
        EXPECT_LE(row.meaning.size(), 300u) << row.code;
        previous = row.code;
    });
}

TEST(CodeTable, BadLinesAreReportedNotSkipped) {
    const std::string_view table = "# comment\ncode\tname\tmeaning\n\n300\tA\tB\r\nx\ty\tz\n301\tonly two\n302\t\tno name\n";
    std::vector<CodeRow> rows;
    detail::for_each_row(table, [&](const CodeRow& row) { rows.push_back(row); });
    ASSERT_EQ(rows.size(), 4u);
    EXPECT_EQ(rows[0].code, 300u);
    EXPECT_EQ(rows[0].name, "A");
    EXPECT_EQ(rows[0].meaning, "B");
    EXPECT_EQ(rows[1].code, 0u);
    EXPECT_EQ(rows[2].code, 0u);
    EXPECT_EQ(rows[3].code, 0u);
}

}  // namespace
}  // namespace sipdiag
