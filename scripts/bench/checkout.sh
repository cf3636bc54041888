#!/usr/bin/env bash
# Checkout throughput and correctness: `agora bench shop-server` prepares a shop (1,000
# products in large stock, open one-line carts, round-robin over the products or, with `hot`,
# all on one variant); wrk (2 threads, 32 connections) then checks out one cart per request,
# each under its own Idempotency-Key as a new guest paying at pickup. After a 3 s warm-up and
# the measured run, one checkout is replayed with its key (must answer the stored order) and
# `agora bench shop-check` verifies: orders == 201 answers (plus at most the requests in flight
# when wrk stopped), ledger sums == levels, nothing oversold, reservations == levels.
# SQLite by default; AGORA_BENCH_POSTGRES=1 for PostgreSQL (AGORA_BENCH_PGBENCH=1 then also
# runs, on the same server with the same clients, pgbench's TPC-B-like test and pgbench with the
# checkout's own statements, scripts/bench/checkout-statements.sql: PostgreSQL's ceiling).
#   scripts/bench/checkout.sh [seconds] [distinct|hot]
# AGORA_BENCH_STOCK (pieces per product, default 1000000: a small value shows the sell-out),
# AGORA_BENCH_CARTS (default 60000), AGORA_BENCH_CONNECTIONS (default 32), AGORA_BENCH_SHOPS
# (default 1: one shop; N spreads the products and carts over N shops, consecutive carts in
# different shops, to show what the per-shop order counter and order numbers cost).
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH="/opt/swift/usr/bin:$PATH"
duration=${1:-20}
mode=${2:-distinct}
connections=${AGORA_BENCH_CONNECTIONS:-32}
carts=${AGORA_BENCH_CARTS:-60000}
stock=${AGORA_BENCH_STOCK:-1000000}
shops=${AGORA_BENCH_SHOPS:-1}
port=18091
source scripts/bench/shop-server.sh
hot=()
[[ "$mode" == "hot" ]] && hot=(--hot)
start_shop_server --products 1000 --stock "$stock" --carts "$carts" --shops "$shops" "${hot[@]}"
grep prepared "$dir/server.log"

run() {  # $1 seconds, $2 first cart index, $3 extra wrk flags; prints wrk's and the script's report
  wrk -t2 -c"$connections" -d"$1s" --timeout 10s $3 -s scripts/bench/checkout.lua "http://127.0.0.1:$port" -- "$dir/carts.txt" 2 "$2"
}
field() { sed -n "s/.* $1=\([0-9]*\).*/\1/p" <<<"$2" | head -n 1; }

warm=$(run 3 1 "")
first=$(( $(field last_index "$warm") + 1 ))
main=$(run "$duration" "$first" --latency)
echo "== $db, $mode, $shops shop(s), $connections connections, ${duration}s (after a 3 s warm-up)"
grep -E "Latency|Req/Sec|requests in|Socket|Non-2xx" <<<"$main" || true
grep "^checkout:" <<<"$main"
created=$(( $(field created "$warm") + $(field created "$main") ))
unanswered=$(( $(field unanswered "$warm") + $(field unanswered "$main") ))

# The first cart again with its key and body: the stored answer, not a second order.
cart=$(sed -n 1p "$dir/carts.txt")
replay_body=$(printf '{"email":"shopper-%d@bench.test","first_name":"Bench","last_name":"Shopper %d","payment_method":"pay_at_pickup","billing_address":{"name":"Bench Shopper","line1":"1 rue du Marché","postal_code":"L-1111","city":"Luxembourg","country":"LU"}}' 1 1)
replay=$(curl -s -D - -o /dev/null -X POST -H "Content-Type: application/json" -H "Idempotency-Key: bench-1" \
  --data "$replay_body" "http://127.0.0.1:$port/oms/api/v1/shops/$cart/checkout" | tr -d '\r')
if head -n 1 <<<"$replay" | grep -q " 201" && grep -qi "^idempotent-replayed: true" <<<"$replay"; then
  echo "replay of cart 1 with its Idempotency-Key: 201 with Idempotent-Replayed: true"
else
  echo "replay of cart 1 did not return the stored answer:"; echo "$replay"; exit 1
