#!/usr/bin/env bash
# Installs what sipdiag needs to build and test, from Debian's packages.
# Does nothing when everything is already there; needs root (or sudo) otherwise.
set -euo pipefail
packages=(cmake make g++ pkg-config tshark wireshark-dev libwireshark-dev libglib2.0-dev
          libgtest-dev nlohmann-json3-dev python3 util-linux time)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "Installing: ${missing[*]}"
as_root=(); [ "$(id -u)" = 0 ] || as_root=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" < /dev/null
