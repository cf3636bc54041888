#!/usr/bin/env bash
# Installs the system packages Agora needs on a fresh Debian/Ubuntu machine (run as root or with sudo).
# Swift itself is expected at /opt/swift or on PATH (https://www.swift.org/install/linux/).
#   scripts/setup-system.sh            packages to build and run Agora
#   scripts/setup-system.sh --test     plus PostgreSQL for the test suite
set -euo pipefail

# libcairo2-dev and libpango1.0-dev build Documents (PDFs); fonts-dejavu-core is the font its documents name;
# libcurl4-openssl-dev builds Mail (SMTP through libcurl).
want=(ca-certificates git libsqlite3-0 tzdata libcairo2-dev libpango1.0-dev fonts-dejavu-core libcurl4-openssl-dev)
if [[ "${1:-}" == "--test" ]]; then
  # poppler-utils: pdftotext, which the PDF tests read documents back with.
  want+=(postgresql postgresql-contrib chromium chromium-driver python3-venv curl poppler-utils)
fi

missing=()
for package in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done

if ((${#missing[@]})); then
  SUDO=""
  [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  echo "Installing: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! command -v swift >/dev/null 2>&1 && [[ ! -x /opt/swift/usr/bin/swift ]]; then
  echo "Swift 6.1 or newer is required: install it to /opt/swift or put it on PATH." >&2
  exit 1
fi
