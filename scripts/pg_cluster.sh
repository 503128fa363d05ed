#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for tests and benchmarks: data in a fresh temporary directory,
# listening on 127.0.0.1 only, on a random free port, trust auth, fsync off (never use it for real data).
#
#   scripts/pg_cluster.sh available       exit 0 if PostgreSQL server binaries are installed
#   scripts/pg_cluster.sh start [DBNAME]  start a cluster; prints shell assignments on stdout:
#                                           PGCLUSTER_DIR=/tmp/lantern-pg.XXXXXX
#                                           DATABASE_URL=postgres://postgres@127.0.0.1:PORT/DBNAME
#   scripts/pg_cluster.sh stop DIR        stop the cluster started in DIR and delete DIR
#
# Typical use:
#   eval "$(scripts/pg_cluster.sh start)"; trap 'scripts/pg_cluster.sh stop "$PGCLUSTER_DIR"' EXIT
#
# As root, initdb and postgres refuse to run, so they run as the `postgres` user through runuser.
# PG_BINDIR overrides where the binaries are looked for.
set -euo pipefail

log() { echo "pg_cluster: $*" >&2; }

find_bindir() {
  if [ -n "${PG_BINDIR:-}" ] && [ -x "$PG_BINDIR/initdb" ]; then echo "$PG_BINDIR"; return 0; fi
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
  if [ -n "$d" ] && [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then echo "$d"; return 0; fi
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    dirname "$(command -v initdb)"; return 0
  fi
  if command -v pg_config >/dev/null 2>&1; then
    d=$(pg_config --bindir 2>/dev/null || true)
    if [ -n "$d" ] && [ -x "$d/initdb" ]; then echo "$d"; return 0; fi
  fi
  return 1
}

# Run a PostgreSQL binary as the right user.
as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  # Ask the kernel for a free port on 127.0.0.1 (python3 is always present where ./lantern runs).
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

cmd_start() {
  local db=${1:-lantern} bindir dir port attempt
  bindir=$(find_bindir) || { log "PostgreSQL server binaries not found (apt-get install postgresql)"; return 1; }
  if [ "$(id -u)" = 0 ] && ! id postgres >/dev/null 2>&1; then
    log "running as root but there is no 'postgres' user to run the server as"; return 1
  fi
  dir=$(mktemp -d "${TMPDIR:-/tmp}/lantern-pg.XXXXXX")
  chmod 755 "$dir"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
  if ! as_pg "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1; then
    log "initdb failed:"; cat "$dir/initdb.log" >&2; rm -rf "$dir"; return 1
  fi
  for attempt in 1 2 3 4 5; do
    port=$(free_port)
    if as_pg "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 -o \
        "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
        start >/dev/null 2>&1; then
      # Wait until it accepts connections, then create the database.
      if as_pg "$bindir/createdb" -h 127.0.0.1 -p "$port" -U postgres "$db" 2>"$dir/createdb.log"; then
        log "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port, data in $dir"
        echo "PGCLUSTER_DIR=$dir"
        echo "DATABASE_URL=postgres://postgres@127.0.0.1:$port/$db"
        return 0
      fi
      log "createdb failed:"; cat "$dir/createdb.log" >&2
      cmd_stop "$dir"; return 1
    fi
    log "start on port $port failed (attempt $attempt), retrying"
  done
  log "could not start PostgreSQL; server log:"; tail -20 "$dir/server.log" >&2 || true
  rm -rf "$dir"; return 1
}

cmd_stop() {
  local dir=${1:?usage: pg_cluster.sh stop DIR} bindir
  case "$dir" in */lantern-pg.*) ;; *) log "refusing to remove $dir (not made by pg_cluster.sh)"; return 1 ;; esac
  if [ -f "$dir/data/postmaster.pid" ] && bindir=$(find_bindir); then
    as_pg "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
}

case "${1:-}" in
  available) find_bindir >/dev/null ;;
  start) shift; cmd_start "$@" ;;
  stop) shift; cmd_stop "$@" ;;
  *) echo "usage: $0 available | start [DBNAME] | stop DIR" >&2; exit 2 ;;
esac
