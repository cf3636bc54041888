#!/usr/bin/env bash
# The README's test command: the whole suite on SQLite, then on a PostgreSQL server this
# script starts itself (and stops afterwards). Fails loudly if PostgreSQL cannot start.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"

scripts/setup-system.sh --test

echo "== Building"
swift build --build-tests

# A hung suite must fail loudly, not run into CI's time limit.
run_suite() {
  if ! timeout --kill-after=30 "${AGORA_TEST_TIMEOUT:-1200}" swift test --skip-build; then
    echo "Test suite failed or timed out (${AGORA_TEST_TIMEOUT:-1200} s) on $1" >&2
    return 1
  fi
}

echo "== Test suite on SQLite"
run_suite SQLite

echo "== Test suite on PostgreSQL"
eval "$(scripts/postgres.sh start)"
trap 'scripts/postgres.sh stop "$AGORA_PG_DIR"' EXIT
echo "PostgreSQL at ${AGORA_TEST_DATABASE_URL}"
run_suite PostgreSQL
