#pragma once

namespace sipdiag::plugin {
void register_protocol();
void register_handoff();
}  // namespace sipdiag::plugin