fi

stop_server
echo "== checks ($created 201 answers in warm-up and run, $unanswered in flight when wrk stopped)"
"$bin" bench shop-check --database-url "$url" --created "$created" --unanswered "$unanswered"

if [[ "$db" == "PostgreSQL" && "${AGORA_BENCH_PGBENCH:-0}" == "1" ]]; then
  pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  pgport=$(sed -n 's/.*:\([0-9]*\)\/agora$/\1/p' <<<"$url")
  as_pg() { if [[ $(id -u) -eq 0 ]]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi; }
  as_pg "$pgbin/createdb -h 127.0.0.1 -p $pgport -U agora pgbench"
  as_pg "$pgbin/pgbench -h 127.0.0.1 -p $pgport -U agora -i -q -s $connections pgbench" >/dev/null 2>&1
  echo "== pgbench TPC-B-like, scale $connections, $connections clients, 2 threads, ${duration}s, same server"
  as_pg "$pgbin/pgbench -h 127.0.0.1 -p $pgport -U agora -c $connections -j 2 -T $duration pgbench" 2>/dev/null |
    grep -E "^(tps|latency average|number of transactions actually)"

  # The checkout's own statements (scripts/bench/checkout-statements.sql) on the shop the server
  # used: PostgreSQL's ceiling for checkouts on this machine, with a client that costs nothing.
  psql_su() { as_pg "$pgbin/psql -h 127.0.0.1 -p $pgport -U agora -d agora -X -q -At -c \"$1\""; }
  vendor=$(psql_su "SELECT vendor_id FROM commerce_carts WHERE status = 'open' GROUP BY vendor_id ORDER BY count(*) DESC LIMIT 1")
  platform=$(psql_su "SELECT platform_id FROM vendor_platforms WHERE vendor_id = '$vendor' LIMIT 1")
  tier=$(psql_su "SELECT tier_code FROM vendor_platforms WHERE vendor_id = '$vendor' LIMIT 1")
  location=$(psql_su "SELECT location_id FROM commerce_stock_levels WHERE vendor_id = '$vendor' LIMIT 1")
  psql_su "CREATE TABLE bench_open_carts AS SELECT row_number() OVER (ORDER BY id) AS n, id FROM commerce_carts WHERE status = 'open' AND vendor_id = '$vendor';
    ALTER TABLE bench_open_carts ADD PRIMARY KEY (n);
    CREATE TABLE bench_variants AS SELECT row_number() OVER (ORDER BY variant_id) AS n, variant_id AS id FROM commerce_stock_levels WHERE vendor_id = '$vendor' AND location_id = '$location';
    ALTER TABLE bench_variants ADD PRIMARY KEY (n);
    GRANT SELECT ON bench_open_carts, bench_variants TO agora_app;
    CREATE FUNCTION bench_uuid7() RETURNS uuid LANGUAGE sql VOLATILE AS
      'SELECT encode(overlay(uuid_send(gen_random_uuid()) PLACING substring(int8send((extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3) FROM 1 FOR 6), ''hex'')::uuid';"
  open_carts=$(psql_su "SELECT count(*) FROM bench_open_carts")
  variants=$(psql_su "SELECT count(*) FROM bench_variants")
  sed -e "s/@VENDOR@/$vendor/g" -e "s/@PLATFORM@/$platform/g" -e "s/@LOCATION@/$location/g" -e "s/@TIER@/$tier/g" \
    scripts/bench/checkout-statements.sql > "$dir/checkout-statements.sql"
  chmod a+rx "$dir"; chmod a+r "$dir/checkout-statements.sql"
  echo "== pgbench with the checkout's statements, $connections clients, 2 threads, ${duration}s, same server ($open_carts open carts)"
  as_pg "PGOPTIONS='-c agora.vendor_id=$vendor' $pgbin/pgbench -n -M prepared -h 127.0.0.1 -p $pgport -U agora_app -c $connections -j 2 -T $duration \
    -D open_carts=$open_carts -D variants=$variants -f '$dir/checkout-statements.sql' agora" 2>&1 |
    grep -E "^(tps|latency average|number of (transactions actually|failed))|error" | head -n 5
fi
