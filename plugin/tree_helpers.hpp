// Small helpers shared by the parts of the adapter that add items to the
// packet tree.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <epan/packet.h>
#include <epan/proto.h>

#include "sipdiag/capture_analysis.hpp"
#include "sipdiag/sip_time.hpp"

namespace sipdiag::plugin {

inline nstime_t to_nstime(std::int64_t ns) {
    nstime_t t;
    t.secs = static_cast<time_t>(ns / kNsPerSecond);
    t.nsecs = static_cast<int>(ns % kNsPerSecond);
    return t;
}

inline double to_seconds(std::int64_t ns) { return static_cast<double>(ns) / static_cast<double>(kNsPerSecond); }

// The add_generated_* helpers return null without a tree, before calling
// into Wireshark: most frames of a batch run have none, and their items
// would be dropped anyway.
inline proto_item* add_generated_uint(proto_tree* tree, int hf, tvbuff_t* tvb, std::uint32_t value) {
    if (tree == nullptr) return nullptr;
    proto_item* item = proto_tree_add_uint(tree, hf, tvb, 0, 0, value);
    proto_item_set_generated(item);
    return item;
}

inline proto_item* add_generated_string(proto_tree* tree, int hf, tvbuff_t* tvb, const char* value) {
    if (tree == nullptr) return nullptr;
    proto_item* item = proto_tree_add_string(tree, hf, tvb, 0, 0, value);
    proto_item_set_generated(item);
    return item;
}

inline proto_item* add_generated_time(proto_tree* tree, int hf, tvbuff_t* tvb, std::int64_t ns) {
    if (tree == nullptr) return nullptr;
    const nstime_t value = to_nstime(ns);
    proto_item* item = proto_tree_add_time(tree, hf, tvb, 0, 0, &value);
    proto_item_set_generated(item);
    return item;
}

// sipdiag's item at the top of `tree`; null without a tree, where
// proto_tree_add_item would still check its arguments first.
inline proto_item* add_generated_boolean(proto_tree* tree, int hf, tvbuff_t* tvb, bool value) {
    if (tree == nullptr) return nullptr;
    proto_item* item = proto_tree_add_boolean(tree, hf, tvb, 0, 0, value);
    proto_item_set_generated(item);
    return item;
}

inline proto_item* add_root(proto_tree* tree, int proto, tvbuff_t* tvb) {
    return tree != nullptr ? proto_tree_add_item(tree, proto, tvb, 0, 0, ENC_NA) : nullptr;
}

// Whether an item of field `hf` added to `tree` is kept (a visible tree, or a
// filter, field or column naming it): values that cost work to make are made
// only then.
inline bool kept(proto_tree* tree, int hf) { return tree != nullptr && proto_field_is_referenced(tree, hf); }

// Call-IDs can be kilobytes long; a tree label shows the start ("?" if none).
inline std::string label_call_id(std::string_view id) {
    constexpr std::size_t kShown = 60;
    if (id.empty()) return "?";
    return id.size() <= kShown ? std::string(id) : std::string(id.substr(0, kShown)) + "...";
}

}  // namespace sipdiag::plugin
