#!/usr/bin/env bash
# Order list latency: `agora bench shop-server` inserts 100,000 orders of one vendor (past
# year, several statuses and channels, 5,000 customers, 1–3 lines, timeline) and an API token
# of its owner; wrk (2 threads, 32 connections, --latency) then reads
# GET /api/v1/vendor/orders?limit=50 with one kind of filter per run (each run cycles through
# 1,000 varied requests of its kind), and finally all kinds mixed.
# SQLite by default; AGORA_BENCH_POSTGRES=1 for PostgreSQL.
#   scripts/bench/orders.sh [seconds-per-kind] [orders]
# AGORA_BENCH_KINDS (default: newest status channel dates customer text combined mixed).
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH="/opt/swift/usr/bin:$PATH"
duration=${1:-10}
orders=${2:-100000}
kinds=${AGORA_BENCH_KINDS:-newest status channel dates customer text combined mixed}
port=18092
source scripts/bench/shop-server.sh
start_shop_server --products 200 --orders "$orders"
grep prepared "$dir/server.log"
token=$(cat "$dir/token.txt")
# One request of each kind must answer 200 before measuring.
for kind in $kinds; do
  path=$(sed -n 1p "$dir/queries-$kind.txt")
  code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" "http://127.0.0.1:$port$path")
  [[ "$code" == "200" ]] || { echo "$kind: $path answered $code" >&2; exit 1; }
done
wrk -t2 -c32 -d3s -s scripts/bench/orders.lua "http://127.0.0.1:$port" -- "$dir/queries-mixed.txt" "$token" >/dev/null
echo "== $db, $orders orders, 32 connections, ${duration}s per kind (after a 3 s warm-up)"
for kind in $kinds; do
  printf '%-9s ' "$kind"
  wrk -t2 -c32 -d"${duration}s" --latency --timeout 10s -s scripts/bench/orders.lua "http://127.0.0.1:$port" -- "$dir/queries-$kind.txt" "$token" |
    grep "^orders:" | sed 's/^orders: //'
done
