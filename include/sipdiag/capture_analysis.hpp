// Everything sipdiag learns from one capture: per-message notes for SIP
// responses and ACKs, and the INVITE handshake matching (RFC 3261 sections
// 13.3.1.4 and 17; RFC 6026). Fed in frame order on the first pass; read
// back, unchanged, on every later pass.
//
// Time: frames carry the capture's time stamps, which may be wrong (clock
// steps, merged captures, hostile files). The end of the capture is the time
// of its last frame in capture order, not the largest time stamp; a single
// frame dated far ahead cannot make state be forgotten; and an ACK that
// matches is linked whatever its time stamp says, with a note on the clock.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <memory_resource>
#include <optional>
#include <queue>
#include <span>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "sipdiag/ack_route.hpp"
#include "sipdiag/chunked_array.hpp"
#include "sipdiag/hash_slots.hpp"
#include "sipdiag/inline_text.hpp"
#include "sipdiag/sip_message.hpp"

namespace sipdiag {

struct AnalysisSettings {
    std::uint32_t t1_ms = 500;  // RFC 3261 Timer T1
    std::int64_t t1_ns() const { return std::int64_t{t1_ms} * 1'000'000; }
    std::int64_t ack_window_ns() const { return 64 * t1_ns(); }
};

enum class MessageRole : std::uint8_t {
    Response,
    Ack,
    Request,  // any other request, noted only when something about it is worth saying
    Invite,   // an INVITE that starts a call (first transmission) or a retransmitted INVITE
};
enum class AckKind : std::uint8_t { None, EndToEnd, HopByHop };  // 2xx / non-2xx ACK
enum class AckOutcome : std::uint8_t {
    NotApplicable,  // not the first transmission of an INVITE final response
    Acknowledged,
    Late,           // acknowledged, but only after the response was retransmitted
    Missing,        // no ACK, and the capture or the dialog shows none is coming
    Unconfirmed,    // no ACK yet, but the capture ends inside the ACK window
    NotAccepted,    // an ACK went out, but the response was still resent more than T1 after it
};
enum class CSeqProblem : std::uint8_t { None, Missing, Unreadable };

// What became of one call (Call-ID and the caller's From tag, forks
// included), decided when the capture is complete.
enum class CallOutcome : std::uint8_t {
    Answered,       // a 2xx was acknowledged
    AnsweredNoAck,  // 2xx, but no ACK reached the callee: it drops the call after 64*T1
    Rejected,       // a final 3xx-6xx
    Cancelled,      // the caller's CANCEL, then 487
    Unanswered,     // no final response, and the capture goes on 64*T1 past the INVITE
    Undecided,      // the capture ends too soon to tell
};
enum class CallParty : std::uint8_t { None, Caller, Callee };

// Live alerts: what a one-pass run (tshark reading a live capture) can say
// as soon as it is known, on the first SIP frame after the fact.
enum class AlertKind : std::uint8_t {
    AckMissing,        // an INVITE final response got no ACK within 64*T1, or its dialog went on without one
    InviteUnanswered,  // a call's INVITE got no response at all within 64*T1 (Timer B)
};

inline constexpr std::uint32_t kNoFrame = 0;
inline constexpr std::uint32_t kNoDetails = 0xffffffff;
inline constexpr std::uint32_t kNoCall = 0xffffffff;
inline constexpr std::uint32_t kNoNote = 0xffffffff;
inline constexpr std::size_t kMaxKeptText = 256;  // header texts kept for reports are cut there

// Who and what a notable response is about, kept only for INVITE final
// responses and 500s: what the expert infos and reports name. Its texts view
// the analysis' own text store and live as long as it.
struct ResponseDetails {
    std::string_view call_id_text;  // in the analysis' text store, once per Call-ID
    std::string_view from_uri;
    std::string_view to_uri;
    std::string_view agent;  // the response's Server (else User-Agent) header, cut
    std::uint32_t cseq = 0;
    NetEndpoint responder;  // sent the response
    NetEndpoint requester;  // the response went to it
    std::string_view call_id() const { return call_id_text; }
};

// One call: the first INVITE without a To tag for a Call-ID and From tag,
// and what followed (credential retries with a higher CSeq are the same call).
// Its texts view the analysis' own text store, cut to kMaxKeptText.
struct CallRecord {
    std::string_view call_id_text;  // in the analysis' text store, once per Call-ID
    std::string_view bye_reason;  // Reason header of the BYE, as received
    // The INVITE's From tag (whole), Request-URI, From, To and User-Agent lie
    // back to back in one block of the text store: a pointer and five ends
    // take a third of the room of five views.
    const char* invite_texts = nullptr;
    std::uint32_t invite_text_ends[5] = {};
    // Notes of its 2xx first transmissions, one per fork: the first here,
    // further forks (rare) in the analysis' own list, so that a record is
    // plain data (kept in a ChunkedArray) and most calls need no heap block.
    std::uint32_t first_answer = kNoNote;
    std::uint32_t later_answers = kNoNote;  // index in the analysis' lists of fork answers
    std::uint16_t answers = 0;              // 2xx first transmissions noted, forks included
    std::int64_t invite_time_ns = 0;
    std::int64_t latest_invite_ns = 0;
    std::int64_t bye_ns = 0;
    std::uint32_t invite_frame = 0;  // first transmission of the first INVITE
    std::uint32_t first_cseq = 0;
    std::uint32_t latest_cseq = 0;  // the latest attempt decides
    std::uint32_t rejection = kNoNote;  // notes of the non-2xx final of the latest attempt
    std::uint32_t bye_frame = kNoFrame;
    NetEndpoint caller;    // sent the INVITE
    NetEndpoint next_hop;  // the INVITE went to it
    bool provisional = false;       // a 1xx to the latest attempt
    bool cancel_seen = false;       // the caller's CANCEL of the latest attempt
    bool responded = false;         // any response (1xx included) to the latest attempt
    bool alerted = false;           // its InviteUnanswered alert was raised
    CallParty ended_by = CallParty::None;
    std::string_view call_id() const { return call_id_text; }
    std::string_view from_tag() const { return invite_text(0); }
    std::string_view request_uri() const { return invite_text(1); }
    std::string_view from_uri() const { return invite_text(2); }
    std::string_view to_uri() const { return invite_text(3); }
    std::string_view user_agent() const { return invite_text(4); }
    std::string_view invite_text(std::size_t i) const {
        const std::uint32_t begin = i == 0 ? 0 : invite_text_ends[i - 1];
        return {invite_texts + begin, invite_text_ends[i] - begin};
    }
    bool answered() const { return first_answer != kNoNote; }
    std::size_t answer_count() const { return answers; }
};

// Kept for every response, ACK and notable request, so its size counts:
// fields are ordered to leave no padding.
struct MessageNotes {
    std::uint32_t frame = 0;
    std::uint16_t index = 0;
    std::uint16_t cseq_method = 0;        // id in CaptureAnalysis::method_name()
    std::uint16_t status = 0;             // three digits on the wire
    MessageRole role = MessageRole::Response;
    AckKind ack_kind = AckKind::None;     // responses: ACK it needs; ACKs: what they acknowledge
    CSeqProblem cseq_problem = CSeqProblem::None;
    bool invite_final : 1 = false;        // first transmission of a final response to INVITE
    bool dialog_moved_on : 1 = false;     // a later message of the dialog came without this ACK
    bool ack_unmatched : 1 = false;       // ACK for an INVITE in the capture that matches no response
    bool ack_delay_odd : 1 = false;       // ACK delay negative or beyond 64*T1: clocks or a very late ACK
    bool alerted : 1 = false;             // responses: their AckMissing alert was raised
    std::uint16_t retransmissions = 0;           // copies of the response before the ACK (saturates)
    std::uint32_t request_frame = kNoFrame;      // INVITE answered
    std::uint32_t retransmission_of = kNoFrame;  // first transmission of this response
    std::uint32_t ack_frame = kNoFrame;          // responses: their ACK
    std::uint32_t response_frame = kNoFrame;     // ACKs (and their ICMP copies): the response acknowledged
    std::uint32_t icmp_bounce_frame = kNoFrame;  // responses and ACKs: an ICMP error quoting the ACK
    std::uint32_t resent_after_ack = kNoFrame;   // responses: first copy sent more than T1 after the ACK
    std::uint32_t details = kNoDetails;          // index for CaptureAnalysis::details()
    std::uint32_t call = kNoCall;                // index for CaptureAnalysis::call(): INVITEs and their finals
    std::uint32_t route_check = kNoDetails;      // 2xx ACKs: index for CaptureAnalysis::route_check()
    std::uint32_t header_texts = kNoDetails;     // index for CaptureAnalysis::header_texts()
    std::int64_t time_ns = 0;
    std::int64_t ack_delay_ns = 0;               // response to ACK (on both)
    bool operator==(const MessageNotes&) const = default;
};
static_assert(sizeof(MessageNotes) <= 72, "MessageNotes is kept per message: keep it small");

// An alert, carried by the first SIP frame (in frame order) whose time
// reaches its deadline: it depends on frame times only, so every pass shows
// the same alerts on the same frames.
struct Alert {
    std::uint32_t frame = 0;        // the frame that carries it
    AlertKind kind = AlertKind::AckMissing;
    bool dialog_moved_on = false;   // AckMissing: known before the window closed
    std::uint32_t about_frame = 0;  // the response (AckMissing) or the INVITE (InviteUnanswered)
    std::uint32_t status = 0;       // AckMissing: the response's code
    std::uint32_t cseq = 0;
    std::int64_t about_time_ns = 0;  // time of the response or INVITE
    std::string_view call_id_text;  // in the analysis' text store, once per Call-ID
    NetEndpoint next_hop;  // InviteUnanswered: where the INVITE went
    std::string_view call_id() const { return call_id_text; }
};

// An ACK route check as kept for every later pass: its texts view the
// analysis' text store (an Ok check's expected and actual are usually the
// same text, stored once).
struct KeptRouteCheck {
    AckRouteVerdict verdict = AckRouteVerdict::NotChecked;
    std::string_view expected, actual, note;  // as in AckRouteCheck
};

// Reason and Warning headers of a message, as received (cut when huge):
// shown and explained on every pass.
struct HeaderTexts {
    std::vector<std::string> reasons;
    std::vector<std::string> warnings;
};

class CaptureAnalysis {
public:
    explicit CaptureAnalysis(AnalysisSettings settings = {});

