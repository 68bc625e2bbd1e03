#!/usr/bin/env bash
# `cmake --install BUILD --prefix DIR` puts the plugin into DIR plus the
# prefix-relative plugin folder of the Wireshark on this machine, and
# sipdiag-batch into DIR/bin; then the manifest-based uninstall of the README
# removes exactly those files.
# usage: prefix_install.sh BUILD
set -euo pipefail
build=$1
. "$(dirname "$0")/common.sh"

# Where Wireshark itself keeps its plugins, relative to /usr where it lives.
global=$(tshark_folder "Global Plugins")
case "$global" in /usr/*) libdir=${global#/usr/} ;; *) fail "unexpected global plugin folder '$global'" ;; esac

tmp=$(mktemp -d)
manifest_keep "$build"
trap 'manifest_restore; rm -rf "$tmp"' EXIT

# First under a DESTDIR, so that a wrong (absolute) destination still lands
# in the temporary folder and shows up below instead of touching the system.
DESTDIR="$tmp/dest" cmake --install "$build" --prefix "$tmp/prefix" > "$tmp/install.log" 2>&1 ||
  { cat "$tmp/install.log"; fail "cmake --install --prefix failed"; }
plugin="$tmp/prefix/$libdir/epan/sipdiag.so"
[ -f "$tmp/dest$plugin" ] || { cat "$tmp/install.log"; find "$tmp/dest" -type f; fail "no $plugin (under DESTDIR)"; }
outside=$(find "$tmp/dest" -type f ! -path "$tmp/dest$tmp/prefix/*")
[ -z "$outside" ] || fail "installed outside the prefix: $outside"
others=$(find "$tmp/dest" -name sipdiag.so ! -path "$tmp/dest$plugin")
[ -z "$others" ] || fail "another sipdiag.so: $others"
[ -x "$tmp/dest$tmp/prefix/bin/sipdiag-batch" ] || fail "sipdiag-batch is not executable"
echo "prefix install: $plugin and bin/sipdiag-batch"

# Now for real into the prefix, and uninstall as the README says: every file
# listed in the manifest.
env -u DESTDIR cmake --install "$build" --prefix "$tmp/prefix" > "$tmp/install.log" 2>&1 ||
  { cat "$tmp/install.log"; fail "cmake --install --prefix failed"; }
[ -f "$plugin" ] || fail "no $plugin"
grep -qx "$plugin" "$build/install_manifest.txt" || { cat "$build/install_manifest.txt"; fail "manifest does not list $plugin"; }
xargs -d '\n' rm -f < "$build/install_manifest.txt"
left=$(find "$tmp/prefix" -type f)
[ -z "$left" ] || fail "left after the manifest uninstall: $left"
echo "manifest uninstall removed every installed file"
