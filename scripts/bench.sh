#!/usr/bin/env bash
# Prints the performance figures beside their references (ratios where one exists). Not a test:
# nothing here fails on a slow machine. Fits in a few minutes on 2 cores.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/scripts/setup.sh"
"$root/scripts/build.sh" all >/dev/null
native="$root/build/native"
# gifski is only compared against, never used by the product: installed here, not by setup.sh.
gifski="$root/tests/bench/node_modules/gifski/bin/debian/gifski"
[ -x "$gifski" ] || (cd "$root/tests/bench" && npm ci --no-audit --no-fund --silent >/dev/null)

echo "== page weight (gzip -9)"
cmake -DSITE="$root/build/web/site" -P "$root/cmake/SiteSize.cmake" 2>&1 | sed 's/^-- //'

echo "== core: SSE and draft parsing, native"
"$native/tests/unit/bench_core"
echo "== core: SSE and draft parsing, wasm under node"
node --no-experimental-fetch "$root/build/web/bench_core_wasm.js"

echo "== agent: reading a request"
"$native/tests/engine/bench_parser"

echo "== renders: workflows, and the GIF against a plain two-pass ffmpeg palette command"
"$native/tests/engine/bench_render"
echo "== GIF: Clipwright against plain ffmpeg, gifski and gifsicle on three clips"
CW_GIFSKI="$gifski" "$native/tests/engine/bench_gif"

echo "== player: how soon an edit's preview plays, beside the full export of the same draft"
"$native/tests/server/bench_preview" | grep -v '^\[doctest\]\|^====' || true

echo "== exports per minute: one server, and one API server with 1, 2 and 3 workers on PostgreSQL"
"$root/tests/support/with_postgres.sh" "$native/tests/server/bench_cluster" | grep -v '^\[doctest\]\|^====' || true

echo "== studio natively: heavy project frames (the reference for the page's figure below)"
"$native/tests/app/bench_ui"

echo "== page in Chromium: start, repeat visit, the player, idle"
CW_SERVER="$native/src/server/clipwright-server" CW_SITE="$root/build/web/site" \
  node "$root/tests/browser/bench_page.mjs"

echo "== studio in Chromium: heavy project, streaming, finished render -> download, 200 MB upload"
CW_SERVER="$native/src/server/clipwright-server" CW_SITE="$root/build/web/site" \
  node "$root/tests/browser/bench_studio.mjs"

echo "== backend under load: 20 sessions chatting and 4 exports at once, against one idle session"
"$native/tests/load/clipwright_load" --sessions 20 --exports 4 || echo "(the load run counted failures or losses; see above)"
