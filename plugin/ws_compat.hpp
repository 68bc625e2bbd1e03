// The few places where Wireshark's plugin API differs between the versions
// sipdiag supports. Everything version-specific lives here.
#pragma once

#include <ws_version.h>

#define SIPDIAG_WS_AT_LEAST(major, minor) \
    (WIRESHARK_VERSION_MAJOR > (major) || (WIRESHARK_VERSION_MAJOR == (major) && WIRESHARK_VERSION_MINOR >= (minor)))

// field_info::value is an embedded fvalue_t up to 4.0 and a pointer from 4.2 on.
#if SIPDIAG_WS_AT_LEAST(4, 2)
#define SIPDIAG_FI_VALUE(fi) ((fi)->value)
#else
#define SIPDIAG_FI_VALUE(fi) (&(fi)->value)
#endif
