#include <gtest/gtest.h>

#include <limits>
#include <stdexcept>
#include <string>

#include "sipdiag/capture_analysis.hpp"

namespace sipdiag {
namespace {

constexpr std::int64_t kMs = 1'000'000;

// A tiny call builder: messages get consecutive frame numbers, times in ms.
class Call {
public:
    explicit Call(CaptureAnalysis& analysis, std::string call_id = "call-1@host")
        : analysis_(analysis), call_id_(std::move(call_id)) {}

    std::uint32_t request(std::string_view method, std::uint32_t cseq, std::int64_t at_ms,
                          std::string_view branch = "z9hG4bK-inv", std::string_view to_tag = "",
                          std::string_view cseq_method = "") {
        SipMessage m = base(cseq, at_ms, cseq_method.empty() ? method : cseq_method);
        m.is_request = true;
        m.method = method;
        m.via_branch = branch;
        m.to_tag = to_tag;
        return feed(m);
    }
    std::uint32_t response(std::uint32_t status, std::uint32_t cseq, std::int64_t at_ms, std::string_view to_tag = "uas-1",
                           std::string_view cseq_method = "INVITE", std::string_view branch = "z9hG4bK-inv") {
        SipMessage m = base(cseq, at_ms, cseq_method);
        m.status = status;
        m.to_tag = to_tag;
        m.via_branch = branch;
        return feed(m);
    }
    // An in-dialog request sent by the callee (tags reversed).
    std::uint32_t callee_request(std::string_view method, std::uint32_t cseq, std::int64_t at_ms,
                                 std::string_view callee_tag = "uas-1") {
        SipMessage m = base(cseq, at_ms, method);
        m.is_request = true;
        m.method = method;
        m.from_tag = callee_tag;
        m.to_tag = "uac-1";
        m.via_branch = "z9hG4bK-callee";
        return feed(m);
    }
    std::uint32_t ack(std::uint32_t cseq, std::int64_t at_ms, std::string_view to_tag = "uas-1",
                      std::string_view branch = "z9hG4bK-ack") {
        return request("ACK", cseq, at_ms, branch, to_tag);
    }

