#!/usr/bin/env bash
# The README's test command: the whole suite on SQLite, then on a PostgreSQL server this
# script starts itself (and stops afterwards). Fails loudly if PostgreSQL cannot start.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"

scripts/setup-system.sh --test

echo "== Building"
swift build --build-tests

echo "== Test suite on SQLite"
swift test --skip-build

echo "== Test suite on PostgreSQL"
eval "$(scripts/postgres.sh start)"
trap 'scripts/postgres.sh stop "$AGORA_PG_DIR"' EXIT
echo "PostgreSQL at ${AGORA_TEST_DATABASE_URL}"
swift test --skip-build
