#!/usr/bin/env bash
# Regenerates captures/: the exact bytes the ADK API server sends for each scenario, with
# streaming on (<scenario>.sse) and off (<scenario>.nostream.sse), plus the answers to an unknown
# session, a snake_case body and session creation. Ids and timestamps differ on every run.
#
#   bash tests/adk/capture.sh
set -euo pipefail
cd "$(dirname "$0")"
out=captures
mkdir -p "$out"

portfile=$(mktemp)
logfile=$(mktemp)
node start.mjs >"$portfile" 2>"$logfile" &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -f "$portfile" "$logfile"' EXIT
for _ in $(seq 1 600); do
    grep -q '^ADK_PORT=' "$portfile" && break
    kill -0 "$server" 2>/dev/null || { cat "$logfile" >&2; exit 1; }
    sleep 0.1
done
port=$(sed -n 's/^ADK_PORT=//p' "$portfile")
[ -n "$port" ] || { echo "capture.sh: the server did not start" >&2; cat "$logfile" >&2; exit 1; }
base="http://127.0.0.1:$port"

create_session() {  # session id
    curl -sS -o /dev/null -X POST "$base/apps/nemo_agent/users/me/sessions/$1" -H 'Content-Type: application/json' -d '{}'
}

run_sse() {  # session id, message (no quotes or backslashes), streaming (true|false), output file
    curl -sS -N -o "$4" -X POST "$base/run_sse" -H 'Content-Type: application/json' -H 'Accept: text/event-stream' \
        -d "{\"appName\":\"nemo_agent\",\"userId\":\"me\",\"sessionId\":\"$1\",\"newMessage\":{\"role\":\"user\",\"parts\":[{\"text\":\"$2\"}]},\"streaming\":$3}"
}

capture() {  # scenario, message
    create_session "cap-$1"
    run_sse "cap-$1" "$2" true "$out/$1.sse"
    create_session "cap-$1-nostream"
    run_sse "cap-$1-nostream" "$2" false "$out/$1.nostream.sse"
}

capture text "scenario:text make the title bigger"
capture text_tool "scenario:text_tool trim the first clip to 3 seconds"
capture text_tool_silent "scenario:text_tool_silent trim the first clip to 3 seconds"
capture tool "scenario:tool add music at 35% volume"
capture two_tools "scenario:two_tools trim the first clip to 3 seconds"
capture canvas "scenario:canvas"
capture nothing "scenario:nothing"
capture empty_text "scenario:empty_text"
capture error "scenario:error"
capture error_json "scenario:error_json"
capture error_midstream "scenario:error_midstream"
capture crash "scenario:crash"
capture safety "scenario:safety"
capture safety_after_text "scenario:safety_after_text"
capture max_tokens "scenario:max_tokens"
capture slow "scenario:slow 500"
capture plain "make the title bigger"

# The session after the canvas edit: the tool's state changes are kept.
curl -sS -o "$out/canvas.session.json" "$base/apps/nemo_agent/users/me/sessions/cap-canvas"

# Response headers of a streamed run.
create_session cap-headers
curl -sS -N -D "$out/run_sse.headers.txt" -o /dev/null -X POST "$base/run_sse" -H 'Content-Type: application/json' \
    -d '{"appName":"nemo_agent","userId":"me","sessionId":"cap-headers","newMessage":{"role":"user","parts":[{"text":"scenario:text hi"}]},"streaming":true}'

# Session creation: a new id, the same id again, and a server-chosen id.
{
    echo '### POST /apps/nemo_agent/users/me/sessions/cap-create  body {"state":{"canvas_config":{"width":1920,"height":1080,"fps":30}}}'
    curl -sS -i -X POST "$base/apps/nemo_agent/users/me/sessions/cap-create" -H 'Content-Type: application/json' \
        -d '{"state":{"canvas_config":{"width":1920,"height":1080,"fps":30}}}'
    printf '\n\n### the same again\n'
    curl -sS -i -X POST "$base/apps/nemo_agent/users/me/sessions/cap-create" -H 'Content-Type: application/json' -d '{}'
    printf '\n\n### POST /apps/nemo_agent/users/me/sessions  body {}\n'
    curl -sS -i -X POST "$base/apps/nemo_agent/users/me/sessions" -H 'Content-Type: application/json' -d '{}'
    printf '\n\n### GET /apps/nemo_agent/users/me/sessions/no-such-session\n'
    curl -sS -i "$base/apps/nemo_agent/users/me/sessions/no-such-session"
    echo
} >"$out/sessions.txt"

# /run_sse for a session ADK does not know.
{
    echo '### POST /run_sse  sessionId "no-such-session", streaming true'
    curl -sS -i -X POST "$base/run_sse" -H 'Content-Type: application/json' \
        -d '{"appName":"nemo_agent","userId":"me","sessionId":"no-such-session","newMessage":{"role":"user","parts":[{"text":"scenario:text hi"}]},"streaming":true}'
    echo
} >"$out/unknown_session.txt"

# The snake_case body (app_name, user_id, session_id, new_message) for a session that exists.
create_session cap-snake
{
    echo '### POST /run_sse  snake_case body for the existing session "cap-snake"'
    curl -sS -i -X POST "$base/run_sse" -H 'Content-Type: application/json' \
        -d '{"app_name":"nemo_agent","user_id":"me","session_id":"cap-snake","new_message":{"role":"user","parts":[{"text":"scenario:text hi"}]},"streaming":true}'
    echo
} >"$out/snake_case.txt"

echo "captures written to $(pwd)/$out"
