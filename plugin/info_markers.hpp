// sipdiag's short markers at the end of the Info column ("[ACK missing]",
// "[ACK of #12]"), as TCP analysis adds its own, so that verdicts show while
// scrolling the packet list. All of them are decided here, from the notes
// alone: the tree views add items and expert infos, never markers, so a
// frame whose tree nobody reads gets its markers without them.
#pragma once

#include <span>

#include <epan/packet.h>

#include "sipdiag/capture_analysis.hpp"

namespace sipdiag::plugin {

// The markers of one message, in the order they are appended.
// `capture_complete`: every frame has been seen, so verdicts are known.
void mark_message(const CaptureAnalysis& analysis, const MessageNotes& notes, bool capture_complete,
                  packet_info* pinfo);

// One marker per live alert carried by the frame.
void mark_alerts(std::span<const Alert> alerts, packet_info* pinfo);

}  // namespace sipdiag::plugin
