#include "alert_view.hpp"

#include <string>

#include <epan/expert.h>

#include "expert_text.hpp"
#include "tree_helpers.hpp"

namespace sipdiag::plugin {
namespace {

int proto_sipdiag = -1;
int ett_alert = -1;
int hf_alert = -1;
int hf_alert_frame = -1;
int hf_alert_call_id = -1;
int hf_alert_code = -1;
int hf_alert_cseq = -1;
int hf_alert_after = -1;

expert_field ei_alert_ack_missing = EI_INIT;
expert_field ei_alert_invite_unanswered = EI_INIT;

void explain_alert(const Alert& alert, double waited_s, packet_info* pinfo, proto_item* item) {
    const std::string call_id_text(alert.call_id());
    const char* call_id = call_id_text.empty() ? "?" : call_id_text.c_str();
    if (alert.kind == AlertKind::InviteUnanswered) {
        const std::string hop = to_string(alert.next_hop);
        add_expert(pinfo, item, &ei_alert_invite_unanswered,
                               "INVITE in frame %u (Call-ID %s, CSeq %u) has had no response at all for %.1f s: "
                               "the caller gives up after 64*T1. Is %s up and reachable?",
                               alert.about_frame, call_id, alert.cseq, waited_s,
                               hop.empty() ? "the next hop" : hop.c_str());
        return;
    }
    if (alert.dialog_moved_on)
        add_expert(pinfo, item, &ei_alert_ack_missing,
                               "%u in frame %u (Call-ID %s, CSeq %u) was never ACKed, and this later message of "
                               "the call shows that the ACK is not coming",
                               alert.status, alert.about_frame, call_id, alert.cseq);
    else
        add_expert(pinfo, item, &ei_alert_ack_missing,
                               "%u in frame %u (Call-ID %s, CSeq %u) got no ACK in %.1f s, past 64*T1: its sender "
                               "has given up on it%s",
                               alert.status, alert.about_frame, call_id, alert.cseq, waited_s,
                               alert.status < 300 ? " and ends the call" : "");
}

}  // namespace

void register_alert_view(int proto) {
    proto_sipdiag = proto;
    static hf_register_info fields[] = {
        {&hf_alert, {"Alert", "sipdiag.alert", FT_STRING, BASE_NONE, nullptr, 0x0,
                     "What just became known: ACK missing or INVITE unanswered", HFILL}},
        {&hf_alert_frame, {"About frame", "sipdiag.alert.frame", FT_FRAMENUM, BASE_NONE, nullptr, 0x0,
                           "The response (ACK missing) or INVITE (INVITE unanswered) the alert is about", HFILL}},
        {&hf_alert_call_id, {"Call-ID", "sipdiag.alert.call_id", FT_STRING, BASE_NONE, nullptr, 0x0,
                             "Call-ID of the message the alert is about", HFILL}},
        {&hf_alert_code, {"Status code", "sipdiag.alert.code", FT_UINT32, BASE_DEC, nullptr, 0x0,
                          "Code of the response that got no ACK", HFILL}},
        {&hf_alert_cseq, {"CSeq", "sipdiag.alert.cseq", FT_UINT32, BASE_DEC, nullptr, 0x0,
                          "CSeq number of the transaction the alert is about", HFILL}},
        {&hf_alert_after, {"Time since that frame", "sipdiag.alert.after", FT_RELATIVE_TIME, BASE_NONE, nullptr,
                           0x0, "From the message the alert is about to this frame", HFILL}},
    };
    static ei_register_info experts[] = {
        {&ei_alert_ack_missing, {"sipdiag.alert.ack_missing", PI_SEQUENCE, PI_WARN,
                                 "Alert: an INVITE final response got no ACK in time", EXPFILL}},
        {&ei_alert_invite_unanswered, {"sipdiag.alert.invite_unanswered", PI_SEQUENCE, PI_WARN,
                                       "Alert: an INVITE got no response at all within 64*T1", EXPFILL}},
    };
    static int* subtrees[] = {&ett_alert};
    proto_register_field_array(proto, fields, G_N_ELEMENTS(fields));
    proto_register_subtree_array(subtrees, G_N_ELEMENTS(subtrees));
    expert_module_t* expert = expert_register_protocol(proto);
    expert_register_field_array(expert, experts, G_N_ELEMENTS(experts));
}

void show_alerts(std::span<const Alert> alerts, std::int64_t frame_time_ns, tvbuff_t* tvb, packet_info* pinfo,
                 proto_tree* tree) {
    for (const Alert& alert : alerts) {
        const std::string_view name = alert_name(alert.kind);
        const std::int64_t waited_ns = saturating_sub(frame_time_ns, alert.about_time_ns);
        proto_item* root = add_root(tree, proto_sipdiag, tvb);
        proto_tree* subtree = proto_item_add_subtree(root, ett_alert);
        proto_item* name_item = add_generated_string(subtree, hf_alert, tvb, name.data());
        add_generated_uint(subtree, hf_alert_frame, tvb, alert.about_frame);
        add_generated_string(subtree, hf_alert_call_id, tvb, std::string(alert.call_id()).c_str());
        if (alert.kind == AlertKind::AckMissing) add_generated_uint(subtree, hf_alert_code, tvb, alert.status);
        add_generated_uint(subtree, hf_alert_cseq, tvb, alert.cseq);
        add_generated_time(subtree, hf_alert_after, tvb, waited_ns);
        if (alert.kind == AlertKind::AckMissing)
            proto_item_append_text(root, " alert: ACK missing for the %u in frame %u (Call-ID %s)", alert.status,
                                   alert.about_frame, label_call_id(alert.call_id()).c_str());
        else
            proto_item_append_text(root, " alert: INVITE in frame %u unanswered (Call-ID %s)", alert.about_frame,
                                   label_call_id(alert.call_id()).c_str());
        explain_alert(alert, to_seconds(waited_ns), pinfo, name_item);
    }
}

}  // namespace sipdiag::plugin
