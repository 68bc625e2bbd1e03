#!/usr/bin/env bash
# Installs what sipdiag needs to build and test, from Debian's packages.
# Does nothing when everything is already there; needs root (or sudo) otherwise.
# Never stops at a question: the one debconf question of these packages
# (may non-superusers capture packets? -- no) is answered beforehand, and apt
# runs with the noninteractive debconf front end, also through sudo.
# apt's own output goes to a log file; this prints one line per step and the
# end of the log when a step fails.
set -euo pipefail
packages=(cmake make g++ pkg-config tshark wireshark-dev libwireshark-dev libglib2.0-dev
          libgtest-dev nlohmann-json3-dev python3 util-linux time sip-tester
          xvfb xauth xdotool tesseract-ocr imagemagick fonts-dejavu-core)
missing=()
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
for p in "${packages[@]}"; do installed "$p" || missing+=("$p"); done
# The Wireshark GUI (for the GUI tests): package wireshark-qt up to Debian 12;
# from Debian 13 on that package is gone and `wireshark` itself carries the GUI.
gui_missing=0
installed wireshark-qt || { installed wireshark && [ -x /usr/bin/wireshark ]; } || gui_missing=1
[ ${#missing[@]} -eq 0 ] && [ $gui_missing = 0 ] && exit 0

if [ "$(id -u)" = 0 ]; then
  as_root=(env)
elif command -v sudo > /dev/null; then
  as_root=(sudo)
else
  echo "install-deps: missing packages (${missing[*]}) and not root; install sudo or run as root" >&2
  exit 1
fi
apt=("${as_root[@]}" DEBIAN_FRONTEND=noninteractive apt-get -y -q
     -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold -o DPkg::Lock::Timeout=300)
log=$(mktemp "${TMPDIR:-/tmp}/sipdiag-install-deps.XXXXXX.log")
chmod 644 "$log"

step() {  # description command...
  local what=$1; shift
  printf 'install-deps: %s ... ' "$what"
  if "$@" < /dev/null >> "$log" 2>&1; then
    echo ok
  else
    echo "FAILED; last lines of $log:"
    tail -25 "$log" | sed 's/^/  /'
    exit 1
  fi
}

echo "install-deps: apt output goes to $log"
step "answering the wireshark-common question (no setuid capture)" \
  sh -c "echo 'wireshark-common wireshark-common/install-setuid boolean false' | ${as_root[*]} debconf-set-selections"
step "apt-get update" "${apt[@]}" update
if [ $gui_missing = 1 ]; then
  # `apt-cache show` also succeeds for a name that only other packages mention
  # (Debian 13): ask for an installable version instead.
  if LC_ALL=C apt-cache policy wireshark-qt 2>/dev/null | grep -q 'Candidate: [^(]'; then
    missing+=(wireshark-qt)
  else
    missing+=(wireshark)
  fi
fi
step "apt-get install ${missing[*]}" "${apt[@]}" install --no-install-recommends "${missing[@]}"
