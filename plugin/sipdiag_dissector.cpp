// The sipdiag post-dissector: registers protocol, fields and expert infos,
// feeds SIP messages to the core on the first pass, and shows the core's
// notes on every pass. No SIP logic lives here.
#include "sipdiag_dissector.hpp"

#include <cmath>
#include <cstdio>
#include <cstring>
#include <memory>

#include <epan/expert.h>
#include <epan/packet.h>

#include "alert_view.hpp"
#include "call_view.hpp"
#include "header_view.hpp"
#include "info_markers.hpp"
#include "capture_state.hpp"
#include "expert_text.hpp"
#include "reports.hpp"
#include "settings.hpp"
#include "sip_fields.hpp"
#include "tree_helpers.hpp"
#include "sipdiag/capture_analysis.hpp"
#include "sipdiag/sip_time.hpp"
#include "sipdiag/status_catalogue.hpp"

namespace sipdiag::plugin {
namespace {

// Registration tables: Wireshark writes the ids into these at start-up.
constexpr const char* kShortName = "sipdiag";
int proto_sipdiag = -1;
int proto_sipdiag_postdissector = -1;
int hf_status_code = -1;
int hf_status_class = -1;
int hf_status_phrase = -1;
int hf_status_meaning = -1;
int hf_status_when = -1;
int hf_status_fix = -1;
int hf_status_rfc = -1;
int hf_status_registered = -1;
int hf_request_method = -1;
int hf_request_frame = -1;
int hf_ack_frame = -1;
int hf_ack_delay = -1;
int hf_ack_retransmissions = -1;
int hf_ack_outcome = -1;
int hf_ack_response_frame = -1;
int hf_ack_kind = -1;
int hf_response_retransmission_of = -1;
int ett_sipdiag = -1;

// One expert field per condition, each with a fixed default severity, so
// that Wireshark's own severity table (profile file expert_severity) can
// override any of them. Status explanations: one per response class, indexed
// by StatusClass (invalid, 1xx ... 6xx).
constexpr std::size_t kClassCount = 7;
expert_field ei_explained[kClassCount] = {EI_INIT, EI_INIT, EI_INIT, EI_INIT, EI_INIT, EI_INIT, EI_INIT};
expert_field ei_server_internal_error = EI_INIT;
expert_field ei_ack_missing = EI_INIT;
expert_field ei_ack_unconfirmed = EI_INIT;
expert_field ei_ack_not_accepted = EI_INIT;
expert_field ei_ack_late = EI_INIT;
expert_field ei_ack_unmatched = EI_INIT;
expert_field ei_response_retransmitted = EI_INIT;
expert_field ei_cseq_unusable = EI_INIT;
expert_field ei_ack_odd_delay = EI_INIT;
expert_field ei_ack_bounced = EI_INIT;

dissector_handle_t sipdiag_handle;
SipFieldReader sip_fields;

// What sipdiag knows about the open capture file; created when Wireshark
// opens a file and dropped when it closes it.
std::unique_ptr<CaptureAnalysis> analysis;

// Like transum: the SIP fields are wanted only while sipdiag is enabled, so
// that a disabled sipdiag does not make Wireshark build them for nothing.
void init_capture() {
    if (!proto_is_protocol_enabled(find_protocol_by_id(proto_sipdiag))) {
        set_postdissector_wanted_hfids(sipdiag_handle, nullptr);
        return;
    }
    set_postdissector_wanted_hfids(sipdiag_handle, sip_fields.wanted_fields());
    analysis = std::make_unique<CaptureAnalysis>(analysis_settings());
}
void cleanup_capture() {
    set_postdissector_wanted_hfids(sipdiag_handle, nullptr);
    analysis.reset();
}
void preferences_changed() {
    if (analysis) analysis->set_settings(analysis_settings());
}

void note_cseq_problem(const MessageNotes& notes, packet_info* pinfo, proto_item* item) {
    if (notes.cseq_problem == CSeqProblem::None) return;
    add_expert(pinfo, item, &ei_cseq_unusable,
                           notes.cseq_problem == CSeqProblem::Missing
                               ? "No CSeq header: this message cannot be tied to a transaction, so sipdiag "
                                 "does not follow it"
                               : "CSeq is not a number from 0 to 4294967295 followed by a method: this message "
                                 "cannot be tied to a transaction, so sipdiag does not follow it");
}

void note_odd_delay(const MessageNotes& notes, packet_info* pinfo, proto_item* item) {
    if (!notes.ack_delay_odd) return;
    add_expert(pinfo, item, &ei_ack_odd_delay,
                           notes.ack_delay_ns < 0
                               ? "ACK time stamp is %.3f s before its response's: the capture's clocks are off "
                                 "(merged captures?); the delay is not meaningful"
                               : "ACK came %.3f s after its response, beyond 64*T1: either the clocks are off or "
                                 "the callee had given up on it long before",
                           std::abs(to_seconds(notes.ack_delay_ns)));
}

void show_bounce(const MessageNotes& notes, packet_info* pinfo, proto_item* item) {
    if (notes.icmp_bounce_frame == kNoFrame || notes.icmp_bounce_frame == notes.frame) return;
    add_expert(pinfo, item, &ei_ack_bounced,
                           notes.role == MessageRole::Ack
                               ? "This ACK bounced: frame %u is an ICMP error that returns it, so the other side "
                                 "never got it and keeps resending its response"
                               : "The ACK for this response bounced: frame %u is an ICMP error that returns it, so "
                                 "the sender of this response never got it",
                           notes.icmp_bounce_frame);
}

void show_response(const MessageNotes& notes, bool capture_complete, tvbuff_t* tvb, packet_info* pinfo,
                   proto_tree* tree) {
    const Options& opts = options();
    const Explanation explanation = active_catalogue().explain(notes.status);
    const StatusInfo& info = *explanation.info;
    const std::string& method = analysis->method_name(notes.cseq_method);

    proto_item* root = add_root(tree, proto_sipdiag, tvb);
    if (root != nullptr) proto_item_append_text(root, ": %u %s", notes.status, info.phrase);
    proto_tree* subtree = proto_item_add_subtree(root, ett_sipdiag);
    note_cseq_problem(notes, pinfo, root);

    proto_item* code_item = add_generated_uint(subtree, hf_status_code, tvb, notes.status);
    add_generated_string(subtree, hf_status_class, tvb, class_name(explanation.status_class).data());
    add_generated_string(subtree, hf_status_phrase, tvb, info.phrase);
    if (opts.long_explanations) {
        add_generated_string(subtree, hf_status_meaning, tvb, info.meaning);
        add_generated_string(subtree, hf_status_when, tvb, info.when);
        add_generated_string(subtree, hf_status_fix, tvb, info.fix);
        add_generated_string(subtree, hf_status_rfc, tvb, info.rfc);
    }
    add_generated_boolean(subtree, hf_status_registered, tvb, explanation.registered);
    if (!method.empty()) {
        add_generated_string(subtree, hf_request_method, tvb, method.c_str());
    }

    const bool quiet_class =
        explanation.status_class == StatusClass::Provisional || explanation.status_class == StatusClass::Success;
    if (!quiet_class || opts.explain_success)
        add_expert(pinfo, code_item, &ei_explained[static_cast<std::size_t>(explanation.status_class)],
                               "%u %s: %s", notes.status, info.phrase, info.meaning);
    if (notes.status == 500) {
        add_expert(pinfo, code_item, &ei_server_internal_error,
                               "500 answering %s: a fault inside the answering server (crash, database, "
                               "back end). Read that server's logs at this time first; a Retry-After says when "
                               "to try again.",
                               method.empty() ? "a request" : method.c_str());
    }

    // Handshake (INVITE final responses and their retransmissions).
    if (notes.request_frame != kNoFrame) add_generated_uint(subtree, hf_request_frame, tvb, notes.request_frame);
    if (notes.retransmission_of != kNoFrame) {
        proto_item* item = add_generated_uint(subtree, hf_response_retransmission_of, tvb, notes.retransmission_of);
        add_expert(pinfo, item, &ei_response_retransmitted,
                               "Retransmission of the %u response in frame %u", notes.status,
                               notes.retransmission_of);
        proto_item_append_text(root, ", retransmission of frame %u", notes.retransmission_of);
    }
    if (const HeaderTexts* texts = analysis->header_texts(notes)) show_header_texts(*texts, tvb, pinfo, subtree);
    if (!notes.invite_final || !capture_complete) return;  // the verdict needs the whole capture

    const AckOutcome outcome = analysis->ack_outcome(notes);
    proto_item* outcome_item = add_generated_string(subtree, hf_ack_outcome, tvb, outcome_name(outcome).data());
    if (notes.ack_frame != kNoFrame) {
        add_generated_uint(subtree, hf_ack_frame, tvb, notes.ack_frame);
        add_generated_time(subtree, hf_ack_delay, tvb, notes.ack_delay_ns);
        note_odd_delay(notes, pinfo, outcome_item);
    }
    add_generated_uint(subtree, hf_ack_retransmissions, tvb, notes.retransmissions);
    show_bounce(notes, pinfo, outcome_item);
    switch (outcome) {
        case AckOutcome::Acknowledged:
            proto_item_append_text(root, ", ACK in frame %u (%.1f ms)", notes.ack_frame,
                                   to_seconds(notes.ack_delay_ns) * 1000);
            break;
        case AckOutcome::Late:
            add_expert(pinfo, outcome_item, &ei_ack_late,
                                   "ACK for this %u came only after %u retransmission(s) of it (frame %u)",
                                   notes.status, notes.retransmissions, notes.ack_frame);
            proto_item_append_text(root, ", late ACK in frame %u", notes.ack_frame);
            break;
        case AckOutcome::Missing: {
            const std::optional<ResponseDetails> call = analysis->details(notes);
            add_expert(
                pinfo, outcome_item, &ei_ack_missing,
                notes.ack_kind == AckKind::EndToEnd
                    ? "No ACK for %u (Call-ID %s, CSeq %u): callee resends it, drops the call after 64*T1 "
                      "(~32 s). Check the 2xx's Contact/Record-Route (NAT), caller's route, firewall on ACK."
                    : "No ACK for %u (Call-ID %s, CSeq %u): server resends it until Timer H (64*T1). Check "
                      "the previous hop's route back and firewalls on the ACK.",
                notes.status, call ? std::string(call->call_id()).c_str() : "?", call ? call->cseq : 0);
            proto_item_append_text(root, ", ACK missing (Call-ID %s)", label_call_id(call ? call->call_id() : std::string_view()).c_str());
            break;
        }
        case AckOutcome::Unconfirmed:
            add_expert(pinfo, outcome_item, &ei_ack_unconfirmed,
                                   "No ACK for this %u in the capture, but it ends less than 64*T1 after it: "
                                   "capture longer to know whether the ACK was lost",
                                   notes.status);
            proto_item_append_text(root, ", ACK unconfirmed (capture ends too soon)");
            break;
        case AckOutcome::NotAccepted:
            add_expert(
                pinfo, outcome_item, &ei_ack_not_accepted,
                "%u sent again (frame %u) after its ACK (frame %u): the ACK never reached its sender or was "
                "refused. Check the ACK's Request-URI, Route, address against Contact/Record-Route; NAT, ALG",
                notes.status, notes.resent_after_ack, notes.ack_frame);
            proto_item_append_text(root, ", ACK in frame %u not accepted", notes.ack_frame);
            break;
        case AckOutcome::NotApplicable: break;
    }
}

void show_ack(const MessageNotes& notes, tvbuff_t* tvb, packet_info* pinfo, proto_tree* tree) {
    if (notes.response_frame == kNoFrame && !notes.ack_unmatched && notes.cseq_problem == CSeqProblem::None) return;
    proto_item* root = add_root(tree, proto_sipdiag, tvb);
    proto_tree* subtree = proto_item_add_subtree(root, ett_sipdiag);
    note_cseq_problem(notes, pinfo, root);
    if (notes.cseq_problem != CSeqProblem::None) {
        proto_item_append_text(root, ": ACK with an unusable CSeq");
        return;
    }
    if (notes.ack_unmatched) {
        proto_item_append_text(root, ": ACK matching no response");
        expert_add_info(pinfo, root, &ei_ack_unmatched);
        return;
    }
    const bool end_to_end = notes.ack_kind == AckKind::EndToEnd;
    add_generated_uint(subtree, hf_ack_response_frame, tvb, notes.response_frame);
    add_generated_string(subtree, hf_ack_kind, tvb, end_to_end ? "2xx end-to-end" : "non-2xx hop-by-hop");
    if (notes.icmp_bounce_frame == notes.frame) {  // an ICMP error quoting the ACK, not the ACK itself
        proto_item_append_text(root, ": ICMP error returning the ACK of frame %u", notes.response_frame);
        add_expert(pinfo, root, &ei_ack_bounced,
                               "This ICMP error returns an ACK for the response in frame %u: that ACK never reached "
                               "its destination, which keeps resending the response until it gives up",
                               notes.response_frame);
        return;
    }
    add_generated_time(subtree, hf_ack_delay, tvb, notes.ack_delay_ns);
    proto_item_append_text(root, ": ACK of frame %u (%s, %.1f ms)", notes.response_frame, end_to_end ? "2xx" : "non-2xx",
                           to_seconds(notes.ack_delay_ns) * 1000);
    if (notes.retransmissions > 0)
        add_expert(pinfo, root, &ei_ack_late,
                               "Late ACK: the response in frame %u was retransmitted %u time(s) before it",
                               notes.response_frame, notes.retransmissions);
    note_odd_delay(notes, pinfo, root);
    show_bounce(notes, pinfo, root);
    if (const KeptRouteCheck* check = analysis->route_check(notes)) show_route_check(*check, tvb, pinfo, subtree, root);
}

void show_request(const MessageNotes& notes, tvbuff_t* tvb, packet_info* pinfo, proto_tree* tree) {
    proto_item* root = add_root(tree, proto_sipdiag, tvb);
    if (notes.cseq_problem != CSeqProblem::None) {
        proto_item_append_text(root, ": request with an unusable CSeq");
        note_cseq_problem(notes, pinfo, root);
    }
    if (const HeaderTexts* texts = analysis->header_texts(notes)) {
        const std::string& method = analysis->method_name(notes.cseq_method);
        proto_item_append_text(root, ": %s%sReason/Warning explained", method.c_str(), method.empty() ? "" : ", ");
        show_header_texts(*texts, tvb, pinfo, proto_item_add_subtree(root, ett_sipdiag));
    }
}

int dissect_sipdiag(tvbuff_t* tvb, packet_info* pinfo, proto_tree* tree, void*) {
    if (!analysis) return 0;
    const bool first_pass = !PINFO_FD_VISITED(pinfo);
    if (first_pass) {
        analysis->observe_time(time_ns_from(pinfo->abs_ts.secs, pinfo->abs_ts.nsecs));
        sip_fields.for_each_message(tree, pinfo, [](const SipMessage& message) { analysis->observe(message); });
    }
    // Items go to the tree only where it is read: visible, or a filter,
    // field or column names a sipdiag field or an expert field. Expert infos
    // and Info markers are added either way. A frame with neither a read
    // tree nor columns nor an expert or report listener (the first pass of
    // `tshark -2`, and of the GUI) gets nothing at all, but only once the
    // file's highest severity, which the GUI's status bar shows, is an error.
    const bool experts_read = expert_read(tree);
    if (!experts_read && !kept(tree, proto_sipdiag)) tree = nullptr;
    if (tree == nullptr && pinfo->cinfo == nullptr && !experts_read && !reports_listening() &&
        highest_severity_settled())
        return 0;
    const auto alerts = analysis->alerts_for_frame(pinfo->num);
    const auto notes = analysis->notes_for_frame(pinfo->num);
    if (notes.empty() && alerts.empty()) return 0;
    // The handle's protocol is in name only, so Wireshark leaves the current
    // protocol as it was; expert infos take their protocol's name from it.
    // Wireshark restores it after the call.
    pinfo->current_proto = kShortName;
    // Where only the columns are read (tshark's summary lines, the packet
    // list), the markers are all there is to show.
    const bool markers_only =
        tree == nullptr && !experts_read && !reports_listening() && highest_severity_settled();
    for (const MessageNotes& note : notes) {
        if (!markers_only) {
            switch (note.role) {
                case MessageRole::Response: show_response(note, !first_pass, tvb, pinfo, tree); break;
                case MessageRole::Ack: show_ack(note, tvb, pinfo, tree); break;
                case MessageRole::Request: show_request(note, tvb, pinfo, tree); break;
                case MessageRole::Invite: show_invite(*analysis, note, !first_pass, tvb, pinfo, tree); break;
            }
        }
        mark_message(*analysis, note, !first_pass, pinfo);
    }
    if (!markers_only) show_alerts(alerts, time_ns_from(pinfo->abs_ts.secs, pinfo->abs_ts.nsecs), tvb, pinfo, tree);
    mark_alerts(alerts, pinfo);
    if (!notes.empty()) tap_frame(pinfo, notes);
    return tvb_captured_length(tvb);
}

}  // namespace

const CaptureAnalysis* current_analysis() { return analysis.get(); }

void register_protocol() {
    static hf_register_info fields[] = {
        {&hf_status_code, {"Status code", "sipdiag.status.code", FT_UINT32, BASE_DEC, nullptr, 0x0,
                           "Status code of the SIP response", HFILL}},
        {&hf_status_class, {"Class", "sipdiag.status.class", FT_STRING, BASE_NONE, nullptr, 0x0,
                            "Response class (RFC 3261 section 7.2)", HFILL}},
        {&hf_status_phrase, {"Registered phrase", "sipdiag.status.phrase", FT_STRING, BASE_NONE, nullptr, 0x0,
                             "Reason phrase registered for this code (the one on the wire may differ)", HFILL}},
        {&hf_status_meaning, {"Meaning", "sipdiag.status.meaning", FT_STRING, BASE_NONE, nullptr, 0x0,
                              "What the status code says", HFILL}},
        {&hf_status_when, {"When you see it", "sipdiag.status.when", FT_STRING, BASE_NONE, nullptr, 0x0,
                           "Typical situations that produce this code", HFILL}},
        {&hf_status_fix, {"What to check", "sipdiag.status.fix", FT_STRING, BASE_NONE, nullptr, 0x0,
                          "What to check or do first", HFILL}},
        {&hf_status_rfc, {"Defined in", "sipdiag.status.rfc", FT_STRING, BASE_NONE, nullptr, 0x0,
                          "Document that defines the code", HFILL}},
        {&hf_status_registered, {"Registered", "sipdiag.status.registered", FT_BOOLEAN, BASE_NONE, nullptr, 0x0,
                                 "False for codes missing from the IANA registry", HFILL}},
        {&hf_request_method, {"Request method", "sipdiag.request.method", FT_STRING, BASE_NONE, nullptr, 0x0,
                              "Method of the request this response answers (from CSeq)", HFILL}},
        {&hf_request_frame, {"Request in frame", "sipdiag.request.frame", FT_FRAMENUM, BASE_NONE,
                             FRAMENUM_TYPE(FT_FRAMENUM_REQUEST), 0x0, "The INVITE this response answers", HFILL}},
        {&hf_ack_outcome, {"ACK outcome", "sipdiag.ack.outcome", FT_STRING, BASE_NONE, nullptr, 0x0,
                           "acknowledged, late, missing, unconfirmed or not-accepted", HFILL}},
        {&hf_ack_frame, {"ACK in frame", "sipdiag.ack.frame", FT_FRAMENUM, BASE_NONE,
                         FRAMENUM_TYPE(FT_FRAMENUM_ACK), 0x0, "The ACK of this response", HFILL}},
        {&hf_ack_delay, {"ACK delay", "sipdiag.ack.delay", FT_RELATIVE_TIME, BASE_NONE, nullptr, 0x0,
                         "Time from the response to its ACK", HFILL}},
        {&hf_ack_retransmissions, {"Response retransmissions", "sipdiag.ack.retransmissions", FT_UINT32, BASE_DEC,
                                   nullptr, 0x0, "Copies of the response sent before its ACK (all copies when no ACK came)",
                                   HFILL}},
        {&hf_ack_response_frame, {"Acknowledges response in frame", "sipdiag.ack.response_frame", FT_FRAMENUM,
                                  BASE_NONE, FRAMENUM_TYPE(FT_FRAMENUM_RESPONSE), 0x0,
                                  "The INVITE final response this ACK acknowledges", HFILL}},
        {&hf_ack_kind, {"ACK kind", "sipdiag.ack.kind", FT_STRING, BASE_NONE, nullptr, 0x0,
                        "2xx end-to-end or non-2xx hop-by-hop", HFILL}},
        {&hf_response_retransmission_of, {"Retransmission of frame", "sipdiag.response.retransmission_of",
                                          FT_FRAMENUM, BASE_NONE, FRAMENUM_TYPE(FT_FRAMENUM_DUP_ACK), 0x0,
                                          "First transmission of this response", HFILL}},
    };
    static int* subtrees[] = {&ett_sipdiag};
    static ei_register_info experts[] = {
        {&ei_explained[0], {"sipdiag.status.explained.invalid", PI_RESPONSE_CODE, PI_ERROR,
                            "Status code outside 100-699 explained", EXPFILL}},
        {&ei_explained[1], {"sipdiag.status.explained.1xx", PI_RESPONSE_CODE, PI_CHAT,
                            "Provisional response explained", EXPFILL}},
        {&ei_explained[2], {"sipdiag.status.explained.2xx", PI_RESPONSE_CODE, PI_CHAT,
                            "Success response explained", EXPFILL}},
        {&ei_explained[3], {"sipdiag.status.explained.3xx", PI_RESPONSE_CODE, PI_NOTE,
                            "Redirection response explained", EXPFILL}},
        {&ei_explained[4], {"sipdiag.status.explained.4xx", PI_RESPONSE_CODE, PI_WARN,
                            "Client error response explained", EXPFILL}},
        {&ei_explained[5], {"sipdiag.status.explained.5xx", PI_RESPONSE_CODE, PI_ERROR,
                            "Server error response explained", EXPFILL}},
        {&ei_explained[6], {"sipdiag.status.explained.6xx", PI_RESPONSE_CODE, PI_ERROR,
                            "Global failure response explained", EXPFILL}},
        {&ei_server_internal_error, {"sipdiag.status.server_internal_error", PI_RESPONSE_CODE, PI_ERROR,
                                     "500 Server Internal Error", EXPFILL}},
        {&ei_ack_missing, {"sipdiag.ack.missing", PI_SEQUENCE, PI_WARN,
                           "INVITE final response never acknowledged", EXPFILL}},
        {&ei_ack_unconfirmed, {"sipdiag.ack.unconfirmed", PI_SEQUENCE, PI_NOTE,
                               "No ACK before the capture ends", EXPFILL}},
        {&ei_ack_not_accepted, {"sipdiag.ack.not_accepted", PI_SEQUENCE, PI_WARN,
                                "Response resent after its ACK: ACK not received or not accepted", EXPFILL}},
        {&ei_ack_late, {"sipdiag.ack.late", PI_SEQUENCE, PI_NOTE, "ACK only after retransmissions", EXPFILL}},
        {&ei_ack_unmatched, {"sipdiag.ack.unmatched", PI_SEQUENCE, PI_WARN,
                             "ACK matches no final response of its INVITE (wrong To tag, Call-ID or CSeq?)", EXPFILL}},
        {&ei_response_retransmitted, {"sipdiag.response.retransmitted", PI_SEQUENCE, PI_NOTE,
                                      "Final response retransmitted", EXPFILL}},
        {&ei_cseq_unusable, {"sipdiag.cseq.unusable", PI_PROTOCOL, PI_WARN,
                             "CSeq missing or unreadable: message not followed", EXPFILL}},
        {&ei_ack_odd_delay, {"sipdiag.ack.odd_delay", PI_SEQUENCE, PI_NOTE,
                             "ACK delay negative or beyond 64*T1", EXPFILL}},
        {&ei_ack_bounced, {"sipdiag.ack.bounced", PI_SEQUENCE, PI_WARN,
                           "ACK returned by an ICMP error", EXPFILL}},
    };

    proto_sipdiag = proto_register_protocol("SIP diagnostics", kShortName, "sipdiag");
    proto_register_field_array(proto_sipdiag, fields, G_N_ELEMENTS(fields));
    proto_register_subtree_array(subtrees, G_N_ELEMENTS(subtrees));
    expert_module_t* expert = expert_register_protocol(proto_sipdiag);
    expert_register_field_array(expert, experts, G_N_ELEMENTS(experts));

    register_expert_text();
    register_alert_view(proto_sipdiag);
    register_call_view(proto_sipdiag);
    register_header_view(proto_sipdiag);
    register_settings(proto_sipdiag, preferences_changed);
    register_reports();
    register_init_routine(init_capture);
    register_cleanup_routine(cleanup_capture);
    // Wireshark puts a handle's protocol on the frame's list of layers
    // before calling it and takes it off again when it adds nothing, on
    // every frame of every pass for a post-dissector. A protocol in name only
    // is left off the list, and it is enabled exactly when sipdiag is.
    proto_sipdiag_postdissector = proto_register_protocol_in_name_only(
        "SIP diagnostics (post-dissector)", "sipdiag post-dissector", "sipdiag.postdissector", proto_sipdiag,
        FT_PROTOCOL);
    sipdiag_handle = create_dissector_handle(dissect_sipdiag, proto_sipdiag_postdissector);
    register_postdissector(sipdiag_handle);
}

void register_handoff() {
    sip_fields.resolve();
    set_postdissector_wanted_hfids(sipdiag_handle, sip_fields.wanted_fields());
}

}  // namespace sipdiag::plugin
