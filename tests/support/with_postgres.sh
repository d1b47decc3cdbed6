#!/usr/bin/env bash
# Runs a command beside a PostgreSQL of its own: initdb in a temporary folder, listening only on a
# socket there, as an unprivileged user when started as root (PostgreSQL refuses to run as root).
# The command sees CW_TEST_POSTGRES, a URL without a database name; it is stopped and removed after.
set -euo pipefail

bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
[ -x "$bin/initdb" ] || { echo "with_postgres: PostgreSQL is not installed (scripts/setup.sh installs it)" >&2; exit 1; }

dir="$(mktemp -d /tmp/clipwright-pg-XXXXXX)"
as_owner() { "$@"; }
if [ "$(id -u)" -eq 0 ]; then
  owner="$(getent passwd postgres >/dev/null && echo postgres || echo nobody)"
  chown "$owner" "$dir"
  as_owner() { runuser -u "$owner" -- "$@"; }
fi

stop() {
  as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap stop EXIT

as_owner "$bin/initdb" -D "$dir/data" -U clipwright -A trust --no-sync -E UTF8 >"$dir/initdb.log" 2>&1 ||
  { cat "$dir/initdb.log" >&2; exit 1; }
# No fsync: the tests check what the store does, not the disk under it. Connections: two API
# servers, three workers and the tests' own.
as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -s \
  -o "-c listen_addresses='' -k $dir -c fsync=off -c max_connections=200" start ||
  { cat "$dir/server.log" >&2; exit 1; }

export CW_TEST_POSTGRES="postgresql:///?host=$dir&user=clipwright"
"$@"
