// What sipdiag reads out of header fields and shows on every pass: Reason
// and Warning headers explained, and where a 2xx's ACK went compared with
// what the 2xx asked for.
#pragma once

#include <epan/packet.h>

#include "sipdiag/capture_analysis.hpp"

namespace sipdiag::plugin {

void register_header_view(int proto);
// Adds the Reason and Warning items of one message under `subtree`.
void show_header_texts(const HeaderTexts& texts, tvbuff_t* tvb, packet_info* pinfo, proto_tree* subtree);
// Adds the ACK's routing verdict under `subtree`; a misrouted ACK is also
// said on `root`.
void show_route_check(const KeptRouteCheck& check, tvbuff_t* tvb, packet_info* pinfo, proto_tree* subtree,
                      proto_item* root);

}  // namespace sipdiag::plugin
