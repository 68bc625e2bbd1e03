// Reading the header values the analysis needs straight from a message's
// header block, so that the plugin asks Wireshark for no header fields.
#pragma once

#include <string_view>

#include "sipdiag/header_block.hpp"
#include "sipdiag/sip_message.hpp"

namespace sipdiag {

// Fills call_id, from_tag, from_uri, to_tag, to_uri, cseq, cseq_method,
// cseq_header and via_branch of `message` from `header_block` (see
// split_message) in one pass over it: the first field of each name counts,
// and the top Via is the first element of the first Via field. Fields that
// are absent leave their members untouched. Views point into `header_block`.
void read_sip_headers(std::string_view header_block, SipMessage& message);

// split_message and read_sip_headers in one walk over the message's lines
// (`bytes` starts with the request or status line): returns the split, sets
// `message.header_block` to it, reads the same values as read_sip_headers
// and, on the way, the ones after `more_headers_read` (set true) in
// SipMessage. Views point into `bytes`.
SplitMessage read_sip_message(std::string_view bytes, SipMessage& message);

// The first value of header `name` in `message`: for User-Agent, Server and
// Reason the one read_sip_message kept, when it read them; otherwise looked
// up in its header block (first_header).
std::string_view header_value(const SipMessage& message, HeaderName name);

namespace detail {
// The same view as header_parameter(value, name) (sip_header.hpp), found by
// looking each byte up in a table instead of find_first_of, which compares
// it with every character of the set in turn: this runs three times for
// every SIP message. fuzz_header_block checks that the two agree.
std::string_view first_parameter(std::string_view value, std::string_view name);
}  // namespace detail

}  // namespace sipdiag
