# Helpers to drive the real Wireshark GUI under a virtual X display.
# Sourced by the GUI checks and by scripts/screenshots.sh; not run directly.
#
#   gui_start PLUGIN|none CAPTURE [wireshark options...]
#       private HOME, profile and personal plugin folder; Xvfb on a free
#       display; Wireshark as `nobody` when run as root (root ignores personal
#       plugins); waits for the main window to show the capture.
#   gui_wait_window NAME [SECONDS]   id of the first window whose title matches NAME
#   gui_shot OUT.png [WINDOW]        screenshot of the screen or of one window
#   gui_ocr IMAGE [GEOMETRY]         text read from IMAGE (cropped to GEOMETRY, WxH+X+Y), scaled 2x
#   gui_find_text IMAGE WORD         "X Y" screen centre of the first OCR word matching WORD
#   gui_key KEYS... / gui_click X Y [BUTTON]
#
# Exit codes of the checks built on this: 0 pass, 1 the check failed,
# 2 the environment could not be set up (no Xvfb, Wireshark did not start).
# Set GUI_KEEP=DIR to keep screenshots and OCR text of a run in DIR, and
# GUI_TIME_SCALE=N to multiply every time limit by N on a slow machine.

GUI_W=1400
GUI_H=1000
# One tesseract thread: faster than several on a small shared machine.
export OMP_THREAD_LIMIT=1

gui_die_env() { echo "gui: cannot run: $*" >&2; exit 2; }
gui_fail() { echo "gui: CHECK FAILED: $*" >&2; exit 1; }
gui_log() { echo "gui: [${SECONDS}s] $*" >&2; }

