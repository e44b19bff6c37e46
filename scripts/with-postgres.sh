#!/usr/bin/env bash
# Run a command against a real, throw-away PostgreSQL 15 started here and stopped afterwards.
#   scripts/with-postgres.sh .venv/bin/pytest ...
# KINERJA_DATABASE_URL is set for the command. PostgreSQL refuses to run as root, so as root the
# server runs as an unprivileged OS user (Debian's "postgres", created by the server package).
set -euo pipefail

find_bindir() {
  for dir in /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin; do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then echo "$dir"; return 0; fi
  done
  if command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ]; then
    pg_config --bindir; return 0
  fi
  return 1
}

if ! BINDIR=$(find_bindir); then
  echo "PostgreSQL server binaries not found: installing Debian's postgresql-15" >&2
  if [ "$(id -u)" -ne 0 ]; then echo "run as root or install postgresql-15 first" >&2; exit 1; fi
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15 >/dev/null
  BINDIR=$(find_bindir)
fi

RUN_AS=()
PGUSER_OS=$(id -un)
if [ "$(id -u)" -eq 0 ]; then
  PGUSER_OS=postgres
  id "$PGUSER_OS" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$PGUSER_OS"
  RUN_AS=(runuser -u "$PGUSER_OS" --)
fi

WORK=$(mktemp -d /tmp/kinerja-pg.XXXXXX)
chmod 755 "$WORK"
mkdir -p "$WORK/data" "$WORK/sock"
[ "$(id -u)" -eq 0 ] && chown -R "$PGUSER_OS" "$WORK/data" "$WORK/sock"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')

cleanup() {
  "${RUN_AS[@]}" "$BINDIR/pg_ctl" -D "$WORK/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

"${RUN_AS[@]}" "$BINDIR/initdb" -D "$WORK/data" -U kinerja --auth=trust -E UTF8 --locale=C.UTF-8 >"$WORK/initdb.log" 2>&1 \
  || { cat "$WORK/initdb.log" >&2; exit 1; }
# Durability settings off: this cluster lives for one test run only.
"${RUN_AS[@]}" "$BINDIR/pg_ctl" -D "$WORK/data" -l "$WORK/sock/server.log" -w -t 60 \
  -o "-p $PORT -k $WORK/sock -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=50" \
  start >/dev/null || { cat "$WORK/sock/server.log" >&2; exit 1; }
"$BINDIR/createdb" -h 127.0.0.1 -p "$PORT" -U kinerja kinerja

export KINERJA_DATABASE_URL="postgres://kinerja@127.0.0.1:$PORT/kinerja"
echo "PostgreSQL $("$BINDIR/postgres" --version | awk '{print $3}') on 127.0.0.1:$PORT" >&2
"$@"
