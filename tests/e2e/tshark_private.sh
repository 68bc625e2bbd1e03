#!/usr/bin/env bash
# Runs the real tshark with a freshly built sipdiag plugin loaded from a
# private plugin folder, never the user's or the system's: WIRESHARK_PLUGIN_DIR
# replaces the system plugin folder (where an installed sipdiag may sit) and
# HOME is an empty private folder. Wireshark ignores both when it runs as
# root, so as root tshark runs as `nobody`.
#
# usage: tshark_private.sh PLUGIN.so [tshark arguments...]
# SIPDIAG_TSHARK_PRELOAD, if set, becomes tshark's LD_PRELOAD.
# Capture paths given with -r are copied into the private folder first, so
# that `nobody` can read them wherever the source tree lives; `-r -` reads
# standard input (a live capture piped in).
set -euo pipefail
plugin=$1; shift

work=$(mktemp -d "${TMPDIR:-/tmp}/sipdiag-e2e.XXXXXX")
trap 'rm -rf "$work"' EXIT
ws_minor=$(tshark --version 2>/dev/null | sed -n '1s/.*(Wireshark) \([0-9]*\.[0-9]*\)\..*/\1/p')
mkdir -p "$work/plugins/$ws_minor/epan" "$work/home" "$work/captures"
cp "$plugin" "$work/plugins/$ws_minor/epan/"
[ -n "${SIPDIAG_CONFIG_DIR:-}" ] && mkdir -p "$work/home/.config" && cp -r "$SIPDIAG_CONFIG_DIR" "$work/home/.config/wireshark"

args=()
while [ $# -gt 0 ]; do
  if [ "$1" = "-r" ] && [ "$2" != "-" ]; then
    cp "$2" "$work/captures/"
    args+=(-r "$work/captures/$(basename "$2")"); shift 2
  else
    args+=("$1"); shift
  fi
done
chmod -R a+rX "$work"

runner=(env WIRESHARK_PLUGIN_DIR="$work/plugins" HOME="$work/home" XDG_CONFIG_HOME="$work/home/.config" LC_ALL=C.UTF-8 TZ=UTC)
# A sanitizer build of the plugin needs its runtime loaded first into the
# uninstrumented tshark (scripts/fuzz.sh tshark): preload it into tshark
# only, not into runuser or env, and pass the sanitizer options along.
if [ -n "${SIPDIAG_TSHARK_PRELOAD:-}" ]; then
  runner+=(LD_PRELOAD="$SIPDIAG_TSHARK_PRELOAD")
  for var in ASAN_OPTIONS UBSAN_OPTIONS LSAN_OPTIONS; do
    if [ -n "${!var:-}" ]; then runner+=("$var=${!var}"); fi
  done
fi
if [ "$(id -u)" = 0 ]; then runner=(runuser -u nobody -- "${runner[@]}"); fi
cd "$work"
"${runner[@]}" tshark "${args[@]}"
