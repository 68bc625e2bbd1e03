#!/usr/bin/env bash
# Quick start: install the build dependencies, build sipdiag, install the
# plugin where Wireshark finds it, and show it at work on a bundled capture.
# Build output goes to build/setup.log; each step prints one line.
set -euo pipefail
cd "$(dirname "$0")"
scripts/install-deps.sh
mkdir -p build
log=build/setup.log
: > "$log"
step() {  # description command...
  local what=$1; shift
  printf 'setup: %s ... ' "$what"
  if "$@" >> "$log" 2>&1; then
    echo ok
  else
    echo "FAILED; last lines of $log:"
    tail -25 "$log" | sed 's/^/  /'
    exit 1
  fi
}
step "configuring (log: $log)" cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBUILD_TESTING=OFF
step "building" cmake --build build -j"$(nproc)"
# Personal plugin folder for a user, system folder for root, chosen now (see README).
step "installing" cmake --install build
installed=$(sed -n 's/^-- \(Installing\|Up-to-date\): //p' "$log")
plugin=$(grep '/sipdiag\.so$' <<< "$installed" | tail -1)
batch=$(grep '/sipdiag-batch$' <<< "$installed" | tail -1)
echo "setup: plugin in $plugin"
echo "setup: sipdiag-batch in $batch"

# Two installed copies (one personal, one system): Wireshark loads the one
# in the system folder and warns about the other on every run.
ws_minor=$(tshark --version 2>/dev/null | sed -n '1s/.*(Wireshark) \([0-9]*\.[0-9]*\)\..*/\1/p')
system_plugin=$(tshark -G folders 2>/dev/null | sed -n 's/^Global Plugins:[[:space:]]*//p')/epan/sipdiag.so
# Whose personal folder to look at: ours, and as root (sudo or not) also the
# users' (uid 1000 and up), whose Wireshark now finds the system copy first.
homes=("$HOME")
if [ "$(id -u)" = 0 ]; then
  while IFS=: read -r _ _ uid _ _ home _; do
    if [ "$uid" -ge 1000 ] && [ "$uid" -lt 60000 ]; then homes+=("$home"); fi
  done < <(getent passwd)
fi
mapfile -t homes < <(printf '%s\n' "${homes[@]}" | sort -u)
for home in "${homes[@]}"; do
  personal_plugin="$home/.local/lib/wireshark/plugins/$ws_minor/epan/sipdiag.so"
  if [ -n "$home" ] && [ -f "$personal_plugin" ] && [ -f "$system_plugin" ]; then
    echo
    echo "Note: sipdiag is installed twice: in the system plugin folder ($system_plugin)"
    echo "and in the personal one of $home ($personal_plugin)."
    echo "Wireshark and tshark use the system copy; for that user they also warn on every run that"
    echo "\"The plugin 'sipdiag.so' was found in multiple directories\". Keep one: remove the personal"
    echo "copy with: rm '$personal_plugin'"
    echo "or the system copy with: sudo rm '$system_plugin'"
  fi
done

# sipdiag-batch in ~/.local/bin is only found if that folder is on PATH.
batch_dir=$(dirname "$batch")
case ":$PATH:" in
  *":$batch_dir:"*) ;;
  *) echo
     echo "Note: $batch_dir is not on your PATH, so the command sipdiag-batch is not found yet."
     echo "Add this line to ~/.profile (or ~/.bashrc) and open a new shell:"
     echo "  export PATH=\"$batch_dir:\$PATH\"" ;;
esac

echo
tshark -G plugins | grep -P '^sipdiag\.so\s' || { echo "setup: tshark does not list sipdiag (see above)"; exit 1; }
echo
echo "Every 5xx in captures/all-codes.pcap, explained by sipdiag:"
tshark -r captures/all-codes.pcap -Y 'sipdiag.status.class == "Server Error"' \
  -T fields -e frame.number -e sipdiag.status.code -e sipdiag.status.phrase -e sipdiag.status.meaning
