#!/usr/bin/env bash
# The event bus across real processes on one PostgreSQL (AGORA_TEST_DATABASE_URL):
# 1. a process commits 3,000 events and is killed with SIGKILL before any delivery;
# 2. two new processes deliver at the same time;
# 3. every (event, subscriber) pair is delivered, each exactly once (one attempt each).
#   Tests/e2e/processes.sh PATH_TO_AGORA_BINARY
set -euo pipefail
bin=${1:?usage: processes.sh PATH_TO_AGORA_BINARY}
: "${AGORA_TEST_DATABASE_URL:?needs a PostgreSQL URL (scripts/postgres.sh start)}"
base=${AGORA_TEST_DATABASE_URL%/*}
name="agora_processes_$RANDOM"
psql "$AGORA_TEST_DATABASE_URL" -qc "CREATE DATABASE $name" >/dev/null
url="$base/$name"
export AGORA_ADMIN_PASSWORD=e2e-admin-password AGORA_LOG_LEVEL=error
count=3000

status=0
"$bin" bench events --count "$count" --publish-then-crash --database-url "$url" || status=$?
[[ $status -eq 137 ]] || { echo "the publisher should have died by SIGKILL (137), got $status" >&2; exit 1; }

"$bin" bench events --deliver-only --database-url "$url" &
one=$!
"$bin" bench events --deliver-only --database-url "$url" &
two=$!
wait "$one"; wait "$two"

read -r delivered pending most <<<"$(psql "$url" -Atqc "SELECT COUNT(*) FILTER (WHERE status = 'delivered'), COUNT(*) FILTER (WHERE status <> 'delivered'), COALESCE(MAX(attempts), 0) FROM event_deliveries" | tr '|' ' ')"
psql "$AGORA_TEST_DATABASE_URL" -qc "DROP DATABASE $name WITH (FORCE)" >/dev/null
echo "delivered=$delivered pending=$pending max_attempts=$most"
if [[ "$delivered" == "$count" && "$pending" == "0" && "$most" == "1" ]]; then
  echo "event bus across processes: 1 passed, 0 failed"
else
  echo "event bus across processes: 0 passed, 1 failed" >&2
  exit 1
fi
