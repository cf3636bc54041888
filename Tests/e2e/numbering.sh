#!/usr/bin/env bash
# Invoice numbers stay gapless with two app processes on one PostgreSQL
# (AGORA_TEST_DATABASE_URL): a fresh database with the demo data, two `agora serve` processes,
# and numbering.py issuing 100 invoices through both at once.
#   Tests/e2e/numbering.sh PATH_TO_AGORA_BINARY
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=${1:?usage: numbering.sh PATH_TO_AGORA_BINARY}
: "${AGORA_TEST_DATABASE_URL:?needs a PostgreSQL URL (scripts/postgres.sh start)}"
base=${AGORA_TEST_DATABASE_URL%/*}
name="agora_numbering_$RANDOM"
psql "$AGORA_TEST_DATABASE_URL" -qc "CREATE DATABASE $name" >/dev/null
export AGORA_DATABASE_URL="$base/$name" AGORA_ADMIN_PASSWORD=e2e-admin-password AGORA_LOG_LEVEL=error
"$bin" demo seed >/dev/null
dir=$(mktemp -d)
one=$(( 30000 + RANDOM % 10000 )); two=$(( one + 1 ))
"$bin" serve --port "$one" >"$dir/one.log" 2>&1 & first=$!
"$bin" serve --port "$two" >"$dir/two.log" 2>&1 & second=$!
cleanup() {
  kill "$first" "$second" 2>/dev/null || true; wait "$first" "$second" 2>/dev/null || true
  psql "$AGORA_TEST_DATABASE_URL" -qc "DROP DATABASE $name WITH (FORCE)" >/dev/null || true
  rm -rf "$dir"
}
trap cleanup EXIT
for port in "$one" "$two"; do
  for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/oms/readyz" >/dev/null 2>&1 && break; sleep 0.2; done
  curl -fs "http://127.0.0.1:$port/oms/readyz" >/dev/null || { cat "$dir"/*.log >&2; echo "a server did not become ready" >&2; exit 1; }
done
python3 "$here/numbering.py" "http://127.0.0.1:$one/oms" "http://127.0.0.1:$two/oms"
