// Everything sipdiag learns from one capture: per-message notes for SIP
// responses and ACKs, and the INVITE handshake matching (RFC 3261 sections
// 13.3.1.4 and 17; RFC 6026). Fed in frame order on the first pass; read
// back, unchanged, on every later pass.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "sipdiag/sip_message.hpp"

namespace sipdiag {

struct AnalysisSettings {
    std::uint32_t t1_ms = 500;  // RFC 3261 Timer T1
    std::int64_t ack_window_ns() const { return std::int64_t{64} * t1_ms * 1'000'000; }
};

enum class MessageRole : std::uint8_t { Response, Ack };
enum class AckKind : std::uint8_t { None, EndToEnd, HopByHop };  // 2xx / non-2xx ACK
enum class AckOutcome : std::uint8_t {
    NotApplicable,  // not the first transmission of an INVITE final response
    Acknowledged,
    Late,           // acknowledged, but only after the response was retransmitted
    Missing,        // no ACK, and the capture or the dialog shows none is coming
    Unconfirmed,    // no ACK yet, but the capture ends inside the ACK window
};

inline constexpr std::uint32_t kNoFrame = 0;
inline constexpr std::uint32_t kNoDetails = 0xffffffff;

// Who and what a notable response is about, kept only for INVITE final
// responses and 500s: what the expert infos and reports name.
struct ResponseDetails {
    std::string call_id;
    std::uint32_t cseq = 0;
    std::string from_uri;
    std::string to_uri;
};

struct MessageNotes {
    std::uint32_t frame = 0;
    std::uint16_t index = 0;
    MessageRole role = MessageRole::Response;
    AckKind ack_kind = AckKind::None;     // responses: ACK it needs; ACKs: what they acknowledge
    bool invite_final = false;            // first transmission of a final response to INVITE
    bool dialog_moved_on = false;         // a later message of the dialog came without this ACK
    bool ack_unmatched = false;           // ACK for an INVITE in the capture that matches no response
    std::uint32_t status = 0;
    std::uint16_t cseq_method = 0;        // id in CaptureAnalysis::method_name()
    std::int64_t time_ns = 0;
    std::uint32_t request_frame = kNoFrame;      // INVITE answered
    std::uint32_t retransmission_of = kNoFrame;  // first transmission of this response
    std::uint32_t ack_frame = kNoFrame;          // responses: their ACK
    std::uint32_t response_frame = kNoFrame;     // ACKs: the response acknowledged
    std::uint32_t retransmissions = 0;           // copies of the response before the ACK
    std::int64_t ack_delay_ns = 0;               // response to ACK (on both)
    std::uint32_t details = kNoDetails;          // index for CaptureAnalysis::details()
};

class CaptureAnalysis {
public:
    explicit CaptureAnalysis(AnalysisSettings settings = {});

    // First pass only, in frame order. A frame seen before is ignored, so a
    // repeated pass can never count anything twice.
    void observe(const SipMessage& message);
    // Every frame, SIP or not: the capture's end decides "missing" vs "unconfirmed".
    void observe_time(std::int64_t time_ns);

    std::span<const MessageNotes> notes_for_frame(std::uint32_t frame) const;
    std::span<const MessageNotes> all_notes() const { return notes_; }
    AckOutcome ack_outcome(const MessageNotes& response) const;
    const ResponseDetails* details(const MessageNotes& notes) const;
    const std::string& method_name(std::uint16_t id) const;  // "" for id 0

    void set_settings(AnalysisSettings settings) { settings_ = settings; }
    const AnalysisSettings& settings() const { return settings_; }
    std::int64_t capture_start_ns() const { return capture_start_ns_; }
    std::int64_t capture_end_ns() const { return capture_end_ns_; }
    // Calls attempted: Call-IDs of dialog-creating INVITEs (no To tag); an
    // INVITE resent with credentials after 401/407 is the same call.
    std::uint64_t calls() const { return calls_; }
    std::size_t open_transactions() const {
        return invites_.size() + finals_.size() + unacked_2xx_.size() + recent_calls_.size();
    }

private:
    struct InviteSeen {
        std::uint32_t frame;
        std::int64_t last_activity_ns;
    };
    struct FinalSeen {
        std::size_t notes_index;
        std::int64_t last_activity_ns;
    };
    struct PendingAck {  // an unacknowledged 2xx and the dialog it creates
        std::size_t notes_index;
        std::string from_tag, to_tag;
        std::uint32_t cseq;
    };

    void observe_response(const SipMessage& message, MessageNotes& notes);
    void observe_ack(const SipMessage& message, MessageNotes& notes);
    void note_dialog_activity(const SipMessage& message);
    std::uint16_t intern_method(std::string_view method);
    void forget_idle(std::int64_t now_ns);

    AnalysisSettings settings_;
    std::vector<MessageNotes> notes_;  // sorted by (frame, index): appended in frame order
    std::uint64_t next_position_ = 0;  // lowest (frame, index) not yet observed
    std::int64_t capture_start_ns_ = 0;
    std::int64_t capture_end_ns_ = 0;
    bool time_seen_ = false;
    std::uint64_t calls_ = 0;
    std::int64_t next_sweep_ns_ = 0;
    std::vector<std::string> methods_;
    std::vector<ResponseDetails> details_;
    // Open transactions, keyed by the header values that identify them;
    // forgotten once idle for two ACK windows, so they never outgrow the
    // calls in progress.
    std::unordered_map<std::string, InviteSeen> invites_;    // Call-ID, CSeq
    std::unordered_map<std::string, std::int64_t> recent_calls_;  // Call-ID -> last initial INVITE
    std::unordered_map<std::string, FinalSeen> finals_;      // 2xx: dialog + CSeq; non-2xx: branch + CSeq
    std::unordered_map<std::string, std::vector<PendingAck>> unacked_2xx_;  // by Call-ID
};

std::string_view outcome_name(AckOutcome outcome);

}  // namespace sipdiag
