#include "sip_fields.hpp"

#include "ws_compat.hpp"

#include <epan/proto.h>

namespace sipdiag::plugin {
namespace {

// The first occurrence of field `hf` inside the bytes of one SIP message
// (several messages can share a TCP segment; fields are matched by position
// because a message lacking a header has no entry to pair by index).
field_info* field_in(proto_tree* tree, int hf, const field_info* message) {
    if (hf < 0) return nullptr;
    GPtrArray* found = proto_get_finfo_ptr_array(tree, hf);
    if (found == nullptr) return nullptr;
    const gint end = message->length < 0 ? G_MAXINT : message->start + message->length;
    for (guint i = 0; i < found->len; ++i) {
        auto* fi = static_cast<field_info*>(g_ptr_array_index(found, i));
        if (fi->ds_tvb == message->ds_tvb && fi->start >= message->start && fi->start < end) return fi;
    }
    return nullptr;
}

std::string_view string_of(field_info* fi) {
    if (fi == nullptr) return {};
    const char* text = fvalue_get_string(SIPDIAG_FI_VALUE(fi));
    return text != nullptr ? std::string_view(text) : std::string_view();
}

}  // namespace

void SipFieldReader::resolve() {
    proto_sip_ = proto_get_id_by_filter_name("sip");
    for (std::size_t i = 0; i < Count; ++i) fields_[i] = proto_registrar_get_id_byname(kFieldNames[i]);
}

GArray* SipFieldReader::wanted_fields() const {
    GArray* wanted = g_array_new(FALSE, FALSE, static_cast<guint>(sizeof(int)));
    if (proto_sip_ >= 0) g_array_append_val(wanted, proto_sip_);
    for (const int hf : fields_)
        if (hf >= 0) g_array_append_val(wanted, hf);
    return wanted;
}

bool SipFieldReader::read_message(proto_tree* tree, const field_info* message, SipMessage& out) const {
    if (field_info* status = field_in(tree, fields_[StatusCode], message)) {
        out.status = fvalue_get_uinteger(SIPDIAG_FI_VALUE(status));
    } else if (field_info* method = field_in(tree, fields_[Method], message)) {
        out.is_request = true;
        out.method = string_of(method);
    } else {
        return false;  // neither a request line nor a status line: nothing to say
    }
    if (field_info* cseq = field_in(tree, fields_[CSeqSeq], message))
        out.cseq = fvalue_get_uinteger(SIPDIAG_FI_VALUE(cseq));
    out.cseq_method = string_of(field_in(tree, fields_[CSeqMethod], message));
    out.call_id = string_of(field_in(tree, fields_[CallId], message));
    out.from_tag = string_of(field_in(tree, fields_[FromTag], message));
    out.to_tag = string_of(field_in(tree, fields_[ToTag], message));
    out.via_branch = string_of(field_in(tree, fields_[ViaBranch], message));
    out.from_uri = string_of(field_in(tree, fields_[FromAddr], message));
    out.to_uri = string_of(field_in(tree, fields_[ToAddr], message));
    return true;
}

}  // namespace sipdiag::plugin
