#!/usr/bin/env bash
# Builds sipdiag and runs its whole test suite against each supported
# Wireshark, each in a clean Debian root file system made with debootstrap:
#   bookworm -> Wireshark 4.0, trixie -> 4.4, sid -> 4.6
# then builds the .deb there, installs it and checks that tshark loads it,
# and runs the Quick start (./setup.sh) the way a new user does: as a
# non-root user with sudo, on a terminal, in a root file system that has
# none of the dependencies yet. A question on that terminal makes it fail
# (time limit) instead of waiting forever.
#
# usage: scripts/matrix.sh [SUITE...]          (default: bookworm trixie sid)
# Root file systems are cached in $SIPDIAG_MATRIX_CACHE (default
# /var/cache/sipdiag-matrix), outside the repository, so a second run only
# copies the sources in. Needs root (debootstrap, chroot, mount).
# SIPDIAG_MATRIX_SETUP: suites whose Quick start is checked (default: bookworm;
# "all" for every suite, "none" to skip); SIPDIAG_MATRIX_SETUP_TIMEOUT: its
# time limit in seconds (default 1200). SIPDIAG_MATRIX_STEPS: which of
# "tests package setup" to run (default all three). SIPDIAG_MATRIX_TESTED: the
# first line of `tshark --version` of a Wireshark the whole suite has just
# passed on (.ci/run sets it to this machine's); a root with exactly that
# build skips its test run, since the same package gives the same results,
# and still builds its .deb and checks the Quick start.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
cache=${SIPDIAG_MATRIX_CACHE:-/var/cache/sipdiag-matrix}
mirror=${SIPDIAG_MATRIX_MIRROR:-http://deb.debian.org/debian}
suites=("$@"); [ ${#suites[@]} -gt 0 ] || suites=(bookworm trixie sid)
setup_suites=${SIPDIAG_MATRIX_SETUP:-bookworm}
setup_timeout=${SIPDIAG_MATRIX_SETUP_TIMEOUT:-1200}
steps=" ${SIPDIAG_MATRIX_STEPS:-tests package setup} "
# The same list as scripts/install-deps.sh, which also adds the Wireshark GUI:
# wireshark-qt where it exists (Debian 12), else wireshark (13 and later).
packages="cmake make g++ pkg-config tshark wireshark-dev libwireshark-dev libglib2.0-dev libgtest-dev
          nlohmann-json3-dev python3 util-linux time xvfb xauth xdotool tesseract-ocr imagemagick fonts-dejavu-core"
gui_package='$(LC_ALL=C apt-cache policy wireshark-qt 2>/dev/null | grep -q "Candidate: [^(]" && echo wireshark-qt || echo wireshark)'

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

# The base root: debootstrap's minimal system plus sudo, nothing of ours.
prepare_base() {  # suite base
  local suite=$1 base=$2
  [ -f "$base/.sipdiag-base-ready" ] && return 0
  rm -rf "$base"
  retry debootstrap --variant=minbase "$suite" "$base" "$mirror" > "$cache/$suite-debootstrap.log" 2>&1 ||
    { tail -20 "$cache/$suite-debootstrap.log"; return 1; }
  # The registry may serve a frozen snapshot whose Release files have expired.
  echo 'Acquire::Check-Valid-Until "false";' > "$base/etc/apt/apt.conf.d/99sipdiag"
  retry in_root "$base" "apt-get update -qq && apt-get install -y -qq --no-install-recommends sudo" \
    > "$cache/$suite-base.log" 2>&1 || { tail -20 "$cache/$suite-base.log"; return 1; }
  touch "$base/.sipdiag-base-ready"
}

# The test root: the base plus every dependency.
prepare_root() {  # suite root base
  local suite=$1 root=$2 base=$3
  local stamp="$root/.sipdiag-ready-$(echo "$packages $gui_package" | md5sum | cut -c1-12)"
  [ -f "$stamp" ] && return 0
  if [ ! -x "$root/usr/bin/apt-get" ]; then
    rm -rf "$root"
    cp -a "$base" "$root"
  fi
  retry in_root "$root" "apt-get update -qq && apt-get install -y -qq --no-install-recommends $(echo $packages) $gui_package" \
    > "$cache/$suite-packages.log" 2>&1 || { tail -20 "$cache/$suite-packages.log"; return 1; }
  touch "$stamp"
}

mount_in() {  # root: /proc and a terminal device folder for script(1)
  mountpoint -q "$1/proc" || { mount -t proc proc "$1/proc"; mounted+=("$1/proc"); }
  mountpoint -q "$1/dev/pts" || { mkdir -p "$1/dev/pts"; mount --bind /dev/pts "$1/dev/pts"; mounted+=("$1/dev/pts"); }
}
unmount_in() {  # root
  local m
  for m in "$1/dev/pts" "$1/proc"; do mountpoint -q "$m" && umount -l "$m"; done
  return 0
}

# The Quick start as a new user would run it: in a copy of the base root (no
# dependencies installed), as user `builder` with passwordless sudo, under a
# pseudo-terminal whose input is closed, with a time limit. Then
# `sudo ./setup.sh` (plugin now in both folders: it must say so). Sets $setup to
# a one-line result; the transcripts are in $cache/$suite-setup-*.log.
check_setup() {  # suite root base
  local suite=$1 root=$2 base=$3 work="$cache/$suite-setup-root" t0 rc user_result root_result
  unmount_in "$work"; rm -rf "$work"
  cp -a "$base" "$work"
  # Reuse the packages the test root already downloaded.
  cp -l "$root"/var/cache/apt/archives/*.deb "$work/var/cache/apt/archives/" 2>/dev/null || true
  mount_in "$work"
  in_root "$work" "useradd -m -s /bin/bash builder && echo 'builder ALL=(ALL) NOPASSWD: ALL' > /etc/sudoers.d/builder &&
                   chmod 440 /etc/sudoers.d/builder && mkdir /home/builder/sipdiag"
  copy_sources "$work/home/builder/sipdiag"
  in_root "$work" "chown -R builder:builder /home/builder/sipdiag"

  local user_log="$cache/$suite-setup-user.log" root_log="$cache/$suite-setup-root.log"
  t0=$(date +%s)
  rc=0
  in_root "$work" "cd /home/builder/sipdiag && timeout -k 10 $setup_timeout \
                   runuser -l builder -c 'cd ~/sipdiag && script -qec ./setup.sh /dev/null' < /dev/null" \
    > "$user_log" 2>&1 || rc=$?
  sed -i 's/\r$//' "$user_log"
  user_result="$(( $(date +%s) - t0 ))s $(wc -l < "$user_log") lines"
  if [ $rc = 124 ] || [ $rc = 137 ]; then
    user_result="HUNG (killed after ${setup_timeout}s)"
  elif [ $rc != 0 ]; then
    user_result="FAILED (exit $rc)"
  elif grep -qi "non-superusers" "$user_log"; then
    user_result="FAILED (debconf question shown)"
  elif ! grep -qP '^sipdiag\.so\s.*/home/builder/\.local/lib/wireshark/plugins/' "$user_log" ||
       ! grep -q "^[0-9]*	500	" "$user_log"; then
    user_result="FAILED (no personal plugin or no demo lines)"
  else
    user_result="ok $user_result"
  fi
  [ "${user_result%% *}" = ok ] || { status=1; tail -30 "$user_log"; }

  t0=$(date +%s)
  rc=0
  in_root "$work" "timeout -k 10 $setup_timeout \
                   runuser -l builder -c 'cd ~/sipdiag && script -qec \"sudo ./setup.sh\" /dev/null' < /dev/null" \
    > "$root_log" 2>&1 || rc=$?
  sed -i 's/\r$//' "$root_log"
  root_result="$(( $(date +%s) - t0 ))s $(wc -l < "$root_log") lines"
  if [ $rc != 0 ]; then
    root_result="FAILED (exit $rc)"
  elif ! grep -q "sipdiag is installed twice" "$root_log"; then
    root_result="FAILED (no note on the two installed copies)"
  else
    root_result="ok $root_result"
  fi
  [ "${root_result%% *}" = ok ] || { status=1; tail -30 "$root_log"; }
  unmount_in "$work"
  rm -rf "$work"
  setup="setup.sh as user: $user_result; then with sudo: $root_result"
}

# A fresh copy of the sources: tracked and new files, no build trees.
copy_sources() {  # destination
  rm -rf "$1" && mkdir -p "$1"
  (cd "$repo" && git ls-files -co --exclude-standard -z | tar --null -cf - -T -) | tar -xf - -C "$1"
}

summary=()
status=0
for suite in "${suites[@]}"; do
  root="$cache/$suite-root" base="$cache/$suite-base"
  started=$(date +%s)
  echo "=== $suite: preparing root file system"
  prepare_base "$suite" "$base"
  prepare_root "$suite" "$root" "$base"
  mount_in "$root"
  copy_sources "$root/src/sipdiag"

  version=$(in_root "$root" "tshark --version 2>/dev/null | head -1")
  result="not run" counts="" package="not built"
  if [[ $steps = *" tests "* ]] && [ -n "${SIPDIAG_MATRIX_TESTED:-}" ] && [ "$version" = "$SIPDIAG_MATRIX_TESTED" ]; then
    echo "=== $suite: $version: the suite already passed on this very build; tests not run again"
    result="passed" counts="(same build as the run before the matrix)"
  elif [[ $steps = *" tests "* ]]; then
    echo "=== $suite: $version: building and running the test suite"
    log="$cache/$suite-tests.log"
    if in_root "$root" "cd /src/sipdiag && SIPDIAG_MUTATION_SEEDS=1 bash tests/run-all.sh" > "$log" 2>&1; then result=passed; else result=FAILED; status=1; fi
    counts=$(grep -E "tests passed|tests failed out of" "$log" | tail -1)
    [ "$result" = passed ] || tail -40 "$log"
  fi

  if [[ $steps = *" package "* ]]; then
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
  fi
  elapsed=$(( $(date +%s) - started ))

  setup="setup.sh: not checked"
  if [[ $steps = *" setup "* ]] && [[ " $setup_suites " = *" all "* || " $setup_suites " = *" $suite "* ]]; then
    echo "=== $suite: ./setup.sh as a new user on a terminal, then sudo ./setup.sh"
    check_setup "$suite" "$root" "$base"
  fi
  summary+=("$(printf '%-9s %-28s %-6s %-55s %4ss  .deb: %s\n          %s' "$suite" "$version" "$result" "$counts" "$elapsed" "$package" "$setup")")
done

echo
echo "=== Wireshark version matrix"
printf '%s\n' "${summary[@]}"
exit $status
