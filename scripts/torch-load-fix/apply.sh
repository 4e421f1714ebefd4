#!/usr/bin/env bash
# Makes TorchSharp's libLibTorchSharp.so (built with GCC 13) load on Debian 12's libstdc++ (GCC 12, GLIBCXX_3.4.30).
# Its only GLIBCXX_3.4.32 symbol is std::ios_base_library_init; a shim .so supplies it, the symbol loses its
# version, and the 3.4.32 version need is marked weak so the loader does not refuse the file.
# Usage: apply.sh DIR...  (each DIR holding libLibTorchSharp.so). Idempotent: a patched file is left alone.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
command -v patchelf >/dev/null || { echo "torch-load-fix: patchelf missing (apt-get install -y patchelf)" >&2; exit 1; }
command -v g++ >/dev/null || { echo "torch-load-fix: g++ missing (apt-get install -y g++)" >&2; exit 1; }
for dir in "$@"; do
  lib="$dir/libLibTorchSharp.so"
  [ -f "$lib" ] || continue
  # Nothing to fix where the system libstdc++ already has the symbol's version.
  # (grep without -q: -q would close the pipe early and pipefail would count objdump's SIGPIPE.)
  if ! objdump -T "$lib" | grep '(GLIBCXX_3.4.32) _ZSt21ios_base_library_initv' >/dev/null; then continue; fi
  [ -f "$dir/libios_base_shim.so" ] || g++ -O2 -shared -fPIC -o "$dir/libios_base_shim.so" "$here/ios_base_shim.cpp"
  tmp="$lib.patching"
  cp "$lib" "$tmp"
  patchelf --clear-symbol-version _ZSt21ios_base_library_initv "$tmp"
  patchelf --add-needed libios_base_shim.so "$tmp"
  python3 "$here/mark-verneed-weak.py" "$tmp" GLIBCXX_3.4.32 >/dev/null
  mv "$tmp" "$lib"
  echo "torch-load-fix: patched $lib"
done
