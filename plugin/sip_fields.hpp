// Reads the SIP messages of one frame out of the tree that Wireshark's own
// SIP dissector built: the only place that knows SIP field names.
#pragma once

#include <cstddef>

#include <epan/packet.h>

#include "sipdiag/sip_message.hpp"

namespace sipdiag::plugin {

class SipFieldReader {
public:
    // Looks up the SIP dissector's fields; call from the hand-off routine.
    void resolve();
    // The fields the post-dissector needs Wireshark to keep in the tree.
    GArray* wanted_fields() const;

    // Calls `sink(const SipMessage&)` for every SIP message in `tree`, in
    // frame order. String views point into the tree: valid for this frame only.
    template <typename Sink>
    void for_each_message(proto_tree* tree, packet_info* pinfo, Sink&& sink) const;

private:
    enum Field : std::size_t {
        StatusCode, Method, CSeqSeq, CSeqMethod, CallId, FromTag, ToTag, ViaBranch, FromAddr, ToAddr, Count
    };
    static constexpr const char* kFieldNames[Count] = {
        "sip.Status-Code", "sip.Method", "sip.CSeq.seq",   "sip.CSeq.method", "sip.Call-ID",
        "sip.from.tag",    "sip.to.tag", "sip.Via.branch", "sip.from.addr",   "sip.to.addr"};
    bool read_message(proto_tree* tree, const field_info* message, SipMessage& out) const;

    int proto_sip_ = -1;
    int fields_[Count] = {-1, -1, -1, -1, -1, -1, -1, -1, -1, -1};
};

template <typename Sink>
void SipFieldReader::for_each_message(proto_tree* tree, packet_info* pinfo, Sink&& sink) const {
    if (tree == nullptr || proto_sip_ < 0) return;
    GPtrArray* messages = proto_get_finfo_ptr_array(tree, proto_sip_);
    if (messages == nullptr) return;
    const std::int64_t time_ns = std::int64_t{pinfo->abs_ts.secs} * 1'000'000'000 + pinfo->abs_ts.nsecs;
    for (guint i = 0; i < messages->len && i < 0xffff; ++i) {
        SipMessage message;
        message.frame = pinfo->num;
        message.index = static_cast<std::uint16_t>(i);
        message.time_ns = time_ns;
        if (read_message(tree, static_cast<const field_info*>(g_ptr_array_index(messages, i)), message)) sink(message);
    }
}

}  // namespace sipdiag::plugin
