#include "info_markers.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <string_view>

#include <epan/column-utils.h>

#include "sipdiag/ack_route.hpp"

namespace sipdiag::plugin {
namespace {

// Appends " [part part... #frame]" to the Info column, leaving what other
// dissectors wrote alone. Put together here and appended as it is:
// col_append_fstr would run printf for every marker of every frame.
void mark_info(packet_info* pinfo, std::initializer_list<std::string_view> parts, std::uint32_t frame = kNoFrame) {
    if (pinfo->cinfo == nullptr) return;
    const char* info = col_get_text(pinfo->cinfo, COL_INFO);
    const std::size_t length = info != nullptr ? std::strlen(info) : 0;
    std::array<char, 128> text{};
    std::size_t used = 0;
    const auto put = [&](std::string_view part) {
        const std::size_t n = std::min(part.size(), text.size() - 1 - used);
        part.copy(text.data() + used, n);
        used += n;
    };
    if (length > 0 && info[length - 1] != ' ') put(" ");
    put("[");
    for (const std::string_view part : parts) put(part);
    if (frame != kNoFrame) {
        std::array<char, 12> digits{};
        const auto converted = std::to_chars(digits.data(), digits.data() + digits.size(), frame);
        put(" #");
        put(std::string_view(digits.data(), static_cast<std::size_t>(converted.ptr - digits.data())));
    }
    put("]");
    col_append_str(pinfo->cinfo, COL_INFO, text.data());
}

void mark_response(const CaptureAnalysis& analysis, const MessageNotes& notes, bool capture_complete,
                   packet_info* pinfo) {
    if (notes.retransmission_of != kNoFrame) mark_info(pinfo, {"retransmission of"}, notes.retransmission_of);
    if (!notes.invite_final || !capture_complete) return;
    switch (analysis.ack_outcome(notes)) {
        case AckOutcome::Late: mark_info(pinfo, {"late ACK"}, notes.ack_frame); break;
        case AckOutcome::Missing: mark_info(pinfo, {"ACK missing"}); break;
        case AckOutcome::Unconfirmed: mark_info(pinfo, {"ACK unconfirmed"}); break;
        case AckOutcome::NotAccepted: mark_info(pinfo, {"ACK not accepted"}); break;
        case AckOutcome::Acknowledged:
        case AckOutcome::NotApplicable: break;
    }
}

void mark_ack(const CaptureAnalysis& analysis, const MessageNotes& notes, packet_info* pinfo) {
    if (notes.cseq_problem != CSeqProblem::None) return;
    if (notes.ack_unmatched) {
        mark_info(pinfo, {"ACK matches no response"});
        return;
    }
    if (notes.response_frame == kNoFrame) return;
    if (notes.icmp_bounce_frame == notes.frame) {  // an ICMP error quoting the ACK, not the ACK itself
        mark_info(pinfo, {"ACK bounced, response"}, notes.response_frame);
        return;
    }
    mark_info(pinfo, {"ACK of"}, notes.response_frame);
    if (const KeptRouteCheck* check = analysis.route_check(notes); check != nullptr && is_misrouted(check->verdict))
        mark_info(pinfo, {"ACK misrouted"});
}

void mark_invite(const CaptureAnalysis& analysis, const MessageNotes& notes, bool capture_complete,
                 packet_info* pinfo) {
    if (notes.retransmission_of != kNoFrame) {
        mark_info(pinfo, {"retransmission of"}, notes.retransmission_of);
        return;
    }
    const CallRecord* call = analysis.call(notes);
    if (call == nullptr || !capture_complete) return;
    const CallOutcome outcome = analysis.call_outcome(*call);
    if (outcome == CallOutcome::Unanswered)
        mark_info(pinfo, {"unanswered"});
    else
        mark_info(pinfo, {"call ", call_outcome_name(outcome)});
}

}  // namespace

void mark_message(const CaptureAnalysis& analysis, const MessageNotes& notes, bool capture_complete,
                  packet_info* pinfo) {
    if (pinfo->cinfo == nullptr) return;
    switch (notes.role) {
        case MessageRole::Response: mark_response(analysis, notes, capture_complete, pinfo); break;
        case MessageRole::Ack: mark_ack(analysis, notes, pinfo); break;
        case MessageRole::Invite: mark_invite(analysis, notes, capture_complete, pinfo); break;
        case MessageRole::Request: break;
    }
}

void mark_alerts(std::span<const Alert> alerts, packet_info* pinfo) {
    for (const Alert& alert : alerts) mark_info(pinfo, {"alert: ", alert_name(alert.kind), " for"}, alert.about_frame);
}

}  // namespace sipdiag::plugin
