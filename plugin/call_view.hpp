// What sipdiag shows on the INVITE that starts a call: the call's outcome,
// its deciding response, its end; and the marks on retransmitted INVITEs.
#pragma once

#include <epan/packet.h>

#include "sipdiag/capture_analysis.hpp"

namespace sipdiag::plugin {

// Registers the call fields and expert infos under sipdiag's protocol.
void register_call_view(int proto);
// `capture_complete`: every frame has been seen, so verdicts are known.
void show_invite(const CaptureAnalysis& analysis, const MessageNotes& notes, bool capture_complete, tvbuff_t* tvb,
                 packet_info* pinfo, proto_tree* tree);

}  // namespace sipdiag::plugin