    // First pass only, in frame order. A frame seen before is ignored, so a
    // repeated pass can never count anything twice.
    void observe(const SipMessage& message);
    // Every frame, SIP or not, in capture order: the last one is the end of
    // the capture, which decides "missing" vs "unconfirmed".
    void observe_time(std::int64_t time_ns);

    // The notes of one frame, in message order. The span is valid until the
    // next call (a frame's brief notes are unpacked into a scratch buffer).
    std::span<const MessageNotes> notes_for_frame(std::uint32_t frame) const;
    // Calls `visit(const MessageNotes&)` for every note, in frame order.
    template <typename Visit>
    void for_each_note(Visit&& visit) const;
    std::size_t note_count() const { return notes_.size() + brief_notes_.size(); }
    std::size_t brief_note_count() const { return brief_notes_.size(); }  // kept in the small form
    std::span<const Alert> alerts_for_frame(std::uint32_t frame) const;
    std::span<const Alert> all_alerts() const { return alerts_; }
    AckOutcome ack_outcome(const MessageNotes& response) const;
    std::optional<ResponseDetails> details(const MessageNotes& notes) const;
    const ChunkedArray<CallRecord>& calls_seen() const { return calls_; }
    // Where the ACK of a 2xx went compared with the 2xx's Contact and
    // Record-Route; nullptr when it could not be checked (no bytes).
    const KeptRouteCheck* route_check(const MessageNotes& notes) const;
    const HeaderTexts* header_texts(const MessageNotes& notes) const;
    const CallRecord* call(const MessageNotes& notes) const;
    CallOutcome call_outcome(const CallRecord& call) const;
    // The final response that decides the call: its first acknowledged 2xx,
    // else its first 2xx, else the rejection; nullptr when there is none.
    const MessageNotes* deciding_final(const CallRecord& call) const;
    // 2xx to BYE; absent when the call was not answered or not ended.
    std::optional<std::int64_t> call_duration_ns(const CallRecord& call) const;
    const std::string& method_name(std::uint16_t id) const;  // "" for id 0

