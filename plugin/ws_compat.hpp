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

// The statistics tree. Wireshark's Qt main window gives a menu entry only to
// the trees flagged as coming from a plugin, at the bottom of Statistics
// whatever their group: a tree registered like a built-in one from a plugin
// (stats_tree_register_with_group on 4.0, stats_tree_register on 4.4) is
// reachable from tshark -z but from no menu, not even Telephony (seen on 4.0
// and 4.4; the plugin tree's Statistics entry is checked on 4.0, 4.4 and 4.6
// by tests/gui). From 4.4 on the registration returns the tree's
// configuration and the group is set on it afterwards.
#if SIPDIAG_WS_AT_LEAST(4, 4)
#define SIPDIAG_STAT_GROUP_TELEPHONY REGISTER_TELEPHONY_GROUP_UNSORTED
#define SIPDIAG_REGISTER_STATS_TREE(tap, abbr, name, packet, init)                                     \
    stats_tree_set_group(stats_tree_register_plugin(tap, abbr, name, 0, packet, init, nullptr), \
                         SIPDIAG_STAT_GROUP_TELEPHONY)
#else
#define SIPDIAG_STAT_GROUP_TELEPHONY REGISTER_STAT_GROUP_TELEPHONY
#define SIPDIAG_REGISTER_STATS_TREE(tap, abbr, name, packet, init) \
    stats_tree_register_plugin(tap, abbr, name, 0, packet, init, nullptr)
#endif

// A -z statistic's init callback reports success from 4.6 on.
#if SIPDIAG_WS_AT_LEAST(4, 6)
using StatTapInitResult = bool;
#define SIPDIAG_STAT_TAP_INIT_RETURN(ok) return (ok)
#else
using StatTapInitResult = void;
#define SIPDIAG_STAT_TAP_INIT_RETURN(ok) return
#endif

// Boolean preferences are stored in a gboolean up to 4.0 and in a bool from
// 4.2 on (the GLib types gave way to C99 ones).
#if SIPDIAG_WS_AT_LEAST(4, 2)
using PrefBool = bool;
#else
using PrefBool = int;  // gboolean
#endif

// Up to 4.4 a protocol's item at the top of the tree is always there; 4.6
// leaves it out too unless someone asked for it. There the SIP and ICMP
// protocol items sipdiag reads are asked for.
#define SIPDIAG_TOP_ITEMS_ASKED_FOR SIPDIAG_WS_AT_LEAST(4, 6)
