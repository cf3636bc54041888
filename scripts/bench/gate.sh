#!/usr/bin/env bash
# Feature-gate and platform-resolution overhead: wrk (2 threads, 64 connections) against two
# identical minimal JSON routes on a vendor's custom domain, one ungated and one gated by a
# feature the vendor holds, alternating runs on a release build. SQLite by default; set
# AGORA_BENCH_POSTGRES=1 for PostgreSQL.
#   scripts/bench/gate.sh [seconds-per-run] [rounds]
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH="/opt/swift/usr/bin:$PATH"
duration=${1:-10}
rounds=${2:-3}
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
swift build -c release --product agora >/dev/null
bin="$(swift build -c release --show-bin-path)/agora"
port=18090
dir=$(mktemp -d)
url="sqlite://$dir/bench.sqlite"
if [[ "${AGORA_BENCH_POSTGRES:-0}" == "1" ]]; then
  eval "$(scripts/postgres.sh start)"
  url=$AGORA_TEST_DATABASE_URL
fi
AGORA_ADMIN_PASSWORD=bench-password-1 "$bin" bench gate-server --port "$port" --database-url "$url" >"$dir/server.log" 2>&1 &
server=$!
cleanup() {
  kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true
  [[ -n "${AGORA_PG_DIR:-}" ]] && scripts/postgres.sh stop "$AGORA_PG_DIR"
  rm -rf "$dir"
}
trap cleanup EXIT
until curl -fs -H "Host: bench.shop.test" "http://127.0.0.1:$port/api/v1/bench/gated" >/dev/null 2>&1; do sleep 0.1; done

run() {  # $1 = route; prints "requests/s p50_ms p99_ms"
  wrk -t2 -c64 -d"${duration}s" --latency -H "Host: bench.shop.test" "http://127.0.0.1:$port/api/v1/bench/$1" |
    awk '/Requests\/sec/ {rps=$2} /^ +50%/ {p50=$2} /^ +99%/ {p99=$2}
         function ms(v) { if (v ~ /us$/) return v/1000; if (v ~ /ms$/) return v+0; if (v ~ /s$/) return v*1000; return v }
         END {printf "%s %.3f %.3f\n", rps, ms(p50), ms(p99)}'
}

# Warm up both routes, then alternate so drift hits both equally.
wrk -t2 -c64 -d3s -H "Host: bench.shop.test" "http://127.0.0.1:$port/api/v1/bench/plain" >/dev/null
wrk -t2 -c64 -d3s -H "Host: bench.shop.test" "http://127.0.0.1:$port/api/v1/bench/gated" >/dev/null
for round in $(seq 1 "$rounds"); do
  echo "plain $(run plain)"
  echo "gated $(run gated)"
done | awk -v db="${AGORA_BENCH_POSTGRES:-0}" '
  # Runs drift with the machine; each gated run is compared with the plain run just before it.
  $1 == "plain" { prps=$2; pp50=$3; print "  " $0; next }
  $1 == "gated" { n++; rps_ratio[n]=1-$2/prps; lat_ratio[n]=$3/pp50-1; grps+=$2; gp50+=$3; gp99+=$4; print "  " $0 }
  function median(a, n,   i, j, t) { for (i=1;i<=n;i++) for (j=i+1;j<=n;j++) if (a[j]<a[i]) {t=a[i];a[i]=a[j];a[j]=t}
                                    return (n%2) ? a[(n+1)/2] : (a[n/2]+a[n/2+1])/2 }
  END {
    printf "%s, %d paired rounds:\n", (db=="1" ? "PostgreSQL" : "SQLite"), n
    printf "  gated mean %.0f req/s, p50 %.3f ms, p99 %.3f ms\n", grps/n, gp50/n, gp99/n
    printf "  gate overhead, median over pairs: %.1f %% throughput, %.1f %% p50 latency\n", median(rps_ratio, n)*100, median(lat_ratio, n)*100
  }'