    void set_settings(AnalysisSettings settings) { settings_ = settings; }
    const AnalysisSettings& settings() const { return settings_; }
    std::int64_t capture_start_ns() const { return capture_start_ns_; }
    std::int64_t capture_end_ns() const { return capture_end_ns_; }
    // Calls attempted: dialog-creating INVITEs (no To tag) per Call-ID and
    // From tag; an INVITE resent with credentials after 401/407 is the same call.
    std::uint64_t calls() const { return calls_.size(); }
    // Open state: Call-IDs followed, plus their INVITEs and final responses.
    std::size_t open_transactions() const;

private:
    // The open state is read on every message: its keys (Call-ID, tags,
    // branches) are kept inline when short, so that comparing them reads no
    // memory beyond the record itself.
    using Tag = InlineText<24>;
    using Branch = InlineText<40>;
    struct InviteSeen {
        std::uint32_t cseq;
        std::uint32_t frame;
        Branch branch;
    };
    struct FinalSeen {  // first transmission of an INVITE final response
        std::size_t notes_index;
        std::uint32_t cseq;
        bool success;
        // Neither ACKed nor passed by its dialog yet (the note's ack_frame
        // and dialog_moved_on), kept here to spare a look at the note.
        bool awaiting_ack = true;
        Tag from_tag, to_tag;
        Branch branch;
        std::optional<RouteExpectation> route;  // 2xx: where its ACK must go
    };
    static constexpr std::size_t kMaxCallsPerCallId = 16;  // From tags starting calls under one Call-ID
    // All that is open about one Call-ID, forgotten when it goes idle. The
    // records kept for the whole capture (calls, details, alerts) share one
    // copy of the Call-ID in the text store, made when the first is kept.
    struct CallTrack {
        InlineText<48> call_id;  // empty: the slot is free
        std::string_view kept_call_id;
        std::int64_t last_activity_ns = 0;
        // Indexes in calls_, held inline: nearly every track has one, and a
        // heap block per track cost more to make and free than the search.
        std::array<std::uint32_t, kMaxCallsPerCallId> call_slots{};
        std::uint8_t call_count = 0;
        std::span<const std::uint32_t> calls() const { return {call_slots.data(), call_count}; }
        std::vector<InviteSeen> invites;
        std::vector<FinalSeen> finals;
    };

