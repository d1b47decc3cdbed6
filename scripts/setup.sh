#!/usr/bin/env bash
# Installs everything the build and the tests need, from Debian's archive and npm only.
# Idempotent: prints nothing and changes nothing when all is already in place.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"

debian_packages=(
  cmake g++ make pkg-config dpkg-dev
  emscripten node-acorn
  nlohmann-json3-dev doctest-dev libcpp-httplib-dev libsqlite3-dev libssl-dev
  ffmpeg libheif-examples libimage-exiftool-perl webp libjpeg-turbo-progs
  chromium chromium-driver
  clang libclang-rt-14-dev
  fonts-noto-core fonts-droid-fallback fonttools
  libimagequant-dev libgif-dev gifsicle mate-backgrounds
  postgresql libpq-dev
)

sudo_if_needed() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

missing_packages() {
  local p
  for p in "${debian_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || echo "$p"
  done
}

# Same archive and suites as the binary entries, so `apt-get source` finds imgui.
ensure_deb_src() {
  local list=/etc/apt/sources.list.d/clipwright-src.sources
  grep -rqs '^Types:.*deb-src\|^deb-src ' /etc/apt/sources.list /etc/apt/sources.list.d/ && return 0
  local uri suite
  uri=$(grep -h '^URIs:' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -n1 | awk '{print $2}')
  suite=$(grep -h '^Suites:' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -n1 | awk '{print $2}')
  uri=${uri:-http://deb.debian.org/debian}; suite=${suite:-bookworm}
  printf 'Types: deb-src\nURIs: %s\nSuites: %s\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
    "$uri" "$suite" | sudo_if_needed tee "$list" >/dev/null
  echo "setup: added deb-src entry $list"
  # The lists must know the new entry before `apt-get source` can use it.
  apt_updated=0
  apt_update_once
}

apt_updated=0
apt_update_once() {
  [ "$apt_updated" -eq 1 ] && return 0
  echo "setup: apt-get update"
  sudo_if_needed apt-get update -qq >/dev/null
  apt_updated=1
}

install_debian_packages() {
  local missing
  missing=$(missing_packages | tr '\n' ' ')
  [ -z "${missing// /}" ] && return 0
  apt_update_once
  echo "setup: installing $missing"
  DEBIAN_FRONTEND=noninteractive sudo_if_needed apt-get install -y -qq --no-install-recommends $missing >/dev/null
}

fetch_imgui_source() {
  local dest="$root/third_party"
  ls -d "$dest"/imgui-1.86*/imgui.h >/dev/null 2>&1 && return 0
  ensure_deb_src
  mkdir -p "$dest"
  echo "setup: fetching Dear ImGui 1.86 source package"
  # apt warns when _apt cannot write to the folder; the download works all the same. The source
  # lists may be missing on a machine that never updated them: update once, then try again.
  fetch() { (cd "$dest" && apt-get source -qq --download-only imgui 2>&1 | { grep -v "unsandboxed" || true; }); }
  fetch || true
  if ! ls "$dest"/imgui_1.86*.dsc >/dev/null 2>&1; then apt_update_once; fetch; fi
  (cd "$dest" && dpkg-source -x --skip-patches ./imgui_1.86*.dsc >/dev/null 2>&1)
  rm -f "$dest"/imgui_1.86*.{dsc,orig.tar.*,debian.tar.*}
  ls -d "$dest"/imgui-1.86*/imgui.h >/dev/null
}

install_npm_packages() {
  local dir="$root/tests/browser"
  [ -d "$dir/node_modules/playwright-core" ] && return 0
  echo "setup: npm install (playwright-core)"
  (cd "$dir" && npm install --no-audit --no-fund --silent >/dev/null)
}

# A real ADK API server (Google's @google/adk-devtools) with a scripted model, for the chat tests.
install_adk_peer() {
  local dir="$root/tests/adk"
  [ -d "$dir/node_modules/@google/adk-devtools" ] && return 0
  echo "setup: npm ci (ADK API server for tests)"
  (cd "$dir" && npm ci --no-audit --no-fund --silent >/dev/null)
}

install_debian_packages
fetch_imgui_source
install_npm_packages
install_adk_peer
