#include "header_view.hpp"

#include <string>

#include <epan/expert.h>

#include "expert_text.hpp"
#include "settings.hpp"
#include "sipdiag/reason_warning.hpp"
#include "tree_helpers.hpp"

namespace sipdiag::plugin {
namespace {

int ett_reason = -1;
int ett_warning = -1;
int ett_route = -1;
int hf_reason = -1;
int hf_reason_protocol = -1;
int hf_reason_cause = -1;
int hf_reason_text = -1;
int hf_reason_meaning = -1;
int hf_warning = -1;
int hf_warning_code = -1;
int hf_warning_agent = -1;
int hf_warning_text = -1;
int hf_warning_meaning = -1;
int hf_route_check = -1;
int hf_route_expected = -1;
int hf_route_actual = -1;
int hf_route_note = -1;

expert_field ei_reason_explained = EI_INIT;
expert_field ei_warning_explained = EI_INIT;
expert_field ei_header_not_understood = EI_INIT;
expert_field ei_ack_misrouted = EI_INIT;

// Header text as a C string for the tree (it may hold NULs from the wire).
std::string printable(std::string_view text) {
    std::string out(text);
    for (char& c : out)
        if (c == '\0') c = '?';
    return out;
}

// A short name for a Reason value, for labels: the Q.850 cause name or the
// SIP phrase; "" when there is none.
std::string reason_name(const ReasonValue& value) {
    if (value.malformed || !value.cause) return {};
    if (value.protocol.size() == 5 && (value.protocol == "Q.850" || value.protocol == "q.850"))
        return std::string(q850_cause(*value.cause).name);
    if (value.protocol == "SIP" || value.protocol == "sip") return active_catalogue().explain(*value.cause).info->phrase;
    return {};
}

void show_reason(std::string_view header_value, tvbuff_t* tvb, packet_info* pinfo, proto_tree* subtree) {
    const std::vector<ReasonValue> values = parse_reason(header_value);
    for (const ReasonValue& value : values) {
        proto_item* item = add_generated_string(subtree, hf_reason, tvb, printable(header_value).c_str());
        proto_tree* tree = proto_item_add_subtree(item, ett_reason);
        const std::string meaning = reason_meaning(value, active_catalogue());
        add_generated_string(tree, hf_reason_protocol, tvb, printable(value.protocol).c_str());
        if (value.cause) add_generated_uint(tree, hf_reason_cause, tvb, *value.cause);
        if (!value.text.empty()) add_generated_string(tree, hf_reason_text, tvb, printable(value.text).c_str());
        add_generated_string(tree, hf_reason_meaning, tvb, meaning.c_str());
        const std::string name = reason_name(value);
        // Labels stay short (Wireshark cuts them at 240 characters); the
        // meaning has its own field.
        proto_item_set_text(item, "Reason: %s;cause=%s%s%s%s", printable(value.protocol).c_str(),
                            printable(value.cause_text.substr(0, 20)).c_str(), name.empty() ? "" : " (",
                            name.c_str(), name.empty() ? "" : ")");
        if (value.malformed)
            add_expert(pinfo, item, &ei_header_not_understood,
                                   "Reason value not understood (%s): shown as received",
                                   printable(value.problem).c_str());
        else
            add_expert(pinfo, item, &ei_reason_explained, "Reason %s cause %s%s%s",
                                   printable(value.protocol).c_str(), printable(value.cause_text.substr(0, 20)).c_str(),
                                   name.empty() ? "" : ": ", name.c_str());
    }
}

void show_warning(std::string_view header_value, tvbuff_t* tvb, packet_info* pinfo, proto_tree* subtree) {
    for (const WarningValue& value : parse_warning(header_value)) {
        proto_item* item = add_generated_string(subtree, hf_warning, tvb, printable(header_value).c_str());
        proto_tree* tree = proto_item_add_subtree(item, ett_warning);
        if (value.code) add_generated_uint(tree, hf_warning_code, tvb, *value.code);
        add_generated_string(tree, hf_warning_agent, tvb, printable(value.agent).c_str());
        add_generated_string(tree, hf_warning_text, tvb, printable(value.text).c_str());
        if (value.malformed || !value.code) {
            proto_item_set_text(item, "Warning: %s (not understood)", printable(header_value).c_str());
            add_expert(pinfo, item, &ei_header_not_understood,
                                   "Warning value not understood (%s): shown as received",
                                   printable(value.problem).c_str());
            continue;
        }
        const WarnMeaning meaning = warning_code(*value.code);
        add_generated_string(tree, hf_warning_meaning, tvb, std::string(meaning.meaning).c_str());
        proto_item_set_text(item, "Warning %u (%s): %s", *value.code, std::string(meaning.name).c_str(),
                            printable(value.text.substr(0, 120)).c_str());
        add_expert(pinfo, item, &ei_warning_explained, "Warning %u (%s) from %s: \"%s\"", *value.code,
                               std::string(meaning.name).c_str(), printable(value.agent.substr(0, 60)).c_str(),
                               printable(value.text.substr(0, 120)).c_str());
    }
}

}  // namespace

void register_header_view(int proto) {
    static hf_register_info fields[] = {
        {&hf_reason, {"Reason", "sipdiag.reason", FT_STRING, BASE_NONE, nullptr, 0x0,
                      "A Reason header value (RFC 3326), as received", HFILL}},
        {&hf_reason_protocol, {"Protocol", "sipdiag.reason.protocol", FT_STRING, BASE_NONE, nullptr, 0x0,
                               "Q.850, SIP or another protocol token", HFILL}},
        {&hf_reason_cause, {"Cause", "sipdiag.reason.cause", FT_UINT32, BASE_DEC, nullptr, 0x0,
                            "Cause value: a Q.850 cause or a SIP status code", HFILL}},
        {&hf_reason_text, {"Text", "sipdiag.reason.text", FT_STRING, BASE_NONE, nullptr, 0x0,
                           "The text parameter, as received", HFILL}},
        {&hf_reason_meaning, {"Meaning", "sipdiag.reason.meaning", FT_STRING, BASE_NONE, nullptr, 0x0,
                              "What the cause says", HFILL}},
        {&hf_warning, {"Warning", "sipdiag.warning", FT_STRING, BASE_NONE, nullptr, 0x0,
                       "A Warning header value (RFC 3261 section 20.43), as received", HFILL}},
        {&hf_warning_code, {"Warn code", "sipdiag.warning.code", FT_UINT32, BASE_DEC, nullptr, 0x0,
                            "Three-digit warn-code", HFILL}},
        {&hf_warning_agent, {"Agent", "sipdiag.warning.agent", FT_STRING, BASE_NONE, nullptr, 0x0,
                             "Who added the warning, as received", HFILL}},
        {&hf_warning_text, {"Text", "sipdiag.warning.text", FT_STRING, BASE_NONE, nullptr, 0x0,
                            "Warning text, as received", HFILL}},
        {&hf_warning_meaning, {"Meaning", "sipdiag.warning.meaning", FT_STRING, BASE_NONE, nullptr, 0x0,
                               "What the warn-code says", HFILL}},
        {&hf_route_check, {"ACK routing", "sipdiag.ack.route_check", FT_STRING, BASE_NONE, nullptr, 0x0,
                           "ok, request-uri differs from contact, route set differs from record-route, sent to "
                           "another address, or not checked",
                           HFILL}},
        {&hf_route_expected, {"Expected", "sipdiag.ack.route_expected", FT_STRING, BASE_NONE, nullptr, 0x0,
                              "What the 2xx's Contact and Record-Route call for", HFILL}},
        {&hf_route_actual, {"Actual", "sipdiag.ack.route_actual", FT_STRING, BASE_NONE, nullptr, 0x0,
                            "What the ACK has", HFILL}},
        {&hf_route_note, {"Note", "sipdiag.ack.route_note", FT_STRING, BASE_NONE, nullptr, 0x0,
                          "How the routing was compared, or why not", HFILL}},
    };
    static int* subtrees[] = {&ett_reason, &ett_warning, &ett_route};
    static ei_register_info experts[] = {
        {&ei_reason_explained, {"sipdiag.reason.explained", PI_SEQUENCE, PI_CHAT, "Reason header explained", EXPFILL}},
        {&ei_warning_explained, {"sipdiag.warning.explained", PI_PROTOCOL, PI_NOTE, "Warning header explained",
                                 EXPFILL}},
        {&ei_header_not_understood, {"sipdiag.header.not_understood", PI_PROTOCOL, PI_NOTE,
                                     "Reason or Warning value not understood", EXPFILL}},
        {&ei_ack_misrouted, {"sipdiag.ack.misrouted", PI_SEQUENCE, PI_WARN,
                             "ACK not sent where the 2xx's Contact and Record-Route say", EXPFILL}},
    };
    proto_register_field_array(proto, fields, G_N_ELEMENTS(fields));
    proto_register_subtree_array(subtrees, G_N_ELEMENTS(subtrees));
    expert_module_t* expert = expert_register_protocol(proto);
    expert_register_field_array(expert, experts, G_N_ELEMENTS(experts));
}

void show_header_texts(const HeaderTexts& texts, tvbuff_t* tvb, packet_info* pinfo, proto_tree* subtree) {
    for (const std::string& reason : texts.reasons) show_reason(reason, tvb, pinfo, subtree);
    for (const std::string& warning : texts.warnings) show_warning(warning, tvb, pinfo, subtree);
}

void show_route_check(const KeptRouteCheck& check, tvbuff_t* tvb, packet_info* pinfo, proto_tree* subtree,
                      proto_item* root) {
    const std::string verdict(route_check_name(check.verdict));
    proto_item* item = add_generated_string(subtree, hf_route_check, tvb, verdict.c_str());
    proto_tree* tree = proto_item_add_subtree(item, ett_route);
    const auto add_text = [&](int hf, std::string_view text) {
        if (!text.empty() && kept(tree, hf)) add_generated_string(tree, hf, tvb, printable(text).c_str());
    };
    add_text(hf_route_expected, check.expected);
    add_text(hf_route_actual, check.actual);
    add_text(hf_route_note, check.note);
    if (!is_misrouted(check.verdict)) return;
    add_expert(pinfo, item, &ei_ack_misrouted,
                           "ACK misrouted, %s (expected %s, got %s): the callee never sees it, resends its 2xx and "
                           "gives up after 64*T1. Check NAT, SIP ALG, Contact rewriting, the caller's Record-Route use",
                           verdict.c_str(), printable(check.expected).c_str(), printable(check.actual).c_str());
    proto_item_append_text(root, ", misrouted: %s", verdict.c_str());
}

}  // namespace sipdiag::plugin