gui_need_tools() {
  local tool missing=()
  for tool in wireshark Xvfb xdotool tesseract convert tshark; do
    command -v "$tool" >/dev/null || missing+=("$tool")
  done
  [ ${#missing[@]} -eq 0 ] || gui_die_env "missing tools: ${missing[*]} (packages: wireshark-qt xvfb xdotool tesseract-ocr imagemagick)"
}

gui_cleanup() {
  local pid
  for pid in ${GUI_WS_PID:-} ${GUI_XVFB_PID:-}; do kill "$pid" 2>/dev/null || true; done
  for pid in ${GUI_WS_PID:-} ${GUI_XVFB_PID:-}; do wait "$pid" 2>/dev/null || true; done
  if [ -n "${GUI_KEEP:-}" ] && [ -n "${GUI_DIR:-}" ]; then
    mkdir -p "$GUI_KEEP" && cp "$GUI_DIR"/*.png "$GUI_DIR"/*.txt "$GUI_DIR"/*.log "$GUI_KEEP"/ 2>/dev/null || true
  fi
  [ -n "${GUI_DIR:-}" ] && rm -rf "$GUI_DIR"
}

# Private folders: HOME with an empty personal configuration (and the
# personal plugin folder), a runtime folder and a copy of the capture.
gui_prepare() {  # PLUGIN|none CAPTURE
  local plugin=$1 capture=$2
  gui_need_tools
  [ "$plugin" = none ] || [ -f "$plugin" ] || gui_die_env "no plugin at $plugin"
  [ -f "$capture" ] || gui_die_env "no capture at $capture"
  GUI_WS_MINOR=$(tshark --version 2>/dev/null | sed -n '1s/.*(Wireshark) \([0-9]*\.[0-9]*\)\..*/\1/p')
  [ -n "$GUI_WS_MINOR" ] || gui_die_env "cannot tell the Wireshark version"
  GUI_DIR=$(mktemp -d "${TMPDIR:-/tmp}/sipdiag-gui.XXXXXX")
  trap gui_cleanup EXIT
  chmod 755 "$GUI_DIR"
  GUI_HOME=$GUI_DIR/home
  GUI_PROFILE=$GUI_HOME/.config/wireshark
  # An empty folder in place of the system plugin folder: a sipdiag installed
  # there (setup.sh) would otherwise load too, and Wireshark stops at a
  # "found in multiple directories" dialog -- or a check meant to run
  # without the plugin would have it.
  mkdir -p "$GUI_HOME/.local/lib/wireshark/plugins/$GUI_WS_MINOR/epan" "$GUI_PROFILE" "$GUI_DIR/run" \
    "$GUI_DIR/system-plugins"
  [ "$plugin" = none ] || cp "$plugin" "$GUI_HOME/.local/lib/wireshark/plugins/$GUI_WS_MINOR/epan/sipdiag.so"
  GUI_CAPTURE=$GUI_DIR/$(basename "$capture")
  cp "$capture" "$GUI_CAPTURE"
  # No "recent" file: skip the welcome hints; a larger default window.
  printf '%s\n' "privs.warn_if_elevated: FALSE" "gui.update.enabled: FALSE" >> "$GUI_PROFILE/preferences"
}

# Xvfb picks a free display itself (-displayfd); a display that does not
# answer is replaced, up to three times.
gui_start_x() {
  local attempt fifo num i
  for attempt in 1 2 3; do
    fifo=$GUI_DIR/displayfd.$attempt
    mkfifo "$fifo"
    Xvfb -displayfd 3 -screen 0 "${GUI_W}x${GUI_H}x24" -nolisten tcp 3>"$fifo" >"$GUI_DIR/xvfb.log" 2>&1 &
    GUI_XVFB_PID=$!
    num=
    read -r -t 20 num < "$fifo" || true
    if [ -n "$num" ]; then
      export DISPLAY=:$num
      for i in $(seq 1 20); do
        xdotool getdisplaygeometry >/dev/null 2>&1 && return 0
        sleep 0.25
      done
    fi
    kill "$GUI_XVFB_PID" 2>/dev/null || true
    wait "$GUI_XVFB_PID" 2>/dev/null || true
  done
  gui_die_env "Xvfb did not start: $(tail -3 "$GUI_DIR/xvfb.log")"
}

gui_start() {  # PLUGIN|none CAPTURE [wireshark options...]
  local plugin=$1 capture=$2; shift 2
  [ -n "${GUI_DIR:-}" ] || gui_prepare "$plugin" "$capture"
  gui_start_x
  chmod 700 "$GUI_DIR/run"
  local as=()
  if [ "$(id -u)" = 0 ]; then chown -R nobody "$GUI_DIR"; as=(runuser -u nobody --); fi
  chmod -R a+rX "$GUI_HOME"
  local attempt
  for attempt in 1 2; do
    "${as[@]}" env -i PATH="$PATH" DISPLAY="$DISPLAY" HOME="$GUI_HOME" XDG_CONFIG_HOME="$GUI_HOME/.config" \
      XDG_RUNTIME_DIR="$GUI_DIR/run" WIRESHARK_PLUGIN_DIR="$GUI_DIR/system-plugins" LC_ALL=C.UTF-8 TZ=UTC QT_QPA_PLATFORM=xcb QT_ACCESSIBILITY=0 \
      wireshark -r "$GUI_CAPTURE" "$@" >"$GUI_DIR/wireshark.log" 2>&1 &
    GUI_WS_PID=$!
    GUI_MAIN=$(gui_wait_main 60) && break
    [ ! -f "$GUI_DIR/start.fail" ] || gui_fail "$(cat "$GUI_DIR/start.fail")"
    # Wireshark 4.6 was seen once to abort on a fatal log message before its
    # window appeared, on a loaded machine: a process that died while
    # starting gets one more start; a second failure stops the check.
    if [ "$attempt" = 1 ] && ! kill -0 "$GUI_WS_PID" 2>/dev/null; then
      gui_log "Wireshark exited while starting ($(tail -1 "$GUI_DIR/wireshark.log")); starting it again"
      continue
    fi
    gui_die_env "the Wireshark window did not appear; windows: $(gui_window_titles | tr '\n' '|'); log: $(tail -3 "$GUI_DIR/wireshark.log")"
  done
  xdotool windowmove "$GUI_MAIN" 0 0 windowsize "$GUI_MAIN" "$GUI_W" "$GUI_H" windowfocus "$GUI_MAIN" 2>/dev/null || true
  sleep 1
  gui_log "Wireshark is up on $DISPLAY"
}

# Waits for the main window to show the capture. Wireshark 4.4 and later
# hold the file back behind a message box when the profile's colouring
# rules do not compile (a profile naming fields of a plugin that is not
# loaded): that is a failed check, not a failed start.
gui_wait_main() {  # SECONDS; prints the window id
  local limit=$1 deadline seen=0 id
  deadline=$((SECONDS + limit * ${GUI_TIME_SCALE:-1}))
  while [ $SECONDS -lt "$deadline" ]; do
    kill -0 "$GUI_WS_PID" 2>/dev/null || return 1
    id=$(xdotool search --onlyvisible --name "$(basename "$GUI_CAPTURE")" 2>/dev/null | head -1 || true)
    if [ -n "$id" ]; then echo "$id"; return 0; fi
    if xdotool search --onlyvisible --name "The Wireshark Network Analyzer" >/dev/null 2>&1; then
      seen=$((seen + 1))
      if [ $seen -eq 20 ]; then
        gui_shot "$GUI_DIR/start.png"
        if gui_ocr "$GUI_DIR/start.png" "" "$GUI_DIR/start.ocr" | grep -Eiq "could not compile|problems found"; then
          echo "Wireshark did not open the capture: $(tr '\n' ' ' < "$GUI_DIR/start.ocr.txt" | grep -Eio '(Disabling|Could not).{0,160}' | head -1)" > "$GUI_DIR/start.fail"
          return 1
        fi
      fi
    fi
    sleep 0.3
  done
  return 1
}

gui_wait_window() {  # NAME [SECONDS]; prints the window id
  local name=$1 limit=${2:-20} deadline id
  deadline=$((SECONDS + limit * ${GUI_TIME_SCALE:-1}))
  while [ $SECONDS -lt "$deadline" ]; do
    if [ -n "${GUI_WS_PID:-}" ] && ! kill -0 "$GUI_WS_PID" 2>/dev/null; then return 1; fi
    id=$(xdotool search --onlyvisible --name "$name" 2>/dev/null | head -1 || true)
    if [ -n "$id" ]; then echo "$id"; return 0; fi
    sleep 0.3
  done
  return 1
}

# Polls OCR of a fresh screenshot (optionally cropped) until it matches the
# extended regular expression PATTERN; the last text read is kept in NAME.txt.
gui_wait_text() {  # NAME PATTERN [SECONDS] [GEOMETRY] [WINDOW]
  local name=$1 pattern=$2 limit=${3:-10} crop=${4:-} window=${5:-} deadline tries=0
  deadline=$((SECONDS + limit * ${GUI_TIME_SCALE:-1}))
  while :; do
    gui_shot "$GUI_DIR/$name.png" "$window"
    gui_ocr "$GUI_DIR/$name.png" "$crop" "$GUI_DIR/$name.ocr" > "$GUI_DIR/$name.txt"
    if grep -Eiq -- "$pattern" "$GUI_DIR/$name.txt"; then gui_log "$name: found '$pattern'"; return 0; fi
    # On a busy machine one OCR may outlast the limit: always read twice.
    tries=$((tries + 1))
    [ $SECONDS -lt "$deadline" ] || [ $tries -lt 2 ] || return 1
    sleep 0.5
  done
}

# Clicks the first word WORD read by OCR in GEOMETRY of the screen (or of
# the screenshot IMAGE when given).
gui_click_text() {  # WORD [GEOMETRY] [BUTTON] [IMAGE]
  local xy img=${4:-$GUI_DIR/click.png}
  [ -n "${4:-}" ] || gui_shot "$img"
  xy=$(gui_find_text "$img" "$1" "${2:-}")
  [ -n "$xy" ] || return 1
  GUI_LAST_X=${xy% *} GUI_LAST_Y=${xy#* }
  gui_click $xy "${3:-1}"
}

# Clicks the first word WORD of the last OCR of gui_wait_text NAME.
gui_click_seen() {  # NAME WORD [BUTTON]
  local xy
  xy=$(gui_xy "$GUI_DIR/$1.ocr" "$2")
  [ -n "$xy" ] || return 1
  GUI_LAST_X=${xy% *} GUI_LAST_Y=${xy#* }
  gui_click $xy "${3:-1}"
}

gui_window_titles() { xdotool search --onlyvisible --name . 2>/dev/null | while read -r w; do xdotool getwindowname "$w"; done; }

gui_key() { xdotool key --delay 80 "$@"; sleep 0.4; }
# Qt menus react to a pointer that moves onto an item, then to a press and release.
gui_click() {  # X Y [BUTTON]
  xdotool mousemove "$(($1 - 4))" "$2" sleep 0.15 mousemove "$1" "$2" sleep 0.15 \
    mousedown "${3:-1}" sleep 0.15 mouseup "${3:-1}"
  sleep 0.4
}

gui_shot() {  # OUT.png [WINDOW]
  if [ -n "${2:-}" ]; then import -window "$2" "$1"; else import -window root "$1"; fi
}

# OCR of an image (optionally cropped), upscaled 2x: prints the text; with
# OUTBASE, also keeps OUTBASE.txt and OUTBASE.tsv (word boxes, for gui_xy).
gui_ocr() {  # IMAGE [GEOMETRY] [OUTBASE]
  local img=$1 crop=${2:-} out=${3:-$GUI_DIR/ocr-$(date +%s%N)}
  convert "$img" ${crop:+-crop "$crop" +repage} -resize 200% -colorspace Gray "$out.png"
  tesseract "$out.png" "$out" --psm 6 txt tsv >/dev/null 2>&1 || true
  echo "${crop:-+0+0}" > "$out.crop"
  cat "$out.txt" 2>/dev/null || true
}

# Screen position "X Y" of the first word containing WORD (case-insensitive)
# in the last OCR kept under OUTBASE.
gui_xy() {  # OUTBASE WORD
  local out=$1 word=$2 crop ox oy
  crop=$(cat "$out.crop"); ox=$(echo "$crop" | cut -d+ -f2); oy=$(echo "$crop" | cut -d+ -f3)
  awk -F'\t' -v w="$word" -v ox="${ox:-0}" -v oy="${oy:-0}" \
    'NR > 1 && $12 != "" && index(tolower($12), tolower(w)) { printf "%d %d\n", ox + ($7 + $9 / 2) / 2, oy + ($8 + $10 / 2) / 2; exit }' \
    "$out.tsv"
}

# Screen position of the first OCR word containing WORD in IMAGE (cropped to GEOMETRY).
gui_find_text() {  # IMAGE WORD [GEOMETRY]
  local out=$GUI_DIR/find-$(date +%s%N)
  gui_ocr "$1" "${3:-}" "$out" >/dev/null
  gui_xy "$out" "$2"
}
