#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server on 127.0.0.1 for tests, as the unprivileged OS user
# `postgres`, in a fresh data directory; prints the URL to use. `scripts/postgres.sh stop DIR`
# stops it and deletes the directory.
#   eval "$(scripts/postgres.sh start)"   # sets AGORA_TEST_DATABASE_URL and AGORA_PG_DIR
set -euo pipefail

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [[ -z "$bin" ]]; then
  echo "PostgreSQL server binaries not found; run scripts/setup-system.sh --test" >&2
  exit 1
fi

run_as_postgres() {
  if [[ $(id -u) -eq 0 ]]; then
    su postgres -s /bin/bash -c "$*"
  else
    bash -c "$*"
  fi
}

case "${1:-start}" in
  start)
    dir=$(mktemp -d /tmp/agora-pg.XXXXXX)
    [[ $(id -u) -eq 0 ]] && chown postgres:postgres "$dir"
    port=${AGORA_PG_PORT:-$(( 20000 + RANDOM % 20000 ))}
    run_as_postgres "$bin/initdb -D '$dir/data' -U agora --auth=trust -E UTF8 --locale=C.UTF-8 >'$dir/initdb.log' 2>&1" || {
      cat "$dir/initdb.log" >&2; echo "initdb failed" >&2; exit 1; }
    run_as_postgres "$bin/pg_ctl -D '$dir/data' -l '$dir/server.log' -w -t 60 \
      -o \"-h 127.0.0.1 -p $port -k '$dir' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300\" start >/dev/null" || {
      cat "$dir/server.log" >&2; echo "PostgreSQL did not start" >&2; exit 1; }
    for _ in $(seq 1 30); do
      if run_as_postgres "$bin/pg_isready -h 127.0.0.1 -p $port -q"; then break; fi
      sleep 1
    done
    run_as_postgres "$bin/pg_isready -h 127.0.0.1 -p $port -q" || { cat "$dir/server.log" >&2; echo "PostgreSQL is not accepting connections" >&2; exit 1; }
    # The app connects as an ordinary role: superusers bypass row-level security, so testing
    # as one would prove nothing about the second wall of tenant isolation.
    run_as_postgres "$bin/psql -h 127.0.0.1 -p $port -U agora -d postgres -qc \"CREATE ROLE agora_app LOGIN NOSUPERUSER CREATEDB PASSWORD 'agora_app'\"" >/dev/null
    run_as_postgres "$bin/psql -h 127.0.0.1 -p $port -U agora -d postgres -qc \"CREATE DATABASE agora OWNER agora_app\"" >/dev/null
    echo "export AGORA_PG_DIR='$dir'"
    echo "export AGORA_TEST_DATABASE_URL='postgres://agora_app:agora_app@127.0.0.1:$port/agora'"
    ;;
  stop)
    dir=${2:?usage: postgres.sh stop DIR}
    run_as_postgres "$bin/pg_ctl -D '$dir/data' -m immediate stop >/dev/null 2>&1" || true
    rm -rf "$dir"
    ;;
esac
