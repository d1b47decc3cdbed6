#!/usr/bin/env bash
# Sets up, builds both halves and runs every test with ctest: core unit tests, headless UI tests,
# agent and renderer tests, server tests against the real server, fuzz smoke runs, browser tests.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/scripts/setup.sh"
"$root/scripts/build.sh" all
cd "$root/build/native"
# Reliability reports of earlier runs must not count in this one's table.
reports="$root/build/native/artifacts/reliability"
rm -rf "$reports"
status=0
ctest --output-on-failure --timeout 900 "$@" || status=$?
# The reliability table (inputs tried, faults injected, requests, failures, losses) closes the run.
if ls "$reports"/*.json >/dev/null 2>&1; then
  cmake -DDIR="$reports" -P "$root/tests/load/ReliabilitySummary.cmake" 2>&1 | sed 's/^-- //' || true
fi
exit "$status"