    static std::uint32_t next_frame;

private:
    SipMessage base(std::uint32_t cseq, std::int64_t at_ms, std::string_view cseq_method) {
        SipMessage m;
        m.frame = ++next_frame;
        m.time_ns = at_ms * kMs;
        m.call_id = call_id_;
        m.from_tag = "uac-1";
        m.cseq = cseq;
        m.cseq_method = cseq_method;
        return m;
    }
    std::uint32_t feed(const SipMessage& m) {
        analysis_.observe(m);
        return m.frame;
    }
    CaptureAnalysis& analysis_;
    std::string call_id_;
};
std::uint32_t Call::next_frame = 0;

// A message of a dialog, for the tests that set frames and indexes
// themselves: a request when `status` is 0, its response otherwise.
SipMessage dialog_message(std::uint32_t frame, std::string_view call_id, std::string_view cseq_method,
                          std::uint32_t cseq, std::uint32_t status = 0, std::string_view to_tag = "") {
    SipMessage m;
    m.frame = frame;
    m.time_ns = frame * kMs;
    m.call_id = call_id;
    m.from_tag = "uac-1";
    m.to_tag = to_tag;
    m.via_branch = "z9hG4bK-inv";
    m.cseq = cseq;
    m.cseq_method = cseq_method;
    m.status = status;
    m.is_request = status == 0;
    if (m.is_request) m.method = cseq_method;
    return m;
}

class CaptureAnalysisTest : public ::testing::Test {
protected:
    void SetUp() override { Call::next_frame = 0; }
    // A copy: the span of notes_for_frame() lasts until the next lookup.
    MessageNotes notes(std::uint32_t frame, std::size_t i = 0) {
        const auto all = analysis.notes_for_frame(frame);
        // A fatal failure: ASSERT_ cannot return from a function that returns
        // a value, and indexing past the end would be undefined.
        if (all.size() <= i) throw std::out_of_range("no notes for frame " + std::to_string(frame));
        return all[i];
    }
    std::vector<MessageNotes> all_notes() const {
        std::vector<MessageNotes> all;
        analysis.for_each_note([&](const MessageNotes& n) { all.push_back(n); });
        return all;
    }
    AckOutcome outcome(std::uint32_t frame) { return analysis.ack_outcome(notes(frame)); }
    CaptureAnalysis analysis;
    Call call{analysis};
};

// Lookups by frame remember where the last one ended; whatever the order of
// the questions, the answers must be those of a plain search.
TEST_F(CaptureAnalysisTest, NotesForFrameAnswerAlikeInAnyOrder) {
    call.request("INVITE", 1, 0);
    call.response(100, 1, 10);
    Call::next_frame += 3;  // frames without SIP
    call.response(200, 1, 2000);
    call.request("OPTIONS", 2, 2010);  // a request without notes
    call.ack(1, 2030);
    Call::next_frame += 2;
    call.request("BYE", 2, 9000);
    call.response(200, 2, 9010, "uas-1", "BYE");
    const std::uint32_t last = Call::next_frame + 2;
    const auto expected = [&](std::uint32_t frame) {
        std::vector<MessageNotes> found;
        for (const MessageNotes& n : all_notes())
            if (n.frame == frame) found.push_back(n);
        return found;
    };
    const auto check = [&](std::uint32_t frame) {
        const auto got = analysis.notes_for_frame(frame);
        EXPECT_EQ(std::vector<MessageNotes>(got.begin(), got.end()), expected(frame)) << "frame " << frame;
    };
    for (std::uint32_t f = 0; f <= last; ++f) check(f);   // a pass
    for (std::uint32_t f = last + 1; f-- > 0;) check(f);  // backwards
    for (const std::uint32_t f : {6u, 6u, 1u, 11u, 2u, 12u, 0u, 7u, 7u, 8u}) check(f);  // jumps and repeats
    EXPECT_EQ(analysis.notes_for_frame(6).size(), 1u);
}

// Notes are stored in chunks; a frame whose notes begin in one chunk and end
// in the next reads like any other.
TEST_F(CaptureAnalysisTest, FrameWhoseNotesCrossAChunkBorderReadsWhole) {
    constexpr std::uint32_t kFrames = 800;  // three full notes each: past two chunk borders
    for (std::uint32_t frame = 1; frame <= kFrames; ++frame) {
        for (std::uint16_t index = 0; index < 3; ++index) {
            const std::string call_id = "c" + std::to_string(frame) + "-" + std::to_string(index);
            SipMessage m = dialog_message(frame, call_id, "INVITE", 1, 200, "uas-1");
            m.index = index;
            analysis.observe(m);
        }
    }
    std::vector<std::vector<MessageNotes>> expected(kFrames + 1);
    for (const MessageNotes& n : all_notes()) expected.at(n.frame).push_back(n);
    ASSERT_EQ(analysis.note_count(), 3 * kFrames);
    ASSERT_EQ(analysis.brief_note_count(), 0u);
    for (std::uint32_t frame = 1; frame <= kFrames; ++frame) {
        const auto got = analysis.notes_for_frame(frame);
        ASSERT_EQ(got.size(), 3u) << "frame " << frame;
        for (std::uint16_t index = 0; index < 3; ++index) {
            EXPECT_EQ(got[index].index, index) << "frame " << frame;
            EXPECT_TRUE(got[index].invite_final) << "frame " << frame;
        }
        EXPECT_EQ(std::vector<MessageNotes>(got.begin(), got.end()), expected[frame]) << "frame " << frame;
    }
}

// Responses that say nothing beyond their status are stored apart in a
// smaller form; a frame mixing them with others still reads in message order.
TEST_F(CaptureAnalysisTest, FrameMixingBriefAndFullNotesKeepsMessageOrder) {
    const auto invite = call.request("INVITE", 1, 0);
    const std::uint32_t frame = invite + 1;
    const auto message = [&](std::uint16_t index, std::uint32_t status, std::string_view cseq_method,
                             std::uint32_t cseq) {
        SipMessage m = dialog_message(frame, "call-1@host", cseq_method, cseq, status, "uas-1");
        m.index = index;
        m.time_ns = 40 * kMs;
        analysis.observe(m);
    };
    message(0, 180, "INVITE", 1);   // brief
    message(1, 200, "INVITE", 1);   // the call's answer: full
    message(2, 200, "OPTIONS", 2);  // brief
    const auto got = analysis.notes_for_frame(frame);
    ASSERT_EQ(got.size(), 3u);
    EXPECT_EQ(got[0].status, 180u);
    EXPECT_FALSE(got[0].invite_final);
    EXPECT_EQ(got[0].time_ns, 40 * kMs);
    EXPECT_EQ(got[1].status, 200u);
    EXPECT_TRUE(got[1].invite_final);
    EXPECT_EQ(got[1].request_frame, invite);
    EXPECT_EQ(got[2].index, 2u);
    EXPECT_EQ(analysis.method_name(got[2].cseq_method), "OPTIONS");
    const std::vector<MessageNotes> in_frame(got.begin(), got.end());
    std::vector<MessageNotes> visited;
    for (const MessageNotes& n : all_notes())
        if (n.frame == frame) visited.push_back(n);
    EXPECT_EQ(visited, in_frame);
    EXPECT_EQ(analysis.note_count(), 4u);  // with the INVITE
    EXPECT_EQ(analysis.brief_note_count(), 3u);  // all but the answer
    EXPECT_EQ(notes(invite).call, 0u);
    Call::next_frame = frame;
    const auto ack = call.ack(1, 60);
    EXPECT_EQ(notes(ack).response_frame, frame);
}

TEST_F(CaptureAnalysisTest, AnsweredCallLinksTwoHundredAndAckBothWays) {
    const auto invite = call.request("INVITE", 1, 0);
    const auto ringing = call.response(180, 1, 50);
    const auto ok = call.response(200, 1, 2000);
    const auto ack = call.ack(1, 2030);
    EXPECT_FALSE(notes(ringing).invite_final);
    EXPECT_EQ(analysis.ack_outcome(notes(ringing)), AckOutcome::NotApplicable);
    EXPECT_EQ(notes(ok).request_frame, invite);
    EXPECT_EQ(notes(ok).ack_frame, ack);
    EXPECT_EQ(notes(ok).ack_delay_ns, 30 * kMs);
    EXPECT_EQ(notes(ack).response_frame, ok);
    EXPECT_EQ(notes(ack).ack_kind, AckKind::EndToEnd);
    EXPECT_EQ(outcome(ok), AckOutcome::Acknowledged);
}

TEST_F(CaptureAnalysisTest, RetransmittedTwoHundredIsTheSameResponseAndMakesTheAckLate) {
    call.request("INVITE", 1, 0);
    const auto ok = call.response(200, 1, 100);
    const auto again1 = call.response(200, 1, 600);
    const auto again2 = call.response(200, 1, 1600);
    const auto ack = call.ack(1, 1700);
    const auto after = call.response(200, 1, 3600);
    EXPECT_EQ(notes(again1).retransmission_of, ok);
    EXPECT_EQ(notes(again2).retransmission_of, ok);
    EXPECT_FALSE(notes(again1).invite_final);
    EXPECT_EQ(notes(after).retransmission_of, ok);
    EXPECT_EQ(notes(ok).retransmissions, 2u);  // the copy after the ACK does not count
    EXPECT_EQ(notes(ack).retransmissions, 2u);
    // Sent once more 1.9 s after the ACK: that ACK did not stop the callee.
    EXPECT_EQ(outcome(ok), AckOutcome::NotAccepted);
}

TEST_F(CaptureAnalysisTest, AckAfterRetransmissionsThatStopsThemIsLate) {
    call.request("INVITE", 1, 0);
    const auto ok = call.response(200, 1, 100);
    call.response(200, 1, 600);
    call.ack(1, 700);
    EXPECT_EQ(outcome(ok), AckOutcome::Late);
}

TEST_F(CaptureAnalysisTest, NoAckButByeLaterIsMissing) {
    call.request("INVITE", 1, 0);
    const auto ok = call.response(200, 1, 100);
    call.request("BYE", 2, 5000, "z9hG4bK-bye", "uas-1");
    EXPECT_EQ(outcome(ok), AckOutcome::Missing);
}

TEST_F(CaptureAnalysisTest, ByeFromTheCalleeAlsoShowsTheDialogMovedOn) {
    call.request("INVITE", 1, 0);
    const auto ok = call.response(200, 1, 100);
    call.callee_request("BYE", 1, 32100);
    EXPECT_TRUE(notes(ok).dialog_moved_on);
}

TEST_F(CaptureAnalysisTest, NoAckAndCaptureRunsPastTheWindowIsMissing) {
    call.request("INVITE", 1, 0);
    const auto ok = call.response(200, 1, 100);
    analysis.observe_time((100 + 31'999) * kMs);
    EXPECT_EQ(outcome(ok), AckOutcome::Unconfirmed);
    analysis.observe_time((100 + 32'000) * kMs);
    EXPECT_EQ(outcome(ok), AckOutcome::Missing);
}

TEST_F(CaptureAnalysisTest, CaptureEndingInsideTheWindowIsUnconfirmed) {
    call.request("INVITE", 1, 0);
    const auto ok = call.response(200, 1, 100);
    analysis.observe_time(5100 * kMs);
    EXPECT_EQ(outcome(ok), AckOutcome::Unconfirmed);
}

TEST_F(CaptureAnalysisTest, TimerT1IsAParameter) {
    analysis.set_settings(AnalysisSettings{100});  // window 6.4 s
    call.request("INVITE", 1, 0);
    const auto ok = call.response(200, 1, 100);
    analysis.observe_time(6500 * kMs);
    EXPECT_EQ(outcome(ok), AckOutcome::Missing);
}

TEST_F(CaptureAnalysisTest, ForkedTwoHundredsEachNeedTheirOwnAck) {
    call.request("INVITE", 1, 0);
    const auto ok_a = call.response(200, 1, 100, "fork-a");
    const auto ok_b = call.response(200, 1, 120, "fork-b");
    EXPECT_TRUE(notes(ok_b).invite_final);
    EXPECT_EQ(notes(ok_b).retransmission_of, kNoFrame);
    const auto ack_a = call.ack(1, 150, "fork-a");
    analysis.observe_time(40'000 * kMs);
    EXPECT_EQ(notes(ok_a).ack_frame, ack_a);
    EXPECT_EQ(outcome(ok_a), AckOutcome::Acknowledged);
    EXPECT_EQ(outcome(ok_b), AckOutcome::Missing);
}

TEST_F(CaptureAnalysisTest, AckWithWrongToTagIsUnmatched) {
    call.request("INVITE", 1, 0);
    const auto ok = call.response(200, 1, 100, "right");
    const auto ack = call.ack(1, 150, "wrong");
    EXPECT_TRUE(notes(ack).ack_unmatched);
    EXPECT_EQ(notes(ok).ack_frame, kNoFrame);
}

TEST_F(CaptureAnalysisTest, AckOfACallWhoseInviteIsNotInTheCaptureIsNotFlagged) {
    const auto ack = call.ack(7, 150);
    EXPECT_FALSE(notes(ack).ack_unmatched);
    EXPECT_EQ(notes(ack).response_frame, kNoFrame);
}

TEST_F(CaptureAnalysisTest, AckOfAnotherCallDoesNotSatisfyTheTwoHundred) {
    call.request("INVITE", 1, 0);
    const auto ok = call.response(200, 1, 100);
    Call other(analysis, "call-2@host");
    other.ack(1, 150);
    EXPECT_EQ(notes(ok).ack_frame, kNoFrame);
}

TEST_F(CaptureAnalysisTest, ReInviteIsTrackedLikeTheFirstInvite) {
    call.request("INVITE", 1, 0);
    const auto ok1 = call.response(200, 1, 100);
    call.ack(1, 120);
    const auto reinvite = call.request("INVITE", 2, 10'000, "z9hG4bK-re", "uas-1");
    const auto ok2 = call.response(200, 2, 10'100, "uas-1", "INVITE", "z9hG4bK-re");
    EXPECT_EQ(notes(ok2).request_frame, reinvite);
    EXPECT_EQ(notes(ok2).retransmission_of, kNoFrame);
    call.request("BYE", 3, 20'000, "z9hG4bK-bye", "uas-1");
    EXPECT_EQ(outcome(ok1), AckOutcome::Acknowledged);
    EXPECT_EQ(outcome(ok2), AckOutcome::Missing);  // the BYE shows the dialog went on without it
}

TEST_F(CaptureAnalysisTest, NonTwoHundredFinalIsAcknowledgedHopByHop) {
    call.request("INVITE", 1, 0);
    const auto busy = call.response(486, 1, 100);
    const auto ack = call.ack(1, 110, "uas-1", "z9hG4bK-inv");  // the INVITE's branch
    EXPECT_EQ(notes(busy).ack_kind, AckKind::HopByHop);
    EXPECT_EQ(notes(busy).ack_frame, ack);
    EXPECT_EQ(notes(ack).ack_kind, AckKind::HopByHop);
    EXPECT_EQ(outcome(busy), AckOutcome::Acknowledged);
}

TEST_F(CaptureAnalysisTest, NonTwoHundredWithoutAckIsMissingOnceTheWindowPasses) {
    call.request("INVITE", 1, 0);
    const auto error = call.response(500, 1, 100);
    analysis.observe_time(33'000 * kMs);
    EXPECT_EQ(outcome(error), AckOutcome::Missing);
}

TEST_F(CaptureAnalysisTest, CancelAnd487AreToldApart) {
    call.request("INVITE", 1, 0);
    const auto cancel_ok = call.response(200, 1, 2010, "uas-1", "CANCEL");
    const auto terminated = call.response(487, 1, 2020);
    const auto ack = call.ack(1, 2030, "uas-1", "z9hG4bK-inv");
    EXPECT_FALSE(notes(cancel_ok).invite_final);  // 200 to CANCEL needs no ACK
    EXPECT_EQ(notes(terminated).ack_frame, ack);
    EXPECT_EQ(outcome(terminated), AckOutcome::Acknowledged);
}

TEST_F(CaptureAnalysisTest, CancelDoesNotCountAsTheDialogMovingOn) {
    call.request("INVITE", 1, 0);
    const auto ok = call.response(200, 1, 100);
    call.request("CANCEL", 1, 150, "z9hG4bK-inv", "uas-1");
    EXPECT_FALSE(notes(ok).dialog_moved_on);
}

TEST_F(CaptureAnalysisTest, PrackIsNotAnAck) {
    call.request("INVITE", 1, 0);
    call.response(183, 1, 50);
    const auto prack = call.request("PRACK", 2, 60, "z9hG4bK-prack", "uas-1");
    const auto ok = call.response(200, 1, 100);
    call.request("PRACK", 3, 120, "z9hG4bK-prack2", "uas-1");
    EXPECT_TRUE(analysis.notes_for_frame(prack).empty());
    EXPECT_EQ(notes(ok).ack_frame, kNoFrame);
    EXPECT_FALSE(notes(ok).dialog_moved_on);
}

TEST_F(CaptureAnalysisTest, RepeatedAckLinksToTheResponseWithoutMovingIt) {
    call.request("INVITE", 1, 0);
    const auto ok = call.response(200, 1, 100);
    const auto ack1 = call.ack(1, 110);
    const auto ack2 = call.ack(1, 700);
    EXPECT_EQ(notes(ok).ack_frame, ack1);
    EXPECT_EQ(notes(ack2).response_frame, ok);
}

TEST_F(CaptureAnalysisTest, ObservingAFrameTwiceChangesNothing) {
    SipMessage m;
    m.frame = 5;
    m.call_id = "x";
    m.cseq = 1;
    m.cseq_method = "INVITE";
    m.status = 200;
    m.to_tag = "t";
    analysis.observe(m);
    analysis.observe(m);
    m.frame = 3;
    analysis.observe(m);
    ASSERT_EQ(all_notes().size(), 1u);
    EXPECT_EQ(all_notes()[0].retransmissions, 0u);
}

TEST_F(CaptureAnalysisTest, MalformedResponsesAreNotedButNotTracked) {
    SipMessage m;
    m.frame = 1;
    m.status = 4294967295u;
    analysis.observe(m);  // no CSeq, no Call-ID
    m.frame = 2;
    m.status = 200;
    m.cseq = 1;
    m.cseq_method = "INVITE";
    analysis.observe(m);  // empty Call-ID
    EXPECT_EQ(all_notes().size(), 2u);
    EXPECT_FALSE(notes(1).invite_final);
    EXPECT_FALSE(notes(2).invite_final);
    EXPECT_EQ(analysis.open_transactions(), 0u);
}

TEST_F(CaptureAnalysisTest, StateForCompletedCallsIsForgotten) {
    for (int i = 0; i < 3000; ++i) {
        Call c(analysis, "call-" + std::to_string(i));
        const std::int64_t t = i * 1000;
        c.request("INVITE", 1, t);
        c.response(200, 1, t + 10);
        c.ack(1, t + 20);
    }
    // Only calls of the last two ACK windows plus one sweep interval (3 x 64 s,
    // one call a second, 3 entries a call) can still be held: not all 3000.
    EXPECT_LE(analysis.open_transactions(), 3u * 3u * 65u);
    EXPECT_EQ(analysis.calls(), 3000u);
}

TEST_F(CaptureAnalysisTest, HostileMethodNamesDoNotGrowTheTableWithoutBound) {
    for (int i = 0; i < 1000; ++i) call.response(200, 1, i, "t", "X" + std::to_string(i));
    EXPECT_EQ(analysis.method_name(notes(1).cseq_method), "X0");
    EXPECT_EQ(analysis.method_name(notes(1000).cseq_method), "");
}

}  // namespace
}  // namespace sipdiag

// --- Edge cases seen in real and hostile captures ---------------------------

namespace sipdiag {
namespace {

TEST_F(CaptureAnalysisTest, NonTwoHundredFollowedByTheCallersRetryIsMissing) {
    call.request("INVITE", 1, 0);
    const auto busy = call.response(486, 1, 100);
    call.request("INVITE", 2, 200, "z9hG4bK-retry");  // the caller moved on without ACKing
    analysis.observe_time(300 * kMs);                 // capture ends well inside the window
    EXPECT_EQ(outcome(busy), AckOutcome::Missing);
}

TEST_F(CaptureAnalysisTest, NonTwoHundredFollowedByAByeOfTheCallerIsMissing) {
    call.request("INVITE", 1, 0);
    const auto forbidden = call.response(403, 1, 100);
    call.request("BYE", 2, 200, "z9hG4bK-bye", "uas-1");
    EXPECT_EQ(outcome(forbidden), AckOutcome::Missing);
}

TEST_F(CaptureAnalysisTest, NonTwoHundredStaysUnconfirmedWhenNothingFollows) {
    call.request("INVITE", 1, 0);
    const auto busy = call.response(486, 1, 100);
    call.request("OPTIONS", 1, 200, "z9hG4bK-o");  // same CSeq number: not a step forward
    EXPECT_EQ(outcome(busy), AckOutcome::Unconfirmed);
}

TEST_F(CaptureAnalysisTest, AckWithATimeStampFarBeyondTheWindowIsStillTheAck) {
    call.request("INVITE", 1, 0);
    const auto ok = call.response(200, 1, 100);
    // Other traffic moves the clock on for minutes, then the ACK arrives.
    for (int i = 1; i <= 10; ++i) Call(analysis, "other-" + std::to_string(i)).request("OPTIONS", 1, i * 60'000);
    const auto ack = call.ack(1, 3'600'000);
    EXPECT_EQ(outcome(ok), AckOutcome::Acknowledged);
    EXPECT_EQ(notes(ok).ack_frame, ack);
    EXPECT_TRUE(notes(ok).ack_delay_odd);
    EXPECT_TRUE(notes(ack).ack_delay_odd);
}

TEST_F(CaptureAnalysisTest, AckDatedBeforeItsResponseIsLinkedWithAnOddDelay) {
    call.request("INVITE", 1, 10'000);
    const auto ok = call.response(200, 1, 10'100);
    const auto ack = call.ack(1, 8'000);
    EXPECT_EQ(outcome(ok), AckOutcome::Acknowledged);
    EXPECT_LT(notes(ack).ack_delay_ns, 0);
    EXPECT_TRUE(notes(ok).ack_delay_odd);
}

TEST_F(CaptureAnalysisTest, OneFrameDatedYearsAheadDoesNotDecideTheVerdict) {
    call.request("INVITE", 1, 0);
    const auto ok = call.response(200, 1, 100);
    Call(analysis, "stray").request("OPTIONS", 1, std::int64_t{100} * 365 * 24 * 3600 * 1000);
    Call(analysis, "after").request("OPTIONS", 1, 200);
    // The capture ends with its last frame, 200 ms in: too soon to tell.
    EXPECT_EQ(outcome(ok), AckOutcome::Unconfirmed);
    const auto ack = call.ack(1, 300);
    EXPECT_EQ(notes(ok).ack_frame, ack);
}

TEST_F(CaptureAnalysisTest, OneFrameDatedFarAheadDoesNotMakeAnsweredCallsForgotten) {
    call.request("INVITE", 1, 0);
    const auto ok = call.response(200, 1, 100);
    call.ack(1, 150);
    Call(analysis, "stray").request("OPTIONS", 1, std::int64_t{100} * 365 * 24 * 3600 * 1000);
    const auto again = call.response(200, 1, 500);  // the same 200 once more
    EXPECT_EQ(notes(again).retransmission_of, ok);
    EXPECT_FALSE(notes(again).invite_final);
}

TEST_F(CaptureAnalysisTest, StateIsStillFreedAfterAFrameDatedFarAhead) {
    Call(analysis, "stray").request("OPTIONS", 1, std::int64_t{1} << 60);
    for (int i = 0; i < 3000; ++i) {
        Call c(analysis, "call-" + std::to_string(i));
        const std::int64_t t = i * 1000;
        c.request("INVITE", 1, t);
        c.response(200, 1, t + 10);
        c.ack(1, t + 20);
    }
    EXPECT_LE(analysis.open_transactions(), 3u * 3u * 65u + 1u);
}

TEST_F(CaptureAnalysisTest, TimeStampsAtTheEdgesOfTheRangeDoNotOverflow) {
    SipMessage m;
    m.frame = 1;
    m.call_id = "edge";
    m.cseq = 1;
    m.cseq_method = "INVITE";
    m.status = 200;
    m.to_tag = "t";
    m.time_ns = std::numeric_limits<std::int64_t>::max();
    analysis.observe(m);
    m.frame = 2;
    m.is_request = true;
    m.method = "ACK";
    m.time_ns = std::numeric_limits<std::int64_t>::min();
    analysis.observe(m);
    ASSERT_EQ(all_notes().size(), 2u);
    EXPECT_EQ(all_notes()[0].ack_frame, 2u);
    EXPECT_TRUE(all_notes()[1].ack_delay_odd);
}

TEST_F(CaptureAnalysisTest, UnusableCSeqIsNotedOnRequestsAndResponses) {
    SipMessage m;
    m.frame = 1;
    m.call_id = "c";
    m.is_request = true;
    m.method = "INVITE";
    m.cseq_header = true;  // present, but did not parse
    analysis.observe(m);
    m.frame = 2;
    m.is_request = false;
    m.status = 200;
    m.cseq_header = false;
    analysis.observe(m);
    ASSERT_EQ(all_notes().size(), 2u);
    EXPECT_EQ(all_notes()[0].role, MessageRole::Request);
    EXPECT_EQ(all_notes()[0].cseq_problem, CSeqProblem::Unreadable);
    EXPECT_EQ(all_notes()[1].cseq_problem, CSeqProblem::Missing);
    EXPECT_EQ(analysis.open_transactions(), 0u);
}

TEST_F(CaptureAnalysisTest, AckQuotedInAnIcmpErrorIsABounceNotAnAck) {
    call.request("INVITE", 1, 0);
    const auto ok = call.response(200, 1, 100);
    const auto ack = call.ack(1, 150);
    SipMessage quoted;
    quoted.frame = ack + 1;
    quoted.time_ns = 151 * kMs;
    quoted.is_request = true;
    quoted.method = "ACK";
    quoted.call_id = "call-1@host";
    quoted.from_tag = "uac-1";
    quoted.to_tag = "uas-1";
    quoted.cseq = 1;
    quoted.cseq_method = "ACK";
    quoted.in_icmp_error = true;
    analysis.observe(quoted);
    EXPECT_EQ(notes(ok).ack_frame, ack);  // the quoted copy is not a second ACK
    EXPECT_EQ(notes(ok).icmp_bounce_frame, quoted.frame);
    EXPECT_EQ(notes(ack).icmp_bounce_frame, quoted.frame);
    EXPECT_EQ(notes(quoted.frame).response_frame, ok);
}

TEST_F(CaptureAnalysisTest, ResponseQuotedInAnIcmpErrorIsNotARetransmission) {
    call.request("INVITE", 1, 0);
    const auto ok = call.response(200, 1, 100);
    SipMessage quoted;
    quoted.frame = ok + 1;
    quoted.time_ns = 101 * kMs;
    quoted.status = 200;
    quoted.call_id = "call-1@host";
    quoted.from_tag = "uac-1";
    quoted.to_tag = "uas-1";
    quoted.cseq = 1;
    quoted.cseq_method = "INVITE";
    quoted.in_icmp_error = true;
    analysis.observe(quoted);
    EXPECT_EQ(notes(ok).retransmissions, 0u);
    EXPECT_TRUE(analysis.notes_for_frame(quoted.frame).empty());
}

// The details of an INVITE final name the call's own From and To; those of
// a 500 to another request keep their own.
TEST_F(CaptureAnalysisTest, ResponseDetailsShareTheCallsTextsWhenTheyAreTheSame) {
    const auto message = [&](std::uint32_t frame, std::string_view method, std::uint32_t status,
                             std::string_view to_tag) {
        SipMessage m = dialog_message(frame, "shared@host", method, method == "INVITE" ? 1u : 2u, status, to_tag);
        m.from_uri = "sip:alice@example.org";
        m.to_uri = "sip:bob@example.org";
        m.destination.port = 5060;
        m.source.port = static_cast<std::uint16_t>(6000 + frame);
        analysis.observe(m);
        return frame;
    };
    message(1, "INVITE", 0, "");
    const auto ok = message(2, "INVITE", 200, "uas-1");
    const auto error = message(3, "OPTIONS", 500, "uas-1");
    ASSERT_EQ(analysis.calls_seen().size(), 1u);
    const CallRecord& record = analysis.calls_seen()[0];
    const std::optional<ResponseDetails> answer = analysis.details(notes(ok));
    const std::optional<ResponseDetails> failure = analysis.details(notes(error));
    ASSERT_TRUE(answer.has_value());
    ASSERT_TRUE(failure.has_value());
    EXPECT_EQ(answer->from_uri, "sip:alice@example.org");
    EXPECT_EQ(answer->to_uri, "sip:bob@example.org");
    EXPECT_EQ(answer->from_uri.data(), record.from_uri().data());
    EXPECT_EQ(answer->to_uri.data(), record.to_uri().data());
    EXPECT_EQ(answer->responder.port, 6002);
    EXPECT_EQ(answer->cseq, 1u);
    EXPECT_EQ(failure->from_uri, "sip:alice@example.org");
    EXPECT_EQ(failure->to_uri, "sip:bob@example.org");
    EXPECT_EQ(failure->responder.port, 6003);
    EXPECT_EQ(failure->cseq, 2u);
    EXPECT_EQ(failure->call_id().data(), record.call_id().data());
}

// A call's INVITE texts are kept in one block: each reads back as received,
// the From tag whole whatever its length, the others cut like any kept text.
TEST_F(CaptureAnalysisTest, CallKeepsTheInviteTextsEachAsReceivedOrCut) {
    const std::string long_tag(1000, 't');
    const std::string long_uri = "sip:" + std::string(400, 'u') + "@example.org";
    SipMessage invite = dialog_message(1, "texts@host", "INVITE", 1);
    invite.request_uri = long_uri;
    invite.from_tag = long_tag;
    invite.from_uri = "sip:alice@example.org";
    invite.more_headers_read = true;
    invite.user_agent = "softphone 1.0";
    analysis.observe(invite);
    ASSERT_EQ(analysis.calls_seen().size(), 1u);
    const CallRecord& record = analysis.calls_seen()[0];
    EXPECT_EQ(record.from_tag(), long_tag);
    EXPECT_EQ(record.request_uri().size(), kMaxKeptText);
    EXPECT_EQ(record.request_uri(), long_uri.substr(0, kMaxKeptText - 3) + "...");
    EXPECT_EQ(record.from_uri(), "sip:alice@example.org");
    EXPECT_EQ(record.to_uri(), "");
    EXPECT_EQ(record.user_agent(), "softphone 1.0");
}

// A Server header names one of a handful of products: kept once for all.
TEST_F(CaptureAnalysisTest, RepeatedServerTextIsKeptOnce) {
    std::vector<std::uint32_t> frames;
    for (const auto& [call_id, server] : {std::pair{"a@h", "Acme-PBX/7.1"}, std::pair{"b@h", "Acme-PBX/7.1"},
                                          std::pair{"c@h", "Other/2.0"}}) {
        analysis.observe(dialog_message(++Call::next_frame, call_id, "INVITE", 1));
        SipMessage ok = dialog_message(++Call::next_frame, call_id, "INVITE", 1, 200, "uas-1");
        ok.more_headers_read = true;
        ok.server = server;
        analysis.observe(ok);
        frames.push_back(ok.frame);
    }
    const auto agent = [&](std::uint32_t frame) { return analysis.details(notes(frame)).value().agent; };
    EXPECT_EQ(agent(frames[0]), "Acme-PBX/7.1");
    EXPECT_EQ(agent(frames[0]).data(), agent(frames[1]).data());
    EXPECT_EQ(agent(frames[2]), "Other/2.0");
}

TEST_F(CaptureAnalysisTest, CallIdIsStoredOnceAndSharedWithTheDetails) {
    const std::string long_id(8192, 'x');
    Call c(analysis, long_id);
    c.request("INVITE", 1, 0);
    const auto ok = c.response(200, 1, 100);
    const auto busy = c.response(500, 1, 110, "uas-2");
    const std::optional<ResponseDetails> first = analysis.details(notes(ok));
    const std::optional<ResponseDetails> second = analysis.details(notes(busy));
    ASSERT_TRUE(first.has_value());
    ASSERT_TRUE(second.has_value());
    EXPECT_EQ(first->call_id(), long_id);
    EXPECT_EQ(first->call_id().data(), second->call_id().data());
    ASSERT_EQ(analysis.calls_seen().size(), 1u);
    EXPECT_EQ(analysis.calls_seen()[0].call_id().data(), first->call_id().data());
}

}  // namespace
}  // namespace sipdiag

namespace sipdiag {
namespace {

TEST_F(CaptureAnalysisTest, TwoHundredResentWellAfterItsAckMeansTheAckWasNotAccepted) {
    call.request("INVITE", 1, 0);
    const auto ok = call.response(200, 1, 100);
    const auto ack = call.ack(1, 150);
    call.response(200, 1, 600);  // 450 ms after the ACK: crossed it on the wire (T1 = 500 ms)
    EXPECT_EQ(outcome(ok), AckOutcome::Acknowledged);
    const auto again = call.response(200, 1, 1100);  // 950 ms after the ACK: the ACK did not arrive
    EXPECT_EQ(outcome(ok), AckOutcome::NotAccepted);
    EXPECT_EQ(notes(ok).ack_frame, ack);
    EXPECT_EQ(notes(ok).resent_after_ack, again);
}

TEST_F(CaptureAnalysisTest, NonTwoHundredResentAfterItsAckIsNotAcceptedEither) {
    call.request("INVITE", 1, 0);
    const auto busy = call.response(486, 1, 100);
    call.ack(1, 150, "uas-1", "z9hG4bK-inv");
    call.response(486, 1, 2000);
    EXPECT_EQ(outcome(busy), AckOutcome::NotAccepted);
}


// --- Call outcomes --------------------------------------------------------

class CallOutcomeTest : public CaptureAnalysisTest {
protected:
    const CallRecord& only_call() {
        if (analysis.calls_seen().size() != 1) throw std::out_of_range("expected exactly one call");
        return analysis.calls_seen().front();
    }
    CallOutcome verdict() { return analysis.call_outcome(only_call()); }
    void end_capture_at(std::int64_t ms) { analysis.observe_time(ms * kMs); }
};

TEST_F(CallOutcomeTest, AckedTwoHundredIsAnsweredAndTheByeEndsIt) {
    const auto invite = call.request("INVITE", 1, 0);
    const auto ok = call.response(200, 1, 2000);
    call.ack(1, 2030);
    const auto bye = call.callee_request("BYE", 1, 12000);
    EXPECT_EQ(notes(invite).role, MessageRole::Invite);
    EXPECT_EQ(notes(invite).call, 0u);
    EXPECT_EQ(verdict(), CallOutcome::Answered);
    EXPECT_EQ(analysis.deciding_final(only_call())->frame, ok);
    EXPECT_EQ(only_call().bye_frame, bye);
    EXPECT_EQ(only_call().ended_by, CallParty::Callee);
    EXPECT_EQ(analysis.call_duration_ns(only_call()), 10000 * kMs);
}

// Two callers (From tags) under one Call-ID are two calls: each response
// goes to the call whose tag it carries, not to the first one found.
TEST_F(CallOutcomeTest, TwoCallersUnderOneCallIdGetTheirOwnResponses) {
    const auto message = [](std::uint32_t frame, std::string_view from_tag, std::uint32_t status,
                            std::string_view to_tag, std::string_view branch) {
        SipMessage m = dialog_message(frame, "shared@host", "INVITE", 1, status, to_tag);
        m.from_tag = from_tag;
        m.via_branch = branch;
        return m;
    };
    analysis.observe(message(1, "uac-1", 0, "", "z9hG4bK-1"));
    analysis.observe(message(2, "uac-2", 0, "", "z9hG4bK-2"));
    analysis.observe(message(3, "uac-2", 486, "uas-2", "z9hG4bK-2"));
    analysis.observe(message(4, "uac-1", 200, "uas-1", "z9hG4bK-1"));
    ASSERT_EQ(analysis.calls_seen().size(), 2u);
    const CallRecord& first = analysis.calls_seen()[0];
    const CallRecord& second = analysis.calls_seen()[1];
    ASSERT_NE(analysis.deciding_final(first), nullptr);
    ASSERT_NE(analysis.deciding_final(second), nullptr);
    EXPECT_EQ(analysis.deciding_final(first)->frame, 4u);
    EXPECT_EQ(analysis.deciding_final(second)->frame, 3u);
    EXPECT_EQ(analysis.call_outcome(second), CallOutcome::Rejected);
}

// A BYE under the same Call-ID whose tags are neither the caller's nor
// the callee's belongs to another dialog: the call goes on.
TEST_F(CallOutcomeTest, ByeOfAnotherDialogDoesNotEndTheCall) {
    call.request("INVITE", 1, 0);
    call.response(200, 1, 100);
    call.ack(1, 150);
    SipMessage stray = dialog_message(++Call::next_frame, "call-1@host", "BYE", 1, 0, "other-2");
    stray.from_tag = "other-1";
    stray.time_ns = 5000 * kMs;
    analysis.observe(stray);
    EXPECT_EQ(only_call().bye_frame, kNoFrame);
    const auto bye = call.callee_request("BYE", 1, 9000);
    EXPECT_EQ(only_call().bye_frame, bye);
    EXPECT_EQ(only_call().ended_by, CallParty::Callee);
}

TEST_F(CallOutcomeTest, TwoHundredNeverAckedIsAnsweredNoAck) {
    call.request("INVITE", 1, 0);
    call.response(200, 1, 100);
    const auto bye = call.callee_request("BYE", 1, 32600);
    EXPECT_EQ(verdict(), CallOutcome::AnsweredNoAck);
    EXPECT_EQ(only_call().ended_by, CallParty::Callee);
    EXPECT_EQ(only_call().bye_frame, bye);
}

TEST_F(CallOutcomeTest, AckNotAcceptedCountsAsNoAck) {
    call.request("INVITE", 1, 0);
    call.response(200, 1, 100);
    call.ack(1, 150);
    call.response(200, 1, 1100);  // resent well after the ACK
    end_capture_at(40000);
    EXPECT_EQ(verdict(), CallOutcome::AnsweredNoAck);
}

TEST_F(CallOutcomeTest, TwoHundredWaitingForItsAckAtTheEndIsUndecided) {
    call.request("INVITE", 1, 0);
    call.response(200, 1, 100);
    end_capture_at(5000);
    EXPECT_EQ(verdict(), CallOutcome::Undecided);
}

TEST_F(CallOutcomeTest, FinalErrorIsRejectedWithItsCode) {
    call.request("INVITE", 1, 0);
    const auto busy = call.response(486, 1, 300);
    call.ack(1, 310, "uas-1", "z9hG4bK-inv");
    EXPECT_EQ(verdict(), CallOutcome::Rejected);
    EXPECT_EQ(analysis.deciding_final(only_call())->frame, busy);
    EXPECT_FALSE(analysis.call_duration_ns(only_call()).has_value());
}

TEST_F(CallOutcomeTest, CancelThen487IsCancelledBut487AloneIsRejected) {
    call.request("INVITE", 1, 0);
    call.request("CANCEL", 1, 4000);
    call.response(487, 1, 4010);
    EXPECT_EQ(verdict(), CallOutcome::Cancelled);

    CaptureAnalysis other;
    Call alone(other, "call-2@host");
    alone.request("INVITE", 1, 0);
    alone.response(487, 1, 4010);
    EXPECT_EQ(other.call_outcome(other.calls_seen().front()), CallOutcome::Rejected);
}

TEST_F(CallOutcomeTest, TwoHundredCrossingTheCancelIsAnswered) {
    call.request("INVITE", 1, 0);
    call.request("CANCEL", 1, 4000);
    call.response(200, 1, 4001);
    call.ack(1, 4020);
    call.request("BYE", 2, 4030, "z9hG4bK-bye", "uas-1");
    EXPECT_EQ(verdict(), CallOutcome::Answered);
    EXPECT_EQ(only_call().ended_by, CallParty::Caller);
}

TEST_F(CallOutcomeTest, NoFinalIsUnansweredOnlyAfterSixtyFourT1) {
    const auto invite = call.request("INVITE", 1, 0);
    const auto again = call.request("INVITE", 1, 500);
    end_capture_at(31999);
    EXPECT_EQ(verdict(), CallOutcome::Undecided);
    end_capture_at(32000);
    EXPECT_EQ(verdict(), CallOutcome::Unanswered);
    EXPECT_EQ(notes(again).role, MessageRole::Invite);
    EXPECT_EQ(notes(again).retransmission_of, invite);
    EXPECT_EQ(notes(again).call, kNoCall);
    EXPECT_FALSE(only_call().provisional);
}

TEST_F(CallOutcomeTest, CredentialRetryIsTheSameCallAndTheLatestAttemptDecides) {
    call.request("INVITE", 1, 0);
    call.response(407, 1, 50);
    call.ack(1, 60, "uas-1", "z9hG4bK-inv");
    call.request("INVITE", 2, 100, "z9hG4bK-inv2");
    call.response(180, 2, 150, "uas-2", "INVITE", "z9hG4bK-inv2");
    end_capture_at(60000);
    EXPECT_EQ(analysis.calls(), 1u);
    EXPECT_EQ(verdict(), CallOutcome::Unanswered);  // the retry rang, but got no final answer
    EXPECT_TRUE(only_call().provisional);
    call.response(200, 2, 60001, "uas-2", "INVITE", "z9hG4bK-inv2");
    call.ack(2, 60010, "uas-2");
    EXPECT_EQ(verdict(), CallOutcome::Answered);
}

TEST_F(CallOutcomeTest, ReInviteDoesNotMakeACallNorChangeTheVerdict) {
    call.request("INVITE", 1, 0);
    call.response(200, 1, 100);
    call.ack(1, 120);
    const auto reinvite = call.request("INVITE", 2, 5000, "z9hG4bK-re", "uas-1");
    call.response(491, 2, 5010, "uas-1", "INVITE", "z9hG4bK-re");
    EXPECT_TRUE(analysis.notes_for_frame(reinvite).empty());
    EXPECT_EQ(analysis.calls(), 1u);
    EXPECT_EQ(verdict(), CallOutcome::Answered);
}

TEST_F(CallOutcomeTest, ForkWithOneAckedTwoHundredIsAnswered) {
    call.request("INVITE", 1, 0);
    call.response(200, 1, 100, "fork-a");
    call.response(200, 1, 110, "fork-b");
    call.ack(1, 120, "fork-a");
    call.request("BYE", 2, 130, "z9hG4bK-bye-b", "fork-b");
    end_capture_at(60000);
    EXPECT_EQ(only_call().answer_count(), 2u);
    EXPECT_EQ(verdict(), CallOutcome::Answered);
}


TEST_F(CallOutcomeTest, ForkWhoseThirdTwoHundredIsAckedIsDecidedByIt) {
    call.request("INVITE", 1, 0);
    call.response(200, 1, 100, "fork-a");
    call.response(200, 1, 105, "fork-b");
    const auto third = call.response(200, 1, 110, "fork-c");
    call.ack(1, 120, "fork-c");
    end_capture_at(60000);
    ASSERT_EQ(only_call().answer_count(), 3u);
    EXPECT_EQ(verdict(), CallOutcome::Answered);
    EXPECT_EQ(analysis.deciding_final(only_call())->frame, third);
}

// --- Live alerts --------------------------------------------------------------

class AlertTest : public CaptureAnalysisTest {
protected:
    // Another Call-ID whose messages only move the clock on.
    std::uint32_t tick(std::int64_t at_ms) { return other.request("OPTIONS", ++other_cseq, at_ms, "z9hG4bK-opt"); }
    // Messages every 10 s up to at_ms, as on a busy link.
    void run_clock_to(std::int64_t at_ms) {
        for (std::int64_t t = 10000; t <= at_ms; t += 10000) tick(t);
    }
    std::span<const Alert> alerts() { return analysis.all_alerts(); }
    Call other{analysis, "clock@host"};
    std::uint32_t other_cseq = 0;
};

TEST_F(AlertTest, MissingAckIsSaidOnTheFirstSipFrameAfterTheWindow) {
    call.request("INVITE", 1, 0);
    const auto ok = call.response(200, 1, 1000);
    tick(20000);
    tick(32999);  // 64*T1 after the 200 is 33000 ms
    EXPECT_TRUE(alerts().empty());
    const auto carrier = tick(33000);
    tick(40000);
    ASSERT_EQ(alerts().size(), 1u);
    const Alert& alert = alerts()[0];
    EXPECT_EQ(alert.frame, carrier);
    EXPECT_EQ(alert.kind, AlertKind::AckMissing);
    EXPECT_EQ(alert.about_frame, ok);
    EXPECT_EQ(alert.status, 200u);
    EXPECT_EQ(alert.cseq, 1u);
    EXPECT_EQ(alert.call_id(), "call-1@host");
    EXPECT_FALSE(alert.dialog_moved_on);
    EXPECT_EQ(analysis.alerts_for_frame(carrier).size(), 1u);
    EXPECT_TRUE(analysis.alerts_for_frame(carrier + 1).empty());
    // The end verdict agrees.
    EXPECT_EQ(outcome(ok), AckOutcome::Missing);
}

TEST_F(AlertTest, AckedOrLateAckedResponsesRaiseNothing) {
    call.request("INVITE", 1, 0);
    call.response(200, 1, 100);
    call.response(200, 1, 600);
    call.ack(1, 700);
    call.request("INVITE", 2, 1000, "z9hG4bK-inv2", "uas-1");
    call.response(486, 2, 1100, "uas-1", "INVITE", "z9hG4bK-inv2");
    call.ack(2, 1150, "uas-1", "z9hG4bK-inv2");
    run_clock_to(60000);
    EXPECT_TRUE(alerts().empty());
}

TEST_F(AlertTest, DialogGoingOnWithoutTheAckIsSaidAtOnce) {
    call.request("INVITE", 1, 0);
    const auto ok = call.response(200, 1, 100);
    const auto bye = call.callee_request("BYE", 2, 5000);
    ASSERT_EQ(alerts().size(), 1u);
    EXPECT_EQ(alerts()[0].frame, bye);
    EXPECT_EQ(alerts()[0].about_frame, ok);
    EXPECT_TRUE(alerts()[0].dialog_moved_on);
    run_clock_to(60000);
    EXPECT_EQ(alerts().size(), 1u);  // said once
}

TEST_F(AlertTest, CaptureEndingInsideTheWindowRaisesNothing) {
    call.request("INVITE", 1, 0);
    const auto ok = call.response(200, 1, 100);
    tick(30000);
    EXPECT_TRUE(alerts().empty());
    EXPECT_EQ(outcome(ok), AckOutcome::Unconfirmed);
}

TEST_F(AlertTest, OneFrameDatedFarAheadRaisesNothing) {
    call.request("INVITE", 1, 0);
    call.response(200, 1, 100);
    tick(std::int64_t{100} * 365 * 24 * 3600 * 1000);
    EXPECT_TRUE(alerts().empty());
    call.ack(1, 200);
    tick(300);
    run_clock_to(60000);
    EXPECT_TRUE(alerts().empty());
}

TEST_F(AlertTest, InviteWithoutAnyResponseIsUnansweredAfterTimerB) {
    const auto invite = call.request("INVITE", 1, 0);
    call.request("INVITE", 1, 500);  // retransmissions are no response
    tick(31999);
    EXPECT_TRUE(alerts().empty());
    const auto carrier = tick(32000);
    ASSERT_EQ(alerts().size(), 1u);
    EXPECT_EQ(alerts()[0].kind, AlertKind::InviteUnanswered);
    EXPECT_EQ(alerts()[0].frame, carrier);
    EXPECT_EQ(alerts()[0].about_frame, invite);
    EXPECT_EQ(alert_name(alerts()[0].kind), "INVITE unanswered");
}

TEST_F(AlertTest, RingingCallIsNotUnanswered) {
    call.request("INVITE", 1, 0);
    call.response(180, 1, 100);
    run_clock_to(60000);
    EXPECT_TRUE(alerts().empty());
}

TEST_F(AlertTest, CredentialRetryRestartsTheUnansweredClock) {
    call.request("INVITE", 1, 0);
    call.response(407, 1, 50);
    call.ack(1, 60, "uas-1", "z9hG4bK-inv");
    const auto retry = call.request("INVITE", 2, 10000, "z9hG4bK-inv2");
    tick(33000);  // 33 s after the first INVITE, 23 s after the retry
    EXPECT_TRUE(alerts().empty());
    tick(42000);
    ASSERT_EQ(alerts().size(), 1u);
    EXPECT_EQ(alerts()[0].kind, AlertKind::InviteUnanswered);
    EXPECT_EQ(alerts()[0].cseq, 2u);
    (void)retry;
}



// --- What the core keeps from header blocks --------------------------------

SipMessage message_with_block(std::uint32_t frame, bool request, std::string_view method, std::uint32_t status,
                              std::string_view block) {
    SipMessage m;
    m.frame = frame;
    m.time_ns = frame * 10 * kMs;
    m.is_request = request;
    m.method = method;
    m.status = status;
    m.call_id = "routed@host";
    m.from_tag = "uac-1";
    m.to_tag = (request && method == "INVITE") ? "" : "uas-1";
    m.cseq = 1;
    m.cseq_method = request && method != "ACK" ? method : std::string_view("INVITE");
    m.via_branch = method == "ACK" ? "z9hG4bK-ack" : "z9hG4bK-inv";
    m.header_block = block;
    m.destination.family = NetEndpoint::Family::IPv4;
    m.destination.address = {192, 0, 2, 20};
    m.destination.port = 5060;
    m.transport = Transport::Udp;
    return m;
}

TEST(CaptureAnalysisHeaders, AckOfATwoHundredIsCheckedAgainstItsContact) {
    CaptureAnalysis analysis;
    analysis.observe(message_with_block(1, true, "INVITE", 0, "Via: x\r\n"));
    analysis.observe(message_with_block(2, false, "", 200, "Contact: <sip:b@192.0.2.20>\r\n"));
    SipMessage good = message_with_block(3, true, "ACK", 0, "Via: SIP/2.0/UDP 192.0.2.10;branch=z9hG4bK-ack\r\n");
    good.request_uri = "sip:b@192.0.2.20";
    analysis.observe(good);
    SipMessage wrong = message_with_block(4, true, "ACK", 0, "Via: SIP/2.0/UDP 192.0.2.10;branch=z9hG4bK-ack\r\n");
    wrong.request_uri = "sip:b@192.0.2.99";
    analysis.observe(wrong);
    const KeptRouteCheck* first = analysis.route_check(analysis.notes_for_frame(3)[0]);
    const KeptRouteCheck* second = analysis.route_check(analysis.notes_for_frame(4)[0]);
    ASSERT_NE(first, nullptr);
    ASSERT_NE(second, nullptr);
    EXPECT_EQ(first->verdict, AckRouteVerdict::Ok);
    EXPECT_EQ(second->verdict, AckRouteVerdict::RequestUriDiffers);
    // Kept texts are the check's own, whether shared (Ok) or not.
    EXPECT_EQ(first->expected, "192.0.2.20:5060");
    EXPECT_EQ(first->actual, "192.0.2.20:5060");
    EXPECT_EQ(second->expected, "sip:b@192.0.2.20");
    EXPECT_EQ(second->actual, "sip:b@192.0.2.99");
    EXPECT_FALSE(is_misrouted(first->verdict));
    EXPECT_TRUE(is_misrouted(second->verdict));
}

TEST(CaptureAnalysisHeaders, WithoutBytesNothingIsChecked) {
    CaptureAnalysis analysis;
    analysis.observe(message_with_block(1, true, "INVITE", 0, ""));
    analysis.observe(message_with_block(2, false, "", 200, ""));
    analysis.observe(message_with_block(3, true, "ACK", 0, ""));
    EXPECT_EQ(analysis.route_check(analysis.notes_for_frame(3)[0]), nullptr);
}

TEST(CaptureAnalysisHeaders, ReasonAndWarningAreKeptForEveryPass) {
    CaptureAnalysis analysis;
    analysis.observe(message_with_block(1, true, "INVITE", 0, "Via: x\r\n"));
    analysis.observe(message_with_block(2, false, "", 486, "Warning: 399 pbx \"busy\"\r\n"));
    const std::string huge(10000, 'x');
    const std::string bye_block = "Reason: Q.850;cause=16\r\nReason: SIP;cause=200;text=\"" + huge + "\"\r\n";
    analysis.observe(message_with_block(3, true, "BYE", 0, bye_block));
    analysis.observe(message_with_block(4, true, "OPTIONS", 0, "Via: x\r\n"));
    const HeaderTexts* warning = analysis.header_texts(analysis.notes_for_frame(2)[0]);
    ASSERT_NE(warning, nullptr);
    EXPECT_EQ(warning->warnings, std::vector<std::string>{"399 pbx \"busy\""});
    ASSERT_EQ(analysis.notes_for_frame(3).size(), 1u);
    EXPECT_EQ(analysis.notes_for_frame(3)[0].role, MessageRole::Request);
    const HeaderTexts* reasons = analysis.header_texts(analysis.notes_for_frame(3)[0]);
    ASSERT_NE(reasons, nullptr);
    ASSERT_EQ(reasons->reasons.size(), 2u);
    EXPECT_EQ(reasons->reasons[0], "Q.850;cause=16");
    EXPECT_EQ(reasons->reasons[1].size(), 1024u);  // cut
    EXPECT_TRUE(analysis.notes_for_frame(4).empty());
    // Names in any case, also on the first line of the block.
    analysis.observe(message_with_block(5, true, "CANCEL", 0, "rEaSoN: SIP;cause=200\r\nVia: x\r\n"));
    analysis.observe(message_with_block(6, true, "BYE", 0, "Via: x\r\nWARNING : 399 h \"w\"\r\n"));
    ASSERT_EQ(analysis.notes_for_frame(5).size(), 1u);
    ASSERT_EQ(analysis.notes_for_frame(6).size(), 1u);
    EXPECT_EQ(analysis.header_texts(analysis.notes_for_frame(5)[0])->reasons.size(), 1u);
    EXPECT_EQ(analysis.header_texts(analysis.notes_for_frame(6)[0])->warnings.size(), 1u);
}

}  // namespace
}  // namespace sipdiag
