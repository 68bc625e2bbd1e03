#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "sipdiag/report.hpp"

namespace sipdiag {
namespace {

constexpr std::int64_t kMs = 1'000'000;

class ReportTest : public ::testing::Test {
protected:
    std::uint32_t frame = 0;
    CaptureAnalysis analysis;
    // Applied to every message sent: who talks to whom, and extra headers.
    NetEndpoint source, destination;
    std::string headers;

    void message(bool request, std::string_view method, std::uint32_t status, std::string_view call_id,
                 std::uint32_t cseq, std::string_view cseq_method, std::int64_t at_ms, std::string_view to_tag = "t") {
        SipMessage m;
        m.frame = ++frame;
        m.time_ns = at_ms * kMs;
        m.is_request = request;
        m.method = method;
        m.status = status;
        m.call_id = call_id;
        m.from_tag = "f";
        m.to_tag = request && method == "INVITE" ? "" : to_tag;
        m.via_branch = "z9hG4bK-1";
        m.cseq = cseq;
        m.cseq_method = cseq_method;
        m.from_uri = "sip:alice@example.net";
        m.to_uri = "sip:bob@example.net";
        m.request_uri = "sip:bob@gw.example.net:5060;user=phone";
        m.source = source;
        m.destination = destination;
        m.header_block = headers;
        analysis.observe(m);
    }
    static NetEndpoint ip(std::uint8_t last) {
        NetEndpoint e;
        e.family = NetEndpoint::Family::IPv4;
        e.address = {192, 0, 2, last};
        e.port = 5060;
        return e;
    }
    // A 500 to an INVITE, acknowledged, sent by `server` with a Server header.
    void server_error(std::string_view id, std::int64_t at_ms, NetEndpoint server, std::string agent) {
        destination = server;
        headers.clear();
        message(true, "INVITE", 0, id, 1, "INVITE", at_ms);
        source = server;
        destination = {};
        headers = agent.empty() ? "" : "Server: " + agent + "\r\n";
        message(false, "", 500, id, 1, "INVITE", at_ms + 10);
        headers.clear();
        source = {};
        message(true, "ACK", 0, id, 1, "ACK", at_ms + 20);
    }
    void call(std::string_view id, std::int64_t at_ms, std::uint32_t final_status, std::int64_t ack_after_ms) {
        message(true, "INVITE", 0, id, 1, "INVITE", at_ms);
        message(false, "", final_status, id, 1, "INVITE", at_ms + 10);
        if (ack_after_ms >= 0) message(true, "ACK", 0, id, 1, "ACK", at_ms + 10 + ack_after_ms);
    }
};

TEST_F(ReportTest, CountsCodesOutcomesAndDelays) {
    call("a", 0, 200, 10);
    call("b", 100, 200, 30);
    call("c", 200, 500, 20);
    call("d", 300, 200, -1);  // never acknowledged, capture ends soon after
    message(false, "", 500, "e", 7, "OPTIONS", 400);
    const CaptureReport report = build_report(analysis, StatusCatalogue::builtin());

    EXPECT_EQ(report.calls, 4u);
    EXPECT_EQ(report.responses, 5u);
    ASSERT_EQ(report.codes.size(), 2u);
    EXPECT_EQ(report.codes[0].code, 200u);
    EXPECT_EQ(report.codes[0].count, 3u);
    EXPECT_EQ(report.codes[1].phrase, "Server Internal Error");
    ASSERT_EQ(report.server_errors.size(), 2u);
    EXPECT_EQ(report.server_errors[1].method, "OPTIONS");
    EXPECT_EQ(report.server_errors[1].call_id, "e");
    EXPECT_EQ(report.invite_finals.size(), 4u);
    EXPECT_EQ(report.acknowledged, 3u);
    EXPECT_EQ(report.unconfirmed, 1u);
    ASSERT_TRUE(report.ack_delay.has_value());
    EXPECT_DOUBLE_EQ(report.ack_delay->min, 0.010);
    EXPECT_DOUBLE_EQ(report.ack_delay->median, 0.020);
    EXPECT_DOUBLE_EQ(report.ack_delay->max, 0.030);
}

TEST_F(ReportTest, RetransmissionsAreCountedAsResponsesButListedOnce) {
    message(true, "INVITE", 0, "a", 1, "INVITE", 0);
    message(false, "", 500, "a", 1, "INVITE", 10);
    message(false, "", 500, "a", 1, "INVITE", 510);
    const CaptureReport report = build_report(analysis, StatusCatalogue::builtin());
    EXPECT_EQ(report.responses, 2u);
    EXPECT_EQ(report.server_errors.size(), 1u);
    EXPECT_EQ(report.invite_finals.size(), 1u);
    EXPECT_EQ(report.invite_finals[0].retransmissions, 1u);
}

TEST_F(ReportTest, JsonParsesAndMatchesTheReport) {
    call("a", 0, 200, 10);
    call("d", 300, 486, -1);
    analysis.observe_time(40'000 * kMs);
    const CaptureReport report = build_report(analysis, StatusCatalogue::builtin());
    const auto json = nlohmann::json::parse(report_json(report));
    EXPECT_EQ(json["calls"], 2);
    EXPECT_EQ(json["ack_outcomes"]["missing"], 1);
    EXPECT_EQ(json["invite_final_responses"][1]["ack"], "missing");
    EXPECT_TRUE(json["invite_final_responses"][1]["ack_frame"].is_null());
    EXPECT_EQ(json["invite_final_responses"][0]["ack_frame"], 3);
    EXPECT_EQ(json["codes"][1]["class"], "Client Error");
    const std::string text = report_text(report);
    EXPECT_NE(text.find("missing 1, unconfirmed 0"), std::string::npos);
    EXPECT_NE(text.find("ACK missing, unconfirmed or not accepted: 1\n  frame 5  t=0.310s  486  missing"),
              std::string::npos);
    EXPECT_NE(text.find("Call-ID d  sip:alice@example.net -> sip:bob@example.net"), std::string::npos);
}

TEST_F(ReportTest, BytesThatAreNotUtf8StillGiveValidJson) {
    message(true, "INVITE", 0, "bad\xff\xfe-id", 1, "INVITE", 0);
    message(false, "", 500, "bad\xff\xfe-id", 1, "INVITE", 10);
    const auto json = nlohmann::json::parse(report_json(build_report(analysis, StatusCatalogue::builtin())));
    EXPECT_EQ(json["server_internal_errors"][0]["call_id"], "bad\xef\xbf\xbd\xef\xbf\xbd-id");
}

TEST_F(ReportTest, EmptyCaptureGivesAnEmptyButValidReport) {
    const CaptureReport report = build_report(analysis, StatusCatalogue::builtin());
    EXPECT_FALSE(report.ack_delay.has_value());
    const auto json = nlohmann::json::parse(report_json(report));
    EXPECT_TRUE(json["ack_delay"].is_null());
    EXPECT_NE(report_text(report).find("no acknowledged INVITE final response"), std::string::npos);
}

TEST_F(ReportTest, CountsCallsByOutcomeAndRejectionsByCode) {
    call("answered", 0, 200, 10);
    call("busy1", 100, 486, 10);
    call("busy2", 200, 486, 10);
    call("unavailable", 300, 480, 10);
    call("no-ack", 400, 200, -1);
    message(true, "INVITE", 0, "silent", 1, "INVITE", 500);
    analysis.observe_time(40'000 * kMs);
    message(true, "INVITE", 0, "late", 1, "INVITE", 39'000);  // the capture ends before its time is up
    const CaptureReport report = build_report(analysis, StatusCatalogue::builtin());

    EXPECT_EQ(report.outcome_count(CallOutcome::Answered), 1u);
    EXPECT_EQ(report.outcome_count(CallOutcome::AnsweredNoAck), 1u);
    EXPECT_EQ(report.outcome_count(CallOutcome::Rejected), 3u);
    EXPECT_EQ(report.outcome_count(CallOutcome::Cancelled), 0u);
    EXPECT_EQ(report.outcome_count(CallOutcome::Unanswered), 1u);
    EXPECT_EQ(report.outcome_count(CallOutcome::Undecided), 1u);
    ASSERT_EQ(report.rejected_by_code.size(), 2u);
    EXPECT_EQ(report.rejected_by_code[0].name, "480");
    EXPECT_EQ(report.rejected_by_code[1].count, 2u);
    const std::string text = report_text(report);
    EXPECT_NE(text.find("Calls by outcome: answered 1, answered-no-ack 1, rejected 3, cancelled 0, unanswered 1, "
                        "undecided 1\nRejected calls by final code:  486 x2  480 x1\n"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("Unanswered calls: 1\n  INVITE frame 15  t=0.500s  Call-ID silent"), std::string::npos) << text;
    EXPECT_NE(text.find("Answered calls whose ACK never came: 1\n  INVITE frame 13"), std::string::npos) << text;
    // Acknowledged finals are counted, not listed.
    EXPECT_EQ(text.find("acknowledged (ACK frame"), std::string::npos) << text;
    EXPECT_NE(report_text(report, {.problem_lines = 1}).find("Rejected calls by final code:  486 x2  ... and 1 more codes\n"),
              std::string::npos);
    const auto json = nlohmann::json::parse(report_json(report));
    EXPECT_EQ(json["call_outcomes"]["rejected"], 3);
    EXPECT_EQ(json["call_outcomes"]["answered-no-ack"], 1);
    EXPECT_EQ(json["rejected_by_code"][1]["code"], 486);
    EXPECT_EQ(json["invite_final_responses"].size(), 5u);  // the JSON keeps every final
}

TEST_F(ReportTest, LongProblemListsAreCutWithACount) {
    for (int i = 0; i < 13; ++i) server_error("e" + std::to_string(i), i * 100, ip(1), "");
    const CaptureReport report = build_report(analysis, StatusCatalogue::builtin());
    const std::string text = report_text(report);
    const auto section = text.find("500 Server Internal Error: 13\n");
    ASSERT_NE(section, std::string::npos) << text;
    const auto end = text.find("ACK missing", section);
    const std::string lines = text.substr(section, end - section);
    std::size_t listed = 0;
    for (auto at = lines.find("\n  frame "); at != std::string::npos; at = lines.find("\n  frame ", at + 1)) ++listed;
    EXPECT_EQ(listed, 10u);
    EXPECT_NE(lines.find("  frame 29  t=0.910s  INVITE  Call-ID e9 "), std::string::npos) << lines;
    EXPECT_TRUE(lines.ends_with("  ... and 3 more\n")) << lines;
    EXPECT_EQ(report_text(report, {.problem_lines = 13}).find("and 3 more"), std::string::npos);
    EXPECT_EQ(nlohmann::json::parse(report_json(report))["server_internal_errors"].size(), 13u);
}

TEST_F(ReportTest, GroupsProblemsByTheEndpointThatFailed) {
    server_error("a", 0, ip(10), "Acme SBC 1.0");
    server_error("b", 100, ip(10), "Acme SBC 1.0");
    server_error("c", 200, ip(10), "");
    server_error("d", 300, ip(11), "Other/2");
    server_error("e", 400, {}, "");
    // A 2xx whose ACK never came: the caller at .20 is to blame, known by its User-Agent.
    source = ip(20);
    destination = ip(30);
    headers = "User-Agent: SoftPhone/3\r\n";
    message(true, "INVITE", 0, "x", 1, "INVITE", 1000);
    source = ip(30);
    destination = ip(20);
    headers.clear();
    message(false, "", 200, "x", 1, "INVITE", 1010);
    // An INVITE to .40 that nobody answers.
    source = ip(20);
    destination = ip(40);
    message(true, "INVITE", 0, "y", 1, "INVITE", 1100);
    analysis.observe_time(60'000 * kMs);
    const CaptureReport report = build_report(analysis, StatusCatalogue::builtin());

    ASSERT_EQ(report.endpoints.size(), 5u);
    EXPECT_EQ(report.endpoints[4].problem, "ACK misrouted");
    EXPECT_EQ(report.endpoints[4].total, 0u);  // no ACK here
    const EndpointGroup& unacked = report.endpoints[0];
    EXPECT_EQ(unacked.total, 1u);
    ASSERT_EQ(unacked.addresses.size(), 1u);
    EXPECT_EQ(unacked.addresses[0].name, "192.0.2.20");
    ASSERT_EQ(unacked.details.size(), 1u);
    EXPECT_EQ(unacked.details[0].name, "SoftPhone/3");
    EXPECT_EQ(report.endpoints[1].total, 0u);
    const EndpointGroup& errors = report.endpoints[2];
    EXPECT_EQ(errors.total, 5u);
    ASSERT_EQ(errors.addresses.size(), 3u);
    EXPECT_EQ(errors.addresses[0].name, "192.0.2.10");
    EXPECT_EQ(errors.addresses[0].count, 3u);
    EXPECT_EQ(errors.addresses[1].name, "(unknown)");  // equal counts: by name
    EXPECT_EQ(errors.addresses[2].name, "192.0.2.11");
    ASSERT_EQ(errors.details.size(), 3u);
    EXPECT_EQ(errors.details[0].name, "(unknown)");
    EXPECT_EQ(errors.details[0].count, 2u);
    EXPECT_EQ(errors.details[1].name, "Acme SBC 1.0");
    EXPECT_EQ(errors.details[1].count, 2u);
    const EndpointGroup& unanswered = report.endpoints[3];
    EXPECT_EQ(unanswered.total, 1u);
    EXPECT_EQ(unanswered.addresses[0].name, "192.0.2.40");
    EXPECT_EQ(unanswered.details[0].name, "gw.example.net");

    const std::string text = report_text(report);
    EXPECT_NE(text.find("  500 Server Internal Error: 5, server: it sent the 500\n"
                        "    address  3  192.0.2.10\n    address  1  (unknown)\n    address  1  192.0.2.11\n"
                        "    agent  2  (unknown)\n    agent  2  Acme SBC 1.0\n    agent  1  Other/2\n"),
              std::string::npos)
        << text;
    EXPECT_EQ(text.find("non-2xx final not acknowledged"), std::string::npos);  // nothing of that kind
    EXPECT_NE(text.find("from 192.0.2.10:5060  agent Acme SBC 1.0"), std::string::npos) << text;
    // Only the top entries in the text, all of them in the JSON.
    EXPECT_NE(report_text(report, {.top_entries = 1}).find("    address  3  192.0.2.10\n    ... and 2 more\n"),
              std::string::npos);
    const auto json = nlohmann::json::parse(report_json(report));
    EXPECT_EQ(json["endpoints"][2]["addresses"].size(), 3u);
    EXPECT_EQ(json["endpoints"][3]["details"][0]["name"], "gw.example.net");
    EXPECT_FALSE(json["endpoints"][1].contains("details"));
}

TEST_F(ReportTest, EmptyAddressesAreUnknownAndTheTextSaysNone) {
    const std::string text = report_text(build_report(analysis, StatusCatalogue::builtin()));
    EXPECT_NE(text.find("Problems by endpoint (the side that failed): none\n"), std::string::npos) << text;
}

TEST_F(ReportTest, CallsListSaysHowEachCallWentAndEnded) {
    call("talk", 1000, 200, 10);
    SipMessage bye;
    bye.frame = ++frame;
    bye.time_ns = 6010 * kMs;
    bye.is_request = true;
    bye.method = "BYE";
    bye.call_id = "talk";
    bye.from_tag = "t";  // the callee hangs up
    bye.to_tag = "f";
    bye.via_branch = "z9hG4bK-bye";
    bye.cseq = 1;
    bye.cseq_method = "BYE";
    bye.header_block = "Reason: Q.850;cause=16;text=\"Normal call clearing\"\r\n";
    analysis.observe(bye);
    call("busy", 7000, 486, 10);
    const CaptureReport report = build_report(analysis, StatusCatalogue::builtin());

    ASSERT_EQ(report.call_list.size(), 2u);
    const CallSummary& talk = report.call_list[0];
    EXPECT_EQ(talk.invite_frame, 1u);
    EXPECT_EQ(talk.final_status, 200u);
    ASSERT_TRUE(talk.duration.has_value());
    EXPECT_DOUBLE_EQ(*talk.duration, 5.0);
    EXPECT_EQ(talk.ended_by, CallParty::Callee);
    EXPECT_EQ(talk.bye_frame, 4u);
    EXPECT_NE(talk.reason_meaning.find("Q.850 cause 16"), std::string::npos) << talk.reason_meaning;

    const std::string text = calls_text(report);
    EXPECT_NE(text.find("  INVITE frame 1  t=0.000s  sip:alice@example.net -> sip:bob@example.net  answered  final 200"
                        "  duration 5.000s  ended by callee (BYE frame 4)  Reason: Q.850;cause=16;text=\"Normal call "
                        "clearing\"  -- Q.850 cause 16"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("  INVITE frame 5  t=6.000s  sip:alice@example.net -> sip:bob@example.net  rejected  final 486\n"),
              std::string::npos)
        << text;
    const auto json = nlohmann::json::parse(calls_json(report));
    EXPECT_EQ(json["calls"], 2);
    ASSERT_EQ(json["list"].size(), 2u);
    EXPECT_EQ(json["list"][0]["ended_by"], "callee");
    EXPECT_EQ(json["list"][0]["duration"], 5.0);
    EXPECT_EQ(json["list"][1]["outcome"], "rejected");
    EXPECT_TRUE(json["list"][1]["duration"].is_null());
    EXPECT_TRUE(json["list"][1]["reason"].is_null());
}

TEST(UriHost, TakesTheHostOfCommonForms) {
    EXPECT_EQ(uri_host("sip:bob@gw.example.net:5060;user=phone"), "gw.example.net");
    EXPECT_EQ(uri_host("<sips:[2001:db8::1]:5061>"), "2001:db8::1");
    EXPECT_EQ(uri_host("sip:example.net"), "example.net");
    EXPECT_EQ(uri_host("tel:+15551234"), "+15551234");
    EXPECT_EQ(uri_host(""), "");
    EXPECT_EQ(uri_host("garbage"), "");
}

}  // namespace
}  // namespace sipdiag
