#!/usr/bin/env bash
# Cold start and idle memory of a release build: empty SQLite database → /oms/readyz answers 200
# (migrations, platform manifests and the first super admin included), then resident memory
# after 5 s idle. Optionally the same against PostgreSQL with AGORA_BENCH_POSTGRES=1.
#   scripts/bench/coldstart.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH="/opt/swift/usr/bin:$PATH"
runs=${1:-5}
swift build -c release --product agora >/dev/null
bin="$(swift build -c release --show-bin-path)/agora"
port=18089

measure() {  # $1 = database URL; prints "cold_ms rss_kib"
  local url=$1
  local start end pid rss
  start=$(date +%s%N)
  AGORA_DATABASE_URL="$url" AGORA_ADMIN_PASSWORD=bench-password-1 AGORA_LOG_LEVEL=warning \
    "$bin" serve --port "$port" >/dev/null 2>&1 &
  pid=$!
  until curl -fs "http://127.0.0.1:$port/oms/readyz" >/dev/null 2>&1; do sleep 0.005; done
  end=$(date +%s%N)
  sleep 5
  rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
  kill "$pid"; wait "$pid" 2>/dev/null || true
  echo "$(( (end - start) / 1000000 )) $rss"
}

report() {  # $1 label, $2 URL factory
  local label=$1 results=()
  for i in $(seq 1 "$runs"); do
    results+=("$($2 "$i")")
  done
  printf '%s\n' "${results[@]}" | sort -n | awk -v label="$label" -v n="$runs" '
    { ms[NR]=$1; rss[NR]=$2 }
    END { printf "%s: cold start median %d ms (min %d, max %d); idle RSS median %.1f MiB over %d runs\n",
          label, ms[int((n+1)/2)], ms[1], ms[n], rss[int((n+1)/2)]/1024, n }'
}

sqlite_url() { local dir; dir=$(mktemp -d); measure "sqlite://$dir/agora.sqlite"; rm -rf "$dir"; }
report "SQLite" sqlite_url

if [[ "${AGORA_BENCH_POSTGRES:-0}" == "1" ]]; then
  eval "$(scripts/postgres.sh start)"
  trap 'scripts/postgres.sh stop "$AGORA_PG_DIR"' EXIT
  base=${AGORA_TEST_DATABASE_URL%/*}
  pg_url() {
    local name="bench_$1_$RANDOM"
    psql "$AGORA_TEST_DATABASE_URL" -qc "CREATE DATABASE $name" >/dev/null
    measure "$base/$name"
  }
  report "PostgreSQL" pg_url
fi
