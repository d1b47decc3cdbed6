#!/usr/bin/env bash
# Builds the core's libFuzzer targets with clang (fuzzer + address sanitizer) and runs each for a
# bounded time. Usage: tests/fuzz/run.sh SECONDS [BUILD_DIR]. Exits non-zero when a target crashes.
set -euo pipefail
seconds="${1:-10}"
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
build="${2:-$root/build-fuzz}"
cxx="${CXX_FUZZ:-clang++}"
mkdir -p "$build"

# The core sources each target needs; no platform code, no network.
core_sources=(sse adk_event draft draft_summary draft_diff timeline_layout)
flags=(-std=c++17 -O1 -g -fsanitize=fuzzer,address -I"$root/src")

build_target() {
  local name="$1" binary="$build/$1"
  local inputs=("$here/$name.cpp")
  for source in "${core_sources[@]}"; do inputs+=("$root/src/core/$source.cpp"); done
  local newest
  newest=$(ls -t "${inputs[@]}" "$root"/src/core/*.hpp | head -n1)
  if [ -x "$binary" ] && [ "$binary" -nt "$newest" ]; then return 0; fi
  echo "fuzz: building $name"
  "$cxx" "${flags[@]}" "${inputs[@]}" -o "$binary"
}

run_target() {
  local name="$1" corpus_name="$2"
  local corpus="$build/corpus-$corpus_name"
  mkdir -p "$corpus"
  cp -n "$here/corpus/$corpus_name"/* "$corpus/" 2>/dev/null || true
  echo "fuzz: running $name for ${seconds}s"
  (cd "$build" && "./$name" -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=2048 -print_final_stats=1 \
      "$corpus" > "$build/$name.log" 2>&1) || { tail -n 40 "$build/$name.log"; echo "fuzz: $name FAILED"; return 1; }
  grep -E "stat::number_of_executed_units|Done" "$build/$name.log" | tr '\n' ' '; echo
}

build_target fuzz_sse
build_target fuzz_draft
run_target fuzz_sse sse
run_target fuzz_draft draft
echo "fuzz: no crashes"