    // `hash` is the Call-ID's hash, worked out once per message.
    CallTrack& track_for(const SipMessage& message, std::uint64_t hash);
    CallTrack* find_track(std::string_view call_id, std::uint64_t hash);
    void forget_track(std::uint32_t index);
    void observe_response(const SipMessage& message, CallTrack* track, MessageNotes& notes);
    void observe_ack(const SipMessage& message, CallTrack* track, MessageNotes& notes);
    void observe_icmp_copy(const SipMessage& message);
    bool observe_invite(const SipMessage& message, CallTrack& track, MessageNotes& notes);
    void note_call_progress(const SipMessage& message, CallTrack& track, MessageNotes& notes);
    void keep_header_texts(const SipMessage& message, MessageNotes& notes);
    // `track`: the message's open track, nullptr when it cannot be followed.
    void note_message(const SipMessage& message, CallTrack* track, std::int64_t now_ns);
    // The note of a call's i-th 2xx, i < call.answer_count().
    std::uint32_t answer_note(const CallRecord& call, std::size_t i) const {
        return i == 0 ? call.first_answer : later_answers_[call.later_answers][i - 1];
    }
    void schedule_alert(std::int64_t due_ns, AlertKind kind, std::size_t target);
    void raise_due_alerts(const SipMessage& message, std::int64_t now_ns);
    CallRecord* call_of(CallTrack& track, std::string_view caller_tag, std::uint32_t* index = nullptr);
    void note_dialog_activity(const SipMessage& message, CallTrack& track);
    FinalSeen* matching_final(const SipMessage& message, CallTrack& track, AckKind& kind);
    static bool awaits_ack(const FinalSeen& final_seen) { return final_seen.awaiting_ack; }
    std::uint16_t intern_method(std::string_view method);
    // A copy of `text` in the analysis' text store, cut to kMaxKeptText
    // unless it is compared later (tags).
    std::string_view keep_text(std::string_view text, bool cut = true);
    // Like keep_text, for texts that repeat from message to message (the
    // Server header: a handful of products): each is kept once.
    std::string_view keep_common_text(std::string_view text);
    // The INVITE's texts of a new call, kept together (see CallRecord).
    void keep_invite_texts(const SipMessage& invite, CallRecord& call);
    std::string_view kept_call_id(CallTrack& track);
    // The index the next stored note will have in notes_; the note is then
    // kept whole, since something refers to it.
    std::uint32_t next_note_index() {
        note_index_promised_ = true;
        return static_cast<std::uint32_t>(notes_.size());
    }
    void store_note(const MessageNotes& notes);
    void forget_idle(std::int64_t now_ns);

