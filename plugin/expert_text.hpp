// Expert infos that cost nothing where nobody reads them. A sentence costs
// a printf per message and an expert info a thousand instructions, and most
// runs show neither: tshark's summary lines, the first pass of `tshark -2`,
// `-q -z sipdiag,...`.
//
// - Someone reads the sentence (a visible tree, a filter, field or column
//   naming the expert or _ws.expert.message, an expert tap such as -z expert
//   or the Expert Information dialog): the expert info with its sentence.
// - Someone reads only its severity (the Expert column, a filter on
//   _ws.expert.severity or .group): the expert info with its registered
//   summary.
// - Nobody: only the highest severity of the file (the status bar of
//   Wireshark's window) counts it, so each kind is added once per file.
#pragma once

#include <epan/expert.h>
#include <epan/packet.h>

namespace sipdiag::plugin {

// Call from the protocol registration routine.
void register_expert_text();

// Whether anything on this frame reads expert infos beyond the file's
// highest severity: an expert tap, or a filter, field or column naming
// _ws.expert or one of its fields.
bool expert_read(proto_tree* tree);

// Whether the file's highest expert severity (the status bar of Wireshark's
// window) is already an error, so that no sipdiag expert info can raise it.
bool highest_severity_settled();

// Adds the expert info `ei` on `item` (which may be null: no tree).
[[gnu::format(printf, 4, 5)]] void add_expert(packet_info* pinfo, proto_item* item, expert_field* ei,
                                              const char* format, ...);

}  // namespace sipdiag::plugin
