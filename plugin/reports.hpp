// sipdiag's statistics: the end-of-run tshark reports (-z sipdiag,summary
// [,json] and -z sipdiag,calls[,json]) and the GUI's Statistics > Telephony > SIP diagnostics tree.
#pragma once

#include <span>

#include <epan/packet.h>

#include "sipdiag/capture_analysis.hpp"

namespace sipdiag::plugin {

void register_reports();
// Whether a report is listening.
bool reports_listening();
// Hands one frame's notes to the statistics, if any is listening.
void tap_frame(packet_info* pinfo, std::span<const MessageNotes> notes);

}  // namespace sipdiag::plugin
