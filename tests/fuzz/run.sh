#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (fuzzer + address sanitizer) and runs each for a bounded
# time: the core's SSE and draft parsers, the server's instruction parser and request readers.
# Usage: tests/fuzz/run.sh SECONDS [BUILD_DIR]; CW_LONG=1 runs each target 120 s instead.
# Exits non-zero when a target crashes.
set -euo pipefail
seconds="${1:-10}"
if [ "${CW_LONG:-0}" = "1" ]; then seconds=120; fi
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
build="${2:-$root/build-fuzz}"
cxx="${CXX_FUZZ:-clang++}"
parallel="${CW_FUZZ_JOBS:-2}"  # compilers at once
mkdir -p "$build"

# The sources each family of targets needs; no platform code, no network, no database.
draft_sources=("$root/src/draft"/*.cpp)
core_sources=("${draft_sources[@]}")
for source in sse adk_event draft_summary timeline_layout; do core_sources+=("$root/src/core/$source.cpp"); done
server_sources=("${draft_sources[@]}" "$root/src/server/util.cpp" "$root/src/server/views.cpp" "$root/src/server/engine"/*.cpp)
flags=(-std=c++17 -O1 -g -fsanitize=fuzzer,address -I"$root/src")
libs=(-lcrypto -limagequant -lgif)  # OpenSSL hashes tokens (src/server/util.cpp), the GIF encoder needs the other two; unused libraries are dropped at link
server_flags=(-O2 -I"$root/src/server" -I"$root/src/server/engine")  # std::regex is slow unoptimised

# An object is stale when missing or older than a file its dependency list (-MMD) names.
stale() {
  local object="$1" dep
  [ -f "$object" ] && [ -f "$object.d" ] || return 0
  for dep in $(sed -e 's/^[^:]*://' -e 's/\\$//' "$object.d"); do
    if [ "$dep" -nt "$object" ]; then return 0; fi
  done
  return 1
}

# build_target NAME SOURCE... [-- EXTRA_FLAGS...]: one object per source, kept between runs and
# shared by the targets that use it, so a change rebuilds only what it touches.
build_target() {
  local name="$1" binary="$build/$1"; shift
  local inputs=("$here/$name.cpp") extra=() objects=() relink=0
  while [ $# -gt 0 ] && [ "$1" != "--" ]; do inputs+=("$1"); shift; done
  if [ $# -gt 0 ]; then shift; extra=("$@"); fi
  mkdir -p "$build/obj"
  for source in "${inputs[@]}"; do
    local object="$build/obj/$(echo "${source#"$root"/}" | tr / _).o"
    if stale "$object"; then
      echo "fuzz: compiling ${source#"$root"/}"
      while [ "$(jobs -rp | wc -l)" -ge "$parallel" ]; do wait -n; done
      "$cxx" "${flags[@]}" "${extra[@]}" -MMD -MF "$object.d" -c "$source" -o "$object" &
    fi
    objects+=("$object")
  done
  while [ "$(jobs -rp | wc -l)" -gt 0 ]; do wait -n; done  # a failed compile stops the script here
  for object in "${objects[@]}"; do
    if [ ! -x "$binary" ] || [ "$object" -nt "$binary" ]; then relink=1; fi
  done
  if [ "$relink" = 1 ]; then echo "fuzz: linking $name"; "$cxx" "${flags[@]}" "${objects[@]}" "${libs[@]}" -o "$binary"; fi
}

# run_target NAME CORPUS [MAX_LEN]
run_target() {
  local name="$1" corpus_name="$2" max_len="${3:-65536}"
  local corpus="$build/corpus-$corpus_name"
  mkdir -p "$corpus"
  cp -n "$here/corpus/$corpus_name"/* "$corpus/" 2>/dev/null || true
  echo "fuzz: running $name for ${seconds}s"
  (cd "$build" && "./$name" -max_total_time="$seconds" -max_len="$max_len" -rss_limit_mb=2048 -print_final_stats=1 \
      "$corpus" > "$build/$name.log" 2>&1) || { tail -n 40 "$build/$name.log"; echo "fuzz: $name FAILED"; return 1; }
  grep -E "stat::number_of_executed_units|Done" "$build/$name.log" | tr '\n' ' '; echo
}

build_target fuzz_sse "${core_sources[@]}"
build_target fuzz_draft "${core_sources[@]}"
build_target fuzz_intent "${server_sources[@]}" -- "${server_flags[@]}"
build_target fuzz_request "${server_sources[@]}" -- "${server_flags[@]}"
run_target fuzz_sse sse
run_target fuzz_draft draft
run_target fuzz_intent intent 16384  # long messages too: the reader is linear, with no length cap
run_target fuzz_request request
echo "fuzz: no crashes"
