#include "expert_text.hpp"

#include <algorithm>
#include <cstdarg>
#include <cstdio>
#include <vector>

#include <epan/column-utils.h>
#include <epan/proto.h>
#include <epan/tap.h>

namespace sipdiag::plugin {
namespace {

struct ExpertReaders {
    int tap = 0;  // 0: no such tap
    int hf_protocol = -1, hf_message = -1, hf_severity = -1, hf_group = -1;
};
ExpertReaders readers;
// Kinds added on frames where nobody reads them, since the file was opened.
std::vector<const expert_field*> kinds_added;

bool referenced(proto_tree* tree, int hf) { return hf > 0 && proto_field_is_referenced(tree, hf); }

bool sentence_read(proto_item* item, const expert_field* ei) {
    if (readers.tap > 0 && have_tap_listener(readers.tap)) return true;
    if (item == nullptr) return false;  // no tree: only a tap could read it
    // An item and a tree are the same node type; a faked item is its tree.
    proto_tree* tree = item;
    return referenced(tree, ei->hf) || referenced(tree, readers.hf_message) || referenced(tree, readers.hf_protocol);
}

bool severity_read(packet_info* pinfo, proto_item* item) {
    if (col_get_writable(pinfo->cinfo, COL_EXPERT)) return true;
    return item != nullptr && (referenced(item, readers.hf_severity) || referenced(item, readers.hf_group));
}

// Wireshark registers its expert tap and fields after the plugins' hand-off
// routines, so they are looked up when a file is opened.
void start_file() {
    kinds_added.clear();
    readers.tap = find_tap_id("expert");
    readers.hf_protocol = proto_registrar_get_id_byname("_ws.expert");
    readers.hf_message = proto_registrar_get_id_byname("_ws.expert.message");
    readers.hf_severity = proto_registrar_get_id_byname("_ws.expert.severity");
    readers.hf_group = proto_registrar_get_id_byname("_ws.expert.group");
}

}  // namespace

bool expert_read(proto_tree* tree) {
    if (readers.tap > 0 && have_tap_listener(readers.tap)) return true;
    // A filter, field or column naming one of _ws.expert's fields makes
    // Wireshark mark _ws.expert itself as referenced, so that one test
    // covers all of them; it runs on every frame of every pass.
    return referenced(tree, readers.hf_protocol);
}

bool highest_severity_settled() { return expert_get_highest_severity() >= PI_ERROR; }

void register_expert_text() { register_init_routine(start_file); }

void add_expert(packet_info* pinfo, proto_item* item, expert_field* ei, const char* format, ...) {
    if (sentence_read(item, ei)) {
        char sentence[ITEM_LABEL_LENGTH];
        va_list args;
        va_start(args, format);
        std::vsnprintf(sentence, sizeof sentence, format, args);
        va_end(args);
        expert_add_info_format(pinfo, item, ei, "%s", sentence);
    } else if (severity_read(pinfo, item)) {
        expert_add_info(pinfo, item, ei);
    } else if (std::find(kinds_added.begin(), kinds_added.end(), ei) == kinds_added.end()) {
        kinds_added.push_back(ei);
        expert_add_info(pinfo, item, ei);
    }
}

}  // namespace sipdiag::plugin
