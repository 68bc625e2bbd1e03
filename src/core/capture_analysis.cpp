#include "sipdiag/capture_analysis.hpp"

#include <algorithm>
#include <cstring>
#include <string>
#include <type_traits>

#include "sipdiag/header_block.hpp"
#include "sipdiag/sip_headers_reader.hpp"
#include "sipdiag/sip_time.hpp"
#include "text.hpp"

namespace sipdiag {
namespace {

// Where the items of `frame` lie in `items` (sorted by frame): [first, last).
// Passes ask for every frame in order, so the previous lookup's end
// (`cursor`) is almost always where the next one starts: checking that first
// spares a binary search whose every step is a cache miss on a large capture.
template <typename Items>
std::pair<std::size_t, std::size_t> frame_range(const Items& items, std::uint32_t frame, std::size_t& cursor) {
    std::size_t first = cursor;
    const bool hint_holds = first <= items.size() && (first == 0 || items[first - 1].frame < frame) &&
                            (first == items.size() || items[first].frame >= frame);
    if (!hint_holds) {
        const auto by_frame = [](const auto& item, std::uint32_t f) { return item.frame < f; };
        first = static_cast<std::size_t>(std::lower_bound(items.begin(), items.end(), frame, by_frame) - items.begin());
    }
    std::size_t last = first;
    while (last < items.size() && items[last].frame == frame) ++last;
    cursor = last;
    return {first, last};
}

constexpr std::size_t kMaxMethods = 256;         // hostile captures may invent any number of methods
constexpr std::size_t kMaxFinalsPerCall = 256;   // forks; more is an attack, not a call
constexpr std::size_t kMaxInvitesPerCall = 256;  // re-INVITEs and credential retries
constexpr std::size_t kMaxHeaderTextsPerMessage = 8;  // Reason or Warning lines kept per message
constexpr std::size_t kMaxHeaderTextBytes = 1024;     // a Reason with 10 kB of text is cut here
// Calls kept past their idle time because a response still waits for its
// ACK: at most this many bytes of Call-ID, then the longest idle go first.
constexpr std::size_t kLingeringBudgetBytes = std::size_t{16} << 20;
constexpr std::size_t kLingeringOverheadBytes = 256;  // per call: maps, vectors, tags

bool trackable(const SipMessage& m) { return m.cseq.has_value() && !m.call_id.empty(); }

bool same_dialog(const SipMessage& m, std::string_view from_tag, std::string_view to_tag) {
    return (m.from_tag == from_tag && m.to_tag == to_tag) || (m.from_tag == to_tag && m.to_tag == from_tag);
}

}  // namespace

std::string_view call_outcome_name(CallOutcome outcome) {
    switch (outcome) {
        case CallOutcome::Answered: return "answered";
        case CallOutcome::AnsweredNoAck: return "answered-no-ack";
        case CallOutcome::Rejected: return "rejected";
        case CallOutcome::Cancelled: return "cancelled";
        case CallOutcome::Unanswered: return "unanswered";
        case CallOutcome::Undecided: break;
    }
    return "undecided";
}

std::string_view alert_name(AlertKind kind) {
    return kind == AlertKind::AckMissing ? "ACK missing" : "INVITE unanswered";
}

std::string_view party_name(CallParty party) {
    switch (party) {
        case CallParty::Caller: return "caller";
        case CallParty::Callee: return "callee";
        case CallParty::None: break;
    }
    return "";
}

std::string_view outcome_name(AckOutcome outcome) {
    switch (outcome) {
        case AckOutcome::Acknowledged: return "acknowledged";
        case AckOutcome::Late: return "late";
        case AckOutcome::Missing: return "missing";
        case AckOutcome::Unconfirmed: return "unconfirmed";
        case AckOutcome::NotAccepted: return "not-accepted";
        case AckOutcome::NotApplicable: break;
    }
    return "n/a";
}

CaptureAnalysis::CaptureAnalysis(AnalysisSettings settings) : settings_(settings) {
    methods_.emplace_back();  // id 0: no usable CSeq method
}

void CaptureAnalysis::observe_time(std::int64_t time_ns) {
    if (!time_seen_) capture_start_ns_ = time_ns;
    time_seen_ = true;
    capture_end_ns_ = time_ns;  // capture order, not the largest time stamp
}

std::size_t CaptureAnalysis::open_transactions() const {
    std::size_t open = track_index_.size();
    for (const CallTrack& track : tracks_) open += track.invites.size() + track.finals.size();
    return open;
}

namespace {
std::uint64_t call_id_hash(std::string_view call_id) { return std::hash<std::string_view>()(call_id); }
}  // namespace

CaptureAnalysis::CallTrack* CaptureAnalysis::find_track(std::string_view call_id, std::uint64_t hash) {
    const auto found = track_index_.find(hash, [&](std::uint32_t index) { return tracks_[index].call_id == call_id; });
    return found ? &tracks_[*found] : nullptr;
}

CaptureAnalysis::CallTrack& CaptureAnalysis::track_for(const SipMessage& message, std::uint64_t hash) {
    if (CallTrack* track = find_track(message.call_id, hash)) return *track;
    std::uint32_t index;
    if (free_tracks_.empty()) {
        index = static_cast<std::uint32_t>(tracks_.size());
        tracks_.emplace_back();
    } else {
        index = free_tracks_.back();
        free_tracks_.pop_back();
    }
    CallTrack& track = tracks_[index];
    track.call_id.assign(message.call_id);
    track_index_.insert(hash, index);
    return track;
}

void CaptureAnalysis::forget_track(std::uint32_t index) {
    CallTrack& track = tracks_[index];
    track_index_.erase(call_id_hash(track.call_id.view()), index);
    track = CallTrack{};  // gives its memory back
    free_tracks_.push_back(index);
}

void CaptureAnalysis::observe(const SipMessage& message) {
    const std::uint64_t position = (std::uint64_t{message.frame} << 16) | message.index;
    if (position < next_position_) return;
    next_position_ = position + 1;
    observe_time(message.time_ns);
    if (message.in_icmp_error) {
        observe_icmp_copy(message);
        return;
    }
    if (!message_seen_) previous_message_ns_ = message.time_ns;
    message_seen_ = true;
    // One frame dated far ahead must not make everything look idle: the
    // clock used for forgetting is the earlier of this message and the last.
    const std::int64_t trusted_now = std::min(message.time_ns, previous_message_ns_);
    // Alerts are said on time: a step of up to one ACK window from the last
    // message is believed; a larger one waits for the next message to confirm it.
    const bool plausible_step =
        saturating_sub(message.time_ns, previous_message_ns_) <= settings_.ack_window_ns();
    const std::int64_t alert_now = plausible_step ? message.time_ns : trusted_now;
    previous_message_ns_ = message.time_ns;
    forget_idle(trusted_now);

    CallTrack* track = trackable(message) ? &track_for(message, call_id_hash(message.call_id)) : nullptr;
    note_message(message, track, trusted_now);
    raise_due_alerts(message, alert_now);
}

void CaptureAnalysis::note_message(const SipMessage& message, CallTrack* track, std::int64_t now_ns) {
    if (track != nullptr) {
        track->last_activity_ns = now_ns;
        note_dialog_activity(message, *track);
    }

    MessageNotes notes;
    notes.frame = message.frame;
    notes.index = message.index;
    notes.time_ns = message.time_ns;
    notes.status = static_cast<std::uint16_t>(std::min<std::uint32_t>(message.status, UINT16_MAX));
    notes.cseq_method = intern_method(message.cseq_method);
    if (!message.cseq) notes.cseq_problem = message.cseq_header ? CSeqProblem::Unreadable : CSeqProblem::Missing;

    if (message.is_request) {
        if (message.method == "INVITE" && track != nullptr) {
            if (observe_invite(message, *track, notes)) store_note(notes);
            return;
        }
        if (track != nullptr) note_call_progress(message, *track, notes);
        keep_header_texts(message, notes);
        if (message.method == "ACK") {
            observe_ack(message, track, notes);
        } else if (notes.cseq_problem != CSeqProblem::None || notes.header_texts != kNoDetails) {
            notes.role = MessageRole::Request;
        } else {
            return;
        }
    } else {
        observe_response(message, track, notes);
        if (track != nullptr) note_call_progress(message, *track, notes);
        keep_header_texts(message, notes);
    }
    store_note(notes);
}

// Most messages carry neither header: looking only at the first letters of
// each line (one memchr per line) spares them a walk over every header.
static bool may_hold_reason_or_warning(std::string_view block) {
    std::size_t at = 0;
    while (at < block.size()) {
        const char first = text::lower(block[at]);
        const std::string_view line = block.substr(at);
        if ((first == 'r' && text::starts_with_lower(line, "reason")) ||
            (first == 'w' && text::starts_with_lower(line, "warning")))
            return true;
        const void* end = std::memchr(block.data() + at, '\n', block.size() - at);
        if (end == nullptr) break;
        at = static_cast<std::size_t>(static_cast<const char*>(end) - block.data()) + 1;
    }
    return false;
}

void CaptureAnalysis::keep_header_texts(const SipMessage& message, MessageNotes& notes) {
    if (message.more_headers_read ? !message.reason_or_warning_line : !may_hold_reason_or_warning(message.header_block))
        return;
    HeaderTexts texts;
    const auto keep = [](std::vector<std::string>& kept, std::string_view value) {
        if (kept.size() >= kMaxHeaderTextsPerMessage) return;
        kept.emplace_back(value.substr(0, kMaxHeaderTextBytes));
    };
    const auto take = [&](const HeaderField& field) {
        keep(field.name == HeaderName::Reason ? texts.reasons : texts.warnings, field.value);
        return true;
    };
    for_each_header_named(message.header_block, {HeaderName::Reason, HeaderName::Warning}, take);
    if (texts.reasons.empty() && texts.warnings.empty()) return;
    notes.header_texts = static_cast<std::uint32_t>(header_texts_.size());
    header_texts_.push_back(std::move(texts));
}

CallRecord* CaptureAnalysis::call_of(CallTrack& track, std::string_view caller_tag, std::uint32_t* index) {
    for (const std::uint32_t i : track.calls()) {
        if (calls_[i].from_tag() != caller_tag) continue;
        if (index != nullptr) *index = i;
        return &calls_[i];
    }
    return nullptr;
}

// Notes an INVITE; true when it deserves a note of its own: it starts a
// call, or it is a retransmission (same CSeq and branch as one seen).
bool CaptureAnalysis::observe_invite(const SipMessage& message, CallTrack& track, MessageNotes& notes) {
    const std::uint32_t cseq = *message.cseq;
    for (const InviteSeen& seen : track.invites) {
        if (seen.cseq != cseq || seen.branch != message.via_branch) continue;
        notes.role = MessageRole::Invite;
        notes.retransmission_of = seen.frame;
        return true;
    }
    if (track.invites.size() >= kMaxInvitesPerCall) track.invites.erase(track.invites.begin());
    track.invites.push_back(InviteSeen{cseq, message.frame, Branch(message.via_branch)});
    if (!message.to_tag.empty()) return false;  // a re-INVITE: part of a call, not a new one
    std::uint32_t call_index = kNoCall;
    if (CallRecord* call = call_of(track, message.from_tag, &call_index)) {
        if (cseq > call->latest_cseq) {  // a new attempt, e.g. with credentials after 401/407
            call->latest_cseq = cseq;
            call->latest_invite_ns = message.time_ns;
            call->provisional = false;
            call->cancel_seen = false;
            call->responded = false;
            call->rejection = kNoNote;
            schedule_alert(saturating_add(message.time_ns, settings_.ack_window_ns()), AlertKind::InviteUnanswered,
                           call_index);
        }
        return false;
    }
    if (track.call_count >= kMaxCallsPerCallId) return false;
    notes.role = MessageRole::Invite;
    notes.call = static_cast<std::uint32_t>(calls_.size());
    track.call_slots[track.call_count++] = notes.call;
    CallRecord& call = calls_.emplace_back();
    call.call_id_text = kept_call_id(track);
    keep_invite_texts(message, call);
    call.caller = message.source;
    call.next_hop = message.destination;
    call.invite_frame = message.frame;
    call.invite_time_ns = message.time_ns;
    call.first_cseq = call.latest_cseq = cseq;
    call.latest_invite_ns = message.time_ns;
    schedule_alert(saturating_add(message.time_ns, settings_.ack_window_ns()), AlertKind::InviteUnanswered, notes.call);
    return true;
}

// What responses to a call's INVITEs, its CANCEL and its BYE say about the
// call. Called before `notes` is stored: its index is next_note_index().
void CaptureAnalysis::note_call_progress(const SipMessage& message, CallTrack& track, MessageNotes& notes) {
    const std::uint32_t cseq = *message.cseq;
    if (!message.is_request) {
        if (message.cseq_method != "INVITE") return;
        std::uint32_t index = kNoCall;
        CallRecord* call = call_of(track, message.from_tag, &index);
        if (call == nullptr || cseq < call->first_cseq || cseq > call->latest_cseq) return;  // re-INVITEs
        call->responded |= cseq == call->latest_cseq;
        if (message.status < 200) {
            call->provisional |= cseq == call->latest_cseq;
            return;
        }
        if (!notes.invite_final) return;
        if (message.status < 300) {
            if (!call->answered()) {
                call->first_answer = next_note_index();
                call->answers = 1;
            } else if (call->answer_count() < kMaxFinalsPerCall) {
                if (call->later_answers == kNoNote) {
                    call->later_answers = static_cast<std::uint32_t>(later_answers_.size());
                    later_answers_.emplace_back();
                }
                later_answers_[call->later_answers].push_back(next_note_index());
                ++call->answers;
            }
        } else if (cseq == call->latest_cseq && call->rejection == kNoNote) {
            call->rejection = next_note_index();
        }
        notes.call = index;
        return;
    }
    if (message.method == "CANCEL") {
        if (CallRecord* call = call_of(track, message.from_tag); call != nullptr && cseq == call->latest_cseq)
            call->cancel_seen = true;
        return;
    }
    if (message.method != "BYE") return;
    for (const std::uint32_t i : track.calls()) {
        CallRecord& call = calls_[i];
        const bool caller_sent = call.from_tag() == message.from_tag;
        if (!call.answered() || call.bye_frame != kNoFrame || (!caller_sent && call.from_tag() != message.to_tag))
            continue;
        call.bye_frame = message.frame;
        call.bye_ns = message.time_ns;
        call.ended_by = caller_sent ? CallParty::Caller : CallParty::Callee;
        call.bye_reason = keep_text(header_value(message, HeaderName::Reason));
        return;
    }
}

void CaptureAnalysis::observe_response(const SipMessage& message, CallTrack* track, MessageNotes& notes) {
    notes.role = MessageRole::Response;
    const auto keep_details = [&] {
        std::string_view agent = header_value(message, HeaderName::Server);
        if (agent.empty()) agent = header_value(message, HeaderName::UserAgent);
        std::uint32_t call_index = kNoCall;
        const CallRecord* call = track != nullptr ? call_of(*track, message.from_tag, &call_index) : nullptr;
        if (call != nullptr && call->from_uri() == message.from_uri && call->to_uri() == message.to_uri &&
            details_.size() + call_details_.size() < kCallDetailsBit) {
            notes.details = kCallDetailsBit | static_cast<std::uint32_t>(call_details_.size());
            call_details_.push_back(CallResponseDetails{call_index, message.cseq.value_or(0), keep_common_text(agent),
                                                        message.source, message.destination});
            return;
        }
        if (details_.size() >= kCallDetailsBit) return;
        notes.details = static_cast<std::uint32_t>(details_.size());
        ResponseDetails& kept = details_.emplace_back();
        kept.call_id_text = track != nullptr ? kept_call_id(*track) : keep_text(message.call_id, false);
        kept.cseq = message.cseq.value_or(0);
        kept.from_uri = keep_text(message.from_uri);
        kept.to_uri = keep_text(message.to_uri);
        kept.responder = message.source;
        kept.requester = message.destination;
        kept.agent = keep_common_text(agent);
    };
    if (message.status == 500) keep_details();
    const bool invite_final = message.cseq_method == "INVITE" && message.status >= 200 && message.status <= 699;
    if (!invite_final || track == nullptr) return;

    const bool success = message.status < 300;
    const std::uint32_t cseq = *message.cseq;
    for (FinalSeen& seen : track->finals) {
        // A 2xx is identified by its dialog (forks differ by To tag); a
        // non-2xx belongs to the INVITE's server transaction (Via branch).
        const bool same = seen.success == success && seen.cseq == cseq && seen.to_tag == message.to_tag &&
                          (success ? seen.from_tag == message.from_tag : seen.branch == message.via_branch);
        if (!same) continue;
        MessageNotes& first = notes_[seen.notes_index];
        notes.retransmission_of = first.frame;
        if (first.ack_frame == kNoFrame) {
            if (first.retransmissions < UINT16_MAX) ++first.retransmissions;
        } else if (first.resent_after_ack == kNoFrame) {
            // A copy that crossed the ACK on the wire arrives within about one
            // round trip (T1) of it; one sent later proves the ACK was lost
            // or refused on its way to the sender of the response.
            const std::int64_t ack_time = saturating_add(first.time_ns, first.ack_delay_ns);
            if (saturating_sub(message.time_ns, ack_time) > settings_.t1_ns()) first.resent_after_ack = message.frame;
        }
        return;
    }
    notes.invite_final = true;
    if (notes.details == kNoDetails) keep_details();
    notes.ack_kind = success ? AckKind::EndToEnd : AckKind::HopByHop;
    for (const InviteSeen& invite : track->invites) {
        if (invite.cseq != cseq) continue;
        if (invite.branch == message.via_branch) {  // the INVITE of this very transaction
            notes.request_frame = invite.frame;
            break;
        }
        notes.request_frame = invite.frame;
    }
    if (track->finals.size() >= kMaxFinalsPerCall) track->finals.erase(track->finals.begin());
    FinalSeen& kept = track->finals.emplace_back(FinalSeen{next_note_index(), cseq, success, true, Tag(message.from_tag),
                                                           Tag(message.to_tag), Branch(message.via_branch),
                                                           std::nullopt});
    if (success && !message.header_block.empty()) {
        kept.route = route_expectation_of(message);
        kept.route->answered_from = message.source;
        kept.route->answered_over = message.transport;
    }
    schedule_alert(saturating_add(message.time_ns, settings_.ack_window_ns()), AlertKind::AckMissing, next_note_index());
}

// The final response an ACK acknowledges: a non-2xx by the INVITE's branch
// (hop by hop), else a 2xx by the dialog's tags (end to end).
CaptureAnalysis::FinalSeen* CaptureAnalysis::matching_final(const SipMessage& message, CallTrack& track,
                                                            AckKind& kind) {
    const std::uint32_t cseq = *message.cseq;
    for (FinalSeen& seen : track.finals) {
        if (!seen.success && seen.cseq == cseq && seen.branch == message.via_branch && seen.to_tag == message.to_tag) {
            kind = AckKind::HopByHop;
            return &seen;
        }
    }
    for (FinalSeen& seen : track.finals) {
        if (seen.success && seen.cseq == cseq && seen.from_tag == message.from_tag && seen.to_tag == message.to_tag) {
            kind = AckKind::EndToEnd;
            return &seen;
        }
    }
    kind = AckKind::None;
    return nullptr;
}

void CaptureAnalysis::observe_ack(const SipMessage& message, CallTrack* track, MessageNotes& notes) {
    notes.role = MessageRole::Ack;
    if (track == nullptr) return;
    FinalSeen* seen = matching_final(message, *track, notes.ack_kind);
    if (seen == nullptr) {
        const std::uint32_t cseq = *message.cseq;
        notes.ack_unmatched = std::any_of(track->invites.begin(), track->invites.end(),
                                          [&](const InviteSeen& i) { return i.cseq == cseq; });
        return;
    }
    MessageNotes& response = notes_[seen->notes_index];
    notes.response_frame = response.frame;
    if (notes.ack_kind == AckKind::EndToEnd && seen->route && !message.header_block.empty()) {
        notes.route_check = static_cast<std::uint32_t>(route_checks_.size());
        const AckRouteCheck check = check_ack_route(*seen->route, message);
        KeptRouteCheck& kept = route_checks_.emplace_back();
        kept.verdict = check.verdict;
        kept.expected = keep_text(check.expected, false);
        kept.actual = check.actual == check.expected ? kept.expected : keep_text(check.actual, false);
        if (check.note != last_route_note_) last_route_note_ = keep_text(check.note, false);
        kept.note = last_route_note_;
    }
    notes.ack_delay_ns = saturating_sub(message.time_ns, response.time_ns);
    notes.ack_delay_odd = notes.ack_delay_ns < 0 || notes.ack_delay_ns > settings_.ack_window_ns();
    notes.retransmissions = response.retransmissions;
    if (response.ack_frame != kNoFrame) return;  // a repeated ACK
    response.ack_frame = message.frame;
    seen->awaiting_ack = false;
    response.ack_delay_ns = notes.ack_delay_ns;
    response.ack_delay_odd = notes.ack_delay_odd;
}

// An ICMP error quoting an ACK proves that this ACK bounced: it is not
// traffic, but it is worth saying on the response, the ACK and itself.
void CaptureAnalysis::observe_icmp_copy(const SipMessage& message) {
    if (!message.is_request || message.method != "ACK" || !trackable(message)) return;
    CallTrack* track = find_track(message.call_id, call_id_hash(message.call_id));
    if (track == nullptr) return;
    AckKind kind = AckKind::None;
    const FinalSeen* seen = matching_final(message, *track, kind);
    if (seen == nullptr) return;
    MessageNotes& response = notes_[seen->notes_index];
    if (response.icmp_bounce_frame == kNoFrame) response.icmp_bounce_frame = message.frame;
    if (response.ack_frame != kNoFrame) {
        std::size_t no_hint = 0;  // a one-off lookup: the passes' cursor stays where it is
        const auto [first, last] = frame_range(notes_, response.ack_frame, no_hint);
        for (std::size_t i = first; i < last; ++i) {
            MessageNotes& ack = notes_[i];
            if (ack.role == MessageRole::Ack && ack.icmp_bounce_frame == kNoFrame) ack.icmp_bounce_frame = message.frame;
        }
    }
    MessageNotes notes;
    notes.frame = message.frame;
    notes.index = message.index;
    notes.time_ns = message.time_ns;
    notes.role = MessageRole::Ack;
    notes.ack_kind = kind;
    notes.cseq_method = intern_method(message.cseq_method);
    notes.response_frame = response.frame;
    notes.icmp_bounce_frame = message.frame;  // this frame is the bounce itself
    store_note(notes);
}

void CaptureAnalysis::schedule_alert(std::int64_t due_ns, AlertKind kind, std::size_t target) {
    pending_alerts_.push(PendingAlert{due_ns, kind, target});
}

// Raises, on this message's frame, every alert whose deadline has come and
// whose condition still holds: an ACK that came in the meantime, or a
// response to the INVITE, takes it back before it is said.
void CaptureAnalysis::raise_due_alerts(const SipMessage& message, std::int64_t now_ns) {
    const std::int64_t window = settings_.ack_window_ns();
    while (!pending_alerts_.empty() && pending_alerts_.top().due_ns <= now_ns) {
        const PendingAlert due = pending_alerts_.top();
        pending_alerts_.pop();
        Alert alert;
        alert.frame = message.frame;
        alert.kind = due.kind;
        if (due.kind == AlertKind::AckMissing) {
            MessageNotes& response = notes_[due.target];
            const bool window_closed = saturating_sub(now_ns, response.time_ns) >= window;
            if (response.alerted || response.ack_frame != kNoFrame || !(window_closed || response.dialog_moved_on))
                continue;
            response.alerted = true;
            alert.dialog_moved_on = !window_closed;
            alert.about_frame = response.frame;
            alert.status = response.status;
            alert.about_time_ns = response.time_ns;
            if (const std::optional<ResponseDetails> kept = details(response)) {
                alert.call_id_text = kept->call_id_text;
                alert.cseq = kept->cseq;
            }
        } else {
            CallRecord& call = calls_[due.target];
            if (call.alerted || call.responded || call.answered() || call.rejection != kNoNote ||
                saturating_sub(now_ns, call.latest_invite_ns) < window)
                continue;
            call.alerted = true;
            alert.about_frame = call.invite_frame;
            alert.about_time_ns = call.latest_invite_ns;
            alert.call_id_text = call.call_id_text;
            alert.cseq = call.latest_cseq;
            alert.next_hop = call.next_hop;
        }
        alerts_.push_back(std::move(alert));
    }
}

std::span<const Alert> CaptureAnalysis::alerts_for_frame(std::uint32_t frame) const {
    const auto [first, last] = frame_range(alerts_, frame, alerts_cursor_);
    return std::span<const Alert>(alerts_).subspan(first, last - first);
}

// A later message of the dialog after an unacknowledged 2xx (a BYE,
// re-INVITE, UPDATE... or a response to one), or a new request of the caller
// after an unacknowledged non-2xx (a retry with credentials, a BYE), shows
// that the call went on without that ACK: it is not coming.
void CaptureAnalysis::note_dialog_activity(const SipMessage& message, CallTrack& track) {
    const std::string_view method = message.cseq_method;
    if (method == "ACK" || method == "CANCEL" || method == "PRACK") return;
    const std::uint32_t cseq = *message.cseq;
    for (FinalSeen& seen : track.finals) {
        if (!awaits_ack(seen)) continue;
        bool moved_on = false;
        if (seen.success) {
            const bool same_transaction = method == "INVITE" && cseq == seen.cseq;
            moved_on = !same_transaction && same_dialog(message, seen.from_tag.view(), seen.to_tag.view());
        } else {
            moved_on = message.is_request && message.from_tag == seen.from_tag && cseq > seen.cseq;
        }
        if (!moved_on) continue;
        notes_[seen.notes_index].dialog_moved_on = true;
        seen.awaiting_ack = false;
        schedule_alert(track.last_activity_ns, AlertKind::AckMissing, seen.notes_index);
    }
}

void CaptureAnalysis::forget_idle(std::int64_t now_ns) {
    const std::int64_t window = settings_.ack_window_ns();
    // Not yet due -- unless the schedule lies far ahead of the clock, which
    // happens after frames dated in the future: then start again from now.
    if (now_ns < next_sweep_ns_ && saturating_sub(next_sweep_ns_, now_ns) <= 2 * window) return;
    next_sweep_ns_ = saturating_add(now_ns, window);
    const std::int64_t horizon = saturating_sub(now_ns, 2 * window);

    struct Lingering {
        std::int64_t last_activity_ns;
        std::uint32_t track;
        std::size_t bytes;
    };
    std::vector<Lingering> lingering;
    std::size_t lingering_bytes = 0;
    for (std::uint32_t index = 0; index < tracks_.size(); ++index) {
        const CallTrack& track = tracks_[index];
        if (track.call_id.empty() || track.last_activity_ns >= horizon) continue;
        if (std::any_of(track.finals.begin(), track.finals.end(), [&](const FinalSeen& f) { return awaits_ack(f); })) {
            const std::size_t bytes = track.call_id.size() + kLingeringOverheadBytes;
            lingering.push_back({track.last_activity_ns, index, bytes});
            lingering_bytes += bytes;
            continue;
        }
        forget_track(index);
    }
    if (lingering_bytes <= kLingeringBudgetBytes) return;
    // Over budget: forget the longest idle until half the budget is left.
    std::sort(lingering.begin(), lingering.end(),
              [](const Lingering& a, const Lingering& b) { return a.last_activity_ns < b.last_activity_ns; });
    for (const Lingering& entry : lingering) {
        if (lingering_bytes <= kLingeringBudgetBytes / 2) break;
        lingering_bytes -= entry.bytes;
        forget_track(entry.track);
    }
}

std::string_view CaptureAnalysis::kept_call_id(CallTrack& track) {
    if (track.kept_call_id.empty()) track.kept_call_id = keep_text(track.call_id.view(), false);  // compared whole
    return track.kept_call_id;
}

namespace {
// A text as kept: whole, or cut to kMaxKeptText with "..." at the end.
struct KeptForm {
    static constexpr std::string_view kEllipsis = "...";
    std::string_view head;
    bool cut;
    KeptForm(std::string_view text, bool may_cut)
        : head(may_cut && text.size() > kMaxKeptText ? text.substr(0, kMaxKeptText - kEllipsis.size()) : text),
          cut(head.size() < text.size()) {}
    std::size_t size() const { return head.size() + (cut ? kEllipsis.size() : 0); }
    char* copy_to(char* out) const {
        out = std::copy(head.begin(), head.end(), out);
        return cut ? std::copy(kEllipsis.begin(), kEllipsis.end(), out) : out;
    }
};

std::string_view store(std::pmr::memory_resource& arena, const KeptForm& form) {
    if (form.size() == 0) return {};
    char* copy = static_cast<char*>(arena.allocate(form.size(), 1));
    form.copy_to(copy);
    return {copy, form.size()};
}
}  // namespace

std::string_view CaptureAnalysis::keep_text(std::string_view text, bool cut) {
    return store(*texts_, KeptForm(text, cut));
}

std::string_view CaptureAnalysis::keep_common_text(std::string_view text) {
    // Past this many different texts they are not common: each is then kept
    // on its own, so that a capture of random values costs no more than before.
    constexpr std::size_t kMaxCommonTexts = 256;
    const KeptForm form(text, true);
    if (form.cut || form.size() == 0) return store(*texts_, form);
    if (const auto found = common_texts_.find(form.head); found != common_texts_.end()) return *found;
    const std::string_view kept = store(*texts_, form);
    if (common_texts_.size() < kMaxCommonTexts) common_texts_.insert(kept);
    return kept;
}

void CaptureAnalysis::keep_invite_texts(const SipMessage& invite, CallRecord& call) {
    const KeptForm forms[] = {{invite.from_tag, false},  // compared whole, never cut
                              {invite.request_uri, true},
                              {invite.from_uri, true},
                              {invite.to_uri, true},
                              {header_value(invite, HeaderName::UserAgent), true}};
    static_assert(std::size(forms) == std::extent_v<decltype(CallRecord::invite_text_ends)>);
    std::size_t total = 0;
    for (const KeptForm& form : forms) total += form.size();
    // The from tag is bounded by the message, the others by kMaxKeptText.
    if (total == 0 || total > UINT32_MAX) return;
    char* block = static_cast<char*>(texts_->allocate(total, 1));
    char* end = block;
    for (std::size_t i = 0; i < std::size(forms); ++i) {
        end = forms[i].copy_to(end);
        call.invite_text_ends[i] = static_cast<std::uint32_t>(end - block);
    }
    call.invite_texts = block;
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

std::optional<CaptureAnalysis::BriefNote> CaptureAnalysis::BriefNote::of(const MessageNotes& notes) {
    const BriefNote brief{notes.frame,       notes.call, notes.index,        notes.status,
                          notes.cseq_method, notes.role, notes.cseq_problem, notes.time_ns};
    if (brief.unpacked() != notes) return std::nullopt;  // it says more than a brief note holds
    return brief;
}

MessageNotes CaptureAnalysis::BriefNote::unpacked() const {
    MessageNotes notes;
    notes.frame = frame;
    notes.call = call;
    notes.index = index;
    notes.status = status;
    notes.cseq_method = cseq_method;
    notes.role = role;
    notes.cseq_problem = cseq_problem;
    notes.time_ns = time_ns;
    return notes;
}

void CaptureAnalysis::store_note(const MessageNotes& notes) {
    const std::optional<BriefNote> brief = note_index_promised_ ? std::nullopt : BriefNote::of(notes);
    if (brief) {
        brief_notes_.push_back(*brief);
    } else {
        notes_.push_back(notes);
    }
    note_index_promised_ = false;
}

std::span<const MessageNotes> CaptureAnalysis::notes_for_frame(std::uint32_t frame) const {
    const auto [full_first, full_last] = frame_range(notes_, frame, notes_cursor_);
    const auto [brief_first, brief_last] = frame_range(brief_notes_, frame, brief_notes_cursor_);
    if (brief_first == brief_last && full_first == full_last) return {};
    // Nearly always one note, handed out in place.
    if (brief_first == brief_last && decltype(notes_)::contiguous(full_first, full_last))
        return {&notes_[full_first], full_last - full_first};
    frame_notes_.clear();
    std::size_t next_full = full_first;
    for (std::size_t b = brief_first; b < brief_last; ++b) {
        const BriefNote& brief = brief_notes_[b];
        while (next_full < full_last && notes_[next_full].index < brief.index)
            frame_notes_.push_back(notes_[next_full++]);
        frame_notes_.push_back(brief.unpacked());
    }
    while (next_full < full_last) frame_notes_.push_back(notes_[next_full++]);
    return frame_notes_;
}

std::optional<ResponseDetails> CaptureAnalysis::details(const MessageNotes& notes) const {
    if (notes.details == kNoDetails) return std::nullopt;
    if ((notes.details & kCallDetailsBit) == 0)
        return notes.details < details_.size() ? std::optional(details_[notes.details]) : std::nullopt;
    const std::uint32_t index = notes.details & ~kCallDetailsBit;
    if (index >= call_details_.size()) return std::nullopt;
    const CallResponseDetails& kept = call_details_[index];
    const CallRecord& call = calls_[kept.call];
    return ResponseDetails{call.call_id_text, call.from_uri(), call.to_uri(), kept.agent,
                           kept.cseq,         kept.responder, kept.requester};
}

AckOutcome CaptureAnalysis::ack_outcome(const MessageNotes& response) const {
    if (!response.invite_final) return AckOutcome::NotApplicable;
    if (response.ack_frame != kNoFrame) {
        if (response.resent_after_ack != kNoFrame) return AckOutcome::NotAccepted;
        return response.retransmissions > 0 ? AckOutcome::Late : AckOutcome::Acknowledged;
    }
    if (response.dialog_moved_on || saturating_sub(capture_end_ns_, response.time_ns) >= settings_.ack_window_ns())
        return AckOutcome::Missing;
    return AckOutcome::Unconfirmed;
}

}  // namespace sipdiag

namespace sipdiag {

const KeptRouteCheck* CaptureAnalysis::route_check(const MessageNotes& notes) const {
    return notes.route_check < route_checks_.size() ? &route_checks_[notes.route_check] : nullptr;
}

const HeaderTexts* CaptureAnalysis::header_texts(const MessageNotes& notes) const {
    return notes.header_texts < header_texts_.size() ? &header_texts_[notes.header_texts] : nullptr;
}

const CallRecord* CaptureAnalysis::call(const MessageNotes& notes) const {
    return notes.call < calls_.size() ? &calls_[notes.call] : nullptr;
}

CallOutcome CaptureAnalysis::call_outcome(const CallRecord& call) const {
    if (call.answered()) {
        bool waiting = false;
        for (std::size_t i = 0; i < call.answer_count(); ++i) {
            const AckOutcome outcome = ack_outcome(notes_[answer_note(call, i)]);
            if (outcome == AckOutcome::Acknowledged || outcome == AckOutcome::Late) return CallOutcome::Answered;
            waiting |= outcome == AckOutcome::Unconfirmed;
        }
        return waiting ? CallOutcome::Undecided : CallOutcome::AnsweredNoAck;
    }
    if (call.rejection != kNoNote)
        return notes_[call.rejection].status == 487 && call.cancel_seen ? CallOutcome::Cancelled : CallOutcome::Rejected;
    return saturating_sub(capture_end_ns_, call.latest_invite_ns) >= settings_.ack_window_ns() ? CallOutcome::Unanswered
                                                                                               : CallOutcome::Undecided;
}

const MessageNotes* CaptureAnalysis::deciding_final(const CallRecord& call) const {
    for (std::size_t i = 0; i < call.answer_count(); ++i) {
        const MessageNotes& answer = notes_[answer_note(call, i)];
        const AckOutcome outcome = ack_outcome(answer);
        if (outcome == AckOutcome::Acknowledged || outcome == AckOutcome::Late) return &answer;
    }
    if (call.answered()) return &notes_[call.first_answer];
    return call.rejection != kNoNote ? &notes_[call.rejection] : nullptr;
}

std::optional<std::int64_t> CaptureAnalysis::call_duration_ns(const CallRecord& call) const {
    const MessageNotes* answer = deciding_final(call);
    if (call.bye_frame == kNoFrame || answer == nullptr || answer->status >= 300) return std::nullopt;
    return saturating_sub(call.bye_ns, answer->time_ns);
}

}  // namespace sipdiag
