# Shared by the install tests: keep the build tree's install manifest as it
# was (the tests install into temporary folders, and cmake --install rewrites
# BUILD/install_manifest.txt), and ask tshark where it looks for plugins.
manifest_keep() {  # BUILD
  manifest="$1/install_manifest.txt"
  manifest_saved=$(mktemp)
  if [ -e "$manifest" ]; then cp -p "$manifest" "$manifest_saved"; had_manifest=1; else had_manifest=0; fi
}
manifest_restore() {
  if [ "$had_manifest" = 1 ]; then cp -p "$manifest_saved" "$manifest"; else rm -f "$manifest"; fi
  rm -f "$manifest_saved"
}
# tshark_folder LABEL [command prefix...]: a folder from `tshark -G folders`,
# e.g. "Global Plugins" or "Personal Plugins".
tshark_folder() {
  local label=$1; shift
  "$@" tshark -G folders 2>/dev/null | sed -n "s/^$label:[[:space:]]*//p" | head -1
}
fail() { echo "FAIL: $*"; exit 1; }
