#!/usr/bin/env bash
# One check of sipdiag in the real Wireshark GUI (under Xvfb, private HOME,
# the given plugin in a private personal plugin folder).
#
# usage: gui_check.sh PLUGIN.so|none CHECK CAPTURE [FRAME]
#   stats_menu   Statistics menu has "SIP diagnostics" and it opens its dialog
#   details      packet details of FRAME show "ACK outcome: missing"
#   expert       the Expert Information dialog lists sipdiag's expert infos
#   preferences  Protocol Preferences of the sipdiag row list "Timer T1", and
#                the Preferences dialog they open shows sipdiag's settings
#   severity     the status bar's expert dot is red: the file's highest
#                severity counts sipdiag's error-level expert infos (CAPTURE
#                with a 500 and nothing else of that level)
#   profile      with the sipdiag profile (-C sipdiag, from profiles/sipdiag),
#                the packet list has the "ACK outcome" column and FRAME's row
#                (an unacknowledged response) has the ACK-missing colour
# Exit status: 0 pass, 1 the check failed, 2 Wireshark or Xvfb could not run.
# Every check starts Wireshark once.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/gui_lib.sh"
[ $# -ge 3 ] || { sed -n '2,12p' "$0"; exit 2; }
plugin=$1 check=$2 capture=$3 frame=${4:-}

# The packet details pane takes the whole bottom half (no bytes pane).
gui_prepare "$plugin" "$capture"
echo "gui.layout_content_3: NONE" >> "$GUI_PROFILE/preferences"

# Parts of the screen: the menu bar, and the packet details (bottom half,
# left part: field lines are short).
MENUBAR="${GUI_W}x32+0+0"
DETAILS="900x$((GUI_H / 2 - 20))+0+$((GUI_H / 2))"

# Selects the sipdiag row of the packet details.
select_sipdiag_row() {
  gui_wait_text details "SIP diagnostics" 10 "$DETAILS" ||
    gui_fail "no 'SIP diagnostics' row in the packet details of frame $frame"
  gui_click_seen details diagnostics || gui_fail "cannot locate the 'SIP diagnostics' row"
}

# Clicks menu bar entry NAME; prints the geometry of the area below it.
open_menu() {  # NAME
  local xy x
  gui_shot "$GUI_DIR/menubar.png"
  xy=$(gui_find_text "$GUI_DIR/menubar.png" "$1" "$MENUBAR")
  [ -n "$xy" ] || gui_die_env "no $1 menu in the menu bar"
  gui_click $xy
  x=${xy% *}; x=$((x > 60 ? x - 60 : 0))
  echo "520x$((GUI_H - 40))+$x+24"
}

gui_log "$check: starting"
case $check in
  stats_menu)
    gui_start "$plugin" "$capture"
    menu=$(open_menu Statistics)
    gui_wait_text stats_menu "SIP diagnostics" 5 "$menu" ||
      gui_fail "the Statistics menu has no 'SIP diagnostics' entry: $(tr '\n' '|' < "$GUI_DIR/stats_menu.txt")"
    gui_click_seen stats_menu diagnostics || gui_fail "cannot locate 'SIP diagnostics' in the menu"
    dialog=$(gui_wait_window "SIP diagnostics" 10) ||
      gui_fail "no 'SIP diagnostics' window opened; windows: $(gui_window_titles | tr '\n' '|')"
    gui_log "dialog: $(xdotool getwindowname "$dialog")"
    # The tree fills in once the capture has been tapped.
    gui_wait_text stats_dialog "Responses by status code" 15 "" "$dialog" ||
      gui_fail "the dialog does not show the sipdiag tree: $(tr '\n' ' ' < "$GUI_DIR/stats_dialog.txt")"
    ;;
  details)
    [ -n "$frame" ] || gui_die_env "details needs a FRAME"
    gui_start "$plugin" "$capture" -g "$frame"
    select_sipdiag_row
    # Expand the sipdiag subtree with its children, then show its end.
    gui_key shift+Right End
    gui_wait_text details_open "ACK outcome: *missing" 8 "$DETAILS" ||
      gui_fail "the packet details do not show 'ACK outcome: missing': $(tr '\n' '|' < "$GUI_DIR/details_open.txt")"
    ;;
  expert)
    gui_start "$plugin" "$capture" -z expert
    dialog=$(gui_wait_window "Expert Info" 20) ||
      gui_die_env "the Expert Information dialog did not open; windows: $(gui_window_titles | tr '\n' '|')"
    xdotool windowmove "$dialog" 0 0 windowsize "$dialog" 1000 500 2>/dev/null || true
    sleep 0.5
    gui_wait_text expert "sipdiag" 15 "" "$dialog" ||
      gui_fail "the Expert Information dialog lists nothing from sipdiag: $(tr '\n' '|' < "$GUI_DIR/expert.txt")"
    grep -Eiq "never acknowledged|ACK missing|Status code explained" "$GUI_DIR/expert.txt" ||
      gui_fail "the Expert Information dialog has no sipdiag summary: $(tr '\n' '|' < "$GUI_DIR/expert.txt")"
    ;;
  preferences)
    [ -n "$frame" ] || gui_die_env "preferences needs a FRAME"
    gui_start "$plugin" "$capture" -g "$frame"
    select_sipdiag_row
    gui_click $GUI_LAST_X $GUI_LAST_Y 3
    menu="420x$GUI_H+$((GUI_LAST_X > 20 ? GUI_LAST_X - 20 : 0))+0"
    gui_wait_text context_menu "Protocol Preferences" 5 "$menu" ||
      gui_fail "no 'Protocol Preferences' in the context menu: $(tr '\n' '|' < "$GUI_DIR/context_menu.txt")"
    gui_click_seen context_menu Preferences || gui_fail "cannot locate 'Protocol Preferences'"
    # The submenu opens to the right of the entry.
    submenu="520x260+$GUI_LAST_X+$((GUI_LAST_Y > 40 ? GUI_LAST_Y - 40 : 0))"
    gui_wait_text protocol_prefs "Timer T1" 5 "$submenu" ||
      gui_fail "Protocol Preferences do not list sipdiag's 'Timer T1': $(tr '\n' '|' < "$GUI_DIR/protocol_prefs.txt")"
    # Its first entry opens Edit > Preferences at sipdiag's page.
    gui_click_seen protocol_prefs Open || gui_fail "no 'Open ... preferences' entry"
    dialog=$(gui_wait_window "Preferences" 10) || gui_fail "the Preferences dialog did not open"
    gui_wait_text prefs_dialog "Timer T1" 8 "" "$dialog" ||
      gui_fail "the Preferences dialog does not show sipdiag's settings: $(tr '\n' '|' < "$GUI_DIR/prefs_dialog.txt")"
    ;;
  severity)
    gui_start "$plugin" "$capture"
    # "Packets: 15" once the file is read ("Displayed: 15" too before 4.4).
    gui_wait_text statusbar "Packets: *[0-9]" 15 "${GUI_W}x30+0+$((GUI_H - 30))" ||
      gui_die_env "the status bar does not show the packet counts: $(tr '\n' '|' < "$GUI_DIR/statusbar.txt")"
    sleep 1
    gui_shot "$GUI_DIR/severity.png"
    # The dot sits at the left end of the status bar; its mean colour.
    rgb=$(convert "$GUI_DIR/severity.png" -crop "9x5+13+$((GUI_H - 13))" +repage -resize '1x1!' \
            -format '%[fx:int(255*r)] %[fx:int(255*g)]' info:)
    red=${rgb% *} green=${rgb#* }
    gui_log "expert dot: red $red, green $green"
    [ "$red" -gt $((green + 60)) ] || gui_fail "the status bar's expert dot is not red (red $red, green $green)"
    ;;
  profile)
    [ -n "$frame" ] || gui_die_env "profile needs a FRAME"
    mkdir -p "$GUI_PROFILE/profiles"
    cp -r "$here/../../profiles/sipdiag" "$GUI_PROFILE/profiles/"
    echo "gui.layout_content_3: NONE" >> "$GUI_PROFILE/profiles/sipdiag/preferences"
    gui_start "$plugin" "$capture" -C sipdiag
    gui_wait_text statusbar "Profile: *sipdiag" 10 "${GUI_W}x30+0+$((GUI_H - 30))" ||
      gui_fail "Wireshark did not open the sipdiag profile: $(tr '\n' '|' < "$GUI_DIR/statusbar.txt")"
    gui_wait_text header "ACK outcome" 8 "${GUI_W}x24+0+89" ||
      gui_fail "the packet list has no 'ACK outcome' column: $(tr '\n' '|' < "$GUI_DIR/header.txt")"
    # profiles/sipdiag/colorfilters draws "ACK missing" on [65535,32896,0]:
    # find rows of that colour in the packet list, then read the first one.
    band=$(convert "$GUI_DIR/header.png" -crop "1x$((GUI_H / 2 - 110))+200+110" +repage txt:- |
             awk -F'[,:]' 'tolower($0) ~ /#ff8000/ { y = $2 + 110; if (first == "") first = y; last = y }
                           END { if (first != "") print first, last }')
    [ -n "$band" ] || gui_fail "no row of the packet list has the ACK-missing colour"
    y1=${band% *} y2=${band#* }
    gui_log "ACK-missing colour on rows y=$y1..$y2"
    [ $((y2 - y1)) -lt 30 ] || gui_fail "more than one row has the ACK-missing colour (y=$y1..$y2)"
    convert "$GUI_DIR/header.png" -crop "700x$((y2 - y1 + 3))+0+$((y1 - 1))" +repage -resize 300% -colorspace Gray "$GUI_DIR/row.png"
    tesseract "$GUI_DIR/row.png" - --psm 7 2>/dev/null > "$GUI_DIR/row.txt" || true
    grep -Eq "^ *$frame .*missing" "$GUI_DIR/row.txt" ||
      gui_fail "the row with the ACK-missing colour is not frame $frame with outcome missing: $(cat "$GUI_DIR/row.txt")"
    ;;
  *) gui_die_env "unknown check $check" ;;
esac
gui_log "$check: passed"
