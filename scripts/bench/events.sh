#!/usr/bin/env bash
# Event bus: publish a backlog (default 100,000 events, 1000 per transaction), then drain it
# with one dispatcher to a no-op subscriber; reports events per second and memory before and
# after the drain, on PostgreSQL (started here) and on SQLite, release build.
#   scripts/bench/events.sh [count]
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH="/opt/swift/usr/bin:$PATH"
count=${1:-100000}
swift build -c release --product agora >/dev/null
bin="$(swift build -c release --show-bin-path)/agora"
dir=$(mktemp -d)
eval "$(scripts/postgres.sh start)"
trap 'scripts/postgres.sh stop "$AGORA_PG_DIR"; rm -rf "$dir"' EXIT
echo "== PostgreSQL"
AGORA_ADMIN_PASSWORD=bench-password-1 "$bin" bench events --count "$count" --database-url "$AGORA_TEST_DATABASE_URL"
echo "== SQLite"
AGORA_ADMIN_PASSWORD=bench-password-1 "$bin" bench events --count "$count" --database-url "sqlite://$dir/events.sqlite"