    AnalysisSettings settings_;
    // A note that holds nothing but its message's start line and CSeq (most
    // 1xx, the finals of non-INVITE requests) or the call an INVITE starts:
    // about two notes in three. It is kept in a third of the space and
    // unpacked when asked for.
    struct BriefNote {
        std::uint32_t frame;
        std::uint32_t call;
        std::uint16_t index;
        std::uint16_t status;
        std::uint16_t cseq_method;
        MessageRole role;
        CSeqProblem cseq_problem;
        std::int64_t time_ns;
        static std::optional<BriefNote> of(const MessageNotes& notes);
        MessageNotes unpacked() const;
    };
    static_assert(sizeof(BriefNote) <= 24);
    // Both sorted by (frame, index): appended in frame order.
    ChunkedArray<MessageNotes> notes_;
    ChunkedArray<BriefNote> brief_notes_;
    bool note_index_promised_ = false;
    mutable std::vector<MessageNotes> frame_notes_;  // notes_for_frame's scratch
    std::uint64_t next_position_ = 0;  // lowest (frame, index) not yet observed
    std::int64_t capture_start_ns_ = 0;
    std::int64_t capture_end_ns_ = 0;
    bool time_seen_ = false;
    ChunkedArray<CallRecord> calls_;
    std::vector<std::vector<std::uint32_t>> later_answers_;  // see CallRecord::later_answers
    bool message_seen_ = false;
    std::int64_t previous_message_ns_ = 0;  // time of the last SIP message
    std::int64_t next_sweep_ns_ = 0;
    std::vector<std::string> methods_;
    // Texts of calls, details and route checks, kept until the file is
    // closed: one growing arena instead of a heap block per string.
    std::unique_ptr<std::pmr::monotonic_buffer_resource> texts_ =
        std::make_unique<std::pmr::monotonic_buffer_resource>(std::size_t{64} << 10);
    // Details of a response that names its call's Call-ID, From and To (an
    // INVITE final, nearly always) keep the call's index instead of the
    // three texts; the others are kept whole. MessageNotes::details tells
    // which, by its top bit.
    struct CallResponseDetails {
        std::uint32_t call;
        std::uint32_t cseq;
        std::string_view agent;
        NetEndpoint responder, requester;
    };
    static constexpr std::uint32_t kCallDetailsBit = 0x80000000;
    ChunkedArray<ResponseDetails> details_;
    ChunkedArray<CallResponseDetails> call_details_;
    ChunkedArray<KeptRouteCheck> route_checks_;
    std::string_view last_route_note_;  // route notes repeat from call to call
    std::unordered_set<std::string_view> common_texts_;  // keep_common_text's, bounded
    std::vector<HeaderTexts> header_texts_;
    // Open tracks by Call-ID: tracks_ holds them (a forgotten one's place is
    // reused), track_index_ finds one by the hash of its Call-ID. A track is
    // forgotten two ACK windows after its last message, except while it holds
    // a response still waiting for its ACK (kept, within a budget, so that an
    // ACK with an odd time stamp still finds it).
    std::vector<CallTrack> tracks_;
    std::vector<std::uint32_t> free_tracks_;
    HashSlots track_index_;

    // Alerts waiting for their deadline, earliest first. Targets are indexes
    // in notes_ (AckMissing) or calls_ (InviteUnanswered), which never move.
    struct PendingAlert {
        std::int64_t due_ns;
        AlertKind kind;
        std::size_t target;
        bool operator>(const PendingAlert& other) const { return due_ns > other.due_ns; }
    };
    std::priority_queue<PendingAlert, std::vector<PendingAlert>, std::greater<>> pending_alerts_;
    std::vector<Alert> alerts_;  // in frame order
    // Where the last lookup by frame ended: lookups come in frame order.
    // Lookups change them, so an analysis is not to be read from two threads.
    mutable std::size_t notes_cursor_ = 0;
    mutable std::size_t brief_notes_cursor_ = 0;
    mutable std::size_t alerts_cursor_ = 0;
};

template <typename Visit>
void CaptureAnalysis::for_each_note(Visit&& visit) const {
    const auto before = [](const auto& a, const auto& b) {
        return a.frame != b.frame ? a.frame < b.frame : a.index < b.index;
    };
    auto full = notes_.begin();
    auto brief = brief_notes_.begin();
    while (full != notes_.end() || brief != brief_notes_.end()) {
        if (brief == brief_notes_.end() || (full != notes_.end() && before(*full, *brief))) {
            visit(*full++);
        } else {
            visit((brief++)->unpacked());
        }
    }
}

std::string_view outcome_name(AckOutcome outcome);
std::string_view call_outcome_name(CallOutcome outcome);
std::string_view party_name(CallParty party);
std::string_view alert_name(AlertKind kind);  // "ACK missing", "INVITE unanswered"

}  // namespace sipdiag
