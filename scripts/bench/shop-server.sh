# Sourced by checkout.sh and orders.sh: builds the release binary, picks the database (SQLite,
# or PostgreSQL with AGORA_BENCH_POSTGRES=1), and starts `agora bench shop-server` on $port with
# the given flags, waiting until it answers; everything is stopped and removed on exit.
# Sets bin, dir, url, db and server; stop_server stops the server early.
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
swift build -c release --product agora >/dev/null
bin="$(swift build -c release --show-bin-path)/agora"
dir=$(mktemp -d)
url="sqlite://$dir/bench.sqlite"
db=SQLite
if [[ "${AGORA_BENCH_POSTGRES:-0}" == "1" ]]; then
  eval "$(scripts/postgres.sh start)"
  url=$AGORA_TEST_DATABASE_URL
  db=PostgreSQL
fi
server=""
stop_server() { if [[ -n "$server" ]]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; server=""; fi; }
cleanup() {
  stop_server
  [[ -n "${AGORA_PG_DIR:-}" ]] && scripts/postgres.sh stop "$AGORA_PG_DIR"
  rm -rf "$dir"
}
trap cleanup EXIT

start_shop_server() {  # shop-server flags
  AGORA_ADMIN_PASSWORD=bench-password-1 "$bin" bench shop-server --port "$port" --database-url "$url" --out "$dir" "$@" >"$dir/server.log" 2>&1 &
  server=$!
  until curl -fs "http://127.0.0.1:$port/oms/healthz" >/dev/null 2>&1; do
    kill -0 "$server" 2>/dev/null || { cat "$dir/server.log" >&2; echo "shop-server stopped" >&2; exit 1; }
    sleep 0.2
  done
}
