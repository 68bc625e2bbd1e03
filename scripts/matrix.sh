#!/usr/bin/env bash
# Builds sipdiag and runs its whole test suite against each supported
# Wireshark, each in a clean Debian root file system made with debootstrap:
#   bookworm -> Wireshark 4.0, trixie -> 4.4, sid -> 4.6
# then builds the .deb there, installs it and checks that tshark loads it.
#
# usage: scripts/matrix.sh [SUITE...]          (default: bookworm trixie sid)
# Root file systems are cached in $SIPDIAG_MATRIX_CACHE (default
# /var/cache/sipdiag-matrix), outside the repository, so a second run only
# copies the sources in. Needs root (debootstrap, chroot, mount).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
cache=${SIPDIAG_MATRIX_CACHE:-/var/cache/sipdiag-matrix}
mirror=${SIPDIAG_MATRIX_MIRROR:-http://deb.debian.org/debian}
suites=("$@"); [ ${#suites[@]} -gt 0 ] || suites=(bookworm trixie sid)
packages="cmake make g++ pkg-config tshark wireshark-dev libwireshark-dev libglib2.0-dev libgtest-dev
          nlohmann-json3-dev python3 util-linux time"

[ "$(id -u)" = 0 ] || { echo "matrix.sh: needs root (debootstrap, chroot)"; exit 2; }
command -v debootstrap >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap < /dev/null
mkdir -p "$cache"

# A slow or flaky mirror should not fail the run: retry with a growing pause.
retry() {
  local attempt
  for attempt in 1 2 3 4; do
    "$@" && return 0
    echo "matrix.sh: attempt $attempt failed: $*; retrying in $((attempt * 15)) s" >&2
    sleep $((attempt * 15))
  done
  "$@"
}

mounted=()
cleanup() { for m in "${mounted[@]}"; do umount -l "$m" 2>/dev/null || true; done; }
trap cleanup EXIT

in_root() { chroot "$1" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LC_ALL=C.UTF-8 \
                   DEBIAN_FRONTEND=noninteractive /bin/bash -c "$2"; }

prepare_root() {  # suite root
  local suite=$1 root=$2
  local stamp="$root/.sipdiag-ready-$(echo "$packages" | md5sum | cut -c1-12)"
  [ -f "$stamp" ] && return 0
  if [ ! -x "$root/usr/bin/apt-get" ]; then
    rm -rf "$root"
    retry debootstrap --variant=minbase "$suite" "$root" "$mirror" > "$cache/$suite-debootstrap.log" 2>&1 ||
      { tail -20 "$cache/$suite-debootstrap.log"; return 1; }
  fi
  # The registry may serve a frozen snapshot whose Release files have expired.
  echo 'Acquire::Check-Valid-Until "false";' > "$root/etc/apt/apt.conf.d/99sipdiag"
  retry in_root "$root" "apt-get update -qq && apt-get install -y -qq --no-install-recommends $(echo $packages)" \
    > "$cache/$suite-packages.log" 2>&1 || { tail -20 "$cache/$suite-packages.log"; return 1; }
  touch "$stamp"
}

summary=()
status=0
for suite in "${suites[@]}"; do
  root="$cache/$suite-root"
  started=$(date +%s)
  echo "=== $suite: preparing root file system"
  prepare_root "$suite" "$root"
  mountpoint -q "$root/proc" || { mount -t proc proc "$root/proc"; mounted+=("$root/proc"); }

  # A fresh copy of the sources: tracked and new files, no build trees.
  rm -rf "$root/src/sipdiag" && mkdir -p "$root/src/sipdiag"
  (cd "$repo" && git ls-files -co --exclude-standard -z | tar --null -cf - -T -) | tar -xf - -C "$root/src/sipdiag"

  version=$(in_root "$root" "tshark --version 2>/dev/null | head -1")
  echo "=== $suite: $version: building and running the test suite"
  log="$cache/$suite-tests.log"
  if in_root "$root" "cd /src/sipdiag && bash tests/run-all.sh" > "$log" 2>&1; then result=passed; else result=FAILED; status=1; fi
  counts=$(grep -E "tests passed|tests failed out of" "$log" | tail -1)
  [ "$result" = passed ] || tail -40 "$log"

  echo "=== $suite: package"
  package=FAILED
  if in_root "$root" "cd /src/sipdiag && rm -rf build-deb &&
        cmake -S . -B build-deb -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF \
              -DCMAKE_INSTALL_PREFIX=/usr >/dev/null && cmake --build build-deb -j\$(nproc) >/dev/null &&
        cd build-deb && cpack -G DEB >/dev/null && deb=\$(ls wireshark-plugin-sipdiag_*.deb) &&
        apt-get install -y -qq ./\$deb >/dev/null && tshark -G plugins 2>/dev/null | grep -P '^sipdiag\.so\s' &&
        dpkg-deb -f \$deb Depends && mkdir -p /src/out && cp \$deb /src/out/ && apt-get remove -y -qq wireshark-plugin-sipdiag >/dev/null" \
        > "$cache/$suite-package.log" 2>&1; then
    package="$(grep -P '^sipdiag\.so' "$cache/$suite-package.log" | tr -s ' \t' ' ' | cut -d' ' -f1-4) ($(grep -o 'libwireshark[0-9]* (>= [^)]*)' "$cache/$suite-package.log" | head -1))"
  else
    status=1; tail -20 "$cache/$suite-package.log"
  fi
  elapsed=$(( $(date +%s) - started ))
  summary+=("$(printf '%-9s %-28s %-6s %-55s %4ss  .deb: %s' "$suite" "$version" "$result" "$counts" "$elapsed" "$package")")
done

echo
echo "=== Wireshark version matrix"
printf '%s\n' "${summary[@]}"
exit $status
