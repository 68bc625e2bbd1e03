// The symbols Wireshark looks up when it loads a plugin. They must have C
// linkage, and the constants must be `extern` (a namespace-scope const has
// internal linkage in C++ and would not be exported).
#include <epan/proto.h>
#include <ws_symbol_export.h>

#include "sipdiag_dissector.hpp"
#include "ws_compat.hpp"

#if SIPDIAG_WS_AT_LEAST(4, 2)
#include <wsutil/plugins.h>
#endif

extern "C" {

WS_DLL_PUBLIC_DEF extern const char plugin_version[];
WS_DLL_PUBLIC_DEF extern const int plugin_want_major;
WS_DLL_PUBLIC_DEF extern const int plugin_want_minor;
WS_DLL_PUBLIC void plugin_register(void);

const char plugin_version[] = SIPDIAG_VERSION;
const int plugin_want_major = WIRESHARK_VERSION_MAJOR;
const int plugin_want_minor = WIRESHARK_VERSION_MINOR;

#if SIPDIAG_WS_AT_LEAST(4, 2)
WS_DLL_PUBLIC uint32_t plugin_describe(void);
uint32_t plugin_describe(void) { return WS_PLUGIN_DESC_DISSECTOR; }
#endif

void plugin_register(void) {
    static proto_plugin plugin;
    plugin.register_protoinfo = sipdiag::plugin::register_protocol;
    plugin.register_handoff = sipdiag::plugin::register_handoff;
    proto_register_plugin(&plugin);
}

}  // extern "C"
