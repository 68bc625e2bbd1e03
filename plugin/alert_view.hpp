// What sipdiag shows on a frame that carries live alerts: the fact that just
// became known (an ACK window closed without an ACK, an INVITE left without
// any response), with a link back to the message it is about.
#pragma once

#include <span>

#include <epan/packet.h>

#include "sipdiag/capture_analysis.hpp"

namespace sipdiag::plugin {

// Registers the alert fields and expert infos under sipdiag's protocol.
void register_alert_view(int proto);
// Alerts are known on the first pass already, so every pass shows them.
void show_alerts(std::span<const Alert> alerts, std::int64_t frame_time_ns, tvbuff_t* tvb, packet_info* pinfo,
                 proto_tree* tree);

}  // namespace sipdiag::plugin
