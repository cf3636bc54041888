#!/usr/bin/env bash
# The README's first command: install what is missing, build, load the demo data and serve
# every platform on the embedded SQLite database (var/agora.sqlite),
# e.g. http://localhost:8080/oms/healthz.
#   scripts/start.sh [--release] [agora serve flags…]
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"

configuration=debug
if [[ "${1:-}" == "--release" ]]; then
  configuration=release
  shift
fi

scripts/setup-system.sh
swift build -c "$configuration" --product agora
bin="$(swift build -c "$configuration" --show-bin-path)/agora"
# Demo shops, products, stock, customers and orders on the embedded database (idempotent).
"$bin" demo seed
exec "$bin" serve "$@"
