#!/usr/bin/env bash
# A throwaway PostgreSQL server on loopback for the PostgreSQL store tests.
#
#   eval "$(scripts/ci-postgres.sh start)"   # prints the export lines below on stdout, progress on stderr
#   scripts/ci-postgres.sh stop              # stops the server named by POLICYBOT_TEST_POSTGRES_DATA, removes it
#
# start prints
#   export POLICYBOT_TEST_POSTGRES='Host=127.0.0.1;Port=…;Username=postgres;Database=policybot_test'
#   export POLICYBOT_TEST_POSTGRES_DATA='/tmp/policybot-pg.…'
# and exits non-zero when no server could be had; the tests then skip rather than fail.
#
# The server binaries are looked for on PATH and in /usr/lib/postgresql/*/bin; when there are none and this is root
# with apt-get (a fresh Debian machine), the postgresql package is installed. PostgreSQL refuses to run as root, so
# as root the cluster belongs to the postgres system user. The cluster lives in a temp dir, trusts loopback
# connections only, and runs without fsync: its data is worth nothing after the tests.
set -euo pipefail

log() { echo "ci-postgres: $*" >&2; }

# A directory holding initdb, pg_ctl and psql together (links on PATH are followed to the real one).
find_bindir() {
  local candidates=() dir
  if command -v pg_ctl >/dev/null 2>&1; then
    candidates+=("$(dirname "$(readlink -f "$(command -v pg_ctl)")")")
  fi
  # Debian keeps the server binaries off PATH, one directory per major version; the newest wins.
  while IFS= read -r dir; do candidates+=("$dir"); done < <(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -rV)
  for dir in "${candidates[@]}"; do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ] && [ -x "$dir/psql" ]; then
      echo "$dir"
      return 0
    fi
  done
  return 1
}

install_postgres() {
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    log "no initdb/pg_ctl found, and cannot install them (need root and apt-get)"
    return 1
  fi
  log "installing the postgresql package"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >/dev/null
}

# Runs a command as the cluster's owner: ourselves, or the postgres system user when we are root.
as_owner() {
  if [ "$(id -u)" -ne 0 ]; then
    "$@"
  elif command -v runuser >/dev/null 2>&1; then
    # From / so the server tools never trip over a working directory the postgres user may not enter.
    (cd / && runuser -u postgres -- "$@")
  else
    local quoted
    quoted=$(printf '%q ' "$@")
    (cd / && su -s /bin/sh postgres -c "$quoted")
  fi
}

ensure_postgres_user() {
  [ "$(id -u)" -eq 0 ] || return 0
  if ! id postgres >/dev/null 2>&1; then
    log "creating the postgres system user"
    useradd --system --no-create-home --home-dir / --shell /usr/sbin/nologin postgres
  fi
}

port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

start() {
  local bindir
  if ! bindir=$(find_bindir); then
    install_postgres || return 1
    bindir=$(find_bindir) || { log "postgresql installed but initdb/pg_ctl not found"; return 1; }
  fi
  log "using $bindir"
  ensure_postgres_user

  local dir
  dir=$(mktemp -d /tmp/policybot-pg.XXXXXX)
  chmod 755 "$dir"
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres "$dir"
  fi

  as_owner "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C --no-sync >"$dir/initdb.log" 2>&1 \
    || { log "initdb failed:"; cat "$dir/initdb.log" >&2; rm -rf "$dir"; return 1; }

  # A free port from a wide range; a clash between the check and the start is retried with another.
  local attempt port
  for attempt in 1 2 3 4 5 6 7 8 9 10; do
    port=$((20000 + RANDOM % 40000))
    port_in_use "$port" && continue
    if as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
        start >&2; then
      if ! as_owner "$bindir/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -q -v ON_ERROR_STOP=1 \
          -c "CREATE DATABASE policybot_test" >&2; then
        log "could not create the test database"
        as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >&2 || true
        rm -rf "$dir"
        return 1
      fi
      printf "export POLICYBOT_TEST_POSTGRES='Host=127.0.0.1;Port=%s;Username=postgres;Database=policybot_test'\n" "$port"
      printf "export POLICYBOT_TEST_POSTGRES_DATA='%s'\n" "$dir"
      log "PostgreSQL listening on 127.0.0.1:$port (data in $dir)"
      return 0
    fi
    log "start on port $port failed (attempt $attempt):"
    tail -n 5 "$dir/server.log" >&2 || true
  done
  rm -rf "$dir"
  return 1
}

stop() {
  local dir="${POLICYBOT_TEST_POSTGRES_DATA:-}"
  [ -n "$dir" ] && [ -d "$dir/data" ] || { log "nothing to stop"; return 0; }
  local bindir
  bindir=$(find_bindir) || { log "pg_ctl not found"; return 1; }
  as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >&2 || true
  rm -rf "$dir"
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 [start|stop]" >&2; exit 2 ;;
esac
