#!/usr/bin/env bash
# Sets up, builds, and starts the local backend serving the app on one origin; prints the URL.
# Environment: CW_HOST (127.0.0.1), CW_PORT (8080), CW_DATA (./data), CW_MAX_UPLOAD_MB (200).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/scripts/setup.sh"
"$root/scripts/build.sh" all >/dev/null
mkdir -p "${CW_DATA:-$root/data}"
exec "$root/build/native/src/server/clipwright-server" \
  --host "${CW_HOST:-127.0.0.1}" --port "${CW_PORT:-8080}" \
  --data "${CW_DATA:-$root/data}" --web "$root/build/web/site" \
  --max-upload-mb "${CW_MAX_UPLOAD_MB:-200}"
