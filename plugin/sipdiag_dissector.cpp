// The sipdiag post-dissector: registers protocol, fields and expert infos,
// feeds SIP messages to the core on the first pass, and shows the core's
// notes on every pass. No SIP logic lives here.
#include "sipdiag_dissector.hpp"

#include <cstdio>
#include <memory>

#include <epan/expert.h>
#include <epan/packet.h>

#include "capture_state.hpp"
#include "reports.hpp"
#include "settings.hpp"
#include "sip_fields.hpp"
#include "sipdiag/capture_analysis.hpp"
#include "sipdiag/status_catalogue.hpp"

namespace sipdiag::plugin {
namespace {

// Registration tables: Wireshark writes the ids into these at start-up.
int proto_sipdiag = -1;
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

// Wireshark fixes the severity of an expert field at registration, so an
// expert info whose severity depends on the class or on a preference is
// registered once per severity, all under one filter name.
enum SeverityIndex { kChat, kNote, kWarn, kError, kSeverityCount };
expert_field ei_explained[kSeverityCount] = {EI_INIT, EI_INIT, EI_INIT, EI_INIT};
expert_field ei_server_internal_error[kSeverityCount] = {EI_INIT, EI_INIT, EI_INIT, EI_INIT};
expert_field ei_ack_missing[kSeverityCount] = {EI_INIT, EI_INIT, EI_INIT, EI_INIT};
expert_field ei_ack_unconfirmed = EI_INIT;
expert_field ei_ack_late = EI_INIT;
expert_field ei_ack_unmatched = EI_INIT;
expert_field ei_response_retransmitted = EI_INIT;

dissector_handle_t sipdiag_handle;
SipFieldReader sip_fields;

// What sipdiag knows about the open capture file; created when Wireshark
// opens a file and dropped when it closes it.
std::unique_ptr<CaptureAnalysis> analysis;

void init_capture() { analysis = std::make_unique<CaptureAnalysis>(analysis_settings()); }
void cleanup_capture() { analysis.reset(); }
void preferences_changed() {
    if (analysis) analysis->set_settings(analysis_settings());
}

SeverityIndex severity_index(int severity) {
    switch (severity) {
        case PI_CHAT: return kChat;
        case PI_NOTE: return kNote;
        case PI_WARN: return kWarn;
        default: return kError;
    }
}

// Severity by class: success is chat, redirection a note, client errors a
// warning, server and global failures an error.
SeverityIndex explained_severity(StatusClass cls) {
    switch (cls) {
        case StatusClass::Provisional:
        case StatusClass::Success: return kChat;
        case StatusClass::Redirection: return kNote;
        case StatusClass::ClientError: return kWarn;
        default: return kError;
    }
}

nstime_t to_nstime(std::int64_t ns) {
    nstime_t t;
    t.secs = static_cast<time_t>(ns / 1'000'000'000);
    t.nsecs = static_cast<int>(ns % 1'000'000'000);
    return t;
}

proto_item* add_generated_uint(proto_tree* tree, int hf, tvbuff_t* tvb, std::uint32_t value) {
    proto_item* item = proto_tree_add_uint(tree, hf, tvb, 0, 0, value);
    proto_item_set_generated(item);
    return item;
}

proto_item* add_generated_string(proto_tree* tree, int hf, tvbuff_t* tvb, const char* value) {
    proto_item* item = proto_tree_add_string(tree, hf, tvb, 0, 0, value);
    proto_item_set_generated(item);
    return item;
}

void show_response(const MessageNotes& notes, bool capture_complete, tvbuff_t* tvb, packet_info* pinfo,
                   proto_tree* tree) {
    const Options& opts = options();
    const Explanation explanation = active_catalogue().explain(notes.status);
    const StatusInfo& info = *explanation.info;
    const std::string& method = analysis->method_name(notes.cseq_method);

    proto_item* root = proto_tree_add_item(tree, proto_sipdiag, tvb, 0, 0, ENC_NA);
    proto_item_append_text(root, ": %u %s", notes.status, info.phrase);
    proto_tree* subtree = proto_item_add_subtree(root, ett_sipdiag);

    proto_item* code_item = add_generated_uint(subtree, hf_status_code, tvb, notes.status);
    add_generated_string(subtree, hf_status_class, tvb, class_name(explanation.status_class).data());
    add_generated_string(subtree, hf_status_phrase, tvb, info.phrase);
    if (opts.long_explanations) {
        add_generated_string(subtree, hf_status_meaning, tvb, info.meaning);
        add_generated_string(subtree, hf_status_when, tvb, info.when);
        add_generated_string(subtree, hf_status_fix, tvb, info.fix);
        add_generated_string(subtree, hf_status_rfc, tvb, info.rfc);
    }
    proto_item_set_generated(proto_tree_add_boolean(subtree, hf_status_registered, tvb, 0, 0, explanation.registered));
    if (!method.empty()) {
        add_generated_string(subtree, hf_request_method, tvb, method.c_str());
    }

    const SeverityIndex severity = explained_severity(explanation.status_class);
    if (severity != kChat || opts.explain_success)
        expert_add_info_format(pinfo, code_item, &ei_explained[severity], "%u %s: %s", notes.status, info.phrase,
                               info.meaning);
    if (notes.status == 500) {
        expert_add_info_format(pinfo, code_item, &ei_server_internal_error[severity_index(opts.server_error_severity)],
                               "500 answering %s: a fault inside the answering server (crash, database, "
                               "back end). Read that server's logs at this time first; a Retry-After says when "
                               "to try again.",
                               method.empty() ? "a request" : method.c_str());
    }

    // Handshake (INVITE final responses and their retransmissions).
    if (notes.request_frame != kNoFrame) add_generated_uint(subtree, hf_request_frame, tvb, notes.request_frame);
    if (notes.retransmission_of != kNoFrame) {
        proto_item* item = add_generated_uint(subtree, hf_response_retransmission_of, tvb, notes.retransmission_of);
        expert_add_info_format(pinfo, item, &ei_response_retransmitted,
                               "Retransmission of the %u response in frame %u", notes.status,
                               notes.retransmission_of);
    }
    if (!notes.invite_final || !capture_complete) return;  // the verdict needs the whole capture

    const AckOutcome outcome = analysis->ack_outcome(notes);
    proto_item* outcome_item = add_generated_string(subtree, hf_ack_outcome, tvb, outcome_name(outcome).data());
    if (notes.ack_frame != kNoFrame) {
        add_generated_uint(subtree, hf_ack_frame, tvb, notes.ack_frame);
        const nstime_t delay = to_nstime(notes.ack_delay_ns);
        proto_item_set_generated(proto_tree_add_time(subtree, hf_ack_delay, tvb, 0, 0, &delay));
    }
    add_generated_uint(subtree, hf_ack_retransmissions, tvb, notes.retransmissions);
    switch (outcome) {
        case AckOutcome::Late:
            expert_add_info_format(pinfo, outcome_item, &ei_ack_late,
                                   "ACK for this %u came only after %u retransmission(s) of it (frame %u)",
                                   notes.status, notes.retransmissions, notes.ack_frame);
            break;
        case AckOutcome::Missing: {
            const ResponseDetails* call = analysis->details(notes);
            expert_add_info_format(
                pinfo, outcome_item, &ei_ack_missing[severity_index(opts.ack_missing_severity)],
                notes.ack_kind == AckKind::EndToEnd
                    ? "No ACK for %u (Call-ID %s, CSeq %u): callee resends it, drops the call after 64*T1 "
                      "(~32 s). Check the 2xx's Contact/Record-Route (NAT), caller's route, firewall on ACK."
                    : "No ACK for %u (Call-ID %s, CSeq %u): server resends it until Timer H (64*T1). Check "
                      "the previous hop's route back and firewalls on the ACK.",
                notes.status, call ? call->call_id.c_str() : "?", call ? call->cseq : 0);
            break;
        }
        case AckOutcome::Unconfirmed:
            expert_add_info_format(pinfo, outcome_item, &ei_ack_unconfirmed,
                                   "No ACK for this %u in the capture, but it ends less than 64*T1 after it: "
                                   "capture longer to know whether the ACK was lost",
                                   notes.status);
            break;
        default: break;
    }
}

void show_ack(const MessageNotes& notes, tvbuff_t* tvb, packet_info* pinfo, proto_tree* tree) {
    if (notes.response_frame == kNoFrame && !notes.ack_unmatched) return;
    proto_item* root = proto_tree_add_item(tree, proto_sipdiag, tvb, 0, 0, ENC_NA);
    proto_tree* subtree = proto_item_add_subtree(root, ett_sipdiag);
    if (notes.ack_unmatched) {
        proto_item_append_text(root, ": ACK matching no response");
        expert_add_info(pinfo, root, &ei_ack_unmatched);
        return;
    }
    const bool end_to_end = notes.ack_kind == AckKind::EndToEnd;
    proto_item_append_text(root, ": ACK of the response in frame %u", notes.response_frame);
    add_generated_uint(subtree, hf_ack_response_frame, tvb, notes.response_frame);
    add_generated_string(subtree, hf_ack_kind, tvb, end_to_end ? "2xx end-to-end" : "non-2xx hop-by-hop");
    const nstime_t delay = to_nstime(notes.ack_delay_ns);
    proto_item_set_generated(proto_tree_add_time(subtree, hf_ack_delay, tvb, 0, 0, &delay));
    if (notes.retransmissions > 0)
        expert_add_info_format(pinfo, root, &ei_ack_late,
                               "Late ACK: the response in frame %u was retransmitted %u time(s) before it",
                               notes.response_frame, notes.retransmissions);
}

int dissect_sipdiag(tvbuff_t* tvb, packet_info* pinfo, proto_tree* tree, void*) {
    if (!analysis) return 0;
    const bool first_pass = !PINFO_FD_VISITED(pinfo);
    if (first_pass) {
        analysis->observe_time(std::int64_t{pinfo->abs_ts.secs} * 1'000'000'000 + pinfo->abs_ts.nsecs);
        sip_fields.for_each_message(tree, pinfo, [](const SipMessage& message) { analysis->observe(message); });
    }
    const auto notes = analysis->notes_for_frame(pinfo->num);
    if (notes.empty()) return 0;
    for (const MessageNotes& note : notes) {
        if (note.role == MessageRole::Response)
            show_response(note, !first_pass, tvb, pinfo, tree);
        else
            show_ack(note, tvb, pinfo, tree);
    }
    tap_frame(pinfo, notes);
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
                           "acknowledged, late, missing or unconfirmed", HFILL}},
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
#define SIPDIAG_EI_BY_SEVERITY(ids, name, group, summary)                                                 \
    {&ids[kChat], {name, group, PI_CHAT, summary, EXPFILL}}, {&ids[kNote], {name, group, PI_NOTE, summary, EXPFILL}}, \
        {&ids[kWarn], {name, group, PI_WARN, summary, EXPFILL}}, {&ids[kError], {name, group, PI_ERROR, summary, EXPFILL}}
        SIPDIAG_EI_BY_SEVERITY(ei_explained, "sipdiag.status.explained", PI_RESPONSE_CODE, "Status code explained"),
        SIPDIAG_EI_BY_SEVERITY(ei_server_internal_error, "sipdiag.status.server_internal_error", PI_RESPONSE_CODE,
                               "500 Server Internal Error"),
        SIPDIAG_EI_BY_SEVERITY(ei_ack_missing, "sipdiag.ack.missing", PI_SEQUENCE,
                               "INVITE final response never acknowledged"),
#undef SIPDIAG_EI_BY_SEVERITY
        {&ei_ack_unconfirmed, {"sipdiag.ack.unconfirmed", PI_SEQUENCE, PI_NOTE,
                               "No ACK before the capture ends", EXPFILL}},
        {&ei_ack_late, {"sipdiag.ack.late", PI_SEQUENCE, PI_NOTE, "ACK only after retransmissions", EXPFILL}},
        {&ei_ack_unmatched, {"sipdiag.ack.unmatched", PI_SEQUENCE, PI_WARN,
                             "ACK matches no final response of its INVITE (wrong To tag, Call-ID or CSeq?)", EXPFILL}},
        {&ei_response_retransmitted, {"sipdiag.response.retransmitted", PI_SEQUENCE, PI_NOTE,
                                      "Final response retransmitted", EXPFILL}},
    };

    proto_sipdiag = proto_register_protocol("SIP diagnostics", "sipdiag", "sipdiag");
    proto_register_field_array(proto_sipdiag, fields, G_N_ELEMENTS(fields));
    proto_register_subtree_array(subtrees, G_N_ELEMENTS(subtrees));
    expert_module_t* expert = expert_register_protocol(proto_sipdiag);
    expert_register_field_array(expert, experts, G_N_ELEMENTS(experts));

    register_settings(proto_sipdiag, preferences_changed);
    register_reports();
    register_init_routine(init_capture);
    register_cleanup_routine(cleanup_capture);
    sipdiag_handle = create_dissector_handle(dissect_sipdiag, proto_sipdiag);
    register_postdissector(sipdiag_handle);
}

void register_handoff() {
    sip_fields.resolve();
    set_postdissector_wanted_hfids(sipdiag_handle, sip_fields.wanted_fields());
}

}  // namespace sipdiag::plugin
