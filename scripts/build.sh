#!/usr/bin/env bash
# Builds both halves from the same sources:
#   build/web     the static site (emcmake): build/web/site/{index.html, index.<hash>.js, index.<hash>.wasm, fonts/}
#   build/native  the local backend, the core and every test (g++)
# Usage: build.sh [web|native|all]   (default all)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
what="${1:-all}"
jobs="${CW_JOBS:-$(nproc)}"
build_type="${CW_BUILD_TYPE:-Release}"

build_web() {
  if [ ! -f "$root/build/web/CMakeCache.txt" ]; then
    NODE_PATH=/usr/share/nodejs emcmake cmake -S "$root" -B "$root/build/web" \
      -DCMAKE_BUILD_TYPE="$build_type" >/dev/null
  fi
  cmake --build "$root/build/web" -j "$jobs"
}

build_native() {
  if [ ! -f "$root/build/native/CMakeCache.txt" ]; then
    cmake -S "$root" -B "$root/build/native" -DCMAKE_BUILD_TYPE="$build_type" \
      -DCW_WEB_SITE_DIR="$root/build/web/site" >/dev/null
  fi
  cmake --build "$root/build/native" -j "$jobs"
}

case "$what" in
  web) build_web ;;
  native) build_native ;;
  all) build_web; build_native ;;
  *) echo "usage: $0 [web|native|all]" >&2; exit 2 ;;
esac
