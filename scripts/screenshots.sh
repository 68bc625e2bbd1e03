#!/usr/bin/env bash
# Screenshots of sipdiag in the real Wireshark GUI, for the documentation.
#
# usage: scripts/screenshots.sh PLUGIN.so OUTDIR
#   details-missing-ack.png   packet details of an unacknowledged 200 (captures/handshake-fork.pcap, frame 12)
#   packet-list-profile.png   packet list with the sipdiag profile (profiles/sipdiag): columns and colours
#   statistics-dialog.png     the SIP diagnostics statistics dialog
#   expert-dialog.png         the Expert Information dialog
# Wireshark runs under Xvfb with a private HOME, like the GUI tests
# (tests/gui/gui_lib.sh); needs wireshark, xvfb, xdotool, tesseract-ocr and
# imagemagick, and uses pngquant when it is installed to keep the files small.
set -euo pipefail
[ $# -eq 2 ] || { sed -n '2,12p' "$0"; exit 2; }
repo=$(cd "$(dirname "$0")/.." && pwd)
plugin=$(readlink -f "$1")
mkdir -p "$2"
out=$(cd "$2" && pwd)
capture=$repo/captures/handshake-fork.pcap
source "$repo/tests/gui/gui_lib.sh"

# Each shot runs in its own subshell: one Wireshark, one private folder.
shrink() {  # PNG
  if command -v pngquant >/dev/null; then
    pngquant --force --skip-if-larger --quality 60-90 --output "$1" -- "$1" || true
  else
    convert "$1" -colors 256 "$1"
  fi
  echo "$1: $(identify -format '%wx%h' "$1"), $(($(stat -c %s "$1") / 1024)) KiB"
}

( # Packet details of the unacknowledged 200, sipdiag subtree open.
  gui_prepare "$plugin" "$capture"
  echo "gui.layout_content_3: NONE" >> "$GUI_PROFILE/preferences"
  gui_start "$plugin" "$capture" -g 12
  gui_wait_text details "SIP diagnostics" 15 "900x$((GUI_H / 2 - 20))+0+$((GUI_H / 2))" || gui_fail "no sipdiag row"
  gui_click_seen details diagnostics || gui_fail "cannot locate the sipdiag row"
  gui_key shift+Right End
  gui_wait_text details_open "ACK outcome" 10 "900x$((GUI_H / 2 - 20))+0+$((GUI_H / 2))" || gui_fail "subtree did not open"
  convert "$GUI_DIR/details_open.png" -crop "1060x$((GUI_H / 2 - 24))+0+$((GUI_H / 2))" +repage "$out/details-missing-ack.png"
)
shrink "$out/details-missing-ack.png"

( # Packet list with the sipdiag profile.
  gui_prepare "$plugin" "$capture"
  mkdir -p "$GUI_PROFILE/profiles"
  cp -r "$repo/profiles/sipdiag" "$GUI_PROFILE/profiles/"
  gui_start "$plugin" "$capture" -C sipdiag
  gui_wait_text header "ACK outcome" 10 "${GUI_W}x24+0+89" || gui_fail "the profile's columns are missing"
  convert "$GUI_DIR/header.png" -crop "${GUI_W}x284+0+88" +repage "$out/packet-list-profile.png"
)
shrink "$out/packet-list-profile.png"

( # The statistics dialog, opened from the menu.
  gui_prepare "$plugin" "$capture"
  gui_start "$plugin" "$capture"
  gui_shot "$GUI_DIR/menubar.png"
  xy=$(gui_find_text "$GUI_DIR/menubar.png" Statistics "${GUI_W}x32+0+0")
  [ -n "$xy" ] || gui_fail "no Statistics menu"
  gui_click $xy
  x=${xy% *}
  gui_wait_text stats_menu "SIP diagnostics" 10 "520x$((GUI_H - 40))+$((x > 60 ? x - 60 : 0))+24" || gui_fail "no menu entry"
  gui_click_seen stats_menu diagnostics || gui_fail "cannot locate the menu entry"
  dialog=$(gui_wait_window "SIP diagnostics" 15) || gui_fail "no dialog"
  xdotool windowmove "$dialog" 0 0 windowsize "$dialog" 900 520 2>/dev/null || true
  gui_wait_text stats_dialog "Responses by status code" 15 "" "$dialog" || gui_fail "empty dialog"
  cp "$GUI_DIR/stats_dialog.png" "$out/statistics-dialog.png"
)
shrink "$out/statistics-dialog.png"

( # The Expert Information dialog.
  gui_prepare "$plugin" "$capture"
  gui_start "$plugin" "$capture" -z expert
  dialog=$(gui_wait_window "Expert Info" 20) || gui_fail "no Expert Information dialog"
  xdotool windowmove "$dialog" 0 0 windowsize "$dialog" 1000 460 2>/dev/null || true
  gui_wait_text expert "sipdiag" 15 "" "$dialog" || gui_fail "no sipdiag entries"
  cp "$GUI_DIR/expert.png" "$out/expert-dialog.png"
)
shrink "$out/expert-dialog.png"
