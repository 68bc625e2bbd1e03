#include "sipdiag/sip_headers_reader.hpp"

#include "sipdiag/header_block.hpp"
#include "sipdiag/sip_header.hpp"

namespace sipdiag {

void read_sip_headers(std::string_view header_block, SipMessage& message) {
    // One bit per header still wanted; the walk stops once all are read,
    // which skips the long tail of a typical block (Contact, Allow, SDP...).
    enum : unsigned { kCallId = 1, kFrom = 2, kTo = 4, kCSeq = 8, kVia = 16, kAll = 31 };
    unsigned seen = 0;
    for_each_header(header_block, [&](const HeaderField& field) {
        switch (field.name) {
            case HeaderName::CallId:
                if (seen & kCallId) break;
                seen |= kCallId;
                message.call_id = field.value;
                break;
            case HeaderName::From:
                if (seen & kFrom) break;
                seen |= kFrom;
                message.from_tag = header_parameter(field.value, "tag");
                message.from_uri = header_address(field.value);
                break;
            case HeaderName::To:
                if (seen & kTo) break;
                seen |= kTo;
                message.to_tag = header_parameter(field.value, "tag");
                message.to_uri = header_address(field.value);
                break;
            case HeaderName::CSeq: {
                if (seen & kCSeq) break;
                seen |= kCSeq;
                const CSeq cseq = parse_cseq(field.value);
                message.cseq_header = true;
                message.cseq = cseq.number;
                message.cseq_method = cseq.method;
                break;
            }
            case HeaderName::Via:
                if (seen & kVia) break;
                seen |= kVia;
                // header_parameter reads the first element only: the top Via.
                message.via_branch = header_parameter(field.value, "branch");
                break;
            default:
                break;
        }
        return seen != kAll;
    });
}

}  // namespace sipdiag
