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
        analysis.observe(m);
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

}  // namespace
}  // namespace sipdiag
