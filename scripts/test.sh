#!/usr/bin/env bash
# Sets up, builds both halves and runs every test with ctest: core unit tests, headless UI tests,
# agent and renderer tests, server tests against the real server, fuzz smoke runs, browser tests.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/scripts/setup.sh"
"$root/scripts/build.sh" all
cd "$root/build/native"
ctest --output-on-failure --timeout 900 "$@"
