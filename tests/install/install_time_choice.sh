#!/usr/bin/env bash
# The default install location is decided when `cmake --install` runs, from
# the uid and HOME of whoever runs it, not from who configured the build:
#  - root, with DESTDIR: the system plugin folder (as tshark reports it) and
#    PREFIX/bin, under DESTDIR;
#  - anyone else: the personal plugin folder of their HOME (as tshark reports
#    it for that HOME) and HOME/.local/bin.
# As root the second case runs as `nobody` with a temporary HOME; as another
# user the first case is skipped. Nothing is written outside temporary folders
# (and BUILD/install_manifest.txt, restored afterwards).
# usage: install_time_choice.sh BUILD CONFIGURED_PREFIX auto|fixed
# (fixed: the build was configured with a prefix or an explicit scope, so
# there is no install-time choice to test.)
set -euo pipefail
build=$1 prefix=$2 choice=$3
. "$(dirname "$0")/common.sh"
[ "$choice" = auto ] || { echo "SKIP: $build was configured with a fixed install location"; exit 77; }

tmp=$(mktemp -d)
chmod 755 "$tmp"
manifest_keep "$build"
trap 'manifest_restore; rm -rf "$tmp"' EXIT

if [ "$(id -u)" = 0 ]; then
  global=$(tshark_folder "Global Plugins")
  [ -n "$global" ] || fail "tshark reports no global plugin folder"
  DESTDIR="$tmp/root" cmake --install "$build" > "$tmp/root.log" 2>&1 || { cat "$tmp/root.log"; fail "install as root failed"; }
  [ -f "$tmp/root$global/epan/sipdiag.so" ] || { cat "$tmp/root.log"; find "$tmp/root" -type f; fail "root: no plugin in $global/epan under DESTDIR"; }
  [ -x "$tmp/root$prefix/bin/sipdiag-batch" ] || { find "$tmp/root" -type f; fail "root: no $prefix/bin/sipdiag-batch under DESTDIR"; }
  others=$(find "$tmp/root" -name sipdiag.so ! -path "$tmp/root$global/epan/sipdiag.so")
  [ -z "$others" ] || fail "root: another sipdiag.so: $others"
  echo "root: $global/epan/sipdiag.so and $prefix/bin/sipdiag-batch (under DESTDIR)"
  as_user=(runuser -u nobody --)
  # nobody must read the build tree and may write only the manifest there.
  "${as_user[@]}" test -r "$build/cmake_install.cmake" || { echo "SKIP: nobody cannot read $build"; exit 77; }
  touch "$build/install_manifest.txt" && chown nobody "$build/install_manifest.txt"
else
  echo "not root: the root case is skipped"
  as_user=()
fi

home="$tmp/home"
mkdir "$home"
[ ${#as_user[@]} -eq 0 ] || chown nobody "$home"
personal=$(tshark_folder "Personal Plugins" "${as_user[@]}" env HOME="$home")
case "$personal" in "$home"/*) ;; *) fail "tshark reports personal plugin folder '$personal' for HOME=$home";; esac
"${as_user[@]}" env -u DESTDIR HOME="$home" cmake --install "$build" > "$tmp/user.log" 2>&1 ||
  { cat "$tmp/user.log"; fail "install as a user failed"; }
[ -f "$personal/epan/sipdiag.so" ] || { cat "$tmp/user.log"; find "$home" -type f; fail "user: no plugin in $personal/epan"; }
[ -x "$home/.local/bin/sipdiag-batch" ] || { find "$home" -type f; fail "user: no $home/.local/bin/sipdiag-batch"; }
others=$(find "$home" -name sipdiag.so ! -path "$personal/epan/sipdiag.so")
[ -z "$others" ] || fail "user: another sipdiag.so: $others"
echo "user: $personal/epan/sipdiag.so and ~/.local/bin/sipdiag-batch"
