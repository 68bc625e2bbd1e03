#include "sipdiag/capture_analysis.hpp"

#include <algorithm>
#include <string>

namespace sipdiag {
namespace {

constexpr std::size_t kMaxMethods = 256;  // hostile captures may invent any number of methods

// Keys join header values with a byte that cannot occur in them (SIP tokens
// and Call-IDs are printable), so distinct tuples never collide.
template <typename... Parts>
std::string join_key(char kind, const Parts&... parts) {
    std::string key(1, kind);
    ((key += '\x1f', key += parts), ...);
    return key;
}

std::string invite_key(std::string_view call_id, std::uint32_t cseq) {
    return join_key('I', call_id, std::to_string(cseq));
}
// A 2xx is identified by its dialog (tags) and CSeq: forks differ by To tag.
std::string success_key(const SipMessage& m) {
    return join_key('S', m.call_id, std::to_string(*m.cseq), m.from_tag, m.to_tag);
}
// A non-2xx final belongs to the INVITE's server transaction (Via branch).
std::string failure_key(const SipMessage& m) {
    return join_key('N', m.call_id, std::to_string(*m.cseq), m.via_branch, m.to_tag);
}

bool trackable(const SipMessage& m) { return m.cseq.has_value() && !m.call_id.empty(); }

}  // namespace

std::string_view outcome_name(AckOutcome outcome) {
    switch (outcome) {
        case AckOutcome::Acknowledged: return "acknowledged";
        case AckOutcome::Late: return "late";
        case AckOutcome::Missing: return "missing";
        case AckOutcome::Unconfirmed: return "unconfirmed";
        case AckOutcome::NotApplicable: break;
    }
    return "n/a";
}

CaptureAnalysis::CaptureAnalysis(AnalysisSettings settings) : settings_(settings) {
    methods_.emplace_back();  // id 0: no usable CSeq method
}

void CaptureAnalysis::observe_time(std::int64_t time_ns) {
    if (!time_seen_) capture_start_ns_ = capture_end_ns_ = time_ns;
    time_seen_ = true;
    capture_start_ns_ = std::min(capture_start_ns_, time_ns);
    capture_end_ns_ = std::max(capture_end_ns_, time_ns);
}

void CaptureAnalysis::observe(const SipMessage& message) {
    const std::uint64_t position = (std::uint64_t{message.frame} << 16) | message.index;
    if (position < next_position_) return;
    next_position_ = position + 1;
    observe_time(message.time_ns);
    forget_idle(message.time_ns);

    if (message.is_request) {
        if (message.method == "INVITE" && trackable(message)) {
            auto [it, inserted] = invites_.try_emplace(invite_key(message.call_id, *message.cseq),
                                                       InviteSeen{message.frame, message.time_ns});
            if (!inserted) it->second.last_activity_ns = message.time_ns;
            if (message.to_tag.empty()) {
                auto [call, new_call] = recent_calls_.insert_or_assign(std::string(message.call_id), message.time_ns);
                if (new_call) ++calls_;
            }
        }
        note_dialog_activity(message);
        if (message.method != "ACK") return;
    } else {
        note_dialog_activity(message);
    }

    MessageNotes notes;
    notes.frame = message.frame;
    notes.index = message.index;
    notes.time_ns = message.time_ns;
    notes.status = message.status;
    notes.cseq_method = intern_method(message.cseq_method);
    if (message.is_request)
        observe_ack(message, notes);
    else
        observe_response(message, notes);
    notes_.push_back(notes);
}

void CaptureAnalysis::observe_response(const SipMessage& message, MessageNotes& notes) {
    notes.role = MessageRole::Response;
    const auto keep_details = [&] {
        notes.details = static_cast<std::uint32_t>(details_.size());
        details_.push_back(ResponseDetails{std::string(message.call_id), message.cseq.value_or(0),
                                           std::string(message.from_uri), std::string(message.to_uri)});
    };
    if (message.status == 500) keep_details();
    const bool invite_final = message.cseq_method == "INVITE" && message.status >= 200 && message.status <= 699;
    if (!invite_final || !trackable(message)) return;

    const bool success = message.status < 300;
    auto [it, inserted] = finals_.try_emplace(success ? success_key(message) : failure_key(message),
                                              FinalSeen{notes_.size(), message.time_ns});
    if (!inserted) {
        // Same transaction, same To tag: a retransmission, not a new answer.
        it->second.last_activity_ns = message.time_ns;
        MessageNotes& first = notes_[it->second.notes_index];
        notes.retransmission_of = first.frame;
        if (first.ack_frame == kNoFrame) ++first.retransmissions;
        return;
    }
    notes.invite_final = true;
    if (notes.details == kNoDetails) keep_details();
    notes.ack_kind = success ? AckKind::EndToEnd : AckKind::HopByHop;
    if (const auto invite = invites_.find(invite_key(message.call_id, *message.cseq)); invite != invites_.end())
        notes.request_frame = invite->second.frame;
    if (success)
        unacked_2xx_[std::string(message.call_id)].push_back(
            PendingAck{notes_.size(), std::string(message.from_tag), std::string(message.to_tag), *message.cseq});
}

void CaptureAnalysis::observe_ack(const SipMessage& message, MessageNotes& notes) {
    notes.role = MessageRole::Ack;
    if (!trackable(message)) return;

    auto final_seen = finals_.find(failure_key(message));
    notes.ack_kind = AckKind::HopByHop;
    if (final_seen == finals_.end()) {
        final_seen = finals_.find(success_key(message));
        notes.ack_kind = AckKind::EndToEnd;
    }
    if (final_seen == finals_.end()) {
        notes.ack_kind = AckKind::None;
        notes.ack_unmatched = invites_.count(invite_key(message.call_id, *message.cseq)) != 0;
        return;
    }
    final_seen->second.last_activity_ns = message.time_ns;
    MessageNotes& response = notes_[final_seen->second.notes_index];
    notes.response_frame = response.frame;
    notes.ack_delay_ns = message.time_ns - response.time_ns;
    notes.retransmissions = response.retransmissions;
    if (response.ack_frame != kNoFrame) return;  // a repeated ACK
    response.ack_frame = message.frame;
    response.ack_delay_ns = notes.ack_delay_ns;
    if (notes.ack_kind == AckKind::EndToEnd) {
        if (auto pending = unacked_2xx_.find(std::string(message.call_id)); pending != unacked_2xx_.end()) {
            std::erase_if(pending->second, [&](const PendingAck& p) { return p.notes_index == final_seen->second.notes_index; });
            if (pending->second.empty()) unacked_2xx_.erase(pending);
        }
    }
}

// A BYE, re-INVITE, UPDATE... of the same dialog (or a response to one) after
// an unacknowledged 2xx shows the call went on without that ACK.
void CaptureAnalysis::note_dialog_activity(const SipMessage& message) {
    if (!trackable(message) || unacked_2xx_.empty()) return;
    const auto pending = unacked_2xx_.find(std::string(message.call_id));
    if (pending == unacked_2xx_.end()) return;
    const auto m = message.cseq_method;
    if (m == "ACK" || m == "CANCEL" || m == "PRACK") return;

    std::erase_if(pending->second, [&](const PendingAck& p) {
        const bool same_transaction = m == "INVITE" && *message.cseq == p.cseq;
        const bool same_dialog = (message.from_tag == p.from_tag && message.to_tag == p.to_tag) ||
                                 (message.from_tag == p.to_tag && message.to_tag == p.from_tag);
        if (same_transaction || !same_dialog) return false;
        notes_[p.notes_index].dialog_moved_on = true;
        return true;
    });
    if (pending->second.empty()) unacked_2xx_.erase(pending);
}

void CaptureAnalysis::forget_idle(std::int64_t now_ns) {
    if (now_ns < next_sweep_ns_) return;
    const std::int64_t window = settings_.ack_window_ns();
    next_sweep_ns_ = now_ns + window;
    const std::int64_t horizon = now_ns - 2 * window;
    std::erase_if(invites_, [&](const auto& entry) { return entry.second.last_activity_ns < horizon; });
    std::erase_if(recent_calls_, [&](const auto& entry) { return entry.second < horizon; });
    std::erase_if(finals_, [&](const auto& entry) { return entry.second.last_activity_ns < horizon; });
    for (auto it = unacked_2xx_.begin(); it != unacked_2xx_.end();) {
        std::erase_if(it->second, [&](const PendingAck& p) { return notes_[p.notes_index].time_ns < horizon; });
        it = it->second.empty() ? unacked_2xx_.erase(it) : std::next(it);
    }
}

std::uint16_t CaptureAnalysis::intern_method(std::string_view method) {
    if (method.empty()) return 0;
    const auto found = std::find(methods_.begin(), methods_.end(), method);
    if (found != methods_.end()) return static_cast<std::uint16_t>(found - methods_.begin());
    if (methods_.size() >= kMaxMethods) return 0;
    methods_.emplace_back(method);
    return static_cast<std::uint16_t>(methods_.size() - 1);
}

const std::string& CaptureAnalysis::method_name(std::uint16_t id) const {
    return id < methods_.size() ? methods_[id] : methods_.front();
}

std::span<const MessageNotes> CaptureAnalysis::notes_for_frame(std::uint32_t frame) const {
    const auto by_frame = [](const MessageNotes& n, std::uint32_t f) { return n.frame < f; };
    const auto first = std::lower_bound(notes_.begin(), notes_.end(), frame, by_frame);
    auto last = first;
    while (last != notes_.end() && last->frame == frame) ++last;
    return {first, last};
}

const ResponseDetails* CaptureAnalysis::details(const MessageNotes& notes) const {
    return notes.details < details_.size() ? &details_[notes.details] : nullptr;
}

AckOutcome CaptureAnalysis::ack_outcome(const MessageNotes& response) const {
    if (!response.invite_final) return AckOutcome::NotApplicable;
    if (response.ack_frame != kNoFrame)
        return response.retransmissions > 0 ? AckOutcome::Late : AckOutcome::Acknowledged;
    if (response.dialog_moved_on || capture_end_ns_ - response.time_ns >= settings_.ack_window_ns())
        return AckOutcome::Missing;
    return AckOutcome::Unconfirmed;
}

}  // namespace sipdiag
