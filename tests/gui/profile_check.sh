#!/usr/bin/env bash
# Installs the sipdiag configuration profile the way `cmake --install` does
# for an unprivileged user (cmake/InstallProfile.cmake, personal profiles
# folder of a private HOME), then asks tshark, with the freshly built plugin
# and that profile (-C sipdiag), which colouring rule matches FRAME.
#
# usage: profile_check.sh PLUGIN.so|none SOURCE_DIR CAPTURE FRAME EXPECTED_RULE
# As root, the install and tshark run as `nobody` (root ignores personal
# plugin folders).
set -euo pipefail
[ $# -eq 5 ] || { sed -n '2,9p' "$0"; exit 2; }
plugin=$1 source=$2 capture=$3 frame=$4 expected=$5

work=$(mktemp -d "${TMPDIR:-/tmp}/sipdiag-profile.XXXXXX")
trap 'rm -rf "$work"' EXIT
ws_minor=$(tshark --version 2>/dev/null | sed -n '1s/.*(Wireshark) \([0-9]*\.[0-9]*\)\..*/\1/p')
mkdir -p "$work/plugins/$ws_minor/epan" "$work/home" "$work/profile"
[ "$plugin" = none ] || cp "$plugin" "$work/plugins/$ws_minor/epan/"
cp "$capture" "$work/"
cp "$source/profiles/sipdiag/"* "$work/profile/"
cp "$source/cmake/InstallProfile.cmake" "$source/cmake/InstallScope.cmake" "$work/"
chmod -R a+rX "$work"

as=()
if [ "$(id -u)" = 0 ]; then chown -R nobody "$work/home"; as=(runuser -u nobody --); fi
run() { (cd "$work" && "${as[@]}" env -i PATH="$PATH" HOME="$work/home" LC_ALL=C.UTF-8 TZ=UTC "$@"); }

run cmake -DSIPDIAG_PROFILE_SOURCE="$work/profile" -P "$work/InstallProfile.cmake"
installed=$work/home/.config/wireshark/profiles/sipdiag
[ -f "$installed/colorfilters" ] && [ -f "$installed/preferences" ] ||
  { echo "profile: not installed into $installed" >&2; exit 1; }

# --color makes tshark apply the profile's colouring rules (frame.coloring_rule.*).
rule=$(run env WIRESHARK_PLUGIN_DIR="$work/plugins" tshark -C sipdiag --color -2 -r "$work/$(basename "$capture")" \
         -Y "frame.number == $frame" -T fields -e frame.coloring_rule.name)
echo "frame $frame: colouring rule '$rule'"
[ "$rule" = "$expected" ] || { echo "profile: expected rule '$expected'" >&2; exit 1; }
