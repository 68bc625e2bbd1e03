// Reads the SIP messages of one frame out of the tree that Wireshark's own
// SIP dissector built: the only place that knows SIP field names.
#pragma once

#include <cstddef>
#include <vector>

#include <epan/packet.h>

#include "sipdiag/sip_message.hpp"
#include "sipdiag/sip_time.hpp"

namespace sipdiag::plugin {

class SipFieldReader {
public:
    // Looks up the SIP dissector's fields; call from the hand-off routine.
    void resolve();
    // The fields the post-dissector needs Wireshark to keep in the tree.
    GArray* wanted_fields() const;

    // Calls `sink(const SipMessage&)` for every SIP message in `tree`, in
    // frame order. String views point into the tree and the frame's data
    // sources: valid for this frame only. A message whose bytes are not all
    // captured is read as far as they go.
    template <typename Sink>
    void for_each_message(proto_tree* tree, packet_info* pinfo, Sink&& sink) const;

private:
    // Each field Wireshark keeps costs time on every SIP message, so only two
    // are asked for: the request or status line, which mark where each
    // message starts (its header values are then read from its bytes). The
    // protocol items sipdiag also needs, SIP's (one per message, in
    // dissection order) and ICMP's (SIP inside one is a quoted copy), are
    // not asked for: a protocol handed the frame's tree puts its item at the
    // top of it, where Wireshark up to 4.4 never leaves an item out, and they
    // are read from there (on 4.6 they are asked for: ws_compat.hpp).
    enum Field : std::size_t { StatusCode, Method, Sip, Icmp, Icmpv6, Count };
    static constexpr const char* kFieldNames[Count] = {"sip.Status-Code", "sip.Method", "sip", "icmp", "icmpv6"};
    struct MessageSpan {
        field_info* start_line;
        guint order;         // index of the SIP protocol item holding it: dissection order
        gint begin;          // first byte of the start line in start_line->ds_tvb
        gint end;            // first byte after the message there (G_MAXINT: unknown)
        bool in_icmp_error;  // quoted inside an ICMP error message
    };
    // The messages of the frame, in order; the vector is reused from frame
    // to frame (dissection is single-threaded) to spare an allocation.
    const std::vector<MessageSpan>& message_spans(proto_tree* tree) const;
    bool spans_from_items() const;
    void spans_from_field_lists(proto_tree* tree) const;
    // Adds the message whose start line is `start_line`, held by `sip_item`
    // (null: by none) at `order`.
    void add_span(field_info* start_line, guint order, const field_info* sip_item) const;
    void read_message(const MessageSpan& span, SipMessage& out) const;
    static void read_addresses(const packet_info* pinfo, SipMessage& out);

    int fields_[Count] = {-1, -1, -1, -1, -1};
    mutable std::vector<MessageSpan> spans_;
    // The frame's top-level SIP items, and its ICMP and ICMPv6 items; reused likewise.
    mutable std::vector<const proto_node*> sip_items_;
    mutable std::vector<const field_info*> icmp_items_;
};

template <typename Sink>
void SipFieldReader::for_each_message(proto_tree* tree, packet_info* pinfo, Sink&& sink) const {
    if (tree == nullptr) return;
    const std::int64_t time_ns = time_ns_from(pinfo->abs_ts.secs, pinfo->abs_ts.nsecs);
    const auto& spans = message_spans(tree);
    for (std::size_t i = 0; i < spans.size(); ++i) {
        SipMessage message;
        message.frame = pinfo->num;
        message.index = static_cast<std::uint16_t>(i);
        message.time_ns = time_ns;
        message.in_icmp_error = spans[i].in_icmp_error;
        read_addresses(pinfo, message);
        read_message(spans[i], message);
        sink(message);
    }
}

}  // namespace sipdiag::plugin
