#!/usr/bin/env bash
# Runs one GUI check in a setting where it must fail (no plugin, or a
# capture without the verdict) and passes only when the check itself fails:
# exit status 1 of gui_check.sh. A Wireshark or Xvfb that does not start
# (status 2) or a check that passes (status 0) fail this test.
#
# usage: expect_check_fails.sh PLUGIN.so|none CHECK CAPTURE [FRAME]
set -uo pipefail
"$(dirname "$0")/gui_check.sh" "$@"
status=$?
case $status in
  1) echo "gui: the check failed, as it must here"; exit 0 ;;
  0) echo "gui: the check passed where it must fail" >&2; exit 1 ;;
  *) echo "gui: the check could not run (status $status)" >&2; exit 1 ;;
esac
