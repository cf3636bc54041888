#!/usr/bin/env bash
# A rendered content page against hello world, in the same server: wrk (2 threads, 64
# connections) alternates between /api/v1/bench/hello and a shop's own content page
# (/pages/about on the shop's custom domain: platform and vendor resolution, feature gate,
# three-tier page resolution, rendered-page cache) on a release build, on SQLite and then on
# PostgreSQL. Issue 5's target: the page reaches ≥ 50 % of hello world's requests/s, p99 < 10 ms.
#   scripts/bench/site.sh [seconds-per-run] [rounds]
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH="/opt/swift/usr/bin:$PATH"
duration=${1:-10}
rounds=${2:-3}
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
swift build -c release --product agora >/dev/null
bin="$(swift build -c release --show-bin-path)/agora"
port=18091
host="Host: bench.shop.test"
dir=$(mktemp -d)
server=""
pg_dir=""
cleanup() {
  [[ -n "$server" ]] && { kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; }
  [[ -n "$pg_dir" ]] && scripts/postgres.sh stop "$pg_dir"
  rm -rf "$dir"
}
trap cleanup EXIT

run() {  # $1 = path; prints "requests/s p50_ms p99_ms"
  wrk -t2 -c64 -d"${duration}s" --latency -H "$host" "http://127.0.0.1:$port$1" |
    awk '/Requests\/sec/ {rps=$2} /^ +50%/ {p50=$2} /^ +99%/ {p99=$2}
         function ms(v) { if (v ~ /us$/) return v/1000; if (v ~ /ms$/) return v+0; if (v ~ /s$/) return v*1000; return v }
         END {printf "%s %.3f %.3f\n", rps, ms(p50), ms(p99)}'
}

measure() {  # $1 = database name, $2 = database URL
  AGORA_ADMIN_PASSWORD=bench-password-1 "$bin" bench gate-server --port "$port" --database-url "$2" >"$dir/server.log" 2>&1 &
  server=$!
  until curl -fs -H "$host" "http://127.0.0.1:$port/pages/about" >/dev/null 2>&1; do
    kill -0 "$server" 2>/dev/null || { cat "$dir/server.log" >&2; echo "gate-server stopped" >&2; exit 1; }
    sleep 0.2
  done
  # The page must be the real thing: the shop's own page, rendered.
  curl -fs -H "$host" "http://127.0.0.1:$port/pages/about" | grep -q "Notre histoire, chapitre 6" || { echo "the content page is not the shop's page" >&2; exit 1; }
  echo "page size: $(curl -fs -H "$host" "http://127.0.0.1:$port/pages/about" | wc -c) bytes"
  wrk -t2 -c64 -d3s -H "$host" "http://127.0.0.1:$port/api/v1/bench/hello" >/dev/null
  wrk -t2 -c64 -d3s -H "$host" "http://127.0.0.1:$port/pages/about" >/dev/null
  for round in $(seq 1 "$rounds"); do
    echo "hello $(run /api/v1/bench/hello)"
    echo "page $(run /pages/about)"
  done | awk -v db="$1" '
    # Runs drift with the machine; each page run is compared with the hello run just before it.
    $1 == "hello" { hrps=$2; hp99+=$4; h+=$2; print "  " $0; next }
    $1 == "page" { n++; ratio[n]=$2/hrps; prps+=$2; pp50+=$3; pp99+=$4; if ($4 > worst) worst=$4; print "  " $0 }
    function median(a, n,   i, j, t) { for (i=1;i<=n;i++) for (j=i+1;j<=n;j++) if (a[j]<a[i]) {t=a[i];a[i]=a[j];a[j]=t}
                                      return (n%2) ? a[(n+1)/2] : (a[n/2]+a[n/2+1])/2 }
    END {
      printf "%s, %d paired rounds:\n", db, n
      printf "  hello world mean %.0f req/s, p99 %.3f ms\n", h/n, hp99/n
      printf "  content page mean %.0f req/s, p50 %.3f ms, p99 %.3f ms (worst %.3f ms)\n", prps/n, pp50/n, pp99/n, worst
      printf "  page / hello world, median over pairs: %.1f %%\n", median(ratio, n)*100
    }'
  kill "$server"; wait "$server" 2>/dev/null || true; server=""
}

measure SQLite "sqlite://$dir/bench.sqlite"
eval "$(scripts/postgres.sh start)"
pg_dir=$AGORA_PG_DIR
measure PostgreSQL "$AGORA_TEST_DATABASE_URL"
