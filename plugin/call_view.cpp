#include "call_view.hpp"

#include <string>

#include <epan/expert.h>

#include "expert_text.hpp"
#include "settings.hpp"
#include "sipdiag/reason_warning.hpp"
#include "tree_helpers.hpp"

namespace sipdiag::plugin {
namespace {

int proto_sipdiag = -1;
int ett_call = -1;
int hf_call_outcome = -1;
int hf_call_final_code = -1;
int hf_call_final_frame = -1;
int hf_call_duration = -1;
int hf_call_ended_by = -1;
int hf_call_bye_frame = -1;
int hf_call_bye_reason = -1;
int hf_call_bye_reason_meaning = -1;
int hf_request_retransmission_of = -1;

expert_field ei_call_answered = EI_INIT;
expert_field ei_call_answered_no_ack = EI_INIT;
expert_field ei_call_rejected = EI_INIT;
expert_field ei_call_cancelled = EI_INIT;
expert_field ei_invite_unanswered = EI_INIT;
expert_field ei_call_undecided = EI_INIT;
expert_field ei_request_retransmitted = EI_INIT;

std::string or_unknown(std::string_view text) { return text.empty() ? "?" : std::string(text); }

// "the next hop 192.0.2.1:5060", or "the next hop" when no address is known.
std::string next_hop_text(const CallRecord& call) {
    const std::string address = to_string(call.next_hop);
    return address.empty() ? "the next hop" : "the next hop " + address;
}

// One sentence: what happened to the call, and where to look.
void explain_outcome(const CaptureAnalysis& analysis, const CallRecord& call, CallOutcome outcome,
                     packet_info* pinfo, proto_item* item) {
    const MessageNotes* final_notes = analysis.deciding_final(call);
    const std::uint32_t code = final_notes != nullptr ? final_notes->status : 0;
    const std::uint32_t final_frame = final_notes != nullptr ? final_notes->frame : 0;
    const double waited = to_seconds(saturating_sub(analysis.capture_end_ns(), call.latest_invite_ns));
    switch (outcome) {
        case CallOutcome::Answered:
            add_expert(pinfo, item, &ei_call_answered, "Call answered: %u in frame %u, ACK in frame %u",
                                   code, final_frame, final_notes != nullptr ? final_notes->ack_frame : 0);
            break;
        case CallOutcome::AnsweredNoAck:
            add_expert(pinfo, item, &ei_call_answered_no_ack,
                                   "Call answered (%u in frame %u) but no ACK reached the callee, which hangs up "
                                   "after 64*T1 (~32 s): check where the caller sends its ACK (Contact, "
                                   "Record-Route, NAT, SIP ALG)",
                                   code, final_frame);
            break;
        case CallOutcome::Rejected: {
            const Explanation explanation = active_catalogue().explain(code);
            add_expert(pinfo, item, &ei_call_rejected, "Call rejected with %u %s (frame %u): %s", code,
                                   explanation.info->phrase, final_frame, explanation.info->meaning);
            break;
        }
        case CallOutcome::Cancelled:
            add_expert(pinfo, item, &ei_call_cancelled,
                                   "Call cancelled by the caller before it was answered (487 in frame %u)",
                                   final_frame);
            break;
        case CallOutcome::Unanswered:
            if (call.provisional)
                add_expert(pinfo, item, &ei_invite_unanswered,
                                       "INVITE to %s: provisional responses only, no final answer in the %.1f s "
                                       "the capture goes on; see which side holds the call (no-answer timers)",
                                       or_unknown(call.request_uri()).c_str(), waited);
            else
                add_expert(pinfo, item, &ei_invite_unanswered,
                                       "INVITE to %s: no response at all in %.1f s from %s; check that it is up "
                                       "and reachable (address, port, transport, firewall)",
                                       or_unknown(call.request_uri()).c_str(), waited, next_hop_text(call).c_str());
            break;
        case CallOutcome::Undecided:
            add_expert(pinfo, item, &ei_call_undecided,
                                   "The capture ends %.1f s after the INVITE's last attempt: too soon to tell what "
                                   "became of this call",
                                   waited);
            break;
    }
}

}  // namespace

void register_call_view(int proto) {
    proto_sipdiag = proto;
    static hf_register_info fields[] = {
        {&hf_call_outcome, {"Call outcome", "sipdiag.call.outcome", FT_STRING, BASE_NONE, nullptr, 0x0,
                            "answered, answered-no-ack, rejected, cancelled, unanswered or undecided", HFILL}},
        {&hf_call_final_code, {"Final status code", "sipdiag.call.final_code", FT_UINT32, BASE_DEC, nullptr, 0x0,
                               "Status code of the final response that decides the call", HFILL}},
        {&hf_call_final_frame, {"Final response in frame", "sipdiag.call.final_frame", FT_FRAMENUM, BASE_NONE,
                                FRAMENUM_TYPE(FT_FRAMENUM_RESPONSE), 0x0,
                                "The final response that decides the call", HFILL}},
        {&hf_call_duration, {"Call duration", "sipdiag.call.duration", FT_RELATIVE_TIME, BASE_NONE, nullptr, 0x0,
                             "From the answer (2xx) to the first BYE", HFILL}},
        {&hf_call_ended_by, {"Ended by", "sipdiag.call.ended_by", FT_STRING, BASE_NONE, nullptr, 0x0,
                             "caller or callee: who sent the BYE", HFILL}},
        {&hf_call_bye_frame, {"BYE in frame", "sipdiag.call.bye_frame", FT_FRAMENUM, BASE_NONE, nullptr, 0x0,
                              "The BYE that ended the call", HFILL}},
        {&hf_call_bye_reason, {"BYE Reason", "sipdiag.call.bye_reason", FT_STRING, BASE_NONE, nullptr, 0x0,
                               "Reason header of the BYE, as received", HFILL}},
        {&hf_call_bye_reason_meaning, {"BYE Reason meaning", "sipdiag.call.bye_reason_meaning", FT_STRING, BASE_NONE,
                                       nullptr, 0x0, "What the first value of the BYE's Reason says", HFILL}},
        {&hf_request_retransmission_of, {"Retransmission of frame", "sipdiag.request.retransmission_of",
                                         FT_FRAMENUM, BASE_NONE, FRAMENUM_TYPE(FT_FRAMENUM_DUP_ACK), 0x0,
                                         "First transmission of this request", HFILL}},
    };
    static ei_register_info experts[] = {
        {&ei_call_answered, {"sipdiag.call.answered", PI_SEQUENCE, PI_CHAT, "Call answered and acknowledged", EXPFILL}},
        {&ei_call_answered_no_ack, {"sipdiag.call.answered_no_ack", PI_SEQUENCE, PI_WARN,
                                    "Call answered, but its 2xx never acknowledged", EXPFILL}},
        {&ei_call_rejected, {"sipdiag.call.rejected", PI_SEQUENCE, PI_NOTE, "Call rejected", EXPFILL}},
        {&ei_call_cancelled, {"sipdiag.call.cancelled", PI_SEQUENCE, PI_CHAT, "Call cancelled by the caller", EXPFILL}},
        {&ei_invite_unanswered, {"sipdiag.invite.unanswered", PI_SEQUENCE, PI_WARN,
                                 "INVITE without any final response for 64*T1", EXPFILL}},
        {&ei_call_undecided, {"sipdiag.call.undecided", PI_SEQUENCE, PI_NOTE,
                              "Capture ends too soon to decide the call", EXPFILL}},
        {&ei_request_retransmitted, {"sipdiag.request.retransmitted", PI_SEQUENCE, PI_NOTE,
                                     "Request retransmitted", EXPFILL}},
    };
    static int* subtrees[] = {&ett_call};
    proto_register_field_array(proto, fields, G_N_ELEMENTS(fields));
    proto_register_subtree_array(subtrees, G_N_ELEMENTS(subtrees));
    expert_module_t* expert = expert_register_protocol(proto);
    expert_register_field_array(expert, experts, G_N_ELEMENTS(experts));
}

void show_invite(const CaptureAnalysis& analysis, const MessageNotes& notes, bool capture_complete, tvbuff_t* tvb,
                 packet_info* pinfo, proto_tree* tree) {
    proto_item* root = add_root(tree, proto_sipdiag, tvb);
    proto_tree* subtree = proto_item_add_subtree(root, ett_call);
    if (notes.retransmission_of != kNoFrame) {
        proto_item* item = add_generated_uint(subtree, hf_request_retransmission_of, tvb, notes.retransmission_of);
        add_expert(pinfo, item, &ei_request_retransmitted, "Retransmission of the INVITE in frame %u",
                               notes.retransmission_of);
        proto_item_append_text(root, ": INVITE, retransmission of frame %u", notes.retransmission_of);
        return;
    }
    const CallRecord* call = analysis.call(notes);
    if (call == nullptr) return;
    if (!capture_complete) {  // the verdict needs the whole capture
        proto_item_append_text(root, ": call starts");
        return;
    }
    const CallOutcome outcome = analysis.call_outcome(*call);
    const std::string_view name = call_outcome_name(outcome);
    proto_item* outcome_item = add_generated_string(subtree, hf_call_outcome, tvb, name.data());
    proto_item_append_text(root, ": call %s", name.data());
    if (const MessageNotes* final_notes = analysis.deciding_final(*call)) {
        add_generated_uint(subtree, hf_call_final_code, tvb, final_notes->status);
        add_generated_uint(subtree, hf_call_final_frame, tvb, final_notes->frame);
        proto_item_append_text(root, " (%u in frame %u)", final_notes->status, final_notes->frame);
    }
    if (call->bye_frame != kNoFrame) {
        if (const auto duration = analysis.call_duration_ns(*call)) {
            add_generated_time(subtree, hf_call_duration, tvb, *duration);
            proto_item_append_text(root, ", %.1f s", to_seconds(*duration));
        }
        add_generated_string(subtree, hf_call_ended_by, tvb, party_name(call->ended_by).data());
        add_generated_uint(subtree, hf_call_bye_frame, tvb, call->bye_frame);
        if (!call->bye_reason.empty() && kept(subtree, hf_call_bye_reason))
            add_generated_string(subtree, hf_call_bye_reason, tvb, std::string(call->bye_reason).c_str());
        if (!call->bye_reason.empty() && kept(subtree, hf_call_bye_reason_meaning)) {
            const std::vector<ReasonValue> reasons = parse_reason(call->bye_reason);
            if (!reasons.empty())
                add_generated_string(subtree, hf_call_bye_reason_meaning, tvb,
                                     reason_meaning(reasons.front(), active_catalogue()).c_str());
        }
        proto_item_append_text(root, ", ended by the %s", party_name(call->ended_by).data());
    }
    explain_outcome(analysis, *call, outcome, pinfo, outcome_item);
}

}  // namespace sipdiag::plugin
