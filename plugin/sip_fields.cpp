#include "sip_fields.hpp"

#include <algorithm>
#include <vector>

#include <epan/proto.h>

#include "sipdiag/sip_header.hpp"
#include "ws_compat.hpp"

namespace sipdiag::plugin {
namespace {

GPtrArray* occurrences(proto_tree* tree, int hf) { return hf < 0 ? nullptr : proto_get_finfo_ptr_array(tree, hf); }

std::string_view string_of(field_info* fi) {
    if (fi == nullptr) return {};
    const char* text = fvalue_get_string(SIPDIAG_FI_VALUE(fi));
    return text != nullptr ? std::string_view(text) : std::string_view();
}

}  // namespace

void SipFieldReader::resolve() {
    for (std::size_t i = 0; i < Count; ++i) fields_[i] = proto_registrar_get_id_byname(kFieldNames[i]);
}

GArray* SipFieldReader::wanted_fields() const {
    GArray* wanted = g_array_new(FALSE, FALSE, static_cast<guint>(sizeof(int)));
    for (const int hf : fields_)
        if (hf >= 0) g_array_append_val(wanted, hf);
    return wanted;
}

// A SIP message starts with its request line (sip.Method) or status line
// (sip.Status-Code) and runs until the next one in the same data source:
// that is how several messages in one TCP segment are told apart, and why
// fields are matched by position rather than paired by index.
const std::vector<SipFieldReader::MessageSpan>& SipFieldReader::message_spans(proto_tree* tree) const {
    spans_.clear();
    for (const int hf : {fields_[StatusCode], fields_[Method]}) {
        if (GPtrArray* found = occurrences(tree, hf))
            for (guint i = 0; i < found->len && spans_.size() < 0xffff; ++i)
                spans_.push_back({static_cast<field_info*>(g_ptr_array_index(found, i)), G_MAXINT});
    }
    // Frame order: by data source as first met, then by position within it.
    std::stable_sort(spans_.begin(), spans_.end(), [](const MessageSpan& a, const MessageSpan& b) {
        return a.start_line->ds_tvb == b.start_line->ds_tvb && a.start_line->start < b.start_line->start;
    });
    for (std::size_t i = 0; i < spans_.size(); ++i) {
        for (std::size_t j = i + 1; j < spans_.size(); ++j) {
            const field_info* next = spans_[j].start_line;
            if (next->ds_tvb == spans_[i].start_line->ds_tvb && next->start > spans_[i].start_line->start) {
                spans_[i].end = next->start;
                break;
            }
        }
    }
    return spans_;
}

void SipFieldReader::read_message(proto_tree* tree, const MessageSpan& span, SipMessage& out) const {
    const field_info* start_line = span.start_line;
    const auto first_in_span = [&](Field field) -> field_info* {
        GPtrArray* found = occurrences(tree, fields_[field]);
        if (found == nullptr) return nullptr;
        for (guint i = 0; i < found->len; ++i) {
            auto* fi = static_cast<field_info*>(g_ptr_array_index(found, i));
            if (fi->ds_tvb == start_line->ds_tvb && fi->start >= start_line->start && fi->start < span.end) return fi;
        }
        return nullptr;
    };
    if (start_line->hfinfo->id == fields_[StatusCode]) {
        out.status = fvalue_get_uinteger(SIPDIAG_FI_VALUE(const_cast<field_info*>(start_line)));
    } else {
        out.is_request = true;
        out.method = string_of(const_cast<field_info*>(start_line));
    }
    const CSeq cseq = parse_cseq(string_of(first_in_span(CSeqHeader)));
    out.cseq = cseq.number;
    out.cseq_method = cseq.method;
    out.call_id = string_of(first_in_span(CallId));
    const std::string_view from = string_of(first_in_span(From));
    const std::string_view to = string_of(first_in_span(To));
    out.from_tag = header_parameter(from, "tag");
    out.to_tag = header_parameter(to, "tag");
    out.from_uri = header_address(from);
    out.to_uri = header_address(to);
    out.via_branch = header_parameter(string_of(first_in_span(Via)), "branch");
}

}  // namespace sipdiag::plugin
