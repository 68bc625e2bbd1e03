#include "sip_fields.hpp"

#include <algorithm>
#include <functional>
#include <vector>

#include <epan/address.h>
#include <epan/proto.h>
#include <epan/tvbuff.h>

#include "sipdiag/header_block.hpp"
#include "sipdiag/sip_headers_reader.hpp"
#include "ws_compat.hpp"

namespace sipdiag::plugin {
namespace {

GPtrArray* occurrences(proto_tree* tree, int hf) { return hf < 0 ? nullptr : proto_get_finfo_ptr_array(tree, hf); }

std::string_view string_of(field_info* fi) {
    if (fi == nullptr) return {};
    const char* text = fvalue_get_string(SIPDIAG_FI_VALUE(fi));
    return text != nullptr ? std::string_view(text) : std::string_view();
}

// Where the status line holding sip.Status-Code starts in its data source:
// the code follows "SIP/2.0 ", so back up to the line end before it, but
// never before `message_start` (the SIP item's first byte: what precedes it
// in the frame is other protocols' binary headers) and only a few bytes (a
// bound against odd input). sip.Method starts its line.
gint line_start(const field_info* fi, gint message_start) {
    // The SIP dissector puts the code right after the eight bytes of
    // "SIP/2.0 " at the start of its item: then that is the line's start,
    // known without reading the bytes.
    constexpr gint kVersionAndSpace = 8;
    if (fi->start - message_start == kVersionAndSpace) return message_start;
    constexpr gint kMaxBackup = 64;
    const gint start = std::min(fi->start, static_cast<gint>(tvb_captured_length(fi->ds_tvb)));
    const gint floor = std::max({0, start - kMaxBackup, std::min(message_start, start)});
    if (start <= floor) return start;
    const guint8* bytes = tvb_get_ptr(fi->ds_tvb, floor, start - floor);
    gint begin = start;
    while (begin > floor && bytes[begin - 1 - floor] != '\n' && bytes[begin - 1 - floor] != '\r') --begin;
    return begin;
}

NetEndpoint endpoint_of(const address& addr, guint32 port) {
    NetEndpoint endpoint;
    endpoint.port = static_cast<std::uint16_t>(port);
    const auto* data = static_cast<const std::uint8_t*>(addr.data);
    if (addr.type == AT_IPv4 && addr.len == 4 && data != nullptr) {
        endpoint.family = NetEndpoint::Family::IPv4;
        std::copy(data, data + 4, endpoint.address.begin());
    } else if (addr.type == AT_IPv6 && addr.len == 16 && data != nullptr) {
        endpoint.family = NetEndpoint::Family::IPv6;
        std::copy(data, data + 16, endpoint.address.begin());
    }
    return endpoint;
}

}  // namespace

void SipFieldReader::read_addresses(const packet_info* pinfo, SipMessage& out) {
    out.source = endpoint_of(pinfo->src, pinfo->srcport);
    out.destination = endpoint_of(pinfo->dst, pinfo->destport);
    switch (pinfo->ptype) {
        case PT_UDP: out.transport = Transport::Udp; break;
        case PT_TCP: out.transport = Transport::Tcp; break;
        case PT_SCTP: out.transport = Transport::Sctp; break;
        default: out.transport = Transport::Unknown; break;
    }
}

void SipFieldReader::resolve() {
    for (std::size_t i = 0; i < Count; ++i) fields_[i] = proto_registrar_get_id_byname(kFieldNames[i]);
}

GArray* SipFieldReader::wanted_fields() const {
    GArray* wanted = g_array_new(FALSE, FALSE, static_cast<guint>(sizeof(int)));
#if SIPDIAG_TOP_ITEMS_ASKED_FOR
    for (const Field field : {StatusCode, Method, Sip, Icmp, Icmpv6})
#else
    for (const Field field : {StatusCode, Method})
#endif
        if (fields_[field] >= 0) g_array_append_val(wanted, fields_[field]);
    return wanted;
}

bool contains(const field_info* outer, const field_info* inner) {
    return outer->ds_tvb == inner->ds_tvb && inner->start >= outer->start &&
           (outer->length < 0 || inner->start < outer->start + outer->length);
}

void SipFieldReader::add_span(field_info* start_line, guint order, const field_info* sip_item) const {
    if (spans_.size() >= 0xffff) return;
    MessageSpan span{start_line, order, 0, G_MAXINT, false};
    gint message_start = 0;
    if (sip_item != nullptr) {
        message_start = sip_item->start;
        if (sip_item->length >= 0) span.end = sip_item->start + sip_item->length;
    }
    span.begin = start_line->hfinfo->id == fields_[Method] ? start_line->start : line_start(start_line, message_start);
    for (const field_info* icmp : icmp_items_) span.in_icmp_error |= contains(icmp, start_line);
    spans_.push_back(span);
}

// Where nobody looks at the tree, Wireshark leaves the request or status
// line item out and hangs its fields right under the SIP item: then each
// SIP item's children name its start line, and the frame's field lists
// (a hash look-up each) are not needed. False, with nothing added, where
// that does not hold for every SIP item: a visible tree, a SIP item holding
// another one, an ICMP error quoting a message.
bool SipFieldReader::spans_from_items() const {
    if (!icmp_items_.empty()) return false;
    for (std::size_t k = 0; k < sip_items_.size(); ++k) {
        bool start_line_found = false;
        for (const proto_node* child = sip_items_[k]->first_child; child != nullptr; child = child->next) {
            field_info* fi = PNODE_FINFO(child);
            if (fi == nullptr || fi->hfinfo == nullptr) continue;
            const int id = fi->hfinfo->id;
            if (id == fields_[Sip] || !contains(PNODE_FINFO(sip_items_[k]), fi)) {
                spans_.clear();
                return false;
            }
            if (id != fields_[StatusCode] && id != fields_[Method]) continue;
            add_span(fi, static_cast<guint>(k), PNODE_FINFO(sip_items_[k]));
            start_line_found = true;
        }
        if (!start_line_found) {
            spans_.clear();
            return false;
        }
    }
    return true;
}

// Every start line of the frame, from Wireshark's list of each field, and
// the SIP item holding it (by position) for its order.
void SipFieldReader::spans_from_field_lists(proto_tree* tree) const {
    for (const int hf : {fields_[StatusCode], fields_[Method]}) {
        GPtrArray* found = occurrences(tree, hf);
        if (found == nullptr) continue;
        for (guint i = 0; i < found->len; ++i) {
            auto* start_line = static_cast<field_info*>(g_ptr_array_index(found, i));
            guint order = G_MAXUINT;
            const field_info* holder = nullptr;
            for (std::size_t k = 0; k < sip_items_.size(); ++k) {
                if (!contains(PNODE_FINFO(sip_items_[k]), start_line)) continue;
                order = static_cast<guint>(k);
                holder = PNODE_FINFO(sip_items_[k]);
                break;
            }
            add_span(start_line, order, holder);
        }
    }
}

// A SIP message starts with its request line (sip.Method) or status line
// (sip.Status-Code). Messages are put in the order Wireshark dissected them,
// which is the order of the SIP protocol items: offsets alone cannot tell,
// since a TCP segment may end one message in a reassembled buffer and carry
// the next one in the frame itself. Fields are then matched to a message by
// position (data source and byte range), never paired by index.
const std::vector<SipFieldReader::MessageSpan>& SipFieldReader::message_spans(proto_tree* tree) const {
    spans_.clear();
    sip_items_.clear();
    icmp_items_.clear();
    for (const proto_node* node = tree->first_child; node != nullptr; node = node->next) {
        const field_info* fi = PNODE_FINFO(node);
        if (fi == nullptr || fi->hfinfo == nullptr) continue;
        const int id = fi->hfinfo->id;
        if (id == fields_[Sip]) sip_items_.push_back(node);
        else if (id == fields_[Icmp] || id == fields_[Icmpv6]) icmp_items_.push_back(fi);
    }
    // A SIP message comes with its own protocol item, or quoted in an ICMP
    // error: a frame with neither (a bare TCP segment, RTP) needs no look-up.
    if (sip_items_.empty() && icmp_items_.empty()) return spans_;
    if (!spans_from_items()) spans_from_field_lists(tree);
    if (spans_.size() < 2) return spans_;  // nearly every frame: nothing to order
    // A strict weak ordering: dissection order, then data source, then offset.
    std::sort(spans_.begin(), spans_.end(), [](const MessageSpan& a, const MessageSpan& b) {
        if (a.order != b.order) return a.order < b.order;
        if (a.start_line->ds_tvb != b.start_line->ds_tvb)
            return std::less<const tvbuff_t*>()(a.start_line->ds_tvb, b.start_line->ds_tvb);
        return a.start_line->start < b.start_line->start;
    });
    // A message also ends where the nearest next one of the same buffer
    // starts (whatever the SIP item's length says).
    for (MessageSpan& span : spans_) {
        for (const MessageSpan& other : spans_) {
            if (other.start_line->ds_tvb == span.start_line->ds_tvb && other.begin > span.begin && other.begin < span.end)
                span.end = other.begin;
        }
    }
    return spans_;
}

void SipFieldReader::read_message(const MessageSpan& span, SipMessage& out) const {
    const field_info* start_line = span.start_line;
    if (start_line->hfinfo->id == fields_[StatusCode]) {
        out.status = fvalue_get_uinteger(SIPDIAG_FI_VALUE(const_cast<field_info*>(start_line)));
    } else {
        out.is_request = true;
        out.method = string_of(const_cast<field_info*>(start_line));
    }
    // The message's own bytes, from its start line to its end (or to the
    // end of what was captured); tvb_get_ptr's memory lives as long as the
    // frame's data sources. Reading the header values here, rather than
    // asking Wireshark to build a field for each, is what keeps the plugin
    // cheap.
    const gint captured = static_cast<gint>(tvb_captured_length(start_line->ds_tvb));
    const gint end = std::min(span.end, captured);
    if (end <= span.begin) return;
    const guint8* bytes = tvb_get_ptr(start_line->ds_tvb, span.begin, end - span.begin);
    const SplitMessage split = read_sip_message(
        std::string_view(reinterpret_cast<const char*>(bytes), static_cast<std::size_t>(end - span.begin)), out);
    if (out.is_request) out.request_uri = request_uri_of(split.start_line);
}

}  // namespace sipdiag::plugin
